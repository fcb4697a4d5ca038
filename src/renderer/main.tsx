import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { ClientProvider } from './client/client-context.js';
import { pickClient } from './client/pick-client.js';
import { withSessionWatch } from './client/session-watch.js';
import { initI18n } from './i18n/i18n.js';
import { currentMode } from './state/app-store.js';
import { parseHash } from './state/route.js';
import { withFirstScreenPrefetch } from './shell/first-screen-prefetch.js';
import { DASHBOARD_FIRST_REQUESTS } from './screens/dashboard/dashboard-requests.js';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/screens.css';
import './styles/counter.css';

// Asked at once, while the translations are set up: the session's answer decides the first screen.
const bare = pickClient(currentMode);
const firstSession = bare.session();
firstSession.catch(() => undefined); // App reports a failure; not an unhandled rejection meanwhile.
// Opened on the dashboard (the first screen): its figures are asked for right after the session.
const onDashboard = parseHash(window.location.hash).screen === 'dashboard';
const client = withSessionWatch(withFirstScreenPrefetch(bare, onDashboard ? DASHBOARD_FIRST_REQUESTS : []));
await initI18n();
const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <ClientProvider client={client}>
      <App firstSession={firstSession} />
    </ClientProvider>
  </StrictMode>,
);
