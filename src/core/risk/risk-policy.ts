import { z } from 'zod';
import { fromJson } from '../db/database.js';
import { majorToMinor } from '../kernel/money.js';
import { mccSchema } from '../controls/spending-controls.js';
import type { SignalName } from './risk-types.js';

/** Signals a program can weigh or switch off (block and allow lists are policy, not signals). */
export const SCORED_SIGNALS = [
  'velocity', 'amount_zscore', 'new_country', 'new_merchant', 'card_testing', 'impossible_travel',
  'decline_streak', 'status_change', 'night_time',
] as const satisfies readonly SignalName[];
export type ScoredSignal = (typeof SCORED_SIGNALS)[number];

/**
 * Merchants that are closed at night: a purchase there between midnight and 05:00 local time is odd
 * (coffee shops, bakeries, schools, barbers, florists, stationers, book and department stores).
 */
export const DAYTIME_MCCS = ['5814', '5462', '5441', '5942', '5943', '5992', '7230', '5311', '5200', '5251', '8211', '8220', '5641', '5651'];

export interface RiskPolicy {
  /** Score at or above which the action applies; null switches the action off. */
  thresholds: { flag: number | null; review: number | null; decline: number | null };
  velocity: { count_15m: number; count_1h: number; count_24h: number; amount_1h_minor: number | null; amount_24h_minor: number | null };
  zscore: { min_history: number; threshold: number };
  /** null: the currency's default (about one US dollar; Rp 10.000). */
  card_testing: { tiny_amount_minor: number | null; burst_15m: number; burst_1h: number };
  travel: { max_speed_kmh: number; min_distance_km: number };
  decline_streak: { threshold: number };
  status_change: { window_minutes: number; replacement_window_hours: number };
  night: { from_hour: number; to_hour: number; daytime_mccs: string[] };
  weights: Record<ScoredSignal, number>;
  /** Each false-positive dismissal of a signal on a card multiplies its weight there by this (at most 3 times). */
  false_positive_discount: number;
  disabled_signals: ScoredSignal[];
}

/** A new program scores and flags, and never declines: declining for risk is the merchant's choice. */
export const DEFAULT_POLICY: RiskPolicy = {
  thresholds: { flag: 40, review: null, decline: null },
  velocity: { count_15m: 5, count_1h: 10, count_24h: 25, amount_1h_minor: null, amount_24h_minor: null },
  zscore: { min_history: 5, threshold: 3 },
  card_testing: { tiny_amount_minor: null, burst_15m: 3, burst_1h: 6 },
  travel: { max_speed_kmh: 400, min_distance_km: 30 },
  decline_streak: { threshold: 3 },
  status_change: { window_minutes: 60, replacement_window_hours: 24 },
  night: { from_hour: 0, to_hour: 5, daytime_mccs: DAYTIME_MCCS },
  weights: {
    velocity: 30,
    amount_zscore: 30,
    new_country: 15,
    new_merchant: 5,
    card_testing: 45,
    impossible_travel: 45,
    decline_streak: 20,
    status_change: 15,
    night_time: 15,
  },
  false_positive_discount: 0.5,
  disabled_signals: [],
};

/** Tiny amounts, in major units, that card testers use to probe a number. */
const TINY_MAJOR: Readonly<Record<string, number>> = { IDR: 10_000, JPY: 150, KRW: 1_500, VND: 25_000, INR: 80, PHP: 60, THB: 35 };

/** The currency's default tiny amount, worked out once per currency (scoring and recording ask on every decision). */
const DEFAULT_TINY = new Map<string, number>();

export function tinyAmountMinor(policy: RiskPolicy, currency: string): number {
  if (policy.card_testing.tiny_amount_minor !== null) return policy.card_testing.tiny_amount_minor;
  let tiny = DEFAULT_TINY.get(currency);
  if (tiny === undefined) {
    try {
      tiny = majorToMinor(TINY_MAJOR[currency] ?? 1, currency);
    } catch {
      tiny = 100;
    }
    DEFAULT_TINY.set(currency, tiny);
  }
  return tiny;
}

const score = z.number().int().min(1).max(99);
const count = z.number().int().min(1).max(10_000);
const amount = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** Every field optional: an update changes what it names and keeps the rest. */
export const policyPatchSchema = z.strictObject({
  thresholds: z.strictObject({ flag: score.nullable().optional(), review: score.nullable().optional(), decline: score.nullable().optional() }).optional(),
  velocity: z
    .strictObject({
      count_15m: count.optional(),
      count_1h: count.optional(),
      count_24h: count.optional(),
      amount_1h_minor: amount.nullable().optional(),
      amount_24h_minor: amount.nullable().optional(),
    })
    .optional(),
  zscore: z.strictObject({ min_history: z.number().int().min(2).max(1_000).optional(), threshold: z.number().min(1).max(20).optional() }).optional(),
  card_testing: z
    .strictObject({ tiny_amount_minor: amount.nullable().optional(), burst_15m: z.number().int().min(2).max(100).optional(), burst_1h: z.number().int().min(2).max(500).optional() })
    .optional(),
  travel: z.strictObject({ max_speed_kmh: z.number().int().min(50).max(2_000).optional(), min_distance_km: z.number().int().min(1).max(1_000).optional() }).optional(),
  decline_streak: z.strictObject({ threshold: z.number().int().min(2).max(100).optional() }).optional(),
  status_change: z
    .strictObject({ window_minutes: z.number().int().min(1).max(10_080).optional(), replacement_window_hours: z.number().int().min(1).max(720).optional() })
    .optional(),
  night: z
    .strictObject({
      from_hour: z.number().int().min(0).max(23).optional(),
      to_hour: z.number().int().min(1).max(24).optional(),
      daytime_mccs: z.array(mccSchema).max(200).optional(),
    })
    .optional(),
  weights: z.strictObject(Object.fromEntries(SCORED_SIGNALS.map((s) => [s, z.number().int().min(0).max(99).optional()])) as Record<ScoredSignal, z.ZodOptional<z.ZodNumber>>).optional(),
  false_positive_discount: z.number().min(0).max(1).optional(),
  disabled_signals: z.array(z.enum(SCORED_SIGNALS)).max(SCORED_SIGNALS.length).optional(),
});
export type PolicyPatch = z.output<typeof policyPatchSchema>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge of objects (arrays and scalars replace); `undefined` keeps the base value. */
export function mergePolicy<T>(base: T, patch: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(patch)) return (patch === undefined ? base : patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    out[key] = key in base ? mergePolicy(base[key], value) : value;
  }
  return out as T;
}

const PARSED = new Map<string, RiskPolicy>();
const MAX_PARSED = 1_000;

/**
 * Stored policies are merged over the defaults, so a field added by a later version has its default.
 * Every decision reads its program's policy: parsed once per distinct text (treat the result as frozen).
 */
export function policyFromJson(text: string | null): RiskPolicy {
  if (text === null) return DEFAULT_POLICY;
  let policy = PARSED.get(text);
  if (!policy) {
    policy = mergePolicy(DEFAULT_POLICY, fromJson<unknown>(text));
    if (PARSED.size >= MAX_PARSED) PARSED.clear();
    PARSED.set(text, policy);
  }
  return policy;
}

/** Thresholds must rise from flag to review to decline, so a stronger action never needs a lower score. */
export function thresholdProblem(t: RiskPolicy['thresholds']): { param: string; message: string } | null {
  const order: Array<['flag' | 'review' | 'decline', number | null]> = [['flag', t.flag], ['review', t.review], ['decline', t.decline]];
  let previous: [string, number] | null = null;
  for (const [name, value] of order) {
    if (value === null) continue;
    if (previous && value < previous[1]) {
      return { param: `thresholds.${name}`, message: `The ${name} threshold (${value}) is below the ${previous[0]} threshold (${previous[1]}).` };
    }
    previous = [name, value];
  }
  return null;
}
