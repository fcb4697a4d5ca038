import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { computeChanged, writeFacts } from './record.js';

/**
 * Recomputes the facts from the authorizations (keeping each fact's tier of the moment, which
 * history no longer knows) and re-aggregates every rollup from the facts. For data written before
 * the reports existed, after a bug, or to prove that the incremental rollups are right.
 */
export interface RebuildResult {
  object: 'reports_rebuild';
  program: string | null;
  authorizations: number;
  facts_changed: number;
  spend_cells: number;
  heat_cells: number;
  card_cells: number;
}

const PAGE = 1_000;

export async function rebuildReports(db: Db, now: string, program: string | null = null): Promise<RebuildResult> {
  let after = '';
  let seen = 0;
  let changed = 0;
  for (;;) {
    let q = db.selectFrom('authorizations').select('id').where('id', '>', after).orderBy('id').limit(PAGE);
    if (program) q = q.where('program_id', '=', program);
    const ids = (await q.execute()).map((r) => r.id);
    if (ids.length === 0) break;
    const facts = await computeChanged(db, ids, now, { keepTier: true });
    await writeFacts(db, facts.map((f) => f.next));
    changed += facts.length;
    seen += ids.length;
    after = ids[ids.length - 1]!;
  }
  const counts = await rebuildCells(db, program);
  return { object: 'reports_rebuild', program, authorizations: seen, facts_changed: changed, ...counts };
}

/** The rollups as sums of the facts (the incremental path must always agree with this). */
export async function rebuildCells(db: Db, program: string | null): Promise<{ spend_cells: number; heat_cells: number; card_cells: number }> {
  const scope = program ? sql`WHERE program_id = ${program}` : sql``;
  const del = program ? sql` WHERE program_id = ${program}` : sql``;
  await sql`DELETE FROM report_spend_cells${del}`.execute(db);
  await sql`DELETE FROM report_heat_cells${del}`.execute(db);
  await sql`DELETE FROM report_card_cells${del}`.execute(db);
  const spendMeasures = sql.raw(
    ['decisions', 'requested_minor', 'approved_minor', 'purchases', 'gross_minor', 'refunds_minor', 'foreign_minor', 'fx_fee_minor', 'fee_minor', 'points_earned', 'points_reversed', 'cashback_minor']
      .map((m) => `sum(${m})`)
      .join(', '),
  );
  const spendCols = sql.raw(
    'program_id, grain, bucket, place, merchant_key, mcc, tier, is_foreign, approved, decline_reason, stand_in, risk_flag, merchant_name, ' +
      'decisions, requested_minor, approved_minor, purchases, gross_minor, refunds_minor, foreign_minor, fx_fee_minor, fee_minor, points_earned, points_reversed, cashback_minor',
  );
  const spendDims = sql.raw('place, merchant_key, mcc, tier, is_foreign, approved, decline_reason, stand_in, risk_flag');
  for (const [grain, bucket] of [['D', sql.raw('day')], ['M', sql.raw('substr(day, 1, 7)')]] as const) {
    await sql`INSERT INTO report_spend_cells (${spendCols})
      SELECT program_id, ${grain}, ${bucket}, ${spendDims}, max(merchant_name), ${spendMeasures}
      FROM report_facts ${scope} GROUP BY program_id, ${bucket}, ${spendDims}`.execute(db);
    await sql`INSERT INTO report_heat_cells (program_id, grain, bucket, place, tier, weekday, hour, purchases, gross_minor, refunds_minor)
      SELECT program_id, ${grain}, ${bucket}, place, tier, weekday, hour, sum(purchases), sum(gross_minor), sum(refunds_minor)
      FROM report_facts ${program ? sql`WHERE program_id = ${program} AND` : sql`WHERE`} (purchases <> 0 OR gross_minor <> 0 OR refunds_minor <> 0)
      GROUP BY program_id, ${bucket}, place, tier, weekday, hour`.execute(db);
  }
  for (const [grain, bucket] of [['M', sql.raw('substr(day, 1, 7)')], ['Y', sql.raw('substr(day, 1, 4)')]] as const) {
    await sql`INSERT INTO report_card_cells (program_id, grain, bucket, card_id, place, tier, cardholder_id, purchases, gross_minor, refunds_minor)
      SELECT program_id, ${grain}, ${bucket}, card_id, place, tier, max(cardholder_id), sum(purchases), sum(gross_minor), sum(refunds_minor)
      FROM report_facts ${program ? sql`WHERE program_id = ${program} AND` : sql`WHERE`} (purchases <> 0 OR gross_minor <> 0 OR refunds_minor <> 0)
      GROUP BY program_id, ${bucket}, card_id, place, tier`.execute(db);
  }
  const count = async (table: string): Promise<number> =>
    Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}${del}`.execute(db)).rows[0]?.n ?? 0);
  return { spend_cells: await count('report_spend_cells'), heat_cells: await count('report_heat_cells'), card_cells: await count('report_card_cells') };
}
