import { useTranslation } from 'react-i18next';
import { hrefOf, navigate, useRoute } from '../../state/route.js';
import { useCan } from '../../state/session.js';
import { Screen } from '../../ui/screen.js';
import { EmptyState } from '../../ui/states.js';
import { Tabs } from '../../ui/tabs.js';
import { AdvicesPanel } from './advices-panel.js';
import { DiscrepanciesPanel } from './discrepancies-panel.js';
import { OutboxStrip } from './outbox-strip.js';
import { SettlementTab } from './settlement-tab.js';
import { usePoll } from './use-poll.js';
import './network.css';

const TABS = ['settlement', 'discrepancies', 'advices'] as const;
type TabId = (typeof TABS)[number];

/** How often the lists look again for what the network's worker changed (advices answered, differences found). */
const POLL_MS = 5_000;

/**
 * The card network for the owner and managers (the core refuses a cashier every one of these
 * commands): the settlement files and their exceptions, the differences the network found with
 * stand-in decisions, the advices sent to it, and a pointer to the sync queue in Settings.
 */
export function NetworkScreen() {
  const { t } = useTranslation();
  const isManager = useCan('manager');
  if (!isManager) {
    return (
      <Screen title={t('network.title')}>
        <div className="panel" data-testid="network-blocked">
          <EmptyState icon="lock" title={t('errors.codes.insufficient_permissions')} action={<a className="btn" href={hrefOf('dashboard')}>{t('common.back')}</a>} />
        </div>
      </Screen>
    );
  }
  return <ManagerNetwork />;
}

function ManagerNetwork() {
  const { t } = useTranslation();
  const route = useRoute();
  const poll = usePoll(POLL_MS);
  const param = route.params.get('tab') ?? 'settlement';
  const tab: TabId = (TABS as readonly string[]).includes(param) ? (param as TabId) : 'settlement';
  return (
    <Screen title={t('network.title')} subtitle={t('network.subtitle')}>
      <div className="stack network-screen">
        <OutboxStrip refresh={poll} />
        <Tabs<TabId> tabs={TABS.map((id) => ({ id, label: t(`network.tabs.${id}`) }))} current={tab} onChange={(next) => navigate('network', undefined, { tab: next })} label={t('network.tabs.label')}>
          {tab === 'settlement' ? <SettlementTab /> : null}
          {tab === 'discrepancies' ? <DiscrepanciesPanel refresh={poll} /> : null}
          {tab === 'advices' ? <AdvicesPanel refresh={poll} /> : null}
        </Tabs>
      </div>
    </Screen>
  );
}
