import type { Kysely } from 'kysely';

/**
 * Frozen: reports and exports.
 *
 * - report_facts: one narrow row per authorization decision, its dimensions resolved once (the
 *   program's local day, hour and weekday, branch, tier at the time) and its money kept in step
 *   with the authorization (captured, refunded, fees, points). The finest grain of every report and
 *   the source the rollups are rebuilt from.
 * - report_*_cells: rollups by day (D) and month (M) or month and year (Y), kept in the same write
 *   as the facts by adding deltas, so a report over years reads thousands of rows, not millions.
 *   Dimension columns are NOT NULL ('' for none) so that they can be part of the primary key.
 * - accounting_settings, transaction_annotations, export_schedules: the accounting export's
 *   account mapping, the expense fields staff fill in, scheduled exports to a folder.
 *
 * Indexes on other domains' tables are for reading periods: the journal export reads ledger
 * transfers by date, the loyalty report reads non-purchase points and cashback by kind and date.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_facts')
    .addColumn('authorization_id', 'text', (c) => c.primaryKey())
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('card_id', 'text', (c) => c.notNull())
    .addColumn('cardholder_id', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text')
    .addColumn('merchant_key', 'text', (c) => c.notNull())
    .addColumn('merchant_name', 'text', (c) => c.notNull())
    .addColumn('mcc', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('hour', 'integer', (c) => c.notNull())
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('is_foreign', 'integer', (c) => c.notNull())
    .addColumn('approved', 'integer', (c) => c.notNull())
    .addColumn('response_code', 'text', (c) => c.notNull())
    .addColumn('decline_reason', 'text', (c) => c.notNull())
    .addColumn('stand_in', 'integer', (c) => c.notNull())
    .addColumn('risk_flag', 'integer', (c) => c.notNull())
    .addColumn('risk_score', 'integer')
    .addColumn('decisions', 'integer', (c) => c.notNull())
    .addColumn('requested_minor', 'integer', (c) => c.notNull())
    .addColumn('approved_minor', 'integer', (c) => c.notNull())
    .addColumn('purchases', 'integer', (c) => c.notNull())
    .addColumn('gross_minor', 'integer', (c) => c.notNull())
    .addColumn('refunds_minor', 'integer', (c) => c.notNull())
    .addColumn('foreign_minor', 'integer', (c) => c.notNull())
    .addColumn('fx_fee_minor', 'integer', (c) => c.notNull())
    .addColumn('fee_minor', 'integer', (c) => c.notNull())
    .addColumn('points_earned', 'integer', (c) => c.notNull())
    .addColumn('points_reversed', 'integer', (c) => c.notNull())
    .addColumn('cashback_minor', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Period scans of a program (edge days of per-card reports, corporate reports, exports); and a
  // card's or cardholder's own history (card filter, statements).
  await db.schema.createIndex('report_facts_program_day').on('report_facts').columns(['program_id', 'day', 'card_id', 'cardholder_id', 'place', 'tier', 'purchases', 'gross_minor', 'refunds_minor']).execute();
  await db.schema.createIndex('report_facts_card_day').on('report_facts').columns(['card_id', 'day']).execute();
  await db.schema.createIndex('report_facts_cardholder_day').on('report_facts').columns(['cardholder_id', 'day']).execute();

  const measures = (t: any) =>
    t
      .addColumn('decisions', 'integer', (c: any) => c.notNull())
      .addColumn('requested_minor', 'integer', (c: any) => c.notNull())
      .addColumn('approved_minor', 'integer', (c: any) => c.notNull())
      .addColumn('purchases', 'integer', (c: any) => c.notNull())
      .addColumn('gross_minor', 'integer', (c: any) => c.notNull())
      .addColumn('refunds_minor', 'integer', (c: any) => c.notNull())
      .addColumn('foreign_minor', 'integer', (c: any) => c.notNull())
      .addColumn('fx_fee_minor', 'integer', (c: any) => c.notNull())
      .addColumn('fee_minor', 'integer', (c: any) => c.notNull())
      .addColumn('points_earned', 'integer', (c: any) => c.notNull())
      .addColumn('points_reversed', 'integer', (c: any) => c.notNull())
      .addColumn('cashback_minor', 'integer', (c: any) => c.notNull());

  // Spending and decisions by day or month, branch, merchant, category, tier, currency and outcome.
  await measures(
    db.schema
      .createTable('report_spend_cells')
      .addColumn('program_id', 'text', (c) => c.notNull())
      .addColumn('grain', 'text', (c) => c.notNull())
      .addColumn('bucket', 'text', (c) => c.notNull())
      .addColumn('place', 'text', (c) => c.notNull())
      .addColumn('merchant_key', 'text', (c) => c.notNull())
      .addColumn('mcc', 'text', (c) => c.notNull())
      .addColumn('tier', 'text', (c) => c.notNull())
      .addColumn('is_foreign', 'integer', (c) => c.notNull())
      .addColumn('approved', 'integer', (c) => c.notNull())
      .addColumn('decline_reason', 'text', (c) => c.notNull())
      .addColumn('stand_in', 'integer', (c) => c.notNull())
      .addColumn('risk_flag', 'integer', (c) => c.notNull())
      // Not part of the key: the name last seen for the merchant (acquirers spell names differently).
      .addColumn('merchant_name', 'text', (c) => c.notNull()),
  )
    .addPrimaryKeyConstraint('report_spend_cells_pk', ['program_id', 'grain', 'bucket', 'place', 'merchant_key', 'mcc', 'tier', 'is_foreign', 'approved', 'decline_reason', 'stand_in', 'risk_flag'])
    .execute();

  // Purchases by hour of day and weekday (the heat map), by day or month, branch and tier.
  await db.schema
    .createTable('report_heat_cells')
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('hour', 'integer', (c) => c.notNull())
    .addColumn('purchases', 'integer', (c) => c.notNull())
    .addColumn('gross_minor', 'integer', (c) => c.notNull())
    .addColumn('refunds_minor', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_heat_cells_pk', ['program_id', 'grain', 'bucket', 'place', 'tier', 'weekday', 'hour'])
    .execute();

  // Per card (and its cardholder) by month and year; days come from report_facts.
  await db.schema
    .createTable('report_card_cells')
    .addColumn('program_id', 'text', (c) => c.notNull())
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('card_id', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('cardholder_id', 'text', (c) => c.notNull())
    .addColumn('purchases', 'integer', (c) => c.notNull())
    .addColumn('gross_minor', 'integer', (c) => c.notNull())
    .addColumn('refunds_minor', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_card_cells_pk', ['program_id', 'grain', 'bucket', 'card_id', 'place', 'tier'])
    .execute();

  // What a point is worth in money, per program (for the liability); null: derived from the catalogue.
  await db.schema
    .createTable('report_settings')
    .addColumn('program_id', 'text', (c) => c.primaryKey())
    .addColumn('point_value_minor', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('accounting_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('timezone', 'text')
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('transaction_annotations')
    .addColumn('transaction_id', 'text', (c) => c.primaryKey())
    .addColumn('authorization_id', 'text', (c) => c.notNull())
    .addColumn('card_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('notes', 'text')
    .addColumn('receipt_ref', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('transaction_annotations_authorization').on('transaction_annotations').columns(['authorization_id']).execute();

  await db.schema
    .createTable('export_schedules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('every', 'text', (c) => c.notNull())
    .addColumn('filters', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('next_run_at', 'text', (c) => c.notNull())
    .addColumn('last_run_at', 'text')
    .addColumn('last_file', 'text')
    .addColumn('last_error', 'text')
    .addColumn('runs', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('export_schedules_due').on('export_schedules').columns(['status', 'next_run_at']).execute();

  await db.schema.createIndex('ledger_transfers_created').on('ledger_transfers').columns(['created_at']).execute();
  await db.schema
    .createIndex('rewards_points_entries_program_kind')
    .on('rewards_points_entries')
    .columns(['program_id', 'kind', 'created_at', 'points', 'account_id'])
    .execute();
  await db.schema
    .createIndex('rewards_cashback_entries_program_kind')
    .on('rewards_cashback_entries')
    .columns(['program_id', 'kind', 'created_at', 'amount_minor'])
    .execute();
}
