import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../format/money.js';
import { formatPoints } from '../../format/points.js';
import { useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { ErrorNotice, Loading } from '../../ui/states.js';
import { CampaignsPanel } from './campaigns-panel.js';
import { ExportButtons } from './export-buttons.js';
import { LiabilityPanel } from './liability-panel.js';
import { Notes, percent, ReportSection, ReportTable, Stat, type ReportFilterInput } from './report-parts.js';
import { TierDistribution, TierMovements } from './tier-panels.js';

type PointKind = 'earned' | 'bonus' | 'reversed' | 'redeemed' | 'expired' | 'adjusted' | 'partner';

/** Loyalty: members and tiers, points earned, redeemed and expired in the period, what is owed now, campaign results. */
export function LoyaltySection({ filters, fallbackCurrency }: { filters: ReportFilterInput; fallbackCurrency: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const report = useQuery('report-loyalty', filters, ['rewards', 'authorization']);
  const currency = report.data?.currency ?? fallbackCurrency;
  const money = (n: number) => formatMoney(n, currency, lang);
  const points = (n: number) => formatPoints(n, lang);
  const totals = report.data?.totals;
  const liability = report.data?.liability;
  const program = report.data?.filters.program ?? null;
  const owed = liability && liability.points_minor !== null ? liability.points_minor + (liability.cashback.undelivered_minor ?? 0) : null;

  return (
    <ReportSection id="report-loyalty" title={t('reports.loyalty.title')}>
      {report.error ? <ErrorNotice error={report.error} onRetry={report.reload} /> : null}
      <div className="stat-grid kpis report-kpis-6" aria-live="polite">
        <Stat label={t('reports.loyalty.members')} value={totals ? points(totals.members) : null} sub={totals ? t('reports.loyalty.newMembers', { count: totals.new_members }) : undefined} testId="report-members" />
        <Stat
          label={t('reports.loyalty.activeMembers')}
          value={totals ? points(totals.active_members) : null}
          sub={totals ? t('reports.loyalty.visits', { visits: new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-ID', { maximumFractionDigits: 1 }).format(totals.average_visits_x100 / 100) }) : undefined}
        />
        <Stat
          label={t('reports.loyalty.earned')}
          value={totals ? points(totals.points_earned + totals.points_bonus) : null}
          sub={totals && totals.points_bonus > 0 ? t('reports.loyalty.bonusPart', { points: points(totals.points_bonus) }) : undefined}
          testId="report-points-earned"
        />
        <Stat
          label={t('reports.loyalty.redeemed')}
          value={totals ? points(totals.points_redeemed) : null}
          sub={totals ? t('reports.loyalty.redemptions', { count: totals.redemptions, rate: percent(totals.redemption_rate_bps, lang) }) : undefined}
        />
        <Stat label={t('reports.loyalty.expired')} value={totals ? points(totals.points_expired) : null} testId="report-points-expired" />
        <Stat
          label={t('reports.loyalty.liability')}
          value={liability ? (owed !== null ? money(owed) : t('reports.loyalty.points', { points: points(liability.points_outstanding) })) : null}
          sub={liability ? (owed !== null ? t('reports.loyalty.liabilityPoints', { points: points(liability.points_outstanding) }) : t('reports.loyalty.liabilityUnknown')) : undefined}
          testId="report-liability"
        />
      </div>
      {!report.data && !report.error ? <Loading /> : null}
      {report.data ? (
        <>
          <div className="grid-2">
            <TierDistribution report={report.data} filters={filters} currency={currency} />
            <TierMovements report={report.data} filters={filters} />
          </div>
          <div className="grid-2">
            <ReportTable
              caption={t('reports.loyalty.pointsFlow')}
              testId="report-points-flow"
              rows={report.data.rows.filter((r) => r.points !== 0)}
              rowKey={(r) => r.bucket}
              empty={t('reports.loyalty.noPoints')}
              actions={<ExportButtons report="loyalty" params={filters} what={t('reports.loyalty.pointsFlow')} />}
              columns={[
                { key: 'kind', label: t('reports.loyalty.movementCol'), cell: (r) => t(`reports.loyalty.kinds.${r.bucket as PointKind}`, { defaultValue: r.bucket }) },
                { key: 'points', label: t('reports.loyalty.pointsCol'), numeric: true, cell: (r) => points(r.points) },
              ]}
            />
            {liability ? <LiabilityPanel liability={liability} currency={currency} program={program} onValueSaved={report.reload} /> : null}
          </div>
        </>
      ) : null}
      <CampaignsPanel filters={filters} currency={currency} />
      <Notes notes={report.data?.notes} />
    </ReportSection>
  );
}
