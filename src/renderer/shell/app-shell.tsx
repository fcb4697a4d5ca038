import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../client/client-context.js';
import { useApp } from '../state/app-store.js';
import { useRoute, type Route } from '../state/route.js';
import { CardholderCreateScreen } from '../screens/cardholders/cardholder-create-screen.js';
import { CardholdersScreen } from '../screens/cardholders/cardholders-screen.js';
import { CardIssueScreen } from '../screens/cards/card-issue-screen.js';
import { CardDetailScreen } from '../screens/cards/card-detail-screen.js';
import { CardsScreen } from '../screens/cards/cards-screen.js';
import { CounterScreen } from '../screens/counter/counter-screen.js';
import { DashboardScreen } from '../screens/dashboard/dashboard-screen.js';
import { ProgramCreateScreen } from '../screens/programs/program-create-screen.js';
import { ProgramDetailScreen } from '../screens/programs/program-detail-screen.js';
import { ProgramsScreen } from '../screens/programs/programs-screen.js';
import { RewardsScreen } from '../screens/rewards/rewards-screen.js';
import { RulesScreen } from '../screens/rules/rules-screen.js';
import { SettingsScreen } from '../screens/settings/settings-screen.js';
import { TransactionsScreen } from '../screens/transactions/transactions-screen.js';
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

  // After a navigation, put the focus on the new screen's title, as a page load would.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('#screen-title')?.focus();
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
        <CounterScreen key={mode} />
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
        <ScreenFor route={route} key={`${path}:${mode}`} />
      </main>
    </div>
  );
}
