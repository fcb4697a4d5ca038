import { useCallback, useEffect, useRef } from 'react';
import type { SessionInfo } from '../shared/rpc.js';
import { useTranslation } from 'react-i18next';
import { useClient } from './client/client-context.js';
import { toClientError } from './client/kartu-client.js';
import { AppShell } from './shell/app-shell.js';
import { SignInScreen } from './screens/sign-in/sign-in-screen.js';
import { useApp } from './state/app-store.js';
import { Loading } from './ui/states.js';
import { Icon } from './ui/icons.js';

/** Session first (GET /session or the desktop's): sign-in screen, or the app. */
export function App({ firstSession }: { firstSession?: Promise<SessionInfo> } = {}) {
  const { t } = useTranslation();
  const client = useClient();
  const session = useApp((s) => s.session);
  const setSession = useApp((s) => s.setSession);
  const noteEvent = useApp((s) => s.noteEvent);
  const signedIn = session.status === 'ready' && session.info.signed_in;

  // The session asked for before the app was rendered (main.tsx) answers the first check.
  const pending = useRef(firstSession);
  const check = useCallback(() => {
    setSession({ status: 'checking' });
    const asked = pending.current ?? client.session();
    pending.current = undefined;
    asked.then(
      (info) => setSession({ status: 'ready', info }),
      (error: unknown) => setSession({ status: 'unreachable', message: toClientError(error).message }),
    );
  }, [client, setSession]);

  useEffect(check, [check]);

  // Live updates: events of the database on screen make the matching lists refresh.
  useEffect(() => {
    if (!signedIn) return;
    return client.onEvent((event) => {
      if (event.mode === useApp.getState().mode || event.mode === undefined) noteEvent(event.type);
    });
  }, [client, signedIn, noteEvent]);

  if (session.status === 'checking') {
    return (
      <main className="centered-page">
        <Loading label={t('signIn.checking')} />
      </main>
    );
  }
  if (session.status === 'unreachable') {
    return (
      <main className="centered-page">
        <div className="state" role="alert">
          <div className="state__icon">
            <Icon name="alert" className="" size={24} />
          </div>
          <h1 className="state__title">{t('signIn.cannotReach')}</h1>
          <p className="state__text">{session.message}</p>
          <button type="button" className="btn btn--primary" onClick={check}>
            {t('common.retry')}
          </button>
        </div>
      </main>
    );
  }
  return signedIn ? <AppShell /> : <SignInScreen />;
}
