import { fromJson } from '../db/database.js';
import type { TransactionRow } from '../ledger/tables.js';

/** Money that moved for an authorization: a capture (posted hold) or a refund of a capture. */
export interface Transaction {
  id: string;
  object: 'transaction';
  type: 'capture' | 'refund';
  amount: number;
  currency: string;
  merchant_amount: number;
  merchant_currency: string;
  authorization: string;
  /** For a refund: the capture it refunds. */
  capture: string | null;
  card: string;
  cardholder: string;
  refunded_amount: number;
  fees: { transaction: number; fx: number };
  client_id: string | null;
  created: number;
  livemode: boolean;
}

export function transactionFromRow(row: TransactionRow, livemode: boolean): Transaction {
  return {
    id: row.id,
    object: 'transaction',
    type: row.type as Transaction['type'],
    amount: row.amount,
    currency: row.currency,
    merchant_amount: row.merchant_amount,
    merchant_currency: row.merchant_currency,
    authorization: row.authorization_id,
    capture: row.capture_id,
    card: row.card_id,
    cardholder: row.cardholder_id,
    refunded_amount: row.refunded_amount,
    fees: fromJson(row.fees),
    client_id: row.client_id,
    created: Math.floor(Date.parse(row.created_at) / 1000),
    livemode,
  };
}
