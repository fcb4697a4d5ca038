import type { Db } from '../db/database.js';
import { DECLINE_CODES } from '../authorization/decline-reasons.js';
import { cube } from './cube.js';
import { envelope } from './report-envelope.js';
import { shareBps, sumBy } from './report-math.js';
import { bucketOf, bucketsOf, type SeriesPeriod } from './periods.js';
import { startOfLocalDay, addDays } from './zone-time.js';
import type { Scope } from './scope.js';

/**
 * Decisions by their moment (program's local time): approval rate, declines by reason, stand-in
 * share (decided by Kartu while the network was unreachable), risk flags (a score at or above
 * the program's flag threshold when decided) and the risk alerts raised in the period.
 */
export interface AuthorizationSeriesRow {
  bucket: string;
  decisions: number;
  approved: number;
  declined: number;
  approval_rate_bps: number;
  stand_in: number;
  flagged: number;
  approved_minor: number;
  declined_minor: number;
}

export async function authorizationReport(db: Db, scope: Scope, period: SeriesPeriod, now: Date) {
  const weekStartsOn = scope.programs[0]?.week_starts_on ?? 1;
  const cells = await cube(db, scope, {
    family: 'spend',
    period: period === 'week' ? 'day' : period,
    dims: ['period', 'approved', 'decline_reason', 'stand_in', 'risk_flag'],
    measures: ['decisions', 'approved_minor', 'requested_minor'],
  });
  const buckets = bucketsOf(scope.from, scope.to, period, weekStartsOn);
  const series = new Map<string, AuthorizationSeriesRow>(
    buckets.map((bucket) => [bucket, { bucket, decisions: 0, approved: 0, declined: 0, approval_rate_bps: 0, stand_in: 0, flagged: 0, approved_minor: 0, declined_minor: 0 }]),
  );
  const declines = new Map<string, Record<string, number>>(buckets.map((b) => [b, {}]));
  const reasons = new Map<string, { count: number; amount_minor: number }>();
  for (const c of cells) {
    const bucket = bucketOf(String(c.period), period, weekStartsOn);
    const row = series.get(bucket);
    if (!row) continue;
    const n = Number(c.decisions);
    row.decisions += n;
    if (Number(c.stand_in)) row.stand_in += n;
    if (Number(c.risk_flag)) row.flagged += n;
    if (Number(c.approved)) {
      row.approved += n;
      row.approved_minor += Number(c.approved_minor);
    } else {
      row.declined += n;
      row.declined_minor += Number(c.requested_minor);
      const reason = String(c.decline_reason || 'unknown');
      const d = declines.get(bucket)!;
      d[reason] = (d[reason] ?? 0) + n;
      const r = reasons.get(reason) ?? { count: 0, amount_minor: 0 };
      r.count += n;
      r.amount_minor += Number(c.requested_minor);
      reasons.set(reason, r);
    }
  }
  const rows = [...series.values()].map((r) => ({ ...r, approval_rate_bps: shareBps(r.approved, r.decisions) }));
  const reasonNames = [...reasons.keys()].sort();
  const declineRows = buckets.map((bucket) => {
    const out: Record<string, string | number> = { bucket };
    const d = declines.get(bucket)!;
    for (const name of reasonNames) out[name] = d[name] ?? 0;
    return out;
  });
  const decisions = sumBy(rows, (r) => r.decisions);
  const approved = sumBy(rows, (r) => r.approved);
  const declined = decisions - approved;
  const standIn = sumBy(rows, (r) => r.stand_in);
  const flagged = sumBy(rows, (r) => r.flagged);
  const byReason = reasonNames
    .map((reason) => ({
      reason,
      response_code: (DECLINE_CODES as Record<string, string>)[reason] ?? null,
      count: reasons.get(reason)!.count,
      amount_minor: reasons.get(reason)!.amount_minor,
      share_bps: shareBps(reasons.get(reason)!.count, declined),
    }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  const alerts = await riskAlerts(db, scope);
  return {
    ...envelope(`authorizations_by_${period}`, scope, now, rows, {
      decisions,
      approved,
      declined,
      approval_rate_bps: shareBps(approved, decisions),
      stand_in: standIn,
      stand_in_share_bps: shareBps(standIn, decisions),
      flagged,
      flagged_share_bps: shareBps(flagged, decisions),
      approved_minor: sumBy(rows, (r) => r.approved_minor),
      declined_minor: sumBy(rows, (r) => r.declined_minor),
    }, alertsNotes(scope)),
    declines: { reasons: reasonNames, rows: declineRows, by_reason: byReason },
    risk_alerts: alerts,
  };
}

function alertsNotes(scope: Scope): string[] {
  return scope.places || scope.tier ? ['Risk alerts are counted per program and card; the branch and tier filters do not apply to them.'] : [];
}

/** Alerts raised in the period, by kind and severity (a small table: alerts are exceptions). */
async function riskAlerts(db: Db, scope: Scope): Promise<Array<{ kind: string; severity: string; count: number; open: number }>> {
  if (scope.programs.length === 0) return [];
  const zone = scope.programs[0]!.timezone;
  const fromIso = new Date(startOfLocalDay(scope.from, zone)).toISOString();
  const toIso = new Date(startOfLocalDay(addDays(scope.to, 1), zone)).toISOString();
  let q = db
    .selectFrom('risk_alerts')
    .select(['kind', 'severity', 'status'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('created_at', '>=', fromIso)
    .where('created_at', '<', toIso)
    .where('program_id', 'in', scope.programs.map((p) => p.id))
    .groupBy(['kind', 'severity', 'status']);
  if (scope.card) q = q.where('card_id', '=', scope.card.id);
  const rows = await q.execute();
  const out = new Map<string, { kind: string; severity: string; count: number; open: number }>();
  for (const r of rows) {
    const key = `${r.kind}|${r.severity}`;
    const o = out.get(key) ?? { kind: r.kind, severity: r.severity, count: 0, open: 0 };
    o.count += Number(r.n);
    if (r.status === 'open') o.open += Number(r.n);
    out.set(key, o);
  }
  return [...out.values()].sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
}
