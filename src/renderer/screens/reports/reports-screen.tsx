import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TIME_ZONE } from '../../format/dates.js';
import { useMutation } from '../../hooks/use-command.js';
import { hrefOf } from '../../state/route.js';
import { useCan } from '../../state/session.js';
import { Screen } from '../../ui/screen.js';
import { EmptyState, ErrorNotice, Loading, SuccessNotice } from '../../ui/states.js';
import { Tabs } from '../../ui/tabs.js';
import { useProgramIndex } from '../cards/use-program-index.js';
import { localDay } from '../dashboard/use-today.js';
import { AccountingSection } from './accounting-section.js';
import { AuthorizationsSection } from './authorizations-section.js';
import { CorporateSection } from './corporate-section.js';
import { downloadFile } from './download.js';
import { FilterBar } from './filter-bar.js';
import { LoyaltySection } from './loyalty-section.js';
import type { ReportFilterInput } from './report-parts.js';
import { SpendingSection } from './spending-section.js';
import { REPORT_TABS, useReportParams, type ReportTab } from './use-report-filters.js';
import './reports.css';

/** Reports are the owner's and managers' (the core refuses a cashier too): a cashier is sent on. */
export function ReportsScreen() {
  const { t } = useTranslation();
  const isManager = useCan('manager');
  if (!isManager) {
    return (
      <Screen title={t('reports.title')}>
        <div className="panel" data-testid="reports-blocked">
          <EmptyState icon="lock" title={t('errors.codes.insufficient_permissions')} action={<a className="btn" href={hrefOf('dashboard')}>{t('common.back')}</a>} />
        </div>
      </Screen>
    );
  }
  return <ManagerReports />;
}

function ManagerReports() {
  const { t } = useTranslation();
  const programs = useProgramIndex();
  const [params, setParams] = useReportParams();
  // Programs in several currencies cannot be added up: then one program is always chosen.
  const currencies = [...new Set(programs.list.map((p) => p.currency))].sort();
  const mixed = currencies.length > 1;
  const known = params.program && programs.byId.has(params.program) ? params.program : '';
  const programId = known || (mixed ? (programs.list[0]?.id ?? '') : '');
  const program = programs.byId.get(programId);
  const zone = program?.timezone ?? programs.list[0]?.timezone ?? DEFAULT_TIME_ZONE;
  const today = localDay(zone);
  const from = params.from ?? localDay(zone, 29);
  const to = params.to ?? today;
  const currency = program?.currency ?? programs.list[0]?.currency ?? 'IDR';
  const exporter = useMutation('transactions-export');
  const [exported, setExported] = useState<{ file: string; count: number } | null>(null);
  // A new tab or filter: the last export's message belongs to the old view.
  const update: typeof setParams = (patch) => {
    setExported(null);
    exporter.reset();
    setParams(patch);
  };

  const filters: ReportFilterInput = {
    from,
    to,
    ...(programId ? { program: programId } : {}),
    ...(params.branch ? { branch: params.branch } : {}),
    ...(params.card ? { card: params.card } : {}),
    ...(params.tier && programId ? { tier: params.tier } : {}),
  };
  const showCorporate = !program || program.kind === 'corporate';
  const tabs = REPORT_TABS.filter((tab) => tab !== 'corporate' || showCorporate);
  const tab: ReportTab = tabs.includes(params.tab) ? params.tab : 'spending';
  const badRange = from > to;

  const exportTransactions = async (format: 'csv' | 'xlsx') => {
    setExported(null);
    const file = await exporter.run({ ...filters, format });
    if (!file) return;
    downloadFile(file);
    setExported({ file: file.filename, count: file.rows });
  };

  if (programs.loading && !programs.data) {
    return (
      <Screen title={t('reports.title')}>
        <Loading />
      </Screen>
    );
  }

  return (
    <Screen
      title={t('reports.title')}
      subtitle={t('reports.subtitle')}
      actions={
        tab === 'accounting' ? undefined : (
          <div className="report-export" role="group" aria-label={t('reports.exportTransactions')}>
            <button type="button" className="btn btn--primary" onClick={() => void exportTransactions('csv')} disabled={exporter.pending || badRange || programs.list.length === 0}>
              {exporter.pending ? t('reports.exporting') : t('reports.exportCsv')}
            </button>
            <button type="button" className="btn" onClick={() => void exportTransactions('xlsx')} disabled={exporter.pending || badRange || programs.list.length === 0}>
              {t('reports.exportXlsx')}
            </button>
          </div>
        )
      }
    >
      {programs.error ? <ErrorNotice error={programs.error} onRetry={programs.reload} /> : null}
      {programs.list.length === 0 && !programs.error ? (
        <div className="panel">
          <EmptyState
            icon="programs"
            title={t('reports.noPrograms')}
            text={t('reports.noProgramsText')}
            action={
              <a className="btn btn--primary" href={hrefOf('programs', 'new')}>
                {t('dashboard.newProgram')}
              </a>
            }
          />
        </div>
      ) : (
        <>
          {tab === 'accounting' ? null : <FilterBar params={params} update={update} from={from} to={to} programId={programId} programs={programs.list} mixed={mixed} />}
          {exporter.error ? <ErrorNotice error={exporter.error} /> : null}
          {exported ? <SuccessNotice>{t('reports.exported', { file: exported.file, count: exported.count })}</SuccessNotice> : null}
          <Tabs<ReportTab> tabs={tabs.map((id) => ({ id, label: t(`reports.tabs.${id}`) }))} current={tab} onChange={(next) => update({ tab: next })} label={t('reports.tabs.label')}>
            {badRange && tab !== 'accounting' ? <p className="panel panel__body muted">{t('reports.badRange')}</p> : null}
            {!badRange && tab === 'spending' ? <SpendingSection filters={filters} fallbackCurrency={currency} onPickCard={(card) => update({ card })} /> : null}
            {!badRange && tab === 'authorizations' ? <AuthorizationsSection filters={filters} fallbackCurrency={currency} /> : null}
            {!badRange && tab === 'loyalty' ? <LoyaltySection filters={filters} fallbackCurrency={currency} /> : null}
            {!badRange && tab === 'corporate' ? <CorporateSection filters={filters} fallbackCurrency={currency} /> : null}
            {tab === 'accounting' ? <AccountingSection initial={{ from, to }} today={today} currencies={currencies} /> : null}
          </Tabs>
        </>
      )}
    </Screen>
  );
}
