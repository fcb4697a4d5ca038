import type { Kysely } from 'kysely';

/**
 * Frozen: stand-in advices (decisions the network must still learn), the differences the network
 * reported back, and imported settlement (clearing) files with their items.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('network_advices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('authorization_id', 'text', (c) => c.notNull().unique())
    .addColumn('card_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('network_reference', 'text')
    .addColumn('rrn', 'text')
    .addColumn('network_response_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .execute();
  await db.schema.createIndex('network_advices_due').on('network_advices').columns(['status', 'id']).execute();
  await db.schema.createIndex('network_advices_rrn').on('network_advices').column('rrn').execute();
  await db.schema.createIndex('network_advices_reference').on('network_advices').column('network_reference').execute();

  await db.schema
    .createTable('network_discrepancies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('advice_id', 'text', (c) => c.notNull().unique())
    .addColumn('authorization_id', 'text', (c) => c.notNull())
    .addColumn('card_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('local_approved', 'integer', (c) => c.notNull())
    .addColumn('local_response_code', 'text', (c) => c.notNull())
    .addColumn('network_approved', 'integer', (c) => c.notNull())
    .addColumn('network_response_code', 'text', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('resolution_note', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('network_discrepancies_status').on('network_discrepancies').columns(['status', 'id']).execute();

  await db.schema
    .createTable('settlement_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_id', 'text', (c) => c.notNull().unique())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('network', 'text')
    .addColumn('settlement_date', 'text')
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('matched', 'integer', (c) => c.notNull())
    .addColumn('captured', 'integer', (c) => c.notNull())
    .addColumn('exceptions', 'integer', (c) => c.notNull())
    .addColumn('total_amount', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('settlement_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('import_id', 'text', (c) => c.notNull().references('settlement_imports.id'))
    .addColumn('record_id', 'text', (c) => c.notNull().unique())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('authorization_id', 'text')
    .addColumn('rrn', 'text')
    .addColumn('card_last4', 'text', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('settled_at', 'text', (c) => c.notNull())
    .addColumn('interchange_fee', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('problem', 'text')
    .addColumn('detail', 'text')
    .addColumn('transaction_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('resolution_note', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('settlement_items_import').on('settlement_items').columns(['import_id', 'line']).execute();
  await db.schema.createIndex('settlement_items_status').on('settlement_items').columns(['status', 'id']).execute();
  await db.schema.createIndex('settlement_items_authorization').on('settlement_items').column('authorization_id').execute();
}
