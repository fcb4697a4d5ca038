import type { Interval, SpendingControls } from '../controls/spending-controls.js';
import { mccInGroup } from '../reference/mcc.js';
import type { Caps, Fees } from '../programs/program.js';
import { authorizationFees, feeTotal, largestAffordable, NO_AUTHORIZATION_FEES, type AuthorizationFees } from '../fees/fee-math.js';
import { APPROVED, DECLINE_CODES, PARTIALLY_APPROVED, type DeclineReason } from './decline-reasons.js';
import type { WindowKeys, LocalMoment } from './windows.js';
import { traceDetail, type RiskExplanation, type TraceKey, type TraceValues } from './trace-texts.js';

/**
 * One line of the explanation: which rule, what it found. `skipped`: not reached (an earlier rule
 * decided). `key` and `values` say what was found (trace-texts.ts), `detail` in English; lines
 * stored before keys existed have `detail` only.
 */
export interface TraceEntry {
  rule: string;
  outcome: 'pass' | 'fail' | 'skipped' | 'info';
  detail: string;
  code?: string;
  reason?: DeclineReason;
  key?: TraceKey;
  values?: TraceValues;
}

/** A trace line from what was found: its English detail made from the key and values. */
export function traceLine(rule: string, outcome: TraceEntry['outcome'], key: TraceKey, values?: TraceValues, reason?: DeclineReason): TraceEntry {
  const detail = traceDetail(key, values);
  // Whole literals, not properties added one by one: a few fixed shapes stay cheap to build.
  if (reason !== undefined) {
    const code = DECLINE_CODES[reason];
    return values === undefined ? { rule, outcome, detail, code, reason, key } : { rule, outcome, detail, code, reason, key, values };
  }
  return values === undefined ? { rule, outcome, detail, key } : { rule, outcome, detail, key, values };
}

/** Usage of the current windows: amounts and counts of approved authorizations, per MCC. */
export type Usage = ReadonlyMap<string, ReadonlyMap<string, { amount: number; count: number }>>;

export interface MerchantFacts {
  id: string | null;
  name: string;
  mcc: string;
  country: string;
  city: string | null;
}

/**
 * Everything a decision depends on, gathered before the rules run, so that the rules are a pure
 * function: fast (no I/O), testable, and replayable against history with other controls.
 */
export interface DecisionFacts {
  card: {
    status: string;
    cancellation_reason: string | null;
    program_kind: string;
  };
  cardholderStatus: string;
  /** The cardholder's identity verification (cardholders.verification_status); absent: not checked (rule replay). */
  cardholderVerification?: string | undefined;
  expired: boolean;
  expiryMismatch: boolean;
  controls: SpendingControls;
  caps: Caps;
  fees: Fees;
  amount: number;
  crossCurrency: boolean;
  merchant: MerchantFacts;
  /** The location (one of the merchant's own branches) whose merchant id this is, if any. */
  locationId: string | null;
  windows: WindowKeys;
  local: LocalMoment;
  usage: Usage;
  /** Merchant of the account's first approved authorization (merchant-locked cards). */
  lockedMerchant: string | null;
  /** Funds available (stored value, credit or company); null: not checked (replay). */
  available: number | null;
  partialSupported: boolean;
}

export interface RuleOutcome {
  approved: boolean;
  responseCode: string;
  reason: DeclineReason | null;
  /** Approved amount (less than asked on a partial approval); the asked amount when declined. */
  amount: number;
  fees: AuthorizationFees;
  riskScore: number | null;
  trace: TraceEntry[];
  /** Passed every rule before risk: the risk policy has the last word (`applyRisk`). */
  awaitingRisk: boolean;
}

export const RULE_STAGES = ['card_status', 'cardholder_status', 'expiry', 'amount', 'merchant_rules', 'limits', 'funds', 'risk'] as const;

function matchesCategory(mcc: string, categories: readonly string[]): boolean {
  for (const c of categories) if (c === mcc || mccInGroup(mcc, c)) return true;
  return false;
}

function used(usage: Usage, key: string, categories?: readonly string[]): { amount: number; count: number } {
  const window = usage.get(key);
  let amount = 0;
  let count = 0;
  if (!window) return { amount, count };
  for (const [mcc, u] of window) {
    if (categories && categories.length > 0 && !matchesCategory(mcc, categories)) continue;
    amount += u.amount;
    count += u.count;
  }
  return { amount, count };
}

function keyFor(windows: WindowKeys, interval: Exclude<Interval, 'per_authorization'> | 'hourly'): string {
  return windows[interval];
}

const CAP_INTERVALS = ['per_authorization', 'daily', 'weekly', 'monthly', 'yearly', 'all_time'] as const;

function inTimeWindow(local: LocalMoment, window: { days: number[]; start: string; end: string }): boolean {
  const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const start = toMinutes(window.start);
  const end = toMinutes(window.end);
  if (start <= end) return window.days.includes(local.dayOfWeek) && local.minutes >= start && local.minutes < end;
  // Past midnight (e.g. 22:00-02:00): the late part belongs to the day the window started on.
  if (local.minutes >= start) return window.days.includes(local.dayOfWeek);
  return local.minutes < end && window.days.includes((local.dayOfWeek + 6) % 7);
}

class Tracer {
  readonly trace: TraceEntry[] = [];
  failed: { reason: DeclineReason; code: string } | null = null;
  pass(rule: string, key: TraceKey, values?: TraceValues): void {
    this.trace.push(traceLine(rule, 'pass', key, values));
  }
  info(rule: string, key: TraceKey, values?: TraceValues): void {
    this.trace.push(traceLine(rule, 'info', key, values));
  }
  fail(rule: string, reason: DeclineReason, key: TraceKey, values?: TraceValues): false {
    this.trace.push(traceLine(rule, 'fail', key, values, reason));
    this.failed = { reason, code: DECLINE_CODES[reason] };
    return false;
  }
  skip(rule: string): void {
    this.trace.push(traceLine(rule, 'skipped', 'skipped'));
  }
}

/**
 * The decision, in the order of ARCHITECTURE.md: card and cardholder status (05/41/43) -> expiry
 * (54) -> merchant, category, country and time rules (57/62) -> amount and frequency limits (61/65)
 * -> funds or credit (51) -> risk policy (59). The first rule that fails decides; the trace lists
 * every rule evaluated and marks the stages not reached. (An unknown card, 14, is decided before
 * there are facts to evaluate.)
 */
export function evaluateRules(f: DecisionFacts): RuleOutcome {
  const t = new Tracer();
  for (let i = 0; i < STAGES.length; i++) {
    if (!STAGES[i]![1](t, f)) {
      for (let j = i + 1; j < STAGES.length; j++) t.skip(STAGES[j]![0]);
      t.skip('funds');
      t.skip('risk');
      return { approved: false, responseCode: t.failed!.code, reason: t.failed!.reason, amount: f.amount, fees: NO_AUTHORIZATION_FEES, riskScore: null, trace: t.trace, awaitingRisk: false };
    }
  }
  let amount = f.amount;
  let fees = authorizationFees(f.fees, amount, f.crossCurrency);
  let partial = false;
  if (f.available === null) {
    t.info('funds', 'funds_not_checked');
  } else {
    const need = amount + feeTotal(fees);
    if (need <= f.available) {
      const feeSum = feeTotal(fees);
      if (feeSum) t.pass('funds', 'funds_cover_with_fees', { available: f.available, need, amount, fees: feeSum });
      else t.pass('funds', 'funds_cover', { available: f.available, need });
    } else {
      const affordable = f.partialSupported ? largestAffordable(f.fees, f.available, f.crossCurrency, amount) : 0;
      if (affordable > 0) {
        amount = affordable;
        fees = authorizationFees(f.fees, amount, f.crossCurrency);
        partial = true;
        t.pass('funds', 'funds_partial', { available: f.available, amount, requested: f.amount });
      } else {
        t.fail('funds', 'insufficient_funds', 'funds_short', { available: f.available, need });
        t.skip('risk');
        return { approved: false, responseCode: DECLINE_CODES.insufficient_funds, reason: 'insufficient_funds', amount: f.amount, fees: NO_AUTHORIZATION_FEES, riskScore: null, trace: t.trace, awaitingRisk: false };
      }
    }
  }
  return { approved: true, responseCode: partial ? PARTIALLY_APPROVED : APPROVED, reason: null, amount, fees, riskScore: null, trace: t.trace, awaitingRisk: true };
}

/** The last check: the risk policy's verdict on an outcome that passed everything else. */
export function applyRisk(outcome: RuleOutcome, verdict: { score: number; decline: boolean; reason: string; explanation?: RiskExplanation | undefined }, requested: number): RuleOutcome {
  const trace = outcome.trace;
  // The hook's reason as data when it gives it; else its sentence, kept as it is.
  const key: TraceKey = verdict.explanation?.key ?? 'risk_score';
  const values: TraceValues = verdict.explanation?.values ?? { score: verdict.score, explanation: verdict.reason };
  if (verdict.decline) {
    trace.push(traceLine('risk', 'fail', key, values, 'suspected_fraud'));
    return { approved: false, responseCode: DECLINE_CODES.suspected_fraud, reason: 'suspected_fraud', amount: requested, fees: NO_AUTHORIZATION_FEES, riskScore: verdict.score, trace, awaitingRisk: false };
  }
  trace.push(traceLine('risk', 'pass', key, values));
  return { ...outcome, riskScore: verdict.score, awaitingRisk: false };
}

/** The stages before funds, in order; a static table so a decision allocates no closures. */
const STAGES: ReadonlyArray<readonly [string, (t: Tracer, f: DecisionFacts) => boolean]> = [
  ['card_status', cardStatus],
  ['cardholder_status', cardholderStatus],
  ['expiry', expiry],
  ['amount', (t, f) => (f.amount > 0 ? (t.pass('amount', 'amount_valid', { amount: f.amount }), true) : t.fail('amount', 'invalid_amount', 'amount_invalid'))],
  ['merchant_rules', merchantRules],
  ['limits', limits],
];

/** Active, and not failed identity verification (as issuance refuses a rejected cardholder a card). */
function cardholderStatus(t: Tracer, f: DecisionFacts): boolean {
  if (f.cardholderStatus !== 'active') return t.fail('cardholder_status', 'cardholder_inactive', 'cardholder_not_active', { status: f.cardholderStatus });
  if (f.cardholderVerification === 'rejected') {
    return t.fail('cardholder_status', 'cardholder_verification_required', 'cardholder_rejected');
  }
  t.pass('cardholder_status', 'cardholder_active');
  return true;
}

function cardStatus(t: Tracer, f: DecisionFacts): boolean {
  const { status, cancellation_reason } = f.card;
  if (status === 'active') {
    t.pass('card_status', 'card_active');
    return true;
  }
  if (status === 'canceled') {
    if (cancellation_reason === 'lost') return t.fail('card_status', 'card_lost', 'card_lost');
    if (cancellation_reason === 'stolen') return t.fail('card_status', 'card_stolen', 'card_stolen');
    return t.fail('card_status', 'card_canceled', 'card_canceled', cancellation_reason ? { reason: cancellation_reason } : undefined);
  }
  return t.fail('card_status', 'card_inactive', 'card_inactive');
}

function expiry(t: Tracer, f: DecisionFacts): boolean {
  if (f.expired) return t.fail('expiry', 'card_expired', 'card_expired');
  if (f.expiryMismatch) return t.fail('expiry', 'expiry_mismatch', 'expiry_mismatch');
  t.pass('expiry', 'expiry_valid');
  return true;
}

function merchantRules(t: Tracer, f: DecisionFacts): boolean {
  const before = t.trace.length;
  const ok = merchantRulesInner(t, f);
  if (ok && t.trace.length === before) t.info('merchant_rules', 'merchant_rules_none');
  return ok;
}

function merchantRulesInner(t: Tracer, f: DecisionFacts): boolean {
  const c = f.controls;
  const m = f.merchant;
  if (f.card.program_kind === 'loyalty') {
    if (!f.locationId) return t.fail('closed_loop', 'merchant_not_allowed', 'closed_loop_outside', { merchant: m.id ?? m.name });
    t.pass('closed_loop', 'closed_loop_branch', { merchant: String(m.id), location: f.locationId });
  }
  if (c.allowed_locations) {
    const ok = (f.locationId !== null && c.allowed_locations.includes(f.locationId)) || (m.id !== null && c.allowed_locations.includes(m.id));
    if (!ok) return t.fail('allowed_locations', 'location_not_allowed', 'location_not_allowed', { merchant: m.id ?? m.name, count: c.allowed_locations.length });
    t.pass('allowed_locations', 'location_allowed', { location: String(f.locationId ?? m.id) });
  }
  if (c.allowed_merchants) {
    if (m.id === null || !c.allowed_merchants.includes(m.id)) return t.fail('allowed_merchants', 'merchant_not_allowed', 'merchant_not_allowed', { merchant: m.id ?? m.name });
    t.pass('allowed_merchants', 'merchant_allowed', { merchant: m.id });
  }
  if (c.merchant_lock) {
    if (f.lockedMerchant !== null && f.lockedMerchant !== m.id) return t.fail('merchant_lock', 'merchant_not_allowed', 'merchant_locked_elsewhere', { merchant: f.lockedMerchant });
    if (f.lockedMerchant) t.pass('merchant_lock', 'merchant_locked_here', { merchant: f.lockedMerchant });
    else t.pass('merchant_lock', 'merchant_lock_first');
  }
  if (c.blocked_categories && matchesCategory(m.mcc, c.blocked_categories)) return t.fail('blocked_categories', 'category_not_allowed', 'category_blocked', { mcc: m.mcc });
  if (c.blocked_categories) t.pass('blocked_categories', 'category_not_blocked', { mcc: m.mcc });
  if (c.allowed_categories) {
    if (!matchesCategory(m.mcc, c.allowed_categories)) return t.fail('allowed_categories', 'category_not_allowed', 'category_not_allowed', { mcc: m.mcc });
    t.pass('allowed_categories', 'category_allowed', { mcc: m.mcc });
  }
  if (c.blocked_countries?.includes(m.country)) return t.fail('blocked_countries', 'country_not_allowed', 'country_blocked', { country: m.country });
  if (c.blocked_countries) t.pass('blocked_countries', 'country_not_blocked', { country: m.country });
  if (c.allowed_countries) {
    if (!c.allowed_countries.includes(m.country)) return t.fail('allowed_countries', 'country_not_allowed', 'country_not_allowed', { country: m.country });
    t.pass('allowed_countries', 'country_allowed', { country: m.country });
  }
  if (c.time_windows && c.time_windows.length > 0) {
    if (!c.time_windows.some((w) => inTimeWindow(f.local, w))) return t.fail('time_windows', 'time_not_allowed', 'time_outside');
    t.pass('time_windows', 'time_within');
  }
  return true;
}

function limits(t: Tracer, f: DecisionFacts): boolean {
  const before = t.trace.length;
  const ok = limitsInner(t, f);
  if (ok && t.trace.length === before) t.info('limits', 'limits_none');
  return ok;
}

function limitsInner(t: Tracer, f: DecisionFacts): boolean {
  const c = f.controls;
  const amount = f.amount;
  for (const limit of c.spending_limits) {
    if (limit.categories && limit.categories.length > 0 && !matchesCategory(f.merchant.mcc, limit.categories)) continue;
    const categories = limit.categories?.length ? { categories: limit.categories.join(', ') } : undefined;
    if (limit.interval === 'per_authorization') {
      const values = { amount, limit: limit.amount, ...categories };
      if (amount > limit.amount) return t.fail('spending_limit', 'spending_limit', 'per_authorization_over', values);
      t.pass('spending_limit', 'per_authorization_within', values);
      continue;
    }
    const spent = used(f.usage, keyFor(f.windows, limit.interval), limit.categories).amount;
    const values = { interval: limit.interval, limit: limit.amount, spent, amount, ...categories };
    if (spent + amount > limit.amount) return t.fail('spending_limit', 'spending_limit', 'window_limit_over', values);
    t.pass('spending_limit', 'window_limit_within', values);
  }
  for (const interval of CAP_INTERVALS) {
    const cap = f.caps[interval];
    if (cap === null || cap === undefined) continue;
    const spent = interval === 'per_authorization' ? 0 : used(f.usage, keyFor(f.windows, interval)).amount;
    if (spent + amount > cap) return t.fail('program_cap', 'spending_limit', 'program_cap_over', { interval, cap, spent, amount });
    t.pass('program_cap', 'program_cap_within', { interval, cap });
  }
  for (const limit of c.velocity_limits) {
    const count = used(f.usage, keyFor(f.windows, limit.interval)).count;
    const values = { interval: limit.interval, count, max: limit.count };
    if (count + 1 > limit.count) return t.fail('velocity_limit', 'velocity_limit', 'velocity_over', values);
    t.pass('velocity_limit', 'velocity_within', values);
  }
  if (c.single_use) {
    if (used(f.usage, f.windows.all_time).count > 0) return t.fail('single_use', 'single_use_exhausted', 'single_use_spent');
    t.pass('single_use', 'single_use_first');
  }
  return true;
}
