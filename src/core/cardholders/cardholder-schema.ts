import { z } from 'zod';

export const phoneSchema = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be in E.164 form, e.g. +6281234567890');
export const emailSchema = z.string().trim().max(254).email('must be an e-mail address');
export const birthDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && date.getUTCFullYear() >= 1900;
  }, 'is not a real date');

export const addressSchema = z.strictObject({
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).nullable().optional(),
  city: z.string().trim().min(1).max(100),
  state: z.string().trim().max(100).nullable().optional(),
  postal_code: z.string().trim().max(20).nullable().optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code'),
});

const fields = {
  name: z.string().trim().min(1).max(120),
  email: emailSchema.nullable().optional(),
  phone: phoneSchema.nullable().optional(),
  birth_date: birthDateSchema.nullable().optional(),
  national_id: z.string().trim().max(32).nullable().optional(),
  address: addressSchema.nullable().optional(),
  preferred_language: z.enum(['id', 'en']).optional(),
  status: z.enum(['active', 'inactive', 'blocked']).optional(),
  metadata: z.record(z.string().max(40), z.string().max(500)).optional(),
};

export const cardholderCreateSchema = z.strictObject({
  ...fields,
  type: z.enum(['individual', 'company']).optional(),
  company: z.string().min(1).nullable().optional(),
});

export const cardholderUpdateSchema = z.strictObject({
  id: z.string().min(1),
  ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]> },
  company: z.string().min(1).nullable().optional(),
});
