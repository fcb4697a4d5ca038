import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../format/money.js';
import { formatPoints } from '../../format/points.js';
import { useQuery } from '../../hooks/use-command.js';
import { useLang } from '../../i18n/i18n.js';
import { ErrorNotice, Loading } from '../../ui/states.js';
import { Notes, percent, ReportSection, ReportTable, Stat, type ReportFilterInput } from './report-parts.js';

type PointKind = 'earned' | 'bonus' | 'reversed' | 'redeemed' | 'expired' | 'adjusted' | 'partner';

/** Loyalty: members, points earned and redeemed in the period, and what is owed now. */
export function LoyaltySection({ filters, fallbackCurrency }: { filters: ReportFilterInput; fallbackCurrency: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const report = useQuery('report-loyalty', filters, ['rewards', 'authorization']);
  const currency = report.data?.currency ?? fallbackCurrency;
  const money = (n: number) => formatMoney(n, currency, lang);
  const points = (n: number) => formatPoints(n, lang);
  const totals = report.data?.totals;
  const liability = report.data?.liability;

  return (
    <ReportSection id="report-loyalty" title={t('reports.loyalty.title')}>
      {report.error ? <ErrorNotice error={report.error} onRetry={report.reload} /> : null}
      <div className="stat-grid kpis" aria-live="polite">
        <Stat label={t('reports.loyalty.members')} value={totals ? points(totals.members) : null} sub={totals ? t('reports.loyalty.newMembers', { count: totals.new_members }) : undefined} testId="report-members" />
        <Stat
          label={t('reports.loyalty.activeMembers')}
          value={totals ? points(totals.active_members) : null}
          sub={totals ? t('reports.loyalty.visits', { visits: new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-ID', { maximumFractionDigits: 1 }).format(totals.average_visits_x100 / 100) }) : undefined}
        />
        <Stat label={t('reports.loyalty.earned')} value={totals ? points(totals.points_earned + totals.points_bonus) : null} />
        <Stat
          label={t('reports.loyalty.redeemed')}
          value={totals ? points(totals.points_redeemed) : null}
          sub={totals ? t('reports.loyalty.redemptions', { count: totals.redemptions, rate: percent(totals.redemption_rate_bps, lang) }) : undefined}
        />
        <Stat
          label={t('reports.loyalty.liability')}
          value={liability ? (liability.points_minor !== null ? money(liability.points_minor + (liability.cashback.undelivered_minor ?? 0)) : t('reports.loyalty.points', { points: points(liability.points_outstanding) })) : null}
          sub={liability ? (liability.points_minor !== null ? t('reports.loyalty.liabilityPoints', { points: points(liability.points_outstanding) }) : t('reports.loyalty.liabilityUnknown')) : undefined}
          testId="report-liability"
        />
      </div>
      {!report.data && !report.error ? <Loading /> : null}
      {report.data ? (
        <div className="grid-2">
          <ReportTable
            caption={t('reports.loyalty.tiers')}
            rows={report.data.tiers}
            rowKey={(r) => r.tier ?? '-'}
            empty={t('reports.spending.empty')}
            columns={[
              { key: 'tier', label: t('reports.loyalty.tier'), cell: (r) => r.name },
              { key: 'members', label: t('reports.loyalty.membersCol'), numeric: true, cell: (r) => points(r.members) },
              { key: 'share', label: t('reports.spending.shareCol'), numeric: true, cell: (r) => `${percent(r.share_bps, lang)}%` },
              { key: 'net', label: t('reports.spending.netCol'), numeric: true, cell: (r) => money(r.net_minor) },
            ]}
          />
          <ReportTable
            caption={t('reports.loyalty.pointsFlow')}
            rows={report.data.rows.filter((r) => r.points !== 0)}
            rowKey={(r) => r.bucket}
            empty={t('reports.spending.empty')}
            columns={[
              { key: 'kind', label: t('reports.loyalty.movementCol'), cell: (r) => t(`reports.loyalty.kinds.${r.bucket as PointKind}`, { defaultValue: r.bucket }) },
              { key: 'points', label: t('reports.loyalty.pointsCol'), numeric: true, cell: (r) => points(r.points) },
            ]}
          />
        </div>
      ) : null}
      <Notes notes={report.data?.notes} />
    </ReportSection>
  );
}
