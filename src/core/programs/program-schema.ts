import { z } from 'zod';
import { isSupportedCurrency } from '../kernel/money.js';
import { isValidTimeZone } from '../reference/timezones.js';
import { spendingControlsSchema } from '../controls/spending-controls.js';
import { PROGRAM_KINDS } from './program-kinds.js';
import { brandSchema } from './brand.js';
import { kycRequirementsSchema } from './kyc-rules.js';

export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in upper case, e.g. IDR')
  .refine(isSupportedCurrency, { message: 'is not a supported currency' });

export const timezoneSchema = z.string().max(64).refine(isValidTimeZone, { message: 'must be an IANA time zone, e.g. Asia/Jakarta' });

const amount = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const capsSchema = z.strictObject({
  per_authorization: amount.nullable().optional(),
  daily: amount.nullable().optional(),
  weekly: amount.nullable().optional(),
  monthly: amount.nullable().optional(),
  yearly: amount.nullable().optional(),
  all_time: amount.nullable().optional(),
  balance: amount.nullable().optional(),
  credit_limit: amount.nullable().optional(),
});

export const feesSchema = z.strictObject({
  issuance: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  monthly_admin: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  per_transaction: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  fx_bps: z.number().int().min(0).max(1000).optional(),
});

export const programFields = {
  name: z.string().trim().min(1).max(100),
  timezone: timezoneSchema.optional(),
  week_starts_on: z.number().int().min(0).max(6).optional(),
  default_expiry_years: z.number().int().min(1).max(10).optional(),
  max_expiry_years: z.number().int().min(1).max(10).optional(),
  default_spending_controls: spendingControlsSchema.optional(),
  caps: capsSchema.optional(),
  fees: feesSchema.optional(),
  kyc_requirements: kycRequirementsSchema.optional(),
  brand: brandSchema.optional(),
};

export const programCreateSchema = z.strictObject({
  ...programFields,
  kind: z.enum(PROGRAM_KINDS),
  currency: currencySchema,
  network: z.literal('sandbox').optional(),
  bin: z.string().regex(/^\d{6,8}$/, 'must be 6 to 8 digits').optional(),
  pan_length: z.number().int().min(16).max(19).optional(),
});

export const programUpdateSchema = z.strictObject({
  id: z.string().min(1),
  ...Object.fromEntries(Object.entries(programFields).map(([key, schema]) => [key, schema.optional()])) as {
    [K in keyof typeof programFields]: z.ZodOptional<(typeof programFields)[K]>;
  },
  status: z.enum(['active', 'archived']).optional(),
});
