import { sql, type Kysely } from 'kysely';

/**
 * Frozen: the reports' rollups, second shape (measured on 10M ledger entries).
 *
 * - report_card_cells gets week (W, Monday-based), quarter (Q) and the merchant category in its
 *   key: a card ranking over any period reads a handful of buckets per card instead of every
 *   month and every edge day, and corporate spend per employee and category comes from it.
 * - report_day_cells: a narrow timeline per program and day (or month) and outcome, for the series
 *   and totals asked without a branch or tier filter (a few rows a day instead of hundreds).
 *
 * Rollups are derived data: the card rollup is recreated empty. Databases that already hold
 * facts are flagged (settings reports.rebuild_needed) for `reports-rebuild`.
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
    .addPrimaryKeyConstraint('report_card_cells_pk', ['program_id', 'grain', 'bucket', 'card_id', 'place', 'tier', 'mcc'])
    .execute();

  let table = db.schema
    .createTable('report_day_cells')
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('is_foreign', 'integer', (c) => c.notNull())
    .addColumn('approved', 'integer', (c) => c.notNull())
    .addColumn('decline_reason', 'text', (c) => c.notNull())
    .addColumn('stand_in', 'integer', (c) => c.notNull())
    .addColumn('risk_flag', 'integer', (c) => c.notNull());
  for (const m of ['decisions', 'requested_minor', 'approved_minor', 'purchases', 'gross_minor', 'refunds_minor', 'foreign_minor', 'fx_fee_minor', 'fee_minor', 'points_earned', 'points_reversed', 'cashback_minor']) {
    table = table.addColumn(m, 'integer', (c) => c.notNull());
  }
  await table.addPrimaryKeyConstraint('report_day_cells_pk', ['program_id', 'grain', 'bucket', 'is_foreign', 'approved', 'decline_reason', 'stand_in', 'risk_flag']).execute();

  const facts = await sql<{ n: number }>`SELECT count(*) AS n FROM report_facts`.execute(db);
  if (Number(facts.rows[0]?.n ?? 0) > 0) {
    await db.insertInto('settings').values({ key: 'reports.rebuild_needed', value: '1' }).onConflict((oc) => oc.column('key').doUpdateSet({ value: '1' })).execute();
  }
}
