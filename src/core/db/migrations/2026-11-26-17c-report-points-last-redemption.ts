import { sql, type Kysely } from 'kysely';

/**
 * Frozen: each member's last redemption day, per tier and over every tier ('*') (measured on 10M
 * ledger entries, where a look-up per member took 40 ms of the loyalty report).
 *
 * A period that reaches the last redemption of the program (the usual one: up to today) has as
 * redeeming members those whose last redemption is in it: a count over an index range instead of
 * a seek per member. Derived from the points entries: a database that has spend entries is
 * flagged (settings reports.points_rebuild_needed) for the background rebuild.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_points_redeemers')
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('last_day', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_points_redeemers_pk', ['program_id', 'tier', 'member_id'])
    .modifyEnd(sql`WITHOUT ROWID`)
    .execute();
  await db.schema.createIndex('report_points_redeemers_last').on('report_points_redeemers').columns(['program_id', 'tier', 'last_day']).execute();
  const spends = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM rewards_points_entries WHERE kind = 'spend' LIMIT 1)`.execute(db);
  if (Number(spends.rows[0]?.n ?? 0) > 0) {
    await db.insertInto('settings').values({ key: 'reports.points_rebuild_needed', value: '1' }).onConflict((oc) => oc.column('key').doUpdateSet({ value: '1' })).execute();
  }
}
