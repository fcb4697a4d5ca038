import { z } from 'zod';
import { spendingControlsSchema } from '../controls/spending-controls.js';
import { addressSchema } from '../cardholders/cardholder-schema.js';
import { CANCELLATION_REASONS, FULFILMENT_STATUSES } from './card-status.js';

const id = z.string().min(1).max(64);
const metadata = z.record(z.string().max(40), z.string().max(500));

export const cardCreateSchema = z.strictObject({
  program: id,
  cardholder: id,
  type: z.enum(['virtual', 'physical']),
  design: id.nullable().optional(),
  spending_controls: spendingControlsSchema.optional(),
  exp_month: z.number().int().min(1).max(12).optional(),
  exp_year: z.number().int().min(2000).max(2100).optional(),
  status: z.enum(['active', 'inactive']).optional(),
  shipping: z.strictObject({ name: z.string().trim().min(1).max(100), address: addressSchema, service: z.enum(['standard', 'express']).optional() }).optional(),
  metadata: metadata.optional(),
  currency: z.string().optional(),
});

export const cardUpdateSchema = z.strictObject({
  id,
  status: z.enum(['active', 'inactive', 'canceled']).optional(),
  cancellation_reason: z.enum(CANCELLATION_REASONS).optional(),
  spending_controls: spendingControlsSchema.optional(),
  design: id.nullable().optional(),
  metadata: metadata.optional(),
});

export const cardReplaceSchema = z.strictObject({
  id,
  reason: z.enum(['lost', 'stolen', 'damaged', 'expired']),
  type: z.enum(['virtual', 'physical']).optional(),
});

export const cardShipSchema = z.strictObject({ id, status: z.enum(FULFILMENT_STATUSES), tracking_number: z.string().max(64).optional() });
