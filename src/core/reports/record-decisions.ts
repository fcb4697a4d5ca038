import type { Ctx } from '../bus/context.js';
import type { AuthorizationRow } from '../ledger/tables.js';
import { policyFromJson } from '../risk/risk-policy.js';
import { applyDeltas, CellChanges } from './cells.js';
import { computeFact, decisionFields, type FactSource } from './fact.js';
import { writeFacts } from './record.js';

/**
 * The report facts of decisions just made, from the rows the decision path holds, in its write.
 *
 * Equivalent to `recordForReports` for a NEW authorization, and much cheaper on the decision's
 * hot path: a fresh decision has no fact yet, and nothing posted against it (its fees are holds,
 * points and cashback come with the capture), so only the member's tier and the program's zone
 * and flag threshold need reading — once per batch, not once per decision with correlated sums.
 * Every later change of an authorization goes through `recordForReports`, which recomputes from
 * the database. A test checks the two agree (record-decisions.test.ts).
 */
export async function recordNewDecisions(ctx: Pick<Ctx, 'db' | 'clock'>, rows: readonly AuthorizationRow[]): Promise<void> {
  // Decisions on numbers Kartu did not issue belong to no program and no card: not reported.
  const reportable = rows.filter((r) => r.program_id !== null && r.card_id !== null && r.cardholder_id !== null);
  if (reportable.length === 0) return;
  const programIds = [...new Set(reportable.map((r) => r.program_id as string))];
  const holderIds = [...new Set(reportable.map((r) => r.cardholder_id as string))];
  const [programs, members] = await Promise.all([
    ctx.db
      .selectFrom('programs as p')
      .leftJoin('risk_policies as rp', 'rp.program_id', 'p.id')
      .select(['p.id', 'p.timezone', 'rp.policy'])
      .where('p.id', 'in', programIds)
      .execute(),
    ctx.db.selectFrom('rewards_members').select(['program_id', 'cardholder_id', 'tier_id']).where('cardholder_id', 'in', holderIds).execute(),
  ]);
  const program = new Map(programs.map((p) => [p.id, { timezone: p.timezone, flag: policyFromJson(p.policy ?? null).thresholds.flag }]));
  const tier = new Map(members.map((m) => [`${m.program_id}|${m.cardholder_id}`, m.tier_id ?? '']));
  const now = ctx.clock.now().toISOString();
  const facts = reportable.map((row) => {
    const p = program.get(row.program_id as string);
    if (!p) throw new Error(`authorization ${row.id} names program ${row.program_id}, which does not exist`);
    return computeFact(sourceOf(row, p.timezone, p.flag, tier.get(`${row.program_id}|${row.cardholder_id}`) ?? ''), undefined, now);
  });
  const cells = new CellChanges();
  for (const fact of facts) cells.change(undefined, fact);
  await applyDeltas(ctx.db, cells.deltas());
  await writeFacts(ctx.db, facts);
}

function sourceOf(row: AuthorizationRow, timezone: string, flagThreshold: number | null, tierNow: string): FactSource {
  // Completed in place rather than spread into a second object: this runs for every decision.
  const source = decisionFields(row) as Partial<FactSource>;
  source.timezone = timezone;
  // Nothing is posted against a fresh decision: its fees are holds until the capture.
  source.fx_fee_minor = 0;
  source.fee_minor = 0;
  source.points_earned = 0;
  source.points_reversed = 0;
  source.cashback_minor = 0;
  source.tier_now = tierNow;
  source.flag_threshold = flagThreshold;
  return source as FactSource;
}
