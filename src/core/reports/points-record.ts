import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { Prepared, PreparedInsert } from '../ledger/prepared.js';
import type { ReportPointsCellsTable, ReportPointsMembersTable, ReportPointsRedeemersTable } from './report-tables.js';
import { ALL } from './place.js';
import { localParts } from './zone-time.js';

/**
 * Keeps the points rollup (report_points_cells, report_points_members, report_points_redeemers) in step with the points
 * ledger, in the same transaction: the ledger's single insert of an entry calls
 * `recordPointsForReports` with the row it wrote. Entries are append-only, so an entry only ever
 * adds to its cells. A purchase's own points (earn, reverse) are not rolled up here: the facts
 * carry them, counted at the purchase's moment, and the write path of a purchase pays nothing.
 */
export const ROLLED_POINTS_KINDS = ['bonus', 'spend', 'restore', 'expire', 'adjust', 'partner_in', 'partner_out'] as const;
export type RolledPointsKind = (typeof ROLLED_POINTS_KINDS)[number];
const ROLLED = new Set<string>(ROLLED_POINTS_KINDS);

export function isRolledKind(kind: string): kind is RolledPointsKind {
  return ROLLED.has(kind);
}

/** The columns of a points entry the rollup needs. */
export interface PointsEntryForReports {
  program_id: string;
  account_id: string;
  kind: string;
  points: number;
  created_at: string;
}

// The program's time zone and the member's tier now (the tier the entry is written under).
const entryContext = new Prepared(2, (db: Db, memberId: string, programId: string) =>
  db
    .selectFrom('programs as p')
    .leftJoin('rewards_members as m', (j) => j.on('m.id', '=', memberId))
    .select(['p.timezone', 'm.tier_id'])
    .where('p.id', '=', programId),
);

const CELL_KEY = ['program_id', 'grain', 'bucket', 'kind', 'tier'] as const;
const MEMBER_KEY = ['program_id', 'member_id', 'day', 'tier'] as const;

const upsertCell = new PreparedInsert<ReportPointsCellsTable & Record<string, unknown>>('report_points_cells', [...CELL_KEY, 'points', 'entries'], (oc: any) =>
  oc.columns([...CELL_KEY]).doUpdateSet((eb: any) => ({
    points: eb('report_points_cells.points', '+', eb.ref('excluded.points')),
    entries: eb('report_points_cells.entries', '+', eb.ref('excluded.entries')),
  })),
);
const upsertMember = new PreparedInsert<ReportPointsMembersTable & Record<string, unknown>>('report_points_members', [...MEMBER_KEY, 'spends'], (oc: any) =>
  oc.columns([...MEMBER_KEY]).doUpdateSet((eb: any) => ({ spends: eb('report_points_members.spends', '+', eb.ref('excluded.spends')) })),
);

const upsertRedeemer = new PreparedInsert<ReportPointsRedeemersTable & Record<string, unknown>>('report_points_redeemers', ['program_id', 'tier', 'member_id', 'last_day'], (oc: any) =>
  oc.columns(['program_id', 'tier', 'member_id']).doUpdateSet(() => ({
    last_day: sql`CASE WHEN excluded.last_day > report_points_redeemers.last_day THEN excluded.last_day ELSE report_points_redeemers.last_day END`,
  })),
);

export async function recordPointsForReports(db: Db, entry: PointsEntryForReports): Promise<void> {
  if (!ROLLED.has(entry.kind)) return;
  const [context] = await entryContext.execute(db, entry.account_id, entry.program_id);
  if (!context) return;
  const day = localParts(Date.parse(entry.created_at), context.timezone).day;
  const tier = context.tier_id ?? '';
  for (const [grain, bucket] of [['D', day], ['M', day.slice(0, 7)]] as const) {
    await upsertCell.execute(db, { program_id: entry.program_id, grain, bucket, kind: entry.kind, tier, points: entry.points, entries: 1 });
  }
  if (entry.kind === 'spend') {
    await upsertMember.execute(db, { program_id: entry.program_id, member_id: entry.account_id, day, tier, spends: 1 });
    for (const t of [tier, ALL]) await upsertRedeemer.execute(db, { program_id: entry.program_id, tier: t, member_id: entry.account_id, last_day: day });
  }
}
