import { z } from 'zod';
import { fromJson } from '../db/database.js';
import type { RewardsTiersTable } from './rewards-tables.js';
import { bpsSchema, multiplierSchema } from './earning-rule.js';

/** What a tier gives: a multiplier on base points, a cashback rate, rewards only it unlocks. */
export const tierBenefitsSchema = z.strictObject({
  earn_multiplier: multiplierSchema.optional(),
  cashback_bps: bpsSchema.optional(),
  extra_rewards: z.array(z.string().min(1)).max(50).optional(),
});

export const tierCreateSchema = z.strictObject({
  program: z.string().min(1),
  name: z.string().trim().min(1).max(50),
  /** Points earned, or net spend in minor units, over the qualification window (per program setting). */
  threshold: z.number({ error: 'threshold must be a number' }).int('threshold must be a whole number').min(0, 'threshold must not be negative').max(Number.MAX_SAFE_INTEGER),
  benefits: tierBenefitsSchema.optional(),
});

export const tierUpdateSchema = z.strictObject({
  id: z.string().min(1),
  name: tierCreateSchema.shape.name.optional(),
  threshold: tierCreateSchema.shape.threshold.optional(),
  benefits: tierBenefitsSchema.optional(),
  status: z.enum(['active', 'archived']).optional(),
});

export interface TierBenefits {
  earn_multiplier_x100: number;
  cashback_bps: number;
  extra_rewards: string[];
}

export interface Tier {
  id: string;
  program_id: string;
  name: string;
  threshold: number;
  benefits: TierBenefits;
  status: 'active' | 'archived';
}

export function tierFromRow(row: RewardsTiersTable): Tier {
  return {
    id: row.id,
    program_id: row.program_id,
    name: row.name,
    threshold: row.threshold,
    benefits: fromJson(row.benefits),
    status: row.status as Tier['status'],
  };
}

export function benefitsFromInput(input: z.output<typeof tierBenefitsSchema> | undefined, base?: TierBenefits): TierBenefits {
  return {
    earn_multiplier_x100: input?.earn_multiplier !== undefined ? Math.round(input.earn_multiplier * 100) : (base?.earn_multiplier_x100 ?? 100),
    cashback_bps: input?.cashback_bps ?? base?.cashback_bps ?? 0,
    extra_rewards: input?.extra_rewards ?? base?.extra_rewards ?? [],
  };
}

export function tierView(tier: Tier, created_at: string) {
  return {
    id: tier.id,
    object: 'tier' as const,
    program: tier.program_id,
    name: tier.name,
    threshold: tier.threshold,
    benefits: {
      earn_multiplier: tier.benefits.earn_multiplier_x100 / 100,
      cashback_bps: tier.benefits.cashback_bps,
      extra_rewards: tier.benefits.extra_rewards,
    },
    status: tier.status,
    created: Math.floor(Date.parse(created_at) / 1000),
  };
}
