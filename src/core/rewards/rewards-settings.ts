import { z } from 'zod';

/**
 * How long earned points live. `rolling`: N months after earning. `end_of_month`: until the end of
 * the month N months after earning. `end_of_year`: until the end of the calendar year N years after
 * earning (years: 1 = the end of next year). All in the program's time zone.
 */
export const expiryPolicySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('never') }),
  z.strictObject({ kind: z.literal('rolling'), months: z.number().int().min(1).max(120) }),
  z.strictObject({ kind: z.literal('end_of_month'), months: z.number().int().min(0).max(120) }),
  z.strictObject({ kind: z.literal('end_of_year'), years: z.number().int().min(0).max(10) }),
]);
export type ExpiryPolicy = z.output<typeof expiryPolicySchema>;

/**
 * Tier qualification: points earned or net spend, over a rolling window of N months or the calendar
 * year. Never the current balance (spending points must not cost a member their tier).
 */
export const tierQualificationSchema = z.strictObject({
  metric: z.enum(['spend', 'points']),
  period: z.enum(['rolling', 'calendar_year']),
  months: z.number().int().min(1).max(36).optional(),
  grace_days: z.number().int().min(0).max(365).optional(),
});
export type TierQualification = Required<z.output<typeof tierQualificationSchema>>;

const nonNegative = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Caps on points a member earns from purchases: per transaction, per local day, per local month. */
export const earnCapsSchema = z.strictObject({
  per_transaction: nonNegative.nullable().optional(),
  daily: nonNegative.nullable().optional(),
  monthly: nonNegative.nullable().optional(),
  cashback_per_transaction_minor: nonNegative.nullable().optional(),
});
export type EarnCaps = { [K in keyof z.output<typeof earnCapsSchema>]-?: number | null };

export const settingsPatchSchema = z.strictObject({
  /** `sum`: every matching promotion adds its extra; `best`: only the one worth most applies. */
  stacking_mode: z.enum(['sum', 'best']).optional(),
  expiry: expiryPolicySchema.optional(),
  /** Points earned stay pending (not spendable) for this many days: returns settle first. */
  pending_days: z.number().int().min(0).max(365).optional(),
  /** Allow a reversal to take more points than are left; the shortfall is shown as owed. */
  allow_negative: z.boolean().optional(),
  redemption_cancel_minutes: z.number().int().min(0).max(7 * 24 * 60).optional(),
  expiry_warning_days: z.number().int().min(0).max(365).optional(),
  caps: earnCapsSchema.optional(),
  tier_qualification: tierQualificationSchema.optional(),
});

export interface RewardsSettings {
  stacking_mode: 'sum' | 'best';
  expiry: ExpiryPolicy;
  pending_days: number;
  allow_negative: boolean;
  redemption_cancel_minutes: number;
  expiry_warning_days: number;
  caps: EarnCaps;
  tier_qualification: TierQualification;
}

export const DEFAULT_SETTINGS: RewardsSettings = {
  stacking_mode: 'sum',
  expiry: { kind: 'never' },
  pending_days: 0,
  allow_negative: false,
  redemption_cancel_minutes: 15,
  expiry_warning_days: 14,
  caps: { per_transaction: null, daily: null, monthly: null, cashback_per_transaction_minor: null },
  tier_qualification: { metric: 'spend', period: 'rolling', months: 12, grace_days: 0 },
};

export function mergeSettings(base: RewardsSettings, patch: z.output<typeof settingsPatchSchema>): RewardsSettings {
  const tq = patch.tier_qualification;
  return {
    stacking_mode: patch.stacking_mode ?? base.stacking_mode,
    expiry: patch.expiry ?? base.expiry,
    pending_days: patch.pending_days ?? base.pending_days,
    allow_negative: patch.allow_negative ?? base.allow_negative,
    redemption_cancel_minutes: patch.redemption_cancel_minutes ?? base.redemption_cancel_minutes,
    expiry_warning_days: patch.expiry_warning_days ?? base.expiry_warning_days,
    caps: {
      per_transaction: pick(patch.caps?.per_transaction, base.caps.per_transaction),
      daily: pick(patch.caps?.daily, base.caps.daily),
      monthly: pick(patch.caps?.monthly, base.caps.monthly),
      cashback_per_transaction_minor: pick(patch.caps?.cashback_per_transaction_minor, base.caps.cashback_per_transaction_minor),
    },
    tier_qualification: tq
      ? { metric: tq.metric, period: tq.period, months: tq.months ?? 12, grace_days: tq.grace_days ?? 0 }
      : base.tier_qualification,
  };
}

function pick(value: number | null | undefined, fallback: number | null): number | null {
  return value === undefined ? fallback : value;
}

/** Settings as stored: unknown or missing keys fall back to the defaults, so old rows stay readable. */
export function settingsFromJson(text: string): RewardsSettings {
  const stored = JSON.parse(text) as Partial<RewardsSettings>;
  return {
    ...DEFAULT_SETTINGS,
    ...stored,
    caps: { ...DEFAULT_SETTINGS.caps, ...stored.caps },
    tier_qualification: { ...DEFAULT_SETTINGS.tier_qualification, ...stored.tier_qualification },
  };
}
