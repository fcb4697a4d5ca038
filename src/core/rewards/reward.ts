import { z } from 'zod';
import { fromJson } from '../db/database.js';
import type { RewardsCatalogueTable } from './rewards-tables.js';
import { localDateSchema } from './earning-rule.js';

/**
 * A catalogue reward: a free item ("Kopi Susu gratis" for 100 points), a fixed or percentage
 * discount, stored-value credit on the card, or a voucher code; with its points cost, the tiers it
 * is for, stock, a per-member limit (per day, month, year or ever) and validity dates.
 */
export const REWARD_KINDS = ['free_item', 'fixed_discount', 'percent_discount', 'stored_value', 'voucher'] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

export const rewardValueSchema = z.strictObject({
  item: z.string().trim().min(1).max(100).optional(),
  amount_minor: z.number().int().min(1, 'amount_minor must be positive').max(Number.MAX_SAFE_INTEGER).optional(),
  percent: z.number().int().min(1, 'percent must be between 1 and 100').max(100, 'percent must be between 1 and 100').optional(),
  voucher_prefix: z.string().regex(/^[A-Z0-9]{1,8}$/, 'must be 1-8 upper-case letters or digits').optional(),
});

const pointsCost = z.number({ error: 'points_cost must be a number' }).int('points_cost must be a whole number').min(1, 'points_cost must be positive').max(1_000_000_000);

export const rewardCreateSchema = z.strictObject({
  program: z.string().min(1),
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).optional(),
  kind: z.enum(REWARD_KINDS),
  points_cost: pointsCost,
  value: rewardValueSchema.optional(),
  tiers: z.array(z.string().min(1)).min(1).max(20).nullable().optional(),
  stock: z.number().int().min(0, 'stock must not be negative').max(100_000_000).nullable().optional(),
  per_member_limit: z.number().int().min(1, 'per_member_limit must be positive').max(1_000_000).nullable().optional(),
  per_member_period: z.enum(['lifetime', 'day', 'month', 'year']).optional(),
  valid_from: localDateSchema.nullable().optional(),
  valid_until: localDateSchema.nullable().optional(),
});

export const rewardUpdateSchema = z.strictObject({
  id: z.string().min(1),
  name: rewardCreateSchema.shape.name.optional(),
  description: rewardCreateSchema.shape.description,
  points_cost: pointsCost.optional(),
  value: rewardValueSchema.optional(),
  tiers: rewardCreateSchema.shape.tiers,
  /** The total stock (redeemed ones included); null = unlimited. */
  stock: rewardCreateSchema.shape.stock,
  per_member_limit: rewardCreateSchema.shape.per_member_limit,
  per_member_period: rewardCreateSchema.shape.per_member_period,
  valid_from: rewardCreateSchema.shape.valid_from,
  valid_until: rewardCreateSchema.shape.valid_until,
  status: z.enum(['active', 'archived']).optional(),
});

export interface RewardValue {
  item?: string;
  amount_minor?: number;
  percent?: number;
  voucher_prefix?: string;
}

export function rewardView(row: RewardsCatalogueTable) {
  return {
    id: row.id,
    object: 'reward' as const,
    program: row.program_id,
    name: row.name,
    description: row.description,
    kind: row.kind as RewardKind,
    points_cost: row.points_cost,
    value: fromJson<RewardValue>(row.value),
    tiers: fromJson<string[] | null>(row.tier_ids),
    stock: row.stock_total,
    redeemed: row.stock_redeemed,
    stock_left: row.stock_total === null ? null : row.stock_total - row.stock_redeemed,
    per_member_limit: row.per_member_limit,
    per_member_period: row.per_member_period,
    valid_from: row.valid_from,
    valid_until: row.valid_until,
    status: row.status,
    created: Math.floor(Date.parse(row.created_at) / 1000),
  };
}
export type RewardView = ReturnType<typeof rewardView>;
