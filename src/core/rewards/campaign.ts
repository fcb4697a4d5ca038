import { z } from 'zod';
import { fromJson } from '../db/database.js';
import type { RewardsCampaignsTable } from './rewards-tables.js';
import { bpsSchema, localDateSchema, multiplierSchema } from './earning-rule.js';

/**
 * A seasonal campaign: dates, who it targets (tiers, branches, a segment such as "no visit in 30
 * days"), what it gives on a purchase (a multiplier, flat bonus points, a cashback rate), a budget
 * in points and/or money that stops it when used up, and a per-member limit (times it applies).
 */
export const campaignTargetingSchema = z.strictObject({
  tiers: z.array(z.string().min(1)).min(1).max(20).optional(),
  locations: z.array(z.string().trim().min(1).max(64)).min(1).max(200).optional(),
  /** Segment: members whose last visit was at least this many days ago (win-back). */
  inactive_days: z.number().int().min(1, 'inactive_days must be positive').max(3650).optional(),
});

export const campaignEffectSchema = z.strictObject({
  multiplier: multiplierSchema.optional(),
  bonus_points: z.number().int().min(0, 'bonus_points must not be negative').max(1_000_000_000).optional(),
  cashback_bps: bpsSchema.optional(),
  min_spend_minor: z.number().int().min(0, 'min_spend_minor must not be negative').max(Number.MAX_SAFE_INTEGER).optional(),
});

const budget = z.number({ error: 'budget must be a number' }).int('budget must be a whole number').min(1, 'budget must be positive').max(Number.MAX_SAFE_INTEGER);

export const campaignCreateSchema = z.strictObject({
  program: z.string().min(1),
  name: z.string().trim().min(1).max(100),
  starts_on: localDateSchema,
  ends_on: localDateSchema,
  targeting: campaignTargetingSchema.optional(),
  effect: campaignEffectSchema,
  budget_points: budget.nullable().optional(),
  budget_minor: budget.nullable().optional(),
  per_member_limit: z.number().int().min(1, 'per_member_limit must be positive').max(1_000_000).nullable().optional(),
});

export const campaignUpdateSchema = z.strictObject({
  id: z.string().min(1),
  name: campaignCreateSchema.shape.name.optional(),
  starts_on: localDateSchema.optional(),
  ends_on: localDateSchema.optional(),
  targeting: campaignTargetingSchema.optional(),
  effect: campaignEffectSchema.optional(),
  budget_points: budget.nullable().optional(),
  budget_minor: budget.nullable().optional(),
  per_member_limit: campaignCreateSchema.shape.per_member_limit,
  status: z.enum(['active', 'paused', 'archived']).optional(),
});

export interface CampaignTargeting {
  tiers?: string[];
  locations?: string[];
  inactive_days?: number;
}

export interface CampaignEffect {
  multiplier_x100?: number;
  bonus_points?: number;
  cashback_bps?: number;
  min_spend_minor?: number;
}

/** The parts of a campaign the purchase path needs (budget use is read fresh, never cached). */
export interface CampaignDef {
  id: string;
  name: string;
  status: string;
  starts_on: string;
  ends_on: string;
  targeting: CampaignTargeting;
  effect: CampaignEffect;
  budget_points: number | null;
  budget_minor: number | null;
  per_member_limit: number | null;
}

export function campaignDefFromRow(row: RewardsCampaignsTable): CampaignDef {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    starts_on: row.starts_on,
    ends_on: row.ends_on,
    targeting: fromJson(row.targeting),
    effect: fromJson(row.effect),
    budget_points: row.budget_points,
    budget_minor: row.budget_minor,
    per_member_limit: row.per_member_limit,
  };
}

export function effectFromInput(input: z.output<typeof campaignEffectSchema>): CampaignEffect {
  const effect: CampaignEffect = {};
  if (input.multiplier !== undefined) effect.multiplier_x100 = Math.round(input.multiplier * 100);
  if (input.bonus_points !== undefined) effect.bonus_points = input.bonus_points;
  if (input.cashback_bps !== undefined) effect.cashback_bps = input.cashback_bps;
  if (input.min_spend_minor !== undefined) effect.min_spend_minor = input.min_spend_minor;
  return effect;
}

export function campaignView(row: RewardsCampaignsTable) {
  const effect = fromJson<CampaignEffect>(row.effect);
  const { multiplier_x100, ...rest } = effect;
  return {
    id: row.id,
    object: 'campaign' as const,
    program: row.program_id,
    name: row.name,
    status: row.status,
    starts_on: row.starts_on,
    ends_on: row.ends_on,
    targeting: fromJson<CampaignTargeting>(row.targeting),
    effect: multiplier_x100 === undefined ? rest : { ...rest, multiplier: multiplier_x100 / 100 },
    per_member_limit: row.per_member_limit,
    budget: {
      points: row.budget_points,
      points_used: row.used_points,
      points_left: row.budget_points === null ? null : row.budget_points - row.used_points,
      minor: row.budget_minor,
      minor_used: row.used_minor,
      minor_left: row.budget_minor === null ? null : row.budget_minor - row.used_minor,
    },
    exhausted_at: row.exhausted_at,
    created: Math.floor(Date.parse(row.created_at) / 1000),
  };
}
