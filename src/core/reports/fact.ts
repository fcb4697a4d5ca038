import type { ReportFactsTable } from './report-tables.js';
import type { AuthorizationRow } from '../ledger/tables.js';
import { localParts } from './zone-time.js';
import { placeOf } from './place.js';

/** The inputs a fact is computed from: one authorization and what is linked to it. */
export interface FactSource {
  authorization_id: string;
  program_id: string;
  card_id: string;
  cardholder_id: string;
  approved: number;
  response_code: string;
  decline_reason: string | null;
  requested_amount: number;
  amount: number;
  currency: string;
  merchant_currency: string;
  captured_amount: number;
  refunded_amount: number;
  merchant_id: string | null;
  merchant_name: string;
  merchant_mcc: string;
  location_id: string | null;
  stand_in: number;
  risk_score: number | null;
  created_at: string;
  /** The program's zone and currency (the card's currency is the program's). */
  timezone: string;
  /** Fees posted for this authorization, net of fees given back. */
  fx_fee_minor: number;
  fee_minor: number;
  points_earned: number;
  points_reversed: number;
  cashback_minor: number;
  /** The member's tier id now ('' for none): used until the purchase is first captured. */
  tier_now: string;
  /** Score from which the program's risk policy flags. */
  flag_threshold: number | null;
}

/** The authorization's own columns a fact starts from (a row of `authorizations`, or a read joined to it). */
export type DecisionColumns = Pick<
  AuthorizationRow,
  | 'id' | 'program_id' | 'card_id' | 'cardholder_id' | 'approved' | 'response_code' | 'decline_reason' | 'requested_amount' | 'amount'
  | 'currency' | 'merchant_currency' | 'captured_amount' | 'refunded_amount' | 'merchant_id' | 'merchant_name' | 'merchant_mcc'
  | 'location_id' | 'stand_in' | 'risk_score' | 'created_at'
>;

/** The part of a FactSource that is the authorization itself, for a reportable one (program, card and cardholder set). */
export function decisionFields(row: DecisionColumns) {
  return {
    authorization_id: row.id,
    program_id: row.program_id as string,
    card_id: row.card_id as string,
    cardholder_id: row.cardholder_id as string,
    approved: row.approved,
    response_code: row.response_code,
    decline_reason: row.decline_reason,
    requested_amount: row.requested_amount,
    amount: row.amount,
    currency: row.currency,
    merchant_currency: row.merchant_currency,
    captured_amount: row.captured_amount,
    refunded_amount: row.refunded_amount,
    merchant_id: row.merchant_id,
    merchant_name: row.merchant_name,
    merchant_mcc: row.merchant_mcc,
    location_id: row.location_id,
    stand_in: row.stand_in,
    risk_score: row.risk_score,
    created_at: row.created_at,
  } satisfies Partial<FactSource>;
}

export function merchantKey(merchantId: string | null, merchantName: string): string {
  return merchantId && merchantId.length > 0 ? merchantId : `name:${merchantName}`;
}

/**
 * A fact from its source. Dimensions that describe the moment of the purchase (tier, risk flag)
 * are taken once, when first known, so a later tier change does not move old spend between tiers;
 * `previous` is the fact as stored. A rebuild keeps every stored tier (`keepTier`): it cannot
 * know a past tier better than the fact that saw it.
 */
export function computeFact(src: FactSource, previous: ReportFactsTable | undefined, now: string, options: { keepTier?: boolean } = {}): ReportFactsTable {
  const local = localParts(Date.parse(src.created_at), src.timezone);
  const key = merchantKey(src.merchant_id, src.merchant_name);
  const captured = Math.max(0, src.captured_amount);
  const isForeign = src.merchant_currency !== src.currency ? 1 : 0;
  // The tier of the decision's moment; a first purchase (no member yet) takes the tier it got.
  const frozenTier = previous && (previous.tier !== '' || options.keepTier) ? previous.tier : src.tier_now;
  const riskFlag = previous ? previous.risk_flag : src.risk_score !== null && src.flag_threshold !== null && src.risk_score >= src.flag_threshold ? 1 : 0;
  return {
    authorization_id: src.authorization_id,
    program_id: src.program_id,
    currency: src.currency,
    card_id: src.card_id,
    cardholder_id: src.cardholder_id,
    tier: frozenTier,
    place: placeOf(src.location_id, key),
    location_id: src.location_id,
    merchant_key: key,
    merchant_name: src.merchant_name,
    mcc: src.merchant_mcc,
    day: local.day,
    hour: local.hour,
    weekday: local.weekday,
    is_foreign: isForeign,
    approved: src.approved ? 1 : 0,
    response_code: src.response_code,
    decline_reason: src.approved ? '' : src.decline_reason ?? '',
    stand_in: src.stand_in ? 1 : 0,
    risk_flag: riskFlag,
    risk_score: src.risk_score,
    decisions: 1,
    requested_minor: src.requested_amount,
    approved_minor: src.approved ? src.amount : 0,
    purchases: captured > 0 ? 1 : 0,
    gross_minor: captured,
    refunds_minor: Math.max(0, src.refunded_amount),
    foreign_minor: isForeign ? captured : 0,
    fx_fee_minor: src.fx_fee_minor,
    fee_minor: src.fee_minor,
    points_earned: src.points_earned,
    points_reversed: src.points_reversed,
    cashback_minor: src.cashback_minor,
    at: src.created_at,
    updated_at: now,
  };
}

const IGNORED = new Set(['updated_at']);

export function sameFact(a: ReportFactsTable, b: ReportFactsTable): boolean {
  for (const key of Object.keys(a) as Array<keyof ReportFactsTable>) {
    if (IGNORED.has(key)) continue;
    if (a[key] !== b[key]) return false;
  }
  return true;
}
