import { z } from 'zod';
import { isKnownMcc, MCC_GROUPS } from '../reference/mcc.js';

export const INTERVALS = ['per_authorization', 'daily', 'weekly', 'monthly', 'yearly', 'all_time'] as const;
export type Interval = (typeof INTERVALS)[number];

export const mccSchema = z
  .string()
  .regex(/^\d{4}$/, 'must be a 4-digit MCC')
  .refine(isKnownMcc, { message: 'is not a known merchant category code (ISO 18245)' });

/** A category entry is an MCC or the name of an MCC group (e.g. "restaurants"). */
export const categorySchema = z.union([
  mccSchema,
  z.string().refine((name) => Object.hasOwn(MCC_GROUPS, name), { message: 'is not a known MCC or MCC group' }),
]);

export const countrySchema = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 country code (e.g. ID)');

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');

export const spendingLimitSchema = z.strictObject({
  amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  interval: z.enum(INTERVALS),
  categories: z.array(categorySchema).max(100).optional(),
});

export const velocityLimitSchema = z.strictObject({
  count: z.number().int().positive().max(100_000),
  interval: z.enum(['hourly', 'daily', 'weekly', 'monthly']),
});

export const timeWindowSchema = z.strictObject({
  days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
  start: hhmm,
  end: hhmm,
});

/**
 * The controls on a card (or a program's defaults), in the shape of ARCHITECTURE.md plus Kartu's
 * own: locations (closed loop), time windows, velocity, single use and merchant lock.
 */
export const spendingControlsSchema = z.strictObject({
  spending_limits: z.array(spendingLimitSchema).max(20).optional(),
  allowed_categories: z.array(categorySchema).max(1000).nullable().optional(),
  blocked_categories: z.array(categorySchema).max(1000).nullable().optional(),
  allowed_merchants: z.array(z.string().min(1).max(64)).max(1000).nullable().optional(),
  allowed_countries: z.array(countrySchema).max(250).nullable().optional(),
  blocked_countries: z.array(countrySchema).max(250).nullable().optional(),
  allowed_locations: z.array(z.string().min(1).max(64)).max(1000).nullable().optional(),
  time_windows: z.array(timeWindowSchema).max(20).nullable().optional(),
  velocity_limits: z.array(velocityLimitSchema).max(10).optional(),
  single_use: z.boolean().optional(),
  merchant_lock: z.boolean().optional(),
});

export type SpendingControlsInput = z.input<typeof spendingControlsSchema>;

export interface SpendingControls {
  spending_limits: Array<{ amount: number; interval: Interval; categories?: string[] }>;
  allowed_categories: string[] | null;
  blocked_categories: string[] | null;
  allowed_merchants: string[] | null;
  allowed_countries: string[] | null;
  blocked_countries: string[] | null;
  allowed_locations: string[] | null;
  time_windows: Array<{ days: number[]; start: string; end: string }> | null;
  velocity_limits: Array<{ count: number; interval: 'hourly' | 'daily' | 'weekly' | 'monthly' }>;
  single_use: boolean;
  merchant_lock: boolean;
}

export const EMPTY_CONTROLS: SpendingControls = {
  spending_limits: [],
  allowed_categories: null,
  blocked_categories: null,
  allowed_merchants: null,
  allowed_countries: null,
  blocked_countries: null,
  allowed_locations: null,
  time_windows: null,
  velocity_limits: [],
  single_use: false,
  merchant_lock: false,
};

/** Every key present: null means "no restriction", [] for lists of limits. */
export function normalizeControls(input: z.output<typeof spendingControlsSchema> | null | undefined, base: SpendingControls = EMPTY_CONTROLS): SpendingControls {
  const out: SpendingControls = { ...base };
  if (!input) return out;
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}
