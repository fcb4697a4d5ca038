import { z } from 'zod';
import { command, query } from '../bus/define.js';
import type { Ctx } from '../bus/context.js';
import { toJson } from '../db/database.js';
import { invalid, notFound } from '../kernel/errors.js';
import type { RewardsTiersTable } from './rewards-tables.js';
import { benefitsFromInput, tierCreateSchema, tierFromRow, tierUpdateSchema, tierView, type TierBenefits } from './tier.js';
import { MANAGE, READ, resolveProgram } from './handler-common.js';
import { assertProgramExists, programRewardsOrDefaults, touchProgramRewards } from './program-config.js';
import { recomputeProgramTiers } from './tier-job.js';
import { localDateSchema } from './earning-rule.js';
import { addDaysToDate, localParts, startOfLocalDate } from './local-time.js';
import { ensureMember } from './member.js';
import { applyTier, computeMemberTier } from './tier-service.js';


async function assertTierFits(ctx: Ctx, programId: string, tier: { id?: string; name: string; threshold: number; benefits: TierBenefits }): Promise<void> {
  const others = (await ctx.db.selectFrom('rewards_tiers').selectAll().where('program_id', '=', programId).where('status', '=', 'active').execute()).filter((t) => t.id !== tier.id);
  const sameName = others.find((t) => t.name.toLowerCase() === tier.name.toLowerCase());
  if (sameName) throw invalid('tier_name_taken', `The program already has a tier named "${sameName.name}" (${sameName.id}).`, 'name');
  const sameThreshold = others.find((t) => t.threshold === tier.threshold);
  if (sameThreshold) throw invalid('tier_threshold_taken', `Tier "${sameThreshold.name}" already starts at ${tier.threshold}: each tier needs its own threshold.`, 'threshold');
  if (tier.benefits.earn_multiplier_x100 < 100) throw invalid('parameter_invalid', 'benefits.earn_multiplier must be at least 1.', 'benefits.earn_multiplier');
  if (tier.benefits.extra_rewards.length > 0) {
    const rewards = await ctx.db.selectFrom('rewards_catalogue').select('id').where('program_id', '=', programId).where('id', 'in', tier.benefits.extra_rewards).execute();
    const missing = tier.benefits.extra_rewards.find((id) => !rewards.some((r) => r.id === id));
    if (missing) throw invalid('unknown_reward', `${missing} is not a reward of this program.`, 'benefits.extra_rewards');
  }
}

async function getTierRow(ctx: Ctx, id: string, param = 'id'): Promise<RewardsTiersTable> {
  const row = await ctx.db.selectFrom('rewards_tiers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('tier', id, param);
  return row;
}

/** A new tier, or new thresholds, apply to every member at once (recomputed from history in this transaction). */
export const tierCreate = command({
  input: tierCreateSchema,
  permission: MANAGE,
  audit: true,
  async handler(ctx, input) {
    await assertProgramExists(ctx.db, input.program);
    const benefits = benefitsFromInput(input.benefits);
    await assertTierFits(ctx, input.program, { name: input.name, threshold: input.threshold, benefits });
    const now = ctx.clock.now().toISOString();
    const row: RewardsTiersTable = {
      id: ctx.ids.next('tier'), program_id: input.program, name: input.name, threshold: input.threshold, benefits: toJson(benefits),
      status: 'active', created_at: now, updated_at: now,
    };
    await ctx.db.insertInto('rewards_tiers').values(row).execute();
    await touchProgramRewards(ctx, input.program);
    const out = tierView(tierFromRow(row), row.created_at);
    await ctx.emit('rewards.tier.created', row.id, out);
    await recomputeProgramTiers(ctx, input.program, { full: true, down: 'tiers_changed' });
    return out;
  },
});

export const tierUpdate = command({
  input: tierUpdateSchema,
  permission: MANAGE,
  audit: true,
  async handler(ctx, input) {
    const row = await getTierRow(ctx, input.id);
    const current = tierFromRow(row);
    const next = {
      name: input.name ?? current.name,
      threshold: input.threshold ?? current.threshold,
      benefits: benefitsFromInput(input.benefits, current.benefits),
      status: input.status ?? current.status,
    };
    if (next.status === 'active') await assertTierFits(ctx, row.program_id, { id: row.id, ...next });
    const now = ctx.clock.now().toISOString();
    await ctx.db
      .updateTable('rewards_tiers')
      .set({ name: next.name, threshold: next.threshold, benefits: toJson(next.benefits), status: next.status, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    await touchProgramRewards(ctx, row.program_id);
    const out = tierView({ ...current, ...next }, row.created_at);
    await ctx.emit('rewards.tier.updated', row.id, out);
    if (next.threshold !== current.threshold || next.status !== current.status) await recomputeProgramTiers(ctx, row.program_id, { full: true, down: 'tiers_changed' });
    return out;
  },
});

export const tierList = query({
  input: z.strictObject({ program: z.string().min(1), status: z.enum(['active', 'archived']).optional() }),
  permission: READ,
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('rewards_tiers').selectAll().where('program_id', '=', input.program);
    if (input.status) q = q.where('status', '=', input.status);
    const rows = await q.orderBy('threshold').execute();
    return { object: 'list' as const, data: rows.map((r) => tierView(tierFromRow(r), r.created_at)), has_more: false };
  },
});

/**
 * A manually assigned tier (a VIP, a goodwill gesture) with an explicit expiry: it wins over the
 * computed tier through `until` (a local date, inclusive); `tier: null` ends it now.
 */
export const tierAssign = command({
  input: z.strictObject({
    cardholder: z.string().min(1),
    program: z.string().min(1).optional(),
    tier: z.string().min(1).nullable(),
    until: localDateSchema.optional(),
    reason: z.string().trim().min(1, 'a reason is required').max(500),
  }),
  permission: MANAGE,
  audit: true,
  async handler(ctx, input) {
    const programId = await resolveProgram(ctx.db, input.cardholder, input.program);
    const config = await programRewardsOrDefaults(ctx, programId);
    const now = ctx.clock.now();
    if (input.tier !== null) {
      const tier = await getTierRow(ctx, input.tier, 'tier');
      if (tier.program_id !== programId || tier.status !== 'active') throw invalid('parameter_invalid', `${input.tier} is not an active tier of this program.`, 'tier');
      if (!input.until) throw invalid('parameter_missing', 'A manual tier needs an expiry date (until).', 'until');
      if (input.until < localParts(now, config.timezone).date) throw invalid('parameter_invalid', `until (${input.until}) is in the past.`, 'until');
    }
    const { member } = await ensureMember(ctx, config, input.cardholder, { at: now.toISOString() });
    member.manual_tier_id = input.tier;
    member.manual_tier_until = input.tier !== null && input.until ? new Date(startOfLocalDate(addDaysToDate(input.until, 1), config.timezone)).toISOString() : null;
    member.manual_tier_reason = input.tier !== null ? input.reason : null;
    await ctx.db
      .updateTable('rewards_members')
      .set({ manual_tier_id: member.manual_tier_id, manual_tier_until: member.manual_tier_until, manual_tier_reason: member.manual_tier_reason })
      .where('id', '=', member.id)
      .execute();
    const computed = await computeMemberTier(ctx.db, config, member.id, now.getTime());
    const change = await applyTier(ctx, config, member, computed, now.getTime(), { up: 'manual', down: 'manual', manual: 'manual' });
    return {
      object: 'tier_assignment' as const,
      member: member.id,
      cardholder: input.cardholder,
      program: programId,
      tier: member.tier_id,
      manual: member.manual_tier_id !== null,
      until: member.manual_tier_until,
      reason: input.reason,
      change,
    };
  },
});

export const tierHandlers = {
  'tier-create': tierCreate,
  'tier-update': tierUpdate,
  'tier-list': tierList,
  'tier-assign': tierAssign,
};
