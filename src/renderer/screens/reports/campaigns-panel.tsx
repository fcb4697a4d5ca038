import { useTranslation } from 'react-i18next';
import { formatCalendarDate } from '../../format/dates.js';
import { formatMoney } from '../../format/money.js';
import { formatPoints } from '../../format/points.js';
import { useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { ErrorNotice } from '../../ui/states.js';
import { ExportButtons } from './export-buttons.js';
import { Notes, percent, ReportTable, type ReportFilterInput } from './report-parts.js';

/**
 * Campaign results: what each campaign running in the period cost (its points in money and its
 * cashback) against the extra spend it brought, compared with the period of the same length just
 * before it. The engine measures campaigns over their own branches and tiers: the card and tier
 * filters do not narrow them.
 */
export function CampaignsPanel({ filters, currency }: { filters: ReportFilterInput; currency: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const report = useQuery('report-campaigns', filters, ['rewards', 'authorization']);
  const money = (n: number | null) => (n === null ? '—' : formatMoney(n, report.data?.currency ?? currency, lang));
  const signed = (n: number) => (n > 0 ? `+${money(n)}` : money(n));
  const title = t('reports.campaigns.title');
  const totals = report.data?.totals;
  const ignored = Boolean(filters.card || filters.tier);

  return (
    <div className="stack stack--tight">
      {report.error ? <ErrorNotice error={report.error} onRetry={report.reload} /> : null}
      <ReportTable
        caption={title}
        testId="report-campaigns"
        rows={report.data?.rows ?? []}
        rowKey={(r) => r.campaign}
        loading={!report.data && !report.error}
        empty={t('reports.campaigns.empty')}
        actions={
          <>
            {totals && totals.campaigns > 0 ? (
              <span className="muted report-inline-stat">{t('reports.campaigns.totals', { cost: money(totals.cost_minor), extra: signed(totals.extra_spend_minor) })}</span>
            ) : null}
            <ExportButtons report="campaigns" params={filters} what={title} />
          </>
        }
        columns={[
          {
            key: 'name',
            label: t('reports.campaigns.campaign'),
            cell: (r) => (
              <>
                <span className="cell-strong">{r.name}</span>
                <span className="cell-sub">
                  {formatCalendarDate(r.starts_on, lang)} – {formatCalendarDate(r.ends_on, lang)}
                </span>
              </>
            ),
          },
          { key: 'participants', label: t('reports.campaigns.participants'), numeric: true, cell: (r) => formatPoints(r.participants, lang) },
          {
            key: 'cost',
            label: t('reports.campaigns.cost'),
            numeric: true,
            cell: (r) => (
              <>
                {money(r.cost_minor)}
                <span className="cell-sub">{t('reports.campaigns.costParts', { points: formatPoints(r.cost_points, lang), cashback: money(r.cost_cashback_minor) })}</span>
              </>
            ),
          },
          {
            key: 'spend',
            label: t('reports.campaigns.spend'),
            numeric: true,
            cell: (r) => (
              <>
                {money(r.spend_minor)}
                <span className="cell-sub">{t('reports.campaigns.before', { amount: money(r.previous_spend_minor) })}</span>
              </>
            ),
          },
          {
            key: 'extra',
            label: t('reports.campaigns.extra'),
            numeric: true,
            cell: (r) => (
              <>
                <span className={r.extra_spend_minor < 0 ? 'tone-danger' : r.extra_spend_minor > 0 ? 'tone-success' : undefined}>{signed(r.extra_spend_minor)}</span>
                {r.uplift_bps !== null ? <span className="cell-sub">{`${r.uplift_bps > 0 ? '+' : ''}${percent(r.uplift_bps, lang)}%`}</span> : null}
              </>
            ),
          },
          {
            key: 'net',
            label: t('reports.campaigns.netGain'),
            numeric: true,
            cell: (r) => <span className={r.net_gain_minor === null ? 'muted' : r.net_gain_minor < 0 ? 'tone-danger' : 'cell-strong'}>{r.net_gain_minor === null ? '—' : signed(r.net_gain_minor)}</span>,
          },
        ]}
      />
      {report.data && report.data.rows.length > 0 ? <p className="muted report-footnote">{t('reports.campaigns.method')}</p> : null}
      {ignored ? <p className="muted report-footnote">{t('reports.campaigns.filtersIgnored')}</p> : null}
      <Notes notes={report.data?.notes} />
    </div>
  );
}
