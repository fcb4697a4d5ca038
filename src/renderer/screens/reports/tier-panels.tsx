import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../client/kartu-client.js';
import { formatMoney } from '../../format/money.js';
import { formatPoints } from '../../format/points.js';
import { useLang } from '../../i18n/i18n.js';
import { Loading } from '../../ui/states.js';
import { ExportButtons } from './export-buttons.js';
import { Panel, percent, ReportTable, type ReportFilterInput } from './report-parts.js';

const TierChart = lazy(() => import('./reports-charts.js').then((m) => ({ default: m.TierChart })));

type Loyalty = Output<'report-loyalty'>;

/** The engine names "no tier" in English (and "none" in a movement): shown in the reader's language. */
export function useTierName() {
  const { t } = useTranslation();
  return (name: string | null | undefined) => (!name || name === 'No tier' || name === 'none' ? t('reports.loyalty.noTier') : name);
}

/** Members per tier now (chart and table, with the spend made at each tier in the period). */
export function TierDistribution({ report, filters, currency }: { report: Loyalty; filters: ReportFilterInput; currency: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const tierName = useTierName();
  const rows = report.tiers.map((r) => ({ ...r, name: tierName(r.tier ? r.name : null) }));
  const title = t('reports.loyalty.tiers');
  return (
    <Panel title={title} testId="report-tiers" actions={<ExportButtons report="loyalty" params={filters} table={report.tiers.length > 0 ? 'tiers' : undefined} what={title} />}>
      {rows.some((r) => r.members > 0) ? (
        <div className="panel__body">
          <Suspense fallback={<Loading label={t('reports.chartLoading')} />}>
            <TierChart rows={rows} label={title} />
          </Suspense>
        </div>
      ) : null}
      {rows.length === 0 ? (
        <p className="panel__body muted">{t('reports.loyalty.noTiersYet')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.loyalty.tier')}</th>
                <th scope="col" className="num">{t('reports.loyalty.membersCol')}</th>
                <th scope="col" className="num">{t('reports.spending.shareCol')}</th>
                <th scope="col" className="num">{t('reports.loyalty.spendAtTier')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.tier ?? '-'}>
                  <th scope="row" className="cell-strong report-row-head">{r.name}</th>
                  <td className="num">{formatPoints(r.members, lang)}</td>
                  <td className="num">{percent(r.share_bps, lang)}%</td>
                  <td className="num">{formatMoney(r.net_minor, currency, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

/** Upgrades and downgrades in the period, from which tier to which. */
export function TierMovements({ report, filters }: { report: Loyalty; filters: ReportFilterInput }) {
  const { t } = useTranslation();
  const lang = useLang();
  const tierName = useTierName();
  const moves = report.tier_movements;
  const rows = moves.rows.map((r) => ({ key: `${r.from ?? ''}>${r.to ?? ''}`, from: tierName(r.from_name), to: tierName(r.to_name), count: r.count }));
  const title = t('reports.loyalty.movements');
  return (
    <ReportTable
      caption={title}
      testId="report-tier-movements"
      rows={rows}
      rowKey={(r) => r.key}
      empty={t('reports.loyalty.noMovements')}
      actions={
        <>
          <span className="muted report-inline-stat">{t('reports.loyalty.upDown', { up: formatPoints(moves.upgrades, lang), down: formatPoints(moves.downgrades, lang) })}</span>
          <ExportButtons report="loyalty" params={filters} table={moves.rows.length > 0 ? 'tier_movements.rows' : undefined} what={title} />
        </>
      }
      columns={[
        { key: 'from', label: t('reports.loyalty.fromTier'), cell: (r) => r.from },
        { key: 'to', label: t('reports.loyalty.toTier'), cell: (r) => <span className="cell-strong">{r.to}</span> },
        { key: 'count', label: t('reports.loyalty.membersCol'), numeric: true, cell: (r) => formatPoints(r.count, lang) },
      ]}
    />
  );
}
