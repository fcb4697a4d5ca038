import { sql, type Kysely } from 'kysely';

/**
 * Frozen: a points rollup for the loyalty report (measured on 10M ledger entries, where reading
 * the points entries themselves took 300-600 ms).
 *
 * - report_points_cells: the points ledger's movements other than a purchase's own points
 *   (bonus, spend, restore, expire, adjust, partner_in, partner_out) summed per program, local
 *   day (grain D) or month (M), kind and the member's tier when the entry was written. Kept by the
 *   points ledger's write, in its transaction (src/core/reports/points-record.ts).
 * - report_points_members: who redeemed (spend entries) per program, day or month and tier, so
 *   that the members who redeemed in any period are counted without reading the entries.
 * - rewards_members by (program, tier) and (program, enrolment time, tier): the loyalty report's
 *   members per tier and new members read an index range instead of every member.
 *
 * Entries written before this version are not in the rollup: a database that has some is flagged
 * (settings reports.points_rebuild_needed) and the reports-rebuild-if-needed job fills it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_points_cells')
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_points_cells_pk', ['program_id', 'grain', 'bucket', 'kind', 'tier'])
    .modifyEnd(sql`WITHOUT ROWID`)
    .execute();
  await db.schema
    .createTable('report_points_members')
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('spends', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_points_members_pk', ['program_id', 'grain', 'bucket', 'tier', 'member_id'])
    .modifyEnd(sql`WITHOUT ROWID`)
    .execute();
  await db.schema.createIndex('rewards_members_program_tier').on('rewards_members').columns(['program_id', 'tier_id']).execute();
  await db.schema.createIndex('rewards_members_program_created').on('rewards_members').columns(['program_id', 'created_at', 'tier_id']).execute();

  const entries = await sql<{ n: number }>`
    SELECT count(*) AS n FROM (
      SELECT 1 FROM rewards_points_entries
      WHERE kind IN ('bonus', 'spend', 'restore', 'expire', 'adjust', 'partner_in', 'partner_out')
      LIMIT 1
    )`.execute(db);
  if (Number(entries.rows[0]?.n ?? 0) > 0) {
    await db.insertInto('settings').values({ key: 'reports.points_rebuild_needed', value: '1' }).onConflict((oc) => oc.column('key').doUpdateSet({ value: '1' })).execute();
  }
}
