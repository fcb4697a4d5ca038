import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TIME_ZONE } from '../../format/dates.js';
import { useMutation, useQuery } from '../../hooks/use-command.js';
import { hrefOf } from '../../state/route.js';
import { useCan } from '../../state/session.js';
import { Field } from '../../ui/field.js';
import { Screen } from '../../ui/screen.js';
import { EmptyState, ErrorNotice, Loading, SuccessNotice } from '../../ui/states.js';
import { useProgramIndex } from '../cards/use-program-index.js';
import { localDay } from '../dashboard/use-today.js';
import { AuthorizationsSection } from './authorizations-section.js';
import { CorporateSection } from './corporate-section.js';
import { downloadFile } from './download.js';
import { LoyaltySection } from './loyalty-section.js';
import type { ReportFilterInput } from './report-parts.js';
import { SpendingSection } from './spending-section.js';

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
  const locations = useQuery('location-list', {}, ['location']);
  const [programChoice, setProgramChoice] = useState('');
  const [branch, setBranch] = useState('');
  // Programs in several currencies cannot be added up: then one program is always chosen.
  const mixed = new Set(programs.list.map((p) => p.currency)).size > 1;
  const programId = programChoice || (mixed ? (programs.list[0]?.id ?? '') : '');
  const program = programs.byId.get(programId);
  const zone = program?.timezone ?? programs.list[0]?.timezone ?? DEFAULT_TIME_ZONE;
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const from = range?.from ?? localDay(zone, 29);
  const to = range?.to ?? localDay(zone);
  const currency = program?.currency ?? programs.list[0]?.currency ?? 'IDR';
  const exporter = useMutation('transactions-export');
  const [exported, setExported] = useState<{ file: string; count: number } | null>(null);

  const filters: ReportFilterInput = { from, to, ...(programId ? { program: programId } : {}), ...(branch ? { branch } : {}) };
  const showCorporate = !program || program.kind === 'corporate';
  const badRange = from > to;

  const exportCsv = async () => {
    setExported(null);
    const file = await exporter.run({ ...filters, format: 'csv' });
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
        <button type="button" className="btn btn--primary" onClick={() => void exportCsv()} disabled={exporter.pending || badRange || programs.list.length === 0}>
          {exporter.pending ? t('reports.exporting') : t('reports.exportCsv')}
        </button>
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
          <div className="panel panel__body">
          <form className="toolbar" aria-label={t('reports.filters')} onSubmit={(e) => e.preventDefault()}>
            <Field label={t('reports.from')}>
              <input className="input" type="date" value={from} max={to} onChange={(e) => e.target.value && setRange({ from: e.target.value, to })} />
            </Field>
            <Field label={t('reports.to')}>
              <input className="input" type="date" value={to} min={from} onChange={(e) => e.target.value && setRange({ from, to: e.target.value })} />
            </Field>
            <Field label={t('reports.program')}>
              <select className="select" value={programId} onChange={(e) => setProgramChoice(e.target.value)}>
                {mixed ? null : <option value="">{t('reports.allPrograms')}</option>}
                {programs.list.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </Field>
            {(locations.data?.data.length ?? 0) > 0 ? (
              <Field label={t('reports.branch')} optional>
                <select className="select" value={branch} onChange={(e) => setBranch(e.target.value)}>
                  <option value="">{t('reports.allBranches')}</option>
                  {(locations.data?.data ?? []).map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.name}
                    </option>
                  ))}
                </select>
              </Field>
            ) : null}
          </form>
          </div>
          {exporter.error ? <ErrorNotice error={exporter.error} /> : null}
          {exported ? <SuccessNotice>{t('reports.exported', { file: exported.file, count: exported.count })}</SuccessNotice> : null}
          {badRange ? null : (
            <>
              <SpendingSection filters={filters} fallbackCurrency={currency} />
              <AuthorizationsSection filters={filters} fallbackCurrency={currency} />
              <LoyaltySection filters={filters} fallbackCurrency={currency} />
              {showCorporate ? <CorporateSection filters={filters} fallbackCurrency={currency} /> : null}
            </>
          )}
        </>
      )}
    </Screen>
  );
}
