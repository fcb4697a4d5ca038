import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../format/money.js';
import { formatPoints } from '../../format/points.js';
import { useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { reasonText } from '../../ui/decision.js';
import { ErrorNotice, Loading } from '../../ui/states.js';
import { ExportButtons } from './export-buttons.js';
import { Notes, Panel, percent, ReportSection, ReportTable, Stat, type ReportFilterInput } from './report-parts.js';

const DeclinesChart = lazy(() => import('./reports-charts.js').then((m) => ({ default: m.DeclinesChart })));

/** Decisions: approval rate, stand-in and risk shares, declines by reason over time and in total. */
export function AuthorizationsSection({ filters, fallbackCurrency }: { filters: ReportFilterInput; fallbackCurrency: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const params = { ...filters, period: 'day' as const };
  const report = useQuery('report-authorizations', params, ['authorization']);
  const currency = report.data?.currency ?? fallbackCurrency;
  const totals = report.data?.totals;
  const declines = report.data?.declines;
  const count = (n: number) => formatPoints(n, lang);

  return (
    <ReportSection id="report-authorizations" title={t('reports.authorizations.title')}>
      {report.error ? <ErrorNotice error={report.error} onRetry={report.reload} /> : null}
      <div className="stat-grid kpis" aria-live="polite">
        <Stat
          label={t('reports.authorizations.approvalRate')}
          value={totals ? `${percent(totals.approval_rate_bps, lang)}%` : null}
          sub={totals ? t('reports.authorizations.decisions', { approved: count(totals.approved), declined: count(totals.declined) }) : undefined}
          testId="report-approval-rate"
        />
        <Stat label={t('reports.authorizations.standIn')} value={totals ? count(totals.stand_in) : null} sub={totals ? `${percent(totals.stand_in_share_bps, lang)}%` : undefined} />
        <Stat label={t('reports.authorizations.flagged')} value={totals ? count(totals.flagged) : null} sub={totals ? `${percent(totals.flagged_share_bps, lang)}%` : undefined} />
      </div>
      {!report.data && !report.error ? <Loading /> : null}
      {totals && totals.decisions === 0 ? <p className="panel panel__body muted">{t('reports.authorizations.empty')}</p> : null}
      {declines && totals && totals.declined > 0 ? (
        <Panel title={t('reports.authorizations.declinesOverTime')} actions={<ExportButtons report="authorizations" params={params} table="declines.rows" what={t('reports.authorizations.declinesOverTime')} />}>
          <div className="panel__body">
            <Suspense fallback={<Loading label={t('reports.chartLoading')} />}>
              <DeclinesChart reasons={declines.reasons} rows={declines.rows} label={t('reports.authorizations.declinesOverTime')} />
            </Suspense>
          </div>
        </Panel>
      ) : null}
      {totals && totals.decisions > 0 ? (
        <ReportTable
          caption={t('reports.authorizations.byReason')}
          rows={declines?.by_reason ?? []}
          rowKey={(r) => r.reason}
          empty={t('reports.authorizations.noDeclines')}
          actions={<ExportButtons report="authorizations" params={params} table={(declines?.by_reason.length ?? 0) > 0 ? 'declines.by_reason' : undefined} what={t('reports.authorizations.byReason')} />}
          columns={[
            { key: 'reason', label: t('reports.authorizations.reason'), cell: (r) => <>{reasonText(t, r.reason)} {r.response_code ? <span className="mono muted">{r.response_code}</span> : null}</> },
            { key: 'count', label: t('reports.authorizations.count'), numeric: true, cell: (r) => count(r.count) },
            { key: 'amount', label: t('reports.authorizations.amount'), numeric: true, cell: (r) => formatMoney(r.amount_minor, currency, lang) },
            { key: 'share', label: t('reports.spending.shareCol'), numeric: true, cell: (r) => `${percent(r.share_bps, lang)}%` },
          ]}
        />
      ) : null}
      <Notes notes={report.data?.notes} />
    </ReportSection>
  );
}
