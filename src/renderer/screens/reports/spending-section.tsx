import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../format/money.js';
import { formatPoints } from '../../format/points.js';
import { useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { ErrorNotice, Loading } from '../../ui/states.js';
import { Notes, percent, ReportSection, ReportTable, Stat, type ReportFilterInput } from './report-parts.js';

const SpendingChart = lazy(() => import('./reports-charts.js').then((m) => ({ default: m.SpendingChart })));
const LIVE = ['authorization', 'transaction'] as const;

/** Spending: totals, net per day, by category, by merchant and by branch. */
export function SpendingSection({ filters, fallbackCurrency }: { filters: ReportFilterInput; fallbackCurrency: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const summary = useQuery('report-spending-summary', filters, LIVE);
  const series = useQuery('report-spending', { ...filters, period: 'day' }, LIVE);
  const categories = useQuery('report-spending-by-category', filters, LIVE);
  const merchants = useQuery('report-spending-by-merchant', filters, LIVE);
  const currency = summary.data?.currency ?? fallbackCurrency;
  const money = (n: number) => formatMoney(n, currency, lang);
  const totals = summary.data?.totals;
  const error = summary.error ?? series.error ?? categories.error ?? merchants.error;
  const empty = t('reports.spending.empty');

  return (
    <ReportSection id="report-spending" title={t('reports.spending.title')}>
      {error ? <ErrorNotice error={error} onRetry={summary.reload} /> : null}
      <div className="stat-grid kpis" aria-live="polite">
        <Stat label={t('reports.spending.net')} value={totals ? money(totals.net_minor) : null} sub={totals ? t('reports.spending.purchases', { count: totals.purchases }) : undefined} testId="report-spending-total" />
        <Stat label={t('reports.spending.averageTicket')} value={totals ? money(totals.average_ticket_minor) : null} />
        <Stat label={t('reports.spending.refunds')} value={totals ? money(totals.refunds_minor) : null} />
        <Stat
          label={t('reports.spending.foreignShare')}
          value={totals ? `${percent(totals.foreign_share_bps, lang)}%` : null}
          sub={totals ? t('reports.spending.fxFees', { amount: money(totals.fx_fee_minor) }) : undefined}
        />
      </div>
      {series.data ? (
        series.data.totals.purchases === 0 && series.data.totals.refunds_minor === 0 ? (
          <p className="panel panel__body muted">{empty}</p>
        ) : (
          <Suspense fallback={<Loading label={t('reports.chartLoading')} />}>
            <SpendingChart rows={series.data.rows} currency={currency} />
          </Suspense>
        )
      ) : !error ? (
        <Loading />
      ) : null}
      <div className="grid-2">
        <ReportTable
          caption={t('reports.spending.byCategory')}
          rows={categories.data?.rows ?? []}
          rowKey={(r) => r.mcc}
          empty={categories.data ? empty : t('common.loading')}
          columns={[
            { key: 'category', label: t('reports.spending.category'), cell: (r) => <><span className="cell-strong">{r.category}</span> <span className="mono muted">{r.mcc}</span></> },
            { key: 'purchases', label: t('reports.spending.purchasesCol'), numeric: true, cell: (r) => formatPoints(r.purchases, lang) },
            { key: 'net', label: t('reports.spending.netCol'), numeric: true, cell: (r) => money(r.net_minor) },
            { key: 'share', label: t('reports.spending.shareCol'), numeric: true, cell: (r) => `${percent(r.share_bps, lang)}%` },
          ]}
        />
        <ReportTable
          caption={t('reports.spending.byBranch')}
          rows={merchants.data?.branches ?? []}
          rowKey={(r) => r.branch}
          empty={merchants.data ? empty : t('common.loading')}
          columns={[
            { key: 'branch', label: t('reports.spending.branchCol'), cell: (r) => r.branch_name },
            { key: 'purchases', label: t('reports.spending.purchasesCol'), numeric: true, cell: (r) => formatPoints(r.purchases, lang) },
            { key: 'net', label: t('reports.spending.netCol'), numeric: true, cell: (r) => money(r.net_minor) },
            { key: 'share', label: t('reports.spending.shareCol'), numeric: true, cell: (r) => `${percent(r.share_bps, lang)}%` },
          ]}
        />
      </div>
      <ReportTable
        caption={t('reports.spending.byMerchant')}
        rows={(merchants.data?.rows ?? []).slice(0, 20)}
        rowKey={(r) => `${r.branch}|${r.merchant}`}
        empty={merchants.data ? empty : t('common.loading')}
        columns={[
          { key: 'merchant', label: t('reports.spending.merchant'), cell: (r) => r.merchant_name },
          { key: 'branch', label: t('reports.spending.branchCol'), cell: (r) => r.branch_name },
          { key: 'purchases', label: t('reports.spending.purchasesCol'), numeric: true, cell: (r) => formatPoints(r.purchases, lang) },
          { key: 'average', label: t('reports.spending.averageTicket'), numeric: true, cell: (r) => money(r.average_ticket_minor) },
          { key: 'net', label: t('reports.spending.netCol'), numeric: true, cell: (r) => money(r.net_minor) },
          { key: 'share', label: t('reports.spending.shareCol'), numeric: true, cell: (r) => `${percent(r.share_bps, lang)}%` },
        ]}
      />
      <Notes notes={summary.data?.notes} />
    </ReportSection>
  );
}
