import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { ReportPointsCellsTable, ReportPointsMembersTable, ReportPointsRedeemersTable } from './report-tables.js';
import { ALL } from './place.js';
import { ROLLED_POINTS_KINDS } from './points-record.js';
import { allTierChanges, tierAtEntry } from './points-tiers.js';
import { localParts } from './zone-time.js';

/**
 * The points rollup recomputed from the points entries: for a database written before the rollup
 * existed (migration 2026-11-26-17 flags it, the reports-rebuild-if-needed job calls this), and in
 * `reports-rebuild`. Each entry's tier is the member's tier when it was written, from the tier
 * change events (points-tiers.ts). The incremental path (points-record.ts) must always agree.
 */
export const POINTS_REBUILD_NEEDED = 'reports.points_rebuild_needed';

const PAGE = 5_000;
const CHUNK = 200;

export async function rebuildPointsCells(db: Db, program: string | null): Promise<{ points_cells: number; points_members: number }> {
  for (const table of ['report_points_cells', 'report_points_members', 'report_points_redeemers'] as const) {
    let q = db.deleteFrom(table);
    if (program) q = q.where('program_id', '=', program);
    await q.execute();
  }

  const changes = await allTierChanges(db);
  let programsQ = db.selectFrom('programs').select(['id', 'timezone']);
  if (program) programsQ = programsQ.where('id', '=', program);
  const cells = new Map<string, ReportPointsCellsTable>();
  const members = new Map<string, ReportPointsMembersTable>();
  for (const p of await programsQ.execute()) {
    for (const kind of ROLLED_POINTS_KINDS) {
      // Paged in the index's order (program, kind, created_at), ties broken by id.
      let after: { at: string; id: string } | null = null;
      for (;;) {
        let q = db
          .selectFrom('rewards_points_entries as e')
          .leftJoin('rewards_members as m', 'm.id', 'e.account_id')
          .select(['e.id', 'e.account_id', 'e.points', 'e.created_at', 'm.tier_id'])
          .where('e.program_id', '=', p.id)
          .where('e.kind', '=', kind)
          // The index holds every kind but 'earn' (partial): SQLite uses it only when the query names that.
          .where(sql<boolean>`e.kind <> 'earn'`)
          .orderBy('e.created_at')
          .orderBy('e.id')
          .limit(PAGE);
        if (after) {
          const a = after;
          // `created_at >= ` on its own lets the index seek; the rest skips the rows already read.
          q = q.where('e.created_at', '>=', a.at).where((eb) => eb.or([eb('e.created_at', '>', a.at), eb('e.id', '>', a.id)]));
        }
        const rows = await q.execute();
        for (const r of rows) {
          const day = localParts(Date.parse(r.created_at), p.timezone).day;
          const tier = tierAtEntry(changes.get(r.account_id), r.id, r.tier_id);
          for (const [grain, bucket] of [['D', day], ['M', day.slice(0, 7)]] as const) {
            const key = `${grain}|${bucket}|${kind}|${tier}`;
            const cell = cells.get(key) ?? { program_id: p.id, grain, bucket, kind, tier, points: 0, entries: 0 };
            cell.points += r.points;
            cell.entries += 1;
            cells.set(key, cell);
          }
          if (kind === 'spend') {
            const mkey = `${r.account_id}|${day}|${tier}`;
            const member = members.get(mkey) ?? { program_id: p.id, member_id: r.account_id, day, tier, spends: 0 };
            member.spends += 1;
            members.set(mkey, member);
          }
        }
        if (rows.length < PAGE) break;
        const last = rows[rows.length - 1]!;
        after = { at: last.created_at, id: last.id };
      }
    }
    await insertAll(db, 'report_points_cells', [...cells.values()]);
    await insertAll(db, 'report_points_members', [...members.values()]);
    const redeemers = new Map<string, ReportPointsRedeemersTable>();
    for (const m of members.values()) {
      for (const tier of [m.tier, ALL]) {
        const key = `${tier}|${m.member_id}`;
        const r = redeemers.get(key);
        if (!r) redeemers.set(key, { program_id: p.id, tier, member_id: m.member_id, last_day: m.day });
        else if (m.day > r.last_day) r.last_day = m.day;
      }
    }
    await insertAll(db, 'report_points_redeemers', [...redeemers.values()]);
    cells.clear();
    members.clear();
  }
  const count = async (table: 'report_points_cells' | 'report_points_members'): Promise<number> => {
    let q = db.selectFrom(table).select(sql<number>`count(*)`.as('n'));
    if (program) q = q.where('program_id', '=', program);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  // Only a rebuild of every program fills what the flag says is missing.
  if (!program) await db.deleteFrom('settings').where('key', '=', POINTS_REBUILD_NEEDED).execute();
  return { points_cells: await count('report_points_cells'), points_members: await count('report_points_members') };
}

async function insertAll(db: Db, table: 'report_points_cells' | 'report_points_members' | 'report_points_redeemers', rows: ReadonlyArray<ReportPointsCellsTable | ReportPointsMembersTable | ReportPointsRedeemersTable>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await db.insertInto(table).values(rows.slice(i, i + CHUNK) as never).execute();
}
