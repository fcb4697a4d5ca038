import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../format/money.js';
import { formatPoints } from '../../format/points.js';
import { useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { ErrorNotice, Loading } from '../../ui/states.js';
import { CardSpending } from './card-spending.js';
import { categoryName, type CategoryName } from './category-name.js';
import { ExportButtons } from './export-buttons.js';
import { Notes, Panel, percent, ReportSection, ReportTable, Stat, type ReportFilterInput } from './report-parts.js';
import type { SeriesPeriod } from './reports-charts.js';
import { SpendingHeatmap } from './spending-heatmap.js';

const SpendingChart = lazy(() => import('./reports-charts.js').then((m) => ({ default: m.SpendingChart })));
const LIVE = ['authorization', 'transaction'] as const;
const PERIODS: readonly SeriesPeriod[] = ['day', 'week', 'month'];

/** Spending: totals, net per day/week/month, the hour x weekday heat map, by category, branch, merchant, card and cardholder. */
export function SpendingSection({ filters, fallbackCurrency, onPickCard }: { filters: ReportFilterInput; fallbackCurrency: string; onPickCard(card: string): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [period, setPeriod] = useState<SeriesPeriod>('day');
  const summary = useQuery('report-spending-summary', filters, LIVE);
  const series = useQuery('report-spending', { ...filters, period }, LIVE);
  const categories = useQuery('report-spending-by-category', filters, LIVE);
  const merchants = useQuery('report-spending-by-merchant', filters, LIVE);
  const currency = summary.data?.currency ?? fallbackCurrency;
  const money = (n: number) => formatMoney(n, currency, lang);
  const totals = summary.data?.totals;
  const error = summary.error ?? series.error ?? categories.error ?? merchants.error;
  const empty = t('reports.spending.empty');
  const chartTitle = t(`reports.spending.by.${period}`);
  const branches = merchants.data?.branches ?? [];

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
      <Panel
        title={chartTitle}
        actions={
          <>
            <div className="segmented" role="group" aria-label={t('reports.spending.period')}>
              {PERIODS.map((p) => (
                <button key={p} type="button" aria-pressed={period === p} onClick={() => setPeriod(p)}>
                  {t(`reports.spending.periods.${p}`)}
                </button>
              ))}
            </div>
            <ExportButtons report="spending" params={{ ...filters, period }} what={chartTitle} />
          </>
        }
      >
        <div className="panel__body">
          {series.data ? (
            series.data.totals.purchases === 0 && series.data.totals.refunds_minor === 0 ? (
              <p className="muted">{empty}</p>
            ) : (
              <Suspense fallback={<Loading label={t('reports.chartLoading')} />}>
                <SpendingChart rows={series.data.rows} currency={currency} period={period} label={chartTitle} />
              </Suspense>
            )
          ) : !series.error ? (
            <Loading />
          ) : null}
        </div>
      </Panel>
      <SpendingHeatmap filters={filters} currency={currency} live={LIVE} />
      <div className="grid-2">
        <ReportTable
          caption={t('reports.spending.byCategory')}
          testId="report-by-category"
          rows={categories.data?.rows ?? []}
          rowKey={(r) => r.mcc}
          loading={!categories.data && !categories.error}
          empty={empty}
          actions={<ExportButtons report="spending-by-category" params={filters} what={t('reports.spending.byCategory')} />}
          columns={[
            { key: 'category', label: t('reports.spending.category'), cell: (r) => <CategoryCell name={categoryName(t, lang, r)} mcc={r.mcc} /> },
            { key: 'purchases', label: t('reports.spending.purchasesCol'), numeric: true, cell: (r) => formatPoints(r.purchases, lang) },
            { key: 'net', label: t('reports.spending.netCol'), numeric: true, cell: (r) => money(r.net_minor) },
            { key: 'share', label: t('reports.spending.shareCol'), numeric: true, cell: (r) => `${percent(r.share_bps, lang)}%` },
          ]}
        />
        <ReportTable
          caption={t('reports.spending.byBranch')}
          testId="report-by-branch"
          rows={branches}
          rowKey={(r) => r.branch}
          loading={!merchants.data && !merchants.error}
          empty={empty}
          actions={<ExportButtons report="spending-by-merchant" params={filters} table={branches.length > 0 ? 'branches' : undefined} what={t('reports.spending.byBranch')} />}
          columns={[
            // Only the engine's row of purchases elsewhere has no location: its name in the reader's words.
            { key: 'branch', label: t('reports.spending.branchCol'), cell: (r) => (r.location === null ? t('reports.spending.notAtBranch') : r.branch_name) },
            { key: 'purchases', label: t('reports.spending.purchasesCol'), numeric: true, cell: (r) => formatPoints(r.purchases, lang) },
            { key: 'net', label: t('reports.spending.netCol'), numeric: true, cell: (r) => money(r.net_minor) },
            { key: 'share', label: t('reports.spending.shareCol'), numeric: true, cell: (r) => `${percent(r.share_bps, lang)}%` },
          ]}
        />
      </div>
      <ReportTable
        caption={t('reports.spending.byMerchant')}
        testId="report-by-merchant"
        rows={(merchants.data?.rows ?? []).slice(0, 20)}
        rowKey={(r) => `${r.branch}|${r.merchant}`}
        loading={!merchants.data && !merchants.error}
        empty={empty}
        actions={<ExportButtons report="spending-by-merchant" params={filters} what={t('reports.spending.byMerchant')} />}
        columns={[
          { key: 'merchant', label: t('reports.spending.merchant'), cell: (r) => r.merchant_name },
          // Only the engine's row of purchases elsewhere has no location: its name in the reader's words.
            { key: 'branch', label: t('reports.spending.branchCol'), cell: (r) => (r.location === null ? t('reports.spending.notAtBranch') : r.branch_name) },
          { key: 'purchases', label: t('reports.spending.purchasesCol'), numeric: true, cell: (r) => formatPoints(r.purchases, lang) },
          { key: 'average', label: t('reports.spending.averageTicket'), numeric: true, cell: (r) => money(r.average_ticket_minor) },
          { key: 'net', label: t('reports.spending.netCol'), numeric: true, cell: (r) => money(r.net_minor) },
          { key: 'share', label: t('reports.spending.shareCol'), numeric: true, cell: (r) => `${percent(r.share_bps, lang)}%` },
        ]}
      />
      <CardSpending filters={filters} currency={currency} live={LIVE} onPickCard={onPickCard} />
      <Notes notes={summary.data?.notes} />
    </ReportSection>
  );
}

/** A category's name in the reader's words, then its code (the code is what staff search and the network uses). */
function CategoryCell({ name, mcc }: { name: CategoryName; mcc: string }) {
  return (
    <>
      <span className="cell-strong" title={name.title}>
        {name.name}
      </span>{' '}
      <span className="mono muted">{mcc}</span>
    </>
  );
}
