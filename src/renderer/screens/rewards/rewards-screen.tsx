import { useTranslation } from 'react-i18next';
import { hrefOf, navigate, useRoute } from '../../state/route.js';
import { useCan } from '../../state/session.js';
import { Field } from '../../ui/field.js';
import { Screen } from '../../ui/screen.js';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.js';
import { Tabs } from '../../ui/tabs.js';
import { useProgramIndex } from '../cards/use-program-index.js';
import { CampaignsTab } from './campaigns-tab.js';
import { CatalogueTab } from './catalogue-tab.js';
import { MembersTab } from './members-tab.js';
import { RedemptionsTab } from './redemptions-tab.js';

const TABS = ['members', 'catalogue', 'campaigns', 'redemptions'] as const;
type TabId = (typeof TABS)[number];

/** A program's rewards: who is in which tier and what is owed, the catalogue, campaigns, redemptions. */
export function RewardsScreen() {
  const { t } = useTranslation();
  const route = useRoute();
  const programs = useProgramIndex();
  const canCreate = useCan('manager');
  const requested = route.params.get('program');
  const program = programs.list.find((p) => p.id === requested) ?? programs.list.find((p) => p.kind === 'loyalty') ?? programs.list[0];
  const tabParam = route.params.get('tab');
  const tab: TabId = (TABS as readonly string[]).includes(tabParam ?? '') ? (tabParam as TabId) : 'members';
  const go = (next: { program?: string; tab?: TabId }) => navigate('rewards', undefined, { program: next.program ?? program?.id ?? '', tab: next.tab ?? tab });

  return (
    <Screen
      title={t('rewards.title')}
      subtitle={t('rewards.subtitle')}
      actions={
        programs.list.length > 0 ? (
          <Field label={t('rewards.program')}>
            <select className="select" value={program?.id ?? ''} onChange={(e) => go({ program: e.target.value })}>
              {programs.list.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
        ) : undefined
      }
    >
      {programs.error ? <ErrorNotice error={programs.error} onRetry={programs.reload} /> : null}
      {programs.loading && !programs.data ? <Loading /> : null}
      {!programs.loading && !programs.error && !program ? <div className="panel"><EmptyState icon="programs" title={t('rewards.noPrograms')} action={canCreate ? <a className="btn btn--primary" href={hrefOf('programs', 'new')}>{t('programs.new')}</a> : undefined} /></div> : null}
      {program ? (
        <Tabs<TabId> tabs={TABS.map((id) => ({ id, label: t(`rewards.tabs.${id}`) }))} current={tab} onChange={(next) => go({ tab: next })} label={t('rewards.tabs.label')}>
          {tab === 'members' ? <MembersTab program={program} /> : null}
          {tab === 'catalogue' ? <CatalogueTab program={program} /> : null}
          {tab === 'campaigns' ? <CampaignsTab program={program} /> : null}
          {tab === 'redemptions' ? <RedemptionsTab program={program} /> : null}
        </Tabs>
      ) : null}
    </Screen>
  );
}
