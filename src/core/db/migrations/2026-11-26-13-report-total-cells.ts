import { sql, type Kysely } from 'kysely';

/**
 * Frozen: total cells in the card and heat rollups (measured on 10M ledger entries).
 *
 * Each fact now adds to its branch and category's card cell and to a total cell (place = mcc =
 * '*'), and to its branch's heat cell and a total heat cell (place = '*'). The branch comes right
 * after the bucket in the card rollup's key, so a ranking without a branch filter reads only the
 * totals (one row per card and bucket) and one with a branch filter only that branch's rows.
 *
 * SQLite cannot change a primary key: the card rollup is recreated (empty) and the heat rollup
 * emptied, since cells without their totals would make unfiltered reports read nothing. Rollups
 * are derived data: databases that already hold facts are flagged (settings
 * reports.rebuild_needed) and the rollups are re-aggregated by `reports-rebuild`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_card_cells').execute();
  await db.schema
    .createTable('report_card_cells')
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('card_id', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('mcc', 'text', (c) => c.notNull())
    .addColumn('cardholder_id', 'text', (c) => c.notNull())
    .addColumn('purchases', 'integer', (c) => c.notNull())
    .addColumn('gross_minor', 'integer', (c) => c.notNull())
    .addColumn('refunds_minor', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_card_cells_pk', ['program_id', 'grain', 'bucket', 'place', 'mcc', 'card_id', 'tier'])
    .execute();

  await sql`DELETE FROM report_heat_cells`.execute(db);

  const facts = await sql<{ n: number }>`SELECT count(*) AS n FROM report_facts`.execute(db);
  if (Number(facts.rows[0]?.n ?? 0) > 0) {
    await db.insertInto('settings').values({ key: 'reports.rebuild_needed', value: '1' }).onConflict((oc) => oc.column('key').doUpdateSet({ value: '1' })).execute();
  }
}
