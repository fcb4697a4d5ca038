import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { ClientProvider } from './client/client-context.js';
import { pickClient } from './client/pick-client.js';
import { withSessionWatch } from './client/session-watch.js';
import { initI18n } from './i18n/i18n.js';
import { currentMode } from './state/app-store.js';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/screens.css';
import './styles/counter.css';

await initI18n();
const client = withSessionWatch(pickClient(currentMode));
const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <ClientProvider client={client}>
      <App />
    </ClientProvider>
  </StrictMode>,
);
