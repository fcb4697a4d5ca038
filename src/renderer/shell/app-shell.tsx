import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../client/client-context.js';
import { useApp } from '../state/app-store.js';
import { useRoute, type Route } from '../state/route.js';
import { DashboardScreen } from '../screens/dashboard/dashboard-screen.js';
import { Loading } from '../ui/states.js';
import {
  CardDetailScreen,
  CardholderCreateScreen,
  CardholdersScreen,
  CardIssueScreen,
  CardsScreen,
  CounterScreen,
  NetworkScreen,
  ProgramCreateScreen,
  ProgramDetailScreen,
  ProgramsScreen,
  ReportsScreen,
  RewardsScreen,
  RulesScreen,
  SettingsScreen,
  TransactionsScreen,
} from './lazy-screens.js';
import { LanguageSwitch } from './language-switch.js';
import { ModeSwitch } from './mode-switch.js';
import { SideNav } from './side-nav.js';
import { UserChip } from './user-chip.js';

function ScreenFor({ route }: { route: Route }) {
  switch (route.screen) {
    case 'dashboard':
      return <DashboardScreen />;
    case 'programs':
      if (route.sub === 'new') return <ProgramCreateScreen />;
      return route.sub ? <ProgramDetailScreen id={route.sub} /> : <ProgramsScreen />;
    case 'cardholders':
      return route.sub === 'new' ? <CardholderCreateScreen /> : <CardholdersScreen />;
    case 'cards':
      if (route.sub === 'new') return <CardIssueScreen />;
      return route.sub ? <CardDetailScreen id={route.sub} /> : <CardsScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'counter':
      return <CounterScreen />;
    case 'transactions':
      return <TransactionsScreen />;
    case 'rules':
      return <RulesScreen />;
    case 'rewards':
      return <RewardsScreen />;
    case 'reports':
      return <ReportsScreen />;
    case 'network':
      return <NetworkScreen />;
  }
}

export function AppShell() {
  const { t } = useTranslation();
  const client = useClient();
  const route = useRoute();
  const mode = useApp((s) => s.mode);
  const session = useApp((s) => s.session);
  const setSession = useApp((s) => s.setSession);
  const mainRef = useRef<HTMLElement>(null);
  const path = `${route.screen}/${route.sub ?? ''}`;
  const first = useRef(true);

  // After a navigation, put the focus on the new screen's title, as a page load would (once the
  // screen's chunk has arrived: it may not be there yet).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    let frames = 0;
    let handle = 0;
    const tryFocus = () => {
      const title = mainRef.current?.querySelector<HTMLElement>('#screen-title');
      if (title) title.focus();
      else if (frames++ < 120) handle = requestAnimationFrame(tryFocus);
    };
    tryFocus();
    return () => cancelAnimationFrame(handle);
  }, [path]);

  const signOut = async () => {
    try {
      setSession({ status: 'ready', info: await client.signOut() });
    } catch {
      setSession({ status: 'ready', info: { signed_in: false } });
    }
  };

  // Counter mode is the whole window: no navigation, big targets (it has its own way out).
  if (route.screen === 'counter') {
    return (
      <main id="main" className="counter-main" ref={mainRef} tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <CounterScreen key={mode} />
        </Suspense>
      </main>
    );
  }

  return (
    <div className="shell" data-mode={mode}>
      <a className="skip-link" href="#main" onClick={(e) => {
        e.preventDefault();
        mainRef.current?.focus();
      }}>
        {t('app.skipToContent')}
      </a>
      <SideNav current={route.screen} />
      <header className="topbar">
        <ModeSwitch />
        <span className="topbar__spacer" />
        <LanguageSwitch />
        {session.status === 'ready' ? <UserChip session={session.info} onSignOut={() => void signOut()} /> : null}
      </header>
      <main id="main" className="main" ref={mainRef} tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <ScreenFor route={route} key={`${path}:${mode}`} />
        </Suspense>
      </main>
    </div>
  );
}
