import { fromJson } from '../db/database.js';
import type { AuthorizationRow } from '../ledger/tables.js';
import type { AuthorizationFees } from '../fees/fee-math.js';
import type { TraceEntry } from './rules.js';
import { decodeTrace } from './trace-codec.js';

export type AuthorizationStatus = 'pending' | 'closed' | 'reversed' | 'expired';

/** The hold lines of an approved authorization: each an open pending transfer, or null. */
export interface Holds {
  purchase: { id: string; amount: number } | null;
  fx_fee: { id: string; amount: number } | null;
  transaction_fee: { id: string; amount: number } | null;
  /** Fees already posted by captures, so later captures and releases charge only the rest. */
  posted_fees: { transaction: number; fx: number };
}

export const NO_HOLDS: Holds = { purchase: null, fx_fee: null, transaction_fee: null, posted_fees: { transaction: 0, fx: 0 } };

/** Where the authorization counted toward limits: released holds are taken back out of these. */
export interface CountedIn {
  keys: string[];
  mcc: string;
}

export interface RequestHistoryEntry {
  type: 'authorization' | 'increment';
  requested_amount: number;
  approved: boolean;
  amount: number;
  response_code: string;
  decline_reason: string | null;
  created: number;
}

export interface Authorization {
  id: string;
  object: 'authorization';
  approved: boolean;
  response_code: string;
  decline_reason: string | null;
  status: AuthorizationStatus;
  /** Approved amount in the card's currency (the hold, before captures and releases). */
  amount: number;
  currency: string;
  requested_amount: number;
  merchant_amount: number;
  merchant_currency: string;
  fx_rate: string | null;
  pending_amount: number;
  captured_amount: number;
  reversed_amount: number;
  refunded_amount: number;
  fees: AuthorizationFees;
  card: string | null;
  card_last4: string | null;
  cardholder: string | null;
  program: string | null;
  merchant: { id: string | null; name: string; mcc: string; country: string; city: string | null; location: string | null };
  entry_mode: string | null;
  partial_approval: boolean;
  stand_in: boolean;
  risk_score: number | null;
  client_id: string | null;
  request_history: RequestHistoryEntry[];
  trace: TraceEntry[];
  created: number;
  expires_at: number | null;
  livemode: boolean;
}

const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/** `parsed`: the JSON columns' values when the caller has them (a fresh decision), to skip re-parsing. */
export function authorizationFromRow(
  row: AuthorizationRow,
  livemode: boolean,
  parsed?: { trace: TraceEntry[]; fees: AuthorizationFees; request_history: RequestHistoryEntry[] },
): Authorization {
  return {
    id: row.id,
    object: 'authorization',
    approved: row.approved === 1,
    response_code: row.response_code,
    decline_reason: row.decline_reason,
    status: row.status as AuthorizationStatus,
    amount: row.amount,
    currency: row.currency,
    requested_amount: row.requested_amount,
    merchant_amount: row.merchant_amount,
    merchant_currency: row.merchant_currency,
    fx_rate: row.fx_rate,
    pending_amount: row.pending_amount,
    captured_amount: row.captured_amount,
    reversed_amount: row.reversed_amount,
    refunded_amount: row.refunded_amount,
    fees: parsed?.fees ?? fromJson(row.fees),
    card: row.card_id,
    card_last4: row.card_last4,
    cardholder: row.cardholder_id,
    program: row.program_id,
    merchant: { id: row.merchant_id, name: row.merchant_name, mcc: row.merchant_mcc, country: row.merchant_country, city: row.merchant_city, location: row.location_id },
    entry_mode: row.entry_mode,
    partial_approval: row.partial_approval === 1,
    stand_in: row.stand_in === 1,
    risk_score: row.risk_score,
    client_id: row.client_id,
    request_history: parsed?.request_history ?? fromJson(row.request_history),
    trace: parsed?.trace ?? decodeTrace(row.trace),
    created: seconds(row.created_at),
    expires_at: row.expires_at ? seconds(row.expires_at) : null,
    livemode,
  };
}

/** What events carry: the authorization without its (long) trace. */
export function authorizationEventData(a: Authorization): Record<string, unknown> {
  const { trace: _trace, ...rest } = a;
  return rest;
}
