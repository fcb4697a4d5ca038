import { sql, type Kysely } from 'kysely';

/**
 * Frozen: the double-entry ledger (accounts with their balances, immutable transfers), the
 * authorization decisions, transactions (captures and refunds), top-ups and other funding
 * movements, per-account usage counters for limit windows, FX rates and fee charges.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Balances live on the account row and change in the same write as the transfer that moves them;
  // `ledger-check` re-derives them from the transfers. The CHECKs make the database itself refuse an
  // overdraft of an account flagged debits_must_not_exceed_credits (flag 1), whatever the writer.
  await db.schema
    .createTable('ledger_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('flags', 'integer', (c) => c.notNull())
    .addColumn('credit_limit', 'integer')
    .addColumn('debits_pending', 'integer', (c) => c.notNull())
    .addColumn('debits_posted', 'integer', (c) => c.notNull())
    .addColumn('credits_pending', 'integer', (c) => c.notNull())
    .addColumn('credits_posted', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('ledger_accounts_non_negative', sql`debits_pending >= 0 AND debits_posted >= 0 AND credits_pending >= 0 AND credits_posted >= 0`)
    .addCheckConstraint('ledger_accounts_no_overdraft', sql`(flags & 1) = 0 OR debits_pending + debits_posted <= credits_posted`)
    .execute();
  await db.schema.createIndex('ledger_accounts_owner').on('ledger_accounts').columns(['owner_id', 'code']).execute();

  // Immutable: never updated or deleted. A pending transfer is resolved by exactly one later
  // transfer (post or void) naming it in pending_id, which the unique index enforces.
  await db.schema
    .createTable('ledger_transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('debit_account_id', 'text', (c) => c.notNull().references('ledger_accounts.id'))
    .addColumn('credit_account_id', 'text', (c) => c.notNull().references('ledger_accounts.id'))
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('pending_id', 'text', (c) => c.unique())
    .addColumn('authorization_id', 'text')
    .addColumn('reference_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('ledger_transfers_amount', sql`amount >= 0`)
    .execute();
  await db.schema.createIndex('ledger_transfers_debit').on('ledger_transfers').columns(['debit_account_id', 'id']).execute();
  await db.schema.createIndex('ledger_transfers_credit').on('ledger_transfers').columns(['credit_account_id', 'id']).execute();
  await db.schema.createIndex('ledger_transfers_authorization').on('ledger_transfers').columns(['authorization_id']).execute();

  await db.schema
    .createTable('authorizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.unique())
    .addColumn('card_id', 'text')
    .addColumn('account_id', 'text')
    .addColumn('cardholder_id', 'text')
    .addColumn('program_id', 'text')
    .addColumn('card_last4', 'text')
    .addColumn('approved', 'integer', (c) => c.notNull())
    .addColumn('response_code', 'text', (c) => c.notNull())
    .addColumn('decline_reason', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_amount', 'integer', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('merchant_amount', 'integer', (c) => c.notNull())
    .addColumn('merchant_currency', 'text', (c) => c.notNull())
    .addColumn('fx_rate', 'text')
    .addColumn('pending_amount', 'integer', (c) => c.notNull())
    .addColumn('captured_amount', 'integer', (c) => c.notNull())
    .addColumn('reversed_amount', 'integer', (c) => c.notNull())
    .addColumn('refunded_amount', 'integer', (c) => c.notNull())
    .addColumn('fees', 'text', (c) => c.notNull())
    .addColumn('holds', 'text', (c) => c.notNull())
    .addColumn('windows', 'text', (c) => c.notNull())
    .addColumn('merchant_id', 'text')
    .addColumn('merchant_name', 'text', (c) => c.notNull())
    .addColumn('merchant_mcc', 'text', (c) => c.notNull())
    .addColumn('merchant_country', 'text', (c) => c.notNull())
    .addColumn('merchant_city', 'text')
    .addColumn('location_id', 'text')
    .addColumn('entry_mode', 'text')
    .addColumn('partial_approval', 'integer', (c) => c.notNull())
    .addColumn('stand_in', 'integer', (c) => c.notNull())
    .addColumn('risk_score', 'integer')
    .addColumn('trace', 'text', (c) => c.notNull())
    .addColumn('request_history', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .execute();
  await db.schema.createIndex('authorizations_card').on('authorizations').columns(['card_id', 'id']).execute();
  await db.schema.createIndex('authorizations_account').on('authorizations').columns(['account_id', 'approved', 'id']).execute();
  await db.schema.createIndex('authorizations_program').on('authorizations').columns(['program_id', 'id']).execute();
  await db.schema.createIndex('authorizations_due').on('authorizations').columns(['status', 'expires_at']).execute();

  await db.schema
    .createTable('transactions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('authorization_id', 'text', (c) => c.notNull().references('authorizations.id'))
    .addColumn('capture_id', 'text')
    .addColumn('card_id', 'text', (c) => c.notNull())
    .addColumn('cardholder_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('merchant_amount', 'integer', (c) => c.notNull())
    .addColumn('merchant_currency', 'text', (c) => c.notNull())
    .addColumn('refunded_amount', 'integer', (c) => c.notNull())
    .addColumn('fees', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('transactions_card').on('transactions').columns(['card_id', 'id']).execute();
  await db.schema.createIndex('transactions_authorization').on('transactions').columns(['authorization_id', 'id']).execute();

  await db.schema
    .createTable('funding_movements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('card_id', 'text')
    .addColumn('company_id', 'text')
    .addColumn('ledger_account_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('transfer_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('funding_movements_client').on('funding_movements').columns(['type', 'client_id']).unique().execute();
  await db.schema.createIndex('funding_movements_card').on('funding_movements').columns(['card_id', 'id']).execute();

  // One row per account, window and MCC: limit checks read only the current windows' rows, so a
  // card with a long history decides as fast as a new one.
  await db.schema
    .createTable('usage_counters')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('window_key', 'text', (c) => c.notNull())
    .addColumn('mcc', 'text', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_counters_pk', ['account_id', 'window_key', 'mcc'])
    .execute();

  await db.schema
    .createTable('fx_rates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('base', 'text', (c) => c.notNull())
    .addColumn('quote', 'text', (c) => c.notNull())
    .addColumn('rate', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('effective_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fx_rates_pair').on('fx_rates').columns(['base', 'quote', 'effective_at']).execute();

  await db.schema
    .createTable('fee_charges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('card_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('amount', 'integer', (c) => c.notNull())
    .addColumn('collected_amount', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('transfer_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fee_charges_once').on('fee_charges').columns(['account_id', 'kind', 'period']).unique().execute();
}
