import { sql, type Kysely } from 'kysely';

/**
 * Frozen: who redeemed, keyed by member (measured on 10M ledger entries).
 *
 * Migration 17 kept the redeeming members per day and month, so counting the members who
 * redeemed in a year meant a distinct count over every member of every month (120,000 rows when
 * members redeem every month). Keyed by program, member and day instead, the count is one seek
 * per member ("did they redeem between these days?"), whatever the number of redemptions; and by
 * day, for a short period with fewer redemptions than members (a distinct count of those). The
 * rows are derived from the points entries: the table is recreated empty, and a database that has
 * spend entries is flagged (settings reports.points_rebuild_needed) for the background rebuild.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_points_members').execute();
  await db.schema
    .createTable('report_points_members')
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('spends', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_points_members_pk', ['program_id', 'member_id', 'day', 'tier'])
    .modifyEnd(sql`WITHOUT ROWID`)
    .execute();
  await db.schema.createIndex('report_points_members_day').on('report_points_members').columns(['program_id', 'day', 'member_id', 'tier']).execute();
  const spends = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM rewards_points_entries WHERE kind = 'spend' LIMIT 1)`.execute(db);
  if (Number(spends.rows[0]?.n ?? 0) > 0) {
    await db.insertInto('settings').values({ key: 'reports.points_rebuild_needed', value: '1' }).onConflict((oc) => oc.column('key').doUpdateSet({ value: '1' })).execute();
  }
}
