import { useTranslation } from 'react-i18next';
import { currencyName, timeZoneName } from '../../format/place-names.js';
import { useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { navigate, hrefOf, useRoute } from '../../state/route.js';
import { useCan } from '../../state/session.js';
import { Screen } from '../../ui/screen.js';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.js';
import { Tabs } from '../../ui/tabs.js';
import { BranchesTab } from './branches-tab.js';
import { DesignTab } from './design-tab.js';
import { EarningTab } from './earning-tab.js';
import { FeesTab } from './fees-tab.js';
import { TiersTab } from './tiers-tab.js';

const TABS = ['design', 'earning', 'tiers', 'fees', 'branches'] as const;
type TabId = (typeof TABS)[number];

/** A program's settings: its card designer, earning rules, tiers, fees and caps, branches. */
export function ProgramDetailScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const route = useRoute();
  const canEdit = useCan('manager');
  const program = useQuery('program-get', { id }, ['program']);
  const tabParam = route.params.get('tab');
  const tab: TabId = (TABS as readonly string[]).includes(tabParam ?? '') ? (tabParam as TabId) : 'design';
  const p = program.data;

  if (program.loading && !p) return <Screen title={t('programs.title')}><Loading /></Screen>;
  if (!p) {
    return (
      <Screen title={t('programs.title')}>
        {program.error?.type === 'not_found' ? <EmptyState icon="programs" title={t('cardDetail.notFound')} /> : program.error ? <ErrorNotice error={program.error} onRetry={program.reload} /> : null}
      </Screen>
    );
  }
  return (
    <Screen
      title={p.name}
      subtitle={`${t(`programs.kinds.${p.kind}`)} · ${currencyName(p.currency, lang)} · ${timeZoneName(p.timezone, lang)}`}
      actions={
        <a className="btn" href={hrefOf('programs')}>
          {t('programDetail.back')}
        </a>
      }
    >
      {!canEdit ? <p className="notice notice--info">{t('programDetail.readOnly')}</p> : null}
      <Tabs<TabId> tabs={TABS.map((id) => ({ id, label: t(`programDetail.tabs.${id}`) }))} current={tab} onChange={(next) => navigate('programs', p.id, { tab: next })} label={t('programDetail.tabs.label')}>
        {tab === 'design' ? <DesignTab program={p} canEdit={canEdit} onSaved={program.reload} /> : null}
        {tab === 'earning' ? <EarningTab program={p} canEdit={canEdit} /> : null}
        {tab === 'tiers' ? <TiersTab program={p} canEdit={canEdit} /> : null}
        {tab === 'fees' ? <FeesTab program={p} canEdit={canEdit} onSaved={program.reload} /> : null}
        {tab === 'branches' ? <BranchesTab canEdit={canEdit} /> : null}
      </Tabs>
    </Screen>
  );
}
