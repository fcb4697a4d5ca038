import { sql } from 'kysely';
import type { Ctx } from '../bus/context.js';
import type { Db } from '../db/database.js';
import { policyFromJson } from '../risk/risk-policy.js';
import { Prepared, PreparedInsert } from '../ledger/prepared.js';
import { directFor } from '../db/direct.js';
import { addCampaignSpend, joinCampaigns } from './campaign-rollup.js';
import { applyDeltas, CellChanges, type CellDeltas } from './cells.js';
import { computeFact, decisionFields, sameFact, type FactSource } from './fact.js';
import { SPEND_MEASURES, type ReportFactsTable } from './report-tables.js';

/**
 * Keeps the reports' facts and rollups in step with authorizations, in the caller's transaction.
 * Call it after every write that changes an authorization (its decision, a capture, a refund, an
 * increment, a reversal or expiry), with ctx.db being that write's transaction:
 *
 *     await recordForReports(ctx, authorization.id);          // one
 *     await recordForReports(ctx, rows.map((r) => r.id));      // a group commit's decisions
 *
 * It is idempotent and self-correcting: it recomputes each authorization's fact from the rows as
 * they are now and adds only the difference to the rollups, so calling it twice, or once after
 * several changes, gives the same result. `reports-rebuild` recomputes everything from scratch.
 */
export async function recordForReports(ctx: Pick<Ctx, 'db' | 'clock'>, authorizationIds: string | readonly string[]): Promise<void> {
  const ids = typeof authorizationIds === 'string' ? [authorizationIds] : authorizationIds;
  const now = ctx.clock.now().toISOString();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const changed = await computeChanged(ctx.db, ids.slice(i, i + CHUNK), now);
    if (changed.length === 0) continue;
    const cells = new CellChanges();
    for (const c of changed) cells.change(c.previous, c.next);
    await applyDeltas(ctx.db, cells.deltas());
    // The campaigns rollup: spend to the campaigns the cardholder is already in, then the members
    // this purchase's awards just brought in, summed from the facts as stored (campaign-rollup.ts).
    await addCampaignSpend(ctx.db, changed);
    await writeFacts(ctx.db, changed.map((c) => c.next));
    await joinCampaigns(ctx.db, changed);
  }
}

const CHUNK = 200;

export interface FactChange {
  previous: ReportFactsTable | undefined;
  next: ReportFactsTable;
}

/** Facts of these authorizations as they should be, where they differ from what is stored. */
export async function computeChanged(db: Db, ids: readonly string[], now: string, options: { keepTier?: boolean } = {}): Promise<FactChange[]> {
  if (ids.length === 0) return [];
  const [sources, previous] = await Promise.all([loadFactSources(db, ids), loadFacts(db, ids)]);
  const out: FactChange[] = [];
  for (const source of sources) {
    const before = previous.get(source.authorization_id);
    const next = computeFact(source, before, now, options);
    if (!before || !sameFact(before, next)) out.push({ previous: before, next });
  }
  return out;
}

const factById = new Prepared(1, (db: Db, id: string) => db.selectFrom('report_facts').selectAll().where('authorization_id', '=', id));

async function loadFacts(db: Db, ids: readonly string[]): Promise<Map<string, ReportFactsTable>> {
  const rows = ids.length === 1 ? await factById.execute(db, ids[0]!) : await db.selectFrom('report_facts').selectAll().where('authorization_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.authorization_id, r]));
}

const FACT_COLUMNS = [
  'authorization_id', 'program_id', 'currency', 'card_id', 'cardholder_id', 'tier', 'place', 'location_id', 'merchant_key', 'merchant_name', 'mcc', 'day', 'hour',
  'weekday', 'is_foreign', 'approved', 'response_code', 'decline_reason', 'stand_in', 'risk_flag', 'risk_score', ...SPEND_MEASURES, 'at', 'updated_at',
] as const satisfies ReadonlyArray<keyof ReportFactsTable>;

const upsertFact = new PreparedInsert<ReportFactsTable & Record<string, unknown>>('report_facts', [...FACT_COLUMNS], (oc: any) =>
  oc.column('authorization_id').doUpdateSet(() => {
    const set: Record<string, unknown> = {};
    for (const c of FACT_COLUMNS) if (c !== 'authorization_id') set[c] = sql.ref(`excluded.${c}`);
    return set;
  }),
);

export async function writeFacts(db: Db, facts: readonly ReportFactsTable[]): Promise<void> {
  // Inside a transaction bound for direct execution (the decision path), the compiled one-row
  // upsert costs a few microseconds a fact; a multi-row insert would be built and compiled anew
  // for every batch, which cost more than SQLite's work.
  if (facts.length <= 4 || directFor(db)) {
    for (const f of facts) await upsertFact.execute(db, f as ReportFactsTable & Record<string, unknown>);
    return;
  }
  for (let i = 0; i < facts.length; i += CHUNK) {
    await db
      .insertInto('report_facts')
      .values(facts.slice(i, i + CHUNK) as ReportFactsTable[])
      .onConflict((oc) =>
        oc.column('authorization_id').doUpdateSet((eb) => {
          const set: Record<string, unknown> = {};
          for (const key of Object.keys(facts[0]!)) if (key !== 'authorization_id') set[key] = eb.ref(`excluded.${key}` as never);
          return set as never;
        }),
      )
      .execute();
  }
}

/** Fee lines of an authorization, posted, net of any given back (a fee credited back to the funds). */
const feeSum = (code: string) => sql<number>`(
  SELECT coalesce(sum(CASE WHEN t.credit_account_id LIKE 'fees_income:%' THEN t.amount WHEN t.debit_account_id LIKE 'fees_income:%' THEN -t.amount ELSE 0 END), 0)
  FROM ledger_transfers t
  WHERE t.authorization_id = a.id AND t.code = ${code} AND t.kind IN ('posted', 'post_pending'))`;

/**
 * Points a purchase took back on refunds and reversals (its 'reverse' entries; negative). The kind
 * is a literal: it is the condition of the partial index these entries are found by
 * (rewards_points_entries_reversals), and SQLite uses a partial index only for a query that names
 * its condition. The points it earned are its earnings row's points_earned, the same number as its
 * one 'earn' entry (the rewards hook writes both in one write), read with the cashback below.
 */
const pointsReversedSum = sql<number>`(
  SELECT coalesce(sum(p.points), 0) FROM rewards_points_entries p
  WHERE p.authorization_id = a.id AND p.kind = 'reverse')`;

function sourceQuery(db: Db) {
  return db
    .selectFrom('authorizations as a')
    .innerJoin('programs as pr', 'pr.id', 'a.program_id')
    .leftJoin('rewards_members as m', (j) => j.onRef('m.program_id', '=', 'a.program_id').onRef('m.cardholder_id', '=', 'a.cardholder_id'))
    .leftJoin('rewards_earnings as e', 'e.authorization_id', 'a.id')
    .leftJoin('risk_policies as rp', 'rp.program_id', 'a.program_id')
    .select([
      'a.id', 'a.program_id', 'a.card_id', 'a.cardholder_id', 'a.approved', 'a.response_code', 'a.decline_reason', 'a.requested_amount',
      'a.amount', 'a.currency', 'a.merchant_currency', 'a.captured_amount', 'a.refunded_amount', 'a.merchant_id', 'a.merchant_name',
      'a.merchant_mcc', 'a.location_id', 'a.stand_in', 'a.risk_score', 'a.created_at', 'pr.timezone', 'm.tier_id', 'rp.policy',
      'e.cashback_minor as e_cashback', 'e.cashback_reversed_minor as e_cashback_reversed', 'e.points_earned as e_points_earned',
    ])
    .select([feeSum('fee_fx').as('fx_fee'), feeSum('fee_transaction').as('fee'), pointsReversedSum.as('reversed')]);
}

const sourceById = new Prepared(1, (db: Db, id: string) => sourceQuery(db).where('a.id', '=', id));

/** Everything the facts need, in one read: authorizations joined with program, member, earnings, fees, points taken back. */
export async function loadFactSources(db: Db, ids: readonly string[]): Promise<FactSource[]> {
  const rows = ids.length === 1 ? await sourceById.execute(db, ids[0]!) : await sourceQuery(db).where('a.id', 'in', ids).execute();
  const policies = new Map<string, number | null>();
  const out: FactSource[] = [];
  for (const row of rows) {
    // Decisions on numbers Kartu did not issue belong to no program and no card: not reported.
    if (!row.program_id || !row.card_id || !row.cardholder_id) continue;
    let threshold = policies.get(row.program_id);
    if (threshold === undefined) {
      threshold = policyFromJson(row.policy ?? null).thresholds.flag;
      policies.set(row.program_id, threshold);
    }
    out.push({
      ...decisionFields(row),
      timezone: row.timezone,
      fx_fee_minor: Number(row.fx_fee),
      fee_minor: Number(row.fee),
      points_earned: row.e_points_earned ?? 0,
      points_reversed: -Number(row.reversed),
      cashback_minor: (row.e_cashback ?? 0) - (row.e_cashback_reversed ?? 0),
      tier_now: row.tier_id ?? '',
      flag_threshold: threshold,
    });
  }
  return out;
}

export type { CellDeltas };
