/**
 * What each line of a decision's trace says, by key and values: the engine records WHICH thing it
 * found (`key`) and the figures (`values`), and the words are made from them, here in English for
 * the API and the log, and in the renderer's own texts in the person's language (Indonesian or
 * English). Stored that way too (trace-codec.ts): a decision's row keeps the key and figures, not
 * a kilobyte of sentences.
 *
 * Values named in MONEY_VALUES are amounts in the authorization's minor units; `interval` is a
 * limit's window (daily, weekly, ...); `categories` a comma-separated list of MCCs or MCC groups.
 */
export type TraceValues = Readonly<Record<string, string | number>>;

/** Values that are money (minor units of the authorization's currency), for whoever formats them. */
export const MONEY_VALUES: ReadonlySet<string> = new Set(['amount', 'available', 'need', 'fees', 'requested', 'limit', 'spent', 'cap']);

const on = (v: TraceValues): string => (v.categories ? ` on ${v.categories}` : '');

/** The risk engine's signals by name, as the English sentences call them. */
export const RISK_SIGNAL_LABELS: Readonly<Record<string, string>> = {
  velocity: 'velocity', amount_zscore: 'unusual amount', new_country: 'new country', new_merchant: 'new merchant',
  card_testing: 'card testing', impossible_travel: 'impossible travel', decline_streak: 'decline streak',
  status_change: 'use right after a status change', night_time: 'night-time use',
};

/** What a block-list entry lists, as the English sentences call it. */
export const BLOCK_LIST_KINDS: Readonly<Record<string, string>> = {
  card: 'Card number', merchant: 'Merchant', mcc: 'Category', country: 'Country', email_domain: "Cardholder's e-mail domain", phone: "Cardholder's phone",
};

/** `signals`: the names of the signals that weighed, strongest first, comma-separated. */
const riskScore = (v: TraceValues): string => {
  const names = v.signals ? String(v.signals).split(',') : [];
  return `Risk score ${v.score}${names.length > 0 ? ` (${names.map((n) => RISK_SIGNAL_LABELS[n] ?? n).join(', ')})` : ''}`;
};

/**
 * Why the risk policy did what it did, one sentence (the risk engine's `reason`, its alerts' and
 * the trace's). Values: `score`, `signals`, and `threshold` or the block list's `kind`, `label`,
 * `list` and `policy`.
 */
export const RISK_REASONS = {
  risk_block_list: (v: TraceValues) => `${BLOCK_LIST_KINDS[v.kind as string] ?? v.kind} ${v.label} is on block list "${v.list}": ${v.policy}. ${riskScore(v)}.`,
  risk_allow_listed: (v: TraceValues) => `${riskScore(v)}; the card is allow-listed, so the score takes no action.`,
  risk_decline: (v: TraceValues) => `${riskScore(v)} is at or above the decline threshold ${v.threshold}.`,
  risk_review: (v: TraceValues) => `${riskScore(v)} is at or above the review threshold ${v.threshold}: approved, marked for review.`,
  risk_flag: (v: TraceValues) => `${riskScore(v)} is at or above the flag threshold ${v.threshold}: flagged.`,
  risk_no_action: (v: TraceValues) => `${riskScore(v)}; this program takes no action on scores.`,
  risk_below_flag: (v: TraceValues) => `${riskScore(v)} is below the flag threshold ${v.threshold}.`,
} satisfies Record<string, (values: TraceValues) => string>;

export type RiskReasonKey = keyof typeof RISK_REASONS;

/** A risk reason as data: its key and values (what the trace stores and the screens say). */
export interface RiskExplanation {
  key: RiskReasonKey;
  values: TraceValues;
}

export const TRACE_TEXTS = {
  skipped: () => 'not evaluated: an earlier rule decided',
  card_unknown: () => 'Kartu did not issue this card number',
  card_active: () => 'the card is active',
  card_lost: () => 'the card was reported lost',
  card_stolen: () => 'the card was reported stolen',
  card_canceled: (v: TraceValues) => `the card is canceled (${v.reason ?? 'no reason'})`,
  card_inactive: () => 'the card is inactive (frozen or not yet activated)',
  cardholder_active: () => 'the cardholder is active',
  cardholder_not_active: (v: TraceValues) => `the cardholder is ${v.status}`,
  cardholder_rejected: () => 'the cardholder failed identity verification: their cards work again once they are verified',
  expiry_valid: () => 'the card is within its expiry',
  card_expired: () => 'the card is past its expiry month',
  expiry_mismatch: () => 'the expiry given does not match the card',
  amount_valid: (v: TraceValues) => `${v.amount} is a valid amount`,
  amount_invalid: () => 'the amount must be above zero',
  merchant_rules_none: () => 'no merchant, category, country or time rules apply to this card',
  closed_loop_outside: (v: TraceValues) => `a closed-loop card works only at the merchant's own branches; ${v.merchant} is not one`,
  closed_loop_branch: (v: TraceValues) => `${v.merchant} is the merchant's own branch ${v.location}`,
  location_not_allowed: (v: TraceValues) => `${v.merchant} is not one of the ${v.count} allowed locations`,
  location_allowed: (v: TraceValues) => `${v.location} is allowed`,
  merchant_not_allowed: (v: TraceValues) => `${v.merchant} is not an allowed merchant`,
  merchant_allowed: (v: TraceValues) => `${v.merchant} is allowed`,
  merchant_locked_elsewhere: (v: TraceValues) => `the card is locked to merchant ${v.merchant}`,
  merchant_locked_here: (v: TraceValues) => `locked to ${v.merchant}`,
  merchant_lock_first: () => 'first use: the card locks to this merchant',
  category_blocked: (v: TraceValues) => `category ${v.mcc} is blocked`,
  category_not_blocked: (v: TraceValues) => `category ${v.mcc} is not blocked`,
  category_not_allowed: (v: TraceValues) => `category ${v.mcc} is not among the allowed categories`,
  category_allowed: (v: TraceValues) => `category ${v.mcc} is allowed`,
  country_blocked: (v: TraceValues) => `country ${v.country} is blocked`,
  country_not_blocked: (v: TraceValues) => `country ${v.country} is not blocked`,
  country_not_allowed: (v: TraceValues) => `country ${v.country} is not allowed`,
  country_allowed: (v: TraceValues) => `country ${v.country} is allowed`,
  time_outside: () => 'outside the allowed days and hours',
  time_within: () => 'within an allowed time window',
  limits_none: () => 'no spending, velocity or single-use limits apply to this card',
  per_authorization_over: (v: TraceValues) => `${v.amount} is above the per-authorization limit of ${v.limit}${on(v)}`,
  per_authorization_within: (v: TraceValues) => `${v.amount} within the per-authorization limit of ${v.limit}${on(v)}`,
  window_limit_over: (v: TraceValues) => `${v.interval} limit ${v.limit}${on(v)}: ${v.spent} already used (holds included), ${v.amount} more would exceed it`,
  window_limit_within: (v: TraceValues) => `${v.interval} limit ${v.limit}${on(v)}: ${v.spent} used, ${v.amount} fits`,
  program_cap_over: (v: TraceValues) => `the program caps ${v.interval} spending at ${v.cap}; ${v.spent} used, ${v.amount} more would exceed it`,
  program_cap_within: (v: TraceValues) => `${v.interval} cap ${v.cap}: fits`,
  velocity_over: (v: TraceValues) => `${v.interval}: ${v.count} authorizations already, at most ${v.max} allowed`,
  velocity_within: (v: TraceValues) => `${v.interval}: ${v.count} of ${v.max} used`,
  single_use_spent: () => 'this single-use card was already used',
  single_use_first: () => 'first use of a single-use card',
  funds_not_checked: () => 'not checked',
  funds_cover: (v: TraceValues) => `${v.available} available covers ${v.need}`,
  funds_cover_with_fees: (v: TraceValues) => `${v.available} available covers ${v.need} (amount ${v.amount} + fees ${v.fees})`,
  funds_partial: (v: TraceValues) => `${v.available} available covers ${v.amount} of ${v.requested}: partial approval`,
  funds_short: (v: TraceValues) => `${v.available} available, ${v.need} needed`,
  // A risk hook that gives only a sentence: it rides along as `explanation`, in its own words.
  risk_score: (v: TraceValues) => `score ${v.score}: ${v.explanation}`,
  risk_block_list: (v: TraceValues) => `score ${v.score}: ${RISK_REASONS.risk_block_list(v)}`,
  risk_allow_listed: (v: TraceValues) => `score ${v.score}: ${RISK_REASONS.risk_allow_listed(v)}`,
  risk_decline: (v: TraceValues) => `score ${v.score}: ${RISK_REASONS.risk_decline(v)}`,
  risk_review: (v: TraceValues) => `score ${v.score}: ${RISK_REASONS.risk_review(v)}`,
  risk_flag: (v: TraceValues) => `score ${v.score}: ${RISK_REASONS.risk_flag(v)}`,
  risk_no_action: (v: TraceValues) => `score ${v.score}: ${RISK_REASONS.risk_no_action(v)}`,
  risk_below_flag: (v: TraceValues) => `score ${v.score}: ${RISK_REASONS.risk_below_flag(v)}`,
} satisfies Record<string, (values: TraceValues) => string>;

export type TraceKey = keyof typeof TRACE_TEXTS;

const NO_VALUES: TraceValues = {};

/** The English sentence of a trace line (the API's `detail`). */
export function traceDetail(key: TraceKey, values: TraceValues | undefined): string {
  return TRACE_TEXTS[key](values ?? NO_VALUES);
}

export function isTraceKey(key: unknown): key is TraceKey {
  return typeof key === 'string' && Object.hasOwn(TRACE_TEXTS, key);
}
