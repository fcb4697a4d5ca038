import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_TIME_ZONE, formatDateTime } from '../../format/dates.js';
import { formatMoney } from '../../format/money.js';
import { useQuery } from '../../hooks/use-command.js';
import { useThrottledTrigger } from '../../hooks/use-throttled-trigger.js';
import { useLang } from '../../i18n/i18n.js';
import { hrefOf } from '../../state/route.js';
import { useCan } from '../../state/session.js';
import { Badge } from '../../ui/badge.js';
import { reasonText } from '../../ui/decision.js';
import { Field } from '../../ui/field.js';
import { Icon } from '../../ui/icons.js';
import { Screen } from '../../ui/screen.js';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.js';
import { useProgramIndex } from '../cards/use-program-index.js';
import { formatPoints } from '../../format/points.js';
import { alertTitle } from './alert-title.js';
import { RecentActivity } from './recent-activity.js';
import { useAfterFirstPaint } from './use-after-first-paint.js';

// The chart library is the heaviest piece of the page: it loads after the figures are usable.
const DashboardCharts = lazy(() => import('./dashboard-charts.js'));
const LIVE_KINDS = ['authorization', 'transaction', 'rewards', 'card', 'alert'] as const;

/** Owners and managers see the business at a glance; a cashier gets the way to the counter. */
export function DashboardScreen() {
  const isManager = useCan('manager');
  return isManager ? <ManagerDashboard /> : <CashierHome />;
}

function CashierHome() {
  const { t } = useTranslation();
  return (
    <Screen title={t('dashboard.title')}>
      <div className="panel">
        <EmptyState
          icon="counter"
          title={t('dash.cashierTitle')}
          text={t('dash.cashierText')}
          action={
            <a className="btn btn--primary btn--xl" href={hrefOf('counter')}>
              {t('dash.openCounter')}
            </a>
          }
        />
      </div>
    </Screen>
  );
}

function ManagerDashboard() {
  const { t } = useTranslation();
  const lang = useLang();
  const programs = useProgramIndex();
  const [programId, setProgramId] = useState('');
  const live = useThrottledTrigger(LIVE_KINDS);
  const zone = programs.byId.get(programId)?.timezone ?? programs.list[0]?.timezone ?? DEFAULT_TIME_ZONE;
  // One query for every figure and chart (src/core/reports/dashboard-summary.ts): the host answers
  // requests one after another, so six reports were six round trips and six renders.
  const summary = useQuery('dashboard-summary', programId ? { program: programId } : {}, [], live);
  const outbox = useQuery('outbox-summary', {}, [], live);
  const alerts = useQuery('alert-list', { status: 'open', limit: 5 }, [], live);
  const data = summary.data;
  // The chart library (the biggest script of the app) is fetched and run once the figures are on
  // screen and the browser is idle, not while the first screen is being put together.
  const chartsReady = useAfterFirstPaint(data !== undefined);
  const currency = data?.currency ?? programs.byId.get(programId)?.currency ?? programs.list[0]?.currency ?? 'IDR';
  const money = (n: number) => formatMoney(n, currency, lang);
  const reportError = summary.error;
  const noPrograms = !programs.loading && programs.list.length === 0;

  const sales = data?.sales_today;
  const decisions = data?.decisions_today;
  const members = data?.loyalty.totals;
  const liability = data?.loyalty.liability;
  const waiting = outbox.data ? (outbox.data.pending ?? 0) + (outbox.data.retrying ?? 0) : 0;
  const failed = outbox.data?.failed ?? 0;
  const reasons = data?.declines_by_reason ?? [];
  const maxReason = Math.max(1, ...reasons.map((r) => r.count));

  return (
    <Screen
      title={t('dashboard.title')}
      subtitle={`${t('dash.today')} · ${formatDateTime(Date.now() / 1000, zone, lang)}`}
      actions={
        programs.list.length > 1 ? (
          <Field label={t('dash.program')}>
            <select className="select" value={programId} onChange={(e) => setProgramId(e.target.value)}>
              <option value="">{t('dash.allPrograms')}</option>
              {programs.list.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
        ) : undefined
      }
    >
      {noPrograms ? <QuickStart /> : null}
      {reportError ? <ErrorNotice error={reportError} onRetry={summary.reload} /> : null}
      {!noPrograms ? (
        <section aria-labelledby="kpi-title">
          <h2 id="kpi-title" className="visually-hidden">
            {t('dash.today')}
          </h2>
          <div className="stat-grid kpis" aria-live="polite">
            <Kpi
              label={t('dash.salesToday')}
              value={sales ? money(sales.gross_minor) : null}
              sub={
                sales
                  ? [t('dash.purchases', { count: sales.purchases }), data ? t('dash.yesterday', { amount: money(data.sales_yesterday.gross_minor) }) : null].filter(Boolean).join(' · ')
                  : undefined
              }
              testId="kpi-sales"
            />
            <Kpi
              label={t('dash.decisionsToday')}
              value={decisions ? formatPoints(decisions.decisions, lang) : null}
              sub={decisions ? t('dash.approvedDeclined', { approved: formatPoints(decisions.approved, lang), declined: formatPoints(decisions.declined, lang) }) : undefined}
              testId="kpi-decisions"
            />
            <Kpi label={t('dash.members')} value={members ? formatPoints(members.active_members, lang) : null} sub={members ? t('dash.membersSub') : undefined} />
            <Kpi
              label={t('dash.liability')}
              value={liability ? (liability.points_minor !== null ? money(liability.points_minor + (liability.cashback.undelivered_minor ?? 0)) : formatPoints(liability.points_outstanding, lang)) : null}
              unit={liability && liability.points_minor === null ? t('dash.pointsUnit') : undefined}
              sub={liability ? (liability.points_minor !== null ? t('dash.liabilityPoints', { points: formatPoints(liability.points_outstanding, lang) }) : t('dash.liabilityUnknown')) : undefined}
            />
            <Kpi
              label={t('dash.sync')}
              value={outbox.data ? (failed > 0 ? t('dash.syncFailed', { count: failed }) : waiting > 0 ? t('dash.syncWaiting', { count: waiting }) : t('dash.syncOk')) : null}
              tone={failed > 0 ? 'danger' : waiting > 0 ? 'warning' : 'success'}
              href={hrefOf('settings', undefined, { tab: 'network' })}
            />
          </div>
        </section>
      ) : null}
      {!noPrograms ? (
        <Suspense fallback={<Loading label={t('dash.chartLoading')} />}>
          {data && chartsReady ? <DashboardCharts sales={data.sales} decisions={data.decisions} currency={currency} /> : <Loading />}
        </Suspense>
      ) : null}
      {!noPrograms ? (
        <div className="grid-2">
          <section className="panel panel__body" aria-labelledby="declines-title">
            <h2 id="declines-title">{t('dash.declineReasons')}</h2>
            {reasons.length === 0 ? (
              <p className="muted">{t('dash.noDeclines')}</p>
            ) : (
              <ul className="bars">
                {reasons.slice(0, 6).map((r) => (
                  <li key={r.reason} className="bars__row bars__row--wide">
                    {/* The reason in words; the ISO code (owners do not read it) is the tooltip, as on the decision badges. */}
                    <span className="bars__label" title={t('decisions.isoCode', { code: r.response_code })}>
                      {reasonText(t, r.reason)}
                    </span>
                    <span className="bars__track" aria-hidden="true">
                      <span className="bars__fill bars__fill--danger" style={{ width: `${(r.count / maxReason) * 100}%` }} />
                    </span>
                    <span className="bars__value">{formatPoints(r.count, lang)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="panel panel__body" aria-labelledby="alerts-title">
            <h2 id="alerts-title">{t('dash.alerts')}</h2>
            {alerts.error ? <ErrorNotice error={alerts.error} /> : null}
            {(alerts.data?.data.length ?? 0) === 0 && !alerts.error ? <p className="muted">{t('dash.alertsNone')}</p> : null}
            <ul className="plain-list plain-list--flat">
              {(alerts.data?.data ?? []).map((alert) => (
                <li key={alert.id} className="alert-row">
                  <Badge tone={alert.severity === 'high' || alert.severity === 'critical' ? 'danger' : 'warning'}>{t(`dash.severity.${alert.severity}`)}</Badge>
                  <span>
                    <span className="cell-strong">{alertTitle(t, alert)}</span>
                    <span className="cell-sub">
                      {alert.card_last4 ? `•••• ${alert.card_last4} · ` : ''}
                      {alert.cardholder_name ?? ''} · {formatDateTime(alert.created, zone, lang)}
                    </span>
                  </span>
                  {alert.card ? (
                    <a className="btn btn--small" href={hrefOf('cards', alert.card)}>
                      {t('transactions.detail.openCard')}
                    </a>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        </div>
      ) : null}
      {/* Read after the figures: the event log is the slowest query and the host answers in order. */}
      {data || reportError ? <RecentActivity /> : null}
    </Screen>
  );
}

function Kpi({ label, value, unit, sub, tone, href, testId }: { label: string; value: string | null; unit?: string | undefined; sub?: string | undefined; tone?: 'success' | 'warning' | 'danger'; href?: string; testId?: string }) {
  const body = (
    <>
      <span className="stat-card__label">{label}</span>
      <span className={`stat-card__value${tone ? ` tone-${tone}` : ''}`} data-testid={testId}>
        {value ?? <span className="skeleton-row skeleton-row--value" aria-hidden="true" />}
        {/* The unit smaller, beside the figure: '17.986 points' in full size wrapped 'points' onto a line of its own. */}
        {value !== null && unit ? <span className="stat-card__unit"> {unit}</span> : null}
      </span>
      {sub ? <span className="stat-card__sub">{sub}</span> : null}
    </>
  );
  return href ? (
    <a className="panel stat-card stat-card--link" href={href}>
      {body}
    </a>
  ) : (
    <div className="panel stat-card">{body}</div>
  );
}

function QuickStart() {
  const { t } = useTranslation();
  const tiles = [
    { screen: 'programs' as const, icon: 'programs' as const, title: t('dashboard.newProgram'), text: t('dashboard.newProgramText') },
    { screen: 'cardholders' as const, icon: 'cardholders' as const, title: t('dashboard.newCardholder'), text: t('dashboard.newCardholderText') },
    { screen: 'cards' as const, icon: 'cards' as const, title: t('dashboard.issueCard'), text: t('dashboard.issueCardText') },
  ];
  return (
    <section aria-labelledby="quick-start">
      <h2 id="quick-start" className="visually-hidden">
        {t('dashboard.quickStart')}
      </h2>
      <div className="tiles">
        {tiles.map((tile) => (
          <a key={tile.screen} className="panel tile" href={hrefOf(tile.screen, 'new')}>
            <span className="state__icon">
              <Icon name={tile.icon} className="" size={22} />
            </span>
            <span className="tile__title">{tile.title}</span>
            <span className="muted">{tile.text}</span>
          </a>
        ))}
      </div>
    </section>
  );
}
