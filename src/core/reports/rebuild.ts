import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { computeChanged, writeFacts } from './record.js';
import { SPEND_MEASURES } from './report-tables.js';
import { addDays } from './zone-time.js';
import { weekBucket } from './buckets.js';
import { ALL } from './place.js';
import { REBUILD_NEEDED } from './scope.js';
import { rebuildPointsCells } from './points-rebuild.js';
import { rebuildCampaignRollup } from './campaign-rollup.js';

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
  day_cells: number;
  heat_cells: number;
  card_cells: number;
  points_cells: number;
  points_members: number;
  campaign_days: number;
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
  const points = await rebuildPointsCells(db, program);
  const campaigns = await rebuildCampaignRollup(db, { program });
  await db.deleteFrom('settings').where('key', '=', REBUILD_NEEDED).execute();
  return { object: 'reports_rebuild', program, authorizations: seen, facts_changed: changed, ...counts, ...points, campaign_days: campaigns.campaign_days };
}

const MONTH = sql.raw('substr(day, 1, 7)');
const QUARTER = sql.raw(`substr(day, 1, 4) || '-Q' || CAST(((CAST(substr(day, 6, 2) AS INTEGER) + 2) / 3) AS TEXT)`);
const YEAR = sql.raw('substr(day, 1, 4)');
const SPENDS = sql.raw('(purchases <> 0 OR gross_minor <> 0 OR refunds_minor <> 0)');

/** The rollups as sums of the facts (the incremental path must always agree with this). */
export async function rebuildCells(db: Db, program: string | null): Promise<Omit<RebuildResult, 'object' | 'program' | 'authorizations' | 'facts_changed' | 'points_cells' | 'points_members' | 'campaign_days'>> {
  const where = program ? sql`WHERE program_id = ${program}` : sql`WHERE 1 = 1`;
  for (const table of ['report_spend_cells', 'report_day_cells', 'report_heat_cells', 'report_card_cells']) {
    await sql`DELETE FROM ${sql.table(table)} ${where}`.execute(db);
  }
  const sums = sql.raw(SPEND_MEASURES.map((m) => `sum(${m})`).join(', '));
  const measures = sql.raw(SPEND_MEASURES.join(', '));
  const spendDims = sql.raw('place, merchant_key, mcc, tier, is_foreign, approved, decline_reason, stand_in, risk_flag');
  const dayDims = sql.raw('is_foreign, approved, decline_reason, stand_in, risk_flag');
  for (const [grain, bucket] of [['D', sql.raw('day')], ['M', MONTH]] as const) {
    await sql`INSERT INTO report_spend_cells (program_id, grain, bucket, ${spendDims}, merchant_name, ${measures})
      SELECT program_id, ${grain}, ${bucket}, ${spendDims}, max(merchant_name), ${sums} FROM report_facts ${where} GROUP BY program_id, ${bucket}, ${spendDims}`.execute(db);
    await sql`INSERT INTO report_day_cells (program_id, grain, bucket, ${dayDims}, ${measures})
      SELECT program_id, ${grain}, ${bucket}, ${dayDims}, ${sums} FROM report_facts ${where} GROUP BY program_id, ${bucket}, ${dayDims}`.execute(db);
    await sql`INSERT INTO report_heat_cells (program_id, grain, bucket, place, tier, weekday, hour, purchases, gross_minor, refunds_minor)
      SELECT program_id, ${grain}, ${bucket}, place, tier, weekday, hour, sum(purchases), sum(gross_minor), sum(refunds_minor)
      FROM report_facts ${where} AND ${SPENDS} GROUP BY program_id, ${bucket}, place, tier, weekday, hour`.execute(db);
    await sql`INSERT INTO report_heat_cells (program_id, grain, bucket, place, tier, weekday, hour, purchases, gross_minor, refunds_minor)
      SELECT program_id, ${grain}, ${bucket}, ${ALL}, tier, weekday, hour, sum(purchases), sum(gross_minor), sum(refunds_minor)
      FROM report_facts ${where} AND ${SPENDS} GROUP BY program_id, ${bucket}, tier, weekday, hour`.execute(db);
  }
  for (const [grain, bucket] of [['M', MONTH], ['Q', QUARTER], ['Y', YEAR]] as const) {
    await sql`INSERT INTO report_card_cells (program_id, grain, bucket, card_id, place, tier, mcc, cardholder_id, purchases, gross_minor, refunds_minor)
      SELECT program_id, ${grain}, ${bucket}, card_id, place, tier, mcc, max(cardholder_id), sum(purchases), sum(gross_minor), sum(refunds_minor)
      FROM report_facts ${where} AND ${SPENDS} GROUP BY program_id, ${bucket}, card_id, place, tier, mcc`.execute(db);
    await sql`INSERT INTO report_card_cells (program_id, grain, bucket, card_id, place, tier, mcc, cardholder_id, purchases, gross_minor, refunds_minor)
      SELECT program_id, ${grain}, ${bucket}, card_id, ${ALL}, tier, mcc, max(cardholder_id), sum(purchases), sum(gross_minor), sum(refunds_minor)
      FROM report_facts ${where} AND ${SPENDS} GROUP BY program_id, ${bucket}, card_id, tier, mcc`.execute(db);
    await sql`INSERT INTO report_card_cells (program_id, grain, bucket, card_id, place, tier, mcc, cardholder_id, purchases, gross_minor, refunds_minor)
      SELECT program_id, ${grain}, ${bucket}, card_id, ${ALL}, tier, ${ALL}, max(cardholder_id), sum(purchases), sum(gross_minor), sum(refunds_minor)
      FROM report_facts ${where} AND ${SPENDS} GROUP BY program_id, ${bucket}, card_id, tier`.execute(db);
  }
  await rebuildWeekCells(db, program);
  const count = async (table: string): Promise<number> => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)} ${where}`.execute(db)).rows[0]?.n ?? 0);
  return { spend_cells: await count('report_spend_cells'), day_cells: await count('report_day_cells'), heat_cells: await count('report_heat_cells'), card_cells: await count('report_card_cells') };
}

/** Weeks (Monday-based) are not a prefix of a date: summed week by week in code, portable SQL only. */
async function rebuildWeekCells(db: Db, program: string | null): Promise<void> {
  let programs = db.selectFrom('report_facts').select(['program_id', sql<string>`min(day)`.as('first'), sql<string>`max(day)`.as('last')]).groupBy('program_id');
  if (program) programs = programs.where('program_id', '=', program);
  for (const p of await programs.execute()) {
    for (let monday = weekBucket(p.first); monday <= p.last; monday = addDays(monday, 7)) {
      const rows = await db
        .selectFrom('report_facts')
        .select(['card_id', 'place', 'tier', 'mcc', sql<string>`max(cardholder_id)`.as('cardholder_id'), sql<number>`sum(purchases)`.as('purchases'), sql<number>`sum(gross_minor)`.as('gross_minor'), sql<number>`sum(refunds_minor)`.as('refunds_minor')])
        .where('program_id', '=', p.program_id)
        .where('day', '>=', monday)
        .where('day', '<=', addDays(monday, 6))
        .where(sql<boolean>`${SPENDS}`)
        .groupBy(['card_id', 'place', 'tier', 'mcc'])
        .execute();
      // Each card's branch cells, its categories over every branch, and its total.
      const totals = new Map<string, { card_id: string; tier: string; mcc: string; cardholder_id: string; purchases: number; gross_minor: number; refunds_minor: number }>();
      for (const r of rows) {
        for (const mcc of [r.mcc, ALL]) {
          const key = `${r.card_id}\u0001${r.tier}\u0001${mcc}`;
          const t = totals.get(key) ?? { card_id: r.card_id, tier: r.tier, mcc, cardholder_id: r.cardholder_id, purchases: 0, gross_minor: 0, refunds_minor: 0 };
          t.purchases += Number(r.purchases);
          t.gross_minor += Number(r.gross_minor);
          t.refunds_minor += Number(r.refunds_minor);
          totals.set(key, t);
        }
      }
      const cells = [
        ...rows.map((r) => ({ ...r, purchases: Number(r.purchases), gross_minor: Number(r.gross_minor), refunds_minor: Number(r.refunds_minor) })),
        ...[...totals.values()].map((t) => ({ ...t, place: ALL })),
      ];
      for (let i = 0; i < cells.length; i += 200) {
        await db
          .insertInto('report_card_cells')
          .values(cells.slice(i, i + 200).map((r) => ({ ...r, program_id: p.program_id, grain: 'W', bucket: monday })))
          .execute();
      }
    }
  }
}
