import type { Selectable } from 'kysely';

/**
 * Table interfaces of migration 2026-11-25-04 (ledger, authorizations, transactions, funding,
 * usage counters, FX rates, fee charges). Registered one line each in db/schema.ts.
 */
export interface LedgerAccountsTable {
  id: string;
  code: string;
  owner_id: string | null;
  currency: string;
  flags: number;
  credit_limit: number | null;
  debits_pending: number;
  debits_posted: number;
  credits_pending: number;
  credits_posted: number;
  created_at: string;
}

export interface LedgerTransfersTable {
  id: string;
  kind: string;
  code: string;
  debit_account_id: string;
  credit_account_id: string;
  amount: number;
  currency: string;
  pending_id: string | null;
  authorization_id: string | null;
  reference_id: string | null;
  created_at: string;
}

export interface AuthorizationsTable {
  id: string;
  client_id: string | null;
  card_id: string | null;
  account_id: string | null;
  cardholder_id: string | null;
  program_id: string | null;
  card_last4: string | null;
  approved: number;
  response_code: string;
  decline_reason: string | null;
  status: string;
  requested_amount: number;
  amount: number;
  currency: string;
  merchant_amount: number;
  merchant_currency: string;
  fx_rate: string | null;
  pending_amount: number;
  captured_amount: number;
  reversed_amount: number;
  refunded_amount: number;
  fees: string;
  holds: string;
  windows: string;
  merchant_id: string | null;
  merchant_name: string;
  merchant_mcc: string;
  merchant_country: string;
  merchant_city: string | null;
  location_id: string | null;
  entry_mode: string | null;
  partial_approval: number;
  stand_in: number;
  risk_score: number | null;
  trace: string;
  request_history: string;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
}

export interface TransactionsTable {
  id: string;
  client_id: string | null;
  type: string;
  authorization_id: string;
  capture_id: string | null;
  card_id: string;
  cardholder_id: string;
  amount: number;
  currency: string;
  merchant_amount: number;
  merchant_currency: string;
  refunded_amount: number;
  fees: string;
  created_at: string;
}

export interface FundingMovementsTable {
  id: string;
  client_id: string | null;
  type: string;
  card_id: string | null;
  company_id: string | null;
  ledger_account_id: string;
  amount: number;
  currency: string;
  transfer_id: string;
  created_at: string;
}

export interface UsageCountersTable {
  account_id: string;
  window_key: string;
  mcc: string;
  amount: number;
  count: number;
}

export interface FxRatesTable {
  id: string;
  base: string;
  quote: string;
  rate: string;
  source: string;
  effective_at: string;
  created_at: string;
}

export interface FeeChargesTable {
  id: string;
  kind: string;
  account_id: string;
  card_id: string;
  period: string;
  amount: number;
  collected_amount: number;
  currency: string;
  transfer_id: string | null;
  created_at: string;
}

export type LedgerAccountRow = Selectable<LedgerAccountsTable>;
export type LedgerTransferRow = Selectable<LedgerTransfersTable>;
export type AuthorizationRow = Selectable<AuthorizationsTable>;
export type TransactionRow = Selectable<TransactionsTable>;
export type FundingMovementRow = Selectable<FundingMovementsTable>;
export type FxRateRow = Selectable<FxRatesTable>;
export type FeeChargeRow = Selectable<FeeChargesTable>;
