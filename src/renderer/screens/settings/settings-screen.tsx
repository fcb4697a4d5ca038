import { useTranslation } from 'react-i18next';
import { navigate, useRoute } from '../../state/route.js';
import { useCan } from '../../state/session.js';
import { Screen } from '../../ui/screen.js';
import { EmptyState } from '../../ui/states.js';
import { Tabs } from '../../ui/tabs.js';
import { AuditSection } from './audit-section.js';
import { BackupSection } from './backup-section.js';
import { GeneralSection } from './general-section.js';
import { KeysSection } from './keys-section.js';
import { NetworkSection } from './network-section.js';
import { SandboxClockSection } from './sandbox-clock-section.js';
import { StaffSection } from './staff-section.js';
import { WebhooksSection } from './webhooks-section.js';

const TABS = ['general', 'staff', 'keys', 'webhooks', 'network', 'sandbox', 'audit', 'backup'] as const;
type TabId = (typeof TABS)[number];

/**
 * Settings for managers and owners. A cashier who opens the address anyway is told plainly; the
 * core refuses every change their role cannot make whatever the screen shows.
 */
export function SettingsScreen() {
  const { t } = useTranslation();
  const route = useRoute();
  const isManager = useCan('manager');
  const tabParam = route.params.get('tab') ?? 'general';
  const tab: TabId = (TABS as readonly string[]).includes(tabParam) ? (tabParam as TabId) : 'general';
  if (!isManager) {
    return (
      <Screen title={t('settings.title')}>
        <div className="panel" data-testid="settings-blocked">
          <EmptyState icon="lock" title={t('settingsMore.cashierBlocked')} text={t('settingsMore.cashierBlockedText')} />
        </div>
      </Screen>
    );
  }
  return (
    <Screen title={t('settings.title')} subtitle={t('settings.subtitle')}>
      <Tabs<TabId> tabs={TABS.map((id) => ({ id, label: t(`settingsMore.tabs.${id}`) }))} current={tab} onChange={(next) => navigate('settings', undefined, { tab: next })} label={t('settingsMore.tabs.label')}>
        {tab === 'general' ? <GeneralSection /> : null}
        {tab === 'staff' ? <StaffSection /> : null}
        {tab === 'keys' ? <KeysSection /> : null}
        {tab === 'webhooks' ? <WebhooksSection /> : null}
        {tab === 'network' ? <NetworkSection /> : null}
        {tab === 'sandbox' ? <SandboxClockSection /> : null}
        {tab === 'audit' ? <AuditSection /> : null}
        {tab === 'backup' ? <BackupSection /> : null}
      </Tabs>
    </Screen>
  );
}
