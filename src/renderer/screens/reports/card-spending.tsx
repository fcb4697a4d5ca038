import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../format/money.js';
import { formatPoints } from '../../format/points.js';
import { useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { ErrorNotice } from '../../ui/states.js';
import { ExportButtons } from './export-buttons.js';
import { percent, ReportTable, type ReportFilterInput } from './report-parts.js';

type By = 'card' | 'cardholder';
const FIRST = 10;
const MORE = 50;

/** The biggest spenders, by card and by cardholder (full width each: a row has seven columns). */
export function CardSpending({ filters, currency, live, onPickCard }: { filters: ReportFilterInput; currency: string; live: readonly string[]; onPickCard(card: string): void }) {
  return (
    <div className="stack">
      <Ranking by="card" filters={filters} currency={currency} live={live} onPickCard={filters.card ? undefined : onPickCard} />
      <Ranking by="cardholder" filters={filters} currency={currency} live={live} />
    </div>
  );
}

function Ranking({ by, filters, currency, live, onPickCard }: { by: By; filters: ReportFilterInput; currency: string; live: readonly string[]; onPickCard?: ((card: string) => void) | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [limit, setLimit] = useState(FIRST);
  const params = { ...filters, by, limit };
  const report = useQuery('report-spending-by-card', params, live);
  const money = (n: number) => formatMoney(n, report.data?.currency ?? currency, lang);
  const total = report.data?.totals.net_minor ?? 0;
  const others = report.data?.others;
  const title = t(by === 'card' ? 'reports.cards.byCard' : 'reports.cards.byCardholder');
  const rows = (report.data?.rows ?? []).map((r, i) => ({ ...r, rank: i + 1 }));

  return (
    <div className="stack stack--tight">
      {report.error ? <ErrorNotice error={report.error} onRetry={report.reload} /> : null}
      <ReportTable
        caption={title}
        testId={`report-by-${by}`}
        loading={!report.data && !report.error}
        rows={rows}
        rowKey={(r) => r.bucket}
        empty={t('reports.spending.empty')}
        actions={<ExportButtons report="spending-by-card" params={params} what={title} />}
        columns={[
          { key: 'rank', label: '#', numeric: true, cell: (r) => <span className="muted">{r.rank}</span> },
          {
            key: 'who',
            label: t(by === 'card' ? 'reports.cards.card' : 'reports.cards.cardholder'),
            cell: (r) =>
              by === 'card' ? (
                <>
                  <span className="cell-strong mono nowrap">•••• {r.last4 ?? '????'}</span> <span className="muted">{r.cardholder_name ?? r.cardholder}</span>
                </>
              ) : (
                <span className="cell-strong">{r.cardholder_name ?? r.cardholder}</span>
              ),
          },
          { key: 'purchases', label: t('reports.spending.purchasesCol'), numeric: true, cell: (r) => formatPoints(r.purchases, lang) },
          { key: 'average', label: t('reports.spending.averageTicket'), numeric: true, cell: (r) => money(r.average_ticket_minor) },
          { key: 'net', label: t('reports.spending.netCol'), numeric: true, cell: (r) => money(r.net_minor) },
          { key: 'share', label: t('reports.spending.shareCol'), numeric: true, cell: (r) => `${percent(total > 0 ? Math.round((r.net_minor * 10_000) / total) : 0, lang)}%` },
          ...(onPickCard
            ? [
                {
                  key: 'pick',
                  label: t('reports.cards.filterCol'),
                  cell: (r: (typeof rows)[number]) =>
                    r.card ? (
                      <button type="button" className="link-button" onClick={() => onPickCard(r.card!)} aria-label={t('reports.cards.onlyThis', { card: `•••• ${r.last4 ?? ''}` })}>
                        {t('reports.cards.only')}
                      </button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {others && others.count > 0 ? (
        <p className="muted report-others">
          {t(by === 'card' ? 'reports.cards.otherCards' : 'reports.cards.otherHolders', { count: others.count, amount: money(others.net_minor) })}{' '}
          {limit < MORE ? (
            <button type="button" className="link-button" onClick={() => setLimit(MORE)}>
              {t('reports.cards.showMore', { count: MORE })}
            </button>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
