import { z } from 'zod';
import { categorySchema } from '../controls/spending-controls.js';
import { isRealDate } from './local-time.js';

/**
 * Earning rules, one type each:
 * - `spend`: `points` per `unit_minor` of spend, rounded `down` (default), `nearest` or `up`:
 *   "1 point per Rp 10.000, rounded down" is {points: 1, unit_minor: 1_000_000} (IDR has 2 decimals).
 * - `visit`: flat points per purchase of at least `min_spend_minor`.
 * - `category_multiplier`, `branch_multiplier`: multiply the base points at these MCCs/groups or
 *   branches (a location's merchant id or location id).
 * - `time_window`: a promotion on some days of the week between two local times (and dates): a
 *   multiplier and/or flat bonus points and/or a cashback rate, optionally only at some categories or branches.
 * - `cashback`: a cashback rate (basis points) at some categories/branches (or everywhere).
 * - `first_purchase`, `signup`, `referral`, `birthday`: one-off bonuses.
 * Multipliers are decimals with at most 2 places (2 = double points), kept as integer hundredths.
 */
export const RULE_TYPES = [
  'spend', 'visit', 'category_multiplier', 'branch_multiplier', 'time_window', 'cashback', 'first_purchase', 'signup', 'referral', 'birthday',
] as const;
export type RuleType = (typeof RULE_TYPES)[number];

const notNegative = (what: string) => z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(0, `${what} must not be negative`).max(1_000_000_000);
const positive = (what: string) => z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(1, `${what} must be positive`).max(Number.MAX_SAFE_INTEGER);

export const multiplierSchema = z
  .number({ error: 'multiplier must be a number' })
  .min(0, 'multiplier must not be negative')
  .max(100, 'multiplier must be at most 100')
  .refine((m) => Number.isInteger(Math.round(m * 100)) && Math.abs(m * 100 - Math.round(m * 100)) < 1e-9, 'multiplier may have at most 2 decimal places');

export const bpsSchema = z.number({ error: 'rate must be a number' }).int('rate must be whole basis points').min(0, 'rate must not be negative').max(10_000, 'rate must be at most 10000 basis points (100%)');

export const localDateSchema = z.string().refine(isRealDate, 'must be a real date YYYY-MM-DD');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');
const locationsSchema = z.array(z.string().trim().min(1).max(64)).min(1).max(200);
const categoriesSchema = z.array(categorySchema).min(1).max(200);

const common = {
  program: z.string().min(1),
  name: z.string().trim().min(1).max(100).optional(),
  valid_from: localDateSchema.nullable().optional(),
  valid_until: localDateSchema.nullable().optional(),
};

export const spendParams = {
  points: positive('points'),
  unit_minor: positive('unit_minor'),
  rounding: z.enum(['down', 'nearest', 'up']).optional(),
  min_spend_minor: notNegative('min_spend_minor').optional(),
};
export const visitParams = { points: positive('points'), min_spend_minor: notNegative('min_spend_minor').optional() };
export const categoryMultiplierParams = { multiplier: multiplierSchema, categories: categoriesSchema };
export const branchMultiplierParams = { multiplier: multiplierSchema, locations: locationsSchema };
export const timeWindowParams = {
  days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
  start: hhmm,
  end: hhmm,
  multiplier: multiplierSchema.optional(),
  bonus_points: notNegative('bonus_points').optional(),
  cashback_bps: bpsSchema.optional(),
  categories: categoriesSchema.optional(),
  locations: locationsSchema.optional(),
};
export const cashbackParams = {
  rate_bps: bpsSchema,
  categories: categoriesSchema.optional(),
  locations: locationsSchema.optional(),
  min_spend_minor: notNegative('min_spend_minor').optional(),
};
export const firstPurchaseParams = { points: positive('points'), min_spend_minor: notNegative('min_spend_minor').optional() };
export const signupParams = { points: positive('points') };
export const referralParams = { points: notNegative('points'), referee_points: notNegative('referee_points').optional() };
export const birthdayParams = {
  points: positive('points'),
  /** A birthday is still granted this many days late (the app was closed on the day). */
  catch_up_days: z.number().int().min(0).max(364).optional(),
};

export const earningRuleCreateSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('spend'), ...common, ...spendParams }),
  z.strictObject({ type: z.literal('visit'), ...common, ...visitParams }),
  z.strictObject({ type: z.literal('category_multiplier'), ...common, ...categoryMultiplierParams }),
  z.strictObject({ type: z.literal('branch_multiplier'), ...common, ...branchMultiplierParams }),
  z.strictObject({ type: z.literal('time_window'), ...common, ...timeWindowParams }),
  z.strictObject({ type: z.literal('cashback'), ...common, ...cashbackParams }),
  z.strictObject({ type: z.literal('first_purchase'), ...common, ...firstPurchaseParams }),
  z.strictObject({ type: z.literal('signup'), ...common, ...signupParams }),
  z.strictObject({ type: z.literal('referral'), ...common, ...referralParams }),
  z.strictObject({ type: z.literal('birthday'), ...common, ...birthdayParams }),
]);
export type EarningRuleInput = z.output<typeof earningRuleCreateSchema>;

/** Update: any field of any type; the merged rule is validated again as its type. */
export const earningRuleUpdateSchema = z.strictObject({
  id: z.string().min(1),
  name: common.name,
  valid_from: common.valid_from,
  valid_until: common.valid_until,
  ...partial(spendParams),
  ...partial(visitParams),
  ...partial(categoryMultiplierParams),
  ...partial(branchMultiplierParams),
  ...partial(timeWindowParams),
  ...partial(cashbackParams),
  ...partial(birthdayParams),
  ...partial(referralParams),
});

function partial<T extends Record<string, z.ZodType>>(shape: T): { [K in keyof T]: z.ZodOptional<T[K]> } {
  const out: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(shape)) out[key] = schema.optional();
  return out as { [K in keyof T]: z.ZodOptional<T[K]> };
}

/** Stored parameters: what the type needs, multipliers as integer hundredths. */
export interface RuleParams {
  points?: number;
  unit_minor?: number;
  rounding?: 'down' | 'nearest' | 'up';
  min_spend_minor?: number;
  multiplier_x100?: number;
  categories?: string[];
  locations?: string[];
  days?: number[];
  start?: string;
  end?: string;
  bonus_points?: number;
  cashback_bps?: number;
  rate_bps?: number;
  referee_points?: number;
  catch_up_days?: number;
}

export interface EarningRule {
  id: string;
  program_id: string;
  type: RuleType;
  name: string;
  status: 'active' | 'archived';
  valid_from: string | null;
  valid_until: string | null;
  params: RuleParams;
}

const PARAM_KEYS = [
  'points', 'unit_minor', 'rounding', 'min_spend_minor', 'categories', 'locations', 'days', 'start', 'end', 'bonus_points',
  'cashback_bps', 'rate_bps', 'referee_points', 'catch_up_days',
] as const;

export function paramsFromInput(input: Record<string, unknown>): RuleParams {
  const params: Record<string, unknown> = {};
  for (const key of PARAM_KEYS) if (input[key] !== undefined) params[key] = input[key];
  if (typeof input.multiplier === 'number') params.multiplier_x100 = Math.round(input.multiplier * 100);
  if (Array.isArray(params.days)) params.days = [...new Set(params.days as number[])].sort();
  return params as RuleParams;
}

/** The inverse of paramsFromInput: the fields as a user writes them. */
export function paramsToInput(params: RuleParams): Record<string, unknown> {
  const { multiplier_x100, ...rest } = params;
  return multiplier_x100 === undefined ? { ...rest } : { ...rest, multiplier: multiplier_x100 / 100 };
}

export const DEFAULT_RULE_NAMES: Record<RuleType, string> = {
  spend: 'Points per spend',
  visit: 'Points per visit',
  category_multiplier: 'Category multiplier',
  branch_multiplier: 'Branch multiplier',
  time_window: 'Happy hours',
  cashback: 'Cashback',
  first_purchase: 'First purchase bonus',
  signup: 'Sign-up bonus',
  referral: 'Referral bonus',
  birthday: 'Birthday bonus',
};
