import { sql } from 'kysely';
import { z } from 'zod';
import { command, query } from '../bus/define.js';
import type { Ctx } from '../bus/context.js';
import { toJson } from '../db/database.js';
import { invalid, notFound } from '../kernel/errors.js';
import { listParams, pageById } from '../kernel/pagination.js';
import type { RewardsCampaignsTable } from './rewards-tables.js';
import { campaignCreateSchema, campaignUpdateSchema, campaignView, effectFromInput, type CampaignEffect, type CampaignTargeting } from './campaign.js';
import { assertKnownLocations, MANAGE, READ, resolveProgram } from './handler-common.js';
import { assertProgramExists, programRewardsOrDefaults, touchProgramRewards } from './program-config.js';
import { ensureMember } from './member.js';
import { grantBonus } from './bonus.js';
import { useCampaignBudgets } from './purchase-hooks.js';
import { localParts } from './local-time.js';

function assertEffect(effect: CampaignEffect): void {
  if (effect.multiplier_x100 !== undefined && effect.multiplier_x100 < 100) {
    throw invalid('parameter_invalid', 'effect.multiplier must be at least 1: a campaign cannot take points away.', 'effect.multiplier');
  }
  const gives = (effect.multiplier_x100 ?? 100) > 100 || (effect.bonus_points ?? 0) > 0 || (effect.cashback_bps ?? 0) > 0;
  if (!gives) throw invalid('parameter_missing', 'A campaign needs effect.multiplier above 1, effect.bonus_points or effect.cashback_bps.', 'effect');
}

async function assertTargeting(ctx: Ctx, programId: string, targeting: CampaignTargeting): Promise<void> {
  await assertKnownLocations(ctx.db, targeting.locations, 'targeting.locations');
  if (targeting.tiers) {
    const rows = await ctx.db.selectFrom('rewards_tiers').select('id').where('program_id', '=', programId).where('id', 'in', targeting.tiers).execute();
    const missing = targeting.tiers.find((id) => !rows.some((r) => r.id === id));
    if (missing) throw invalid('unknown_tier', `${missing} is not a tier of this program.`, 'targeting.tiers');
  }
}

function assertDates(startsOn: string, endsOn: string): void {
  if (endsOn < startsOn) throw invalid('invalid_date_range', `ends_on (${endsOn}) is before starts_on (${startsOn}).`, 'ends_on');
}

function hasRoom(row: Pick<RewardsCampaignsTable, 'budget_points' | 'used_points' | 'budget_minor' | 'used_minor'>): boolean {
  return (row.budget_points === null || row.used_points < row.budget_points) && (row.budget_minor === null || row.used_minor < row.budget_minor);
}

async function getCampaignRow(ctx: Ctx, id: string, param = 'id'): Promise<RewardsCampaignsTable> {
  const row = await ctx.db.selectFrom('rewards_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('campaign', id, param);
  return row;
}

export const campaignCreate = command({
  input: campaignCreateSchema,
  permission: MANAGE,
  audit: true,
  async handler(ctx, input) {
    await assertProgramExists(ctx.db, input.program);
    assertDates(input.starts_on, input.ends_on);
    const effect = effectFromInput(input.effect);
    assertEffect(effect);
    const targeting = input.targeting ?? {};
    await assertTargeting(ctx, input.program, targeting);
    const now = ctx.clock.now().toISOString();
    const row: RewardsCampaignsTable = {
      id: ctx.ids.next('camp'),
      program_id: input.program,
      name: input.name,
      status: 'active',
      starts_on: input.starts_on,
      ends_on: input.ends_on,
      targeting: toJson(targeting),
      effect: toJson(effect),
      budget_points: input.budget_points ?? null,
      budget_minor: input.budget_minor ?? null,
      used_points: 0,
      used_minor: 0,
      per_member_limit: input.per_member_limit ?? null,
      exhausted_at: null,
      created_at: now,
      updated_at: now,
    };
    await ctx.db.insertInto('rewards_campaigns').values(row).execute();
    await touchProgramRewards(ctx, input.program);
    const out = campaignView(row);
    await ctx.emit('rewards.campaign.created', row.id, out);
    return out;
  },
});

/** Raising the budget of a campaign that ran out resumes it; resuming one without room is refused. */
export const campaignUpdate = command({
  input: campaignUpdateSchema,
  permission: MANAGE,
  audit: true,
  async handler(ctx, input) {
    const row = await getCampaignRow(ctx, input.id);
    const next: RewardsCampaignsTable = { ...row, updated_at: ctx.clock.now().toISOString() };
    if (input.name !== undefined) next.name = input.name;
    if (input.starts_on !== undefined) next.starts_on = input.starts_on;
    if (input.ends_on !== undefined) next.ends_on = input.ends_on;
    if (input.targeting !== undefined) next.targeting = toJson(input.targeting);
    if (input.effect !== undefined) next.effect = toJson(effectFromInput(input.effect));
    if (input.budget_points !== undefined) next.budget_points = input.budget_points;
    if (input.budget_minor !== undefined) next.budget_minor = input.budget_minor;
    if (input.per_member_limit !== undefined) next.per_member_limit = input.per_member_limit;
    assertDates(next.starts_on, next.ends_on);
    if (input.effect) assertEffect(effectFromInput(input.effect));
    if (input.targeting) await assertTargeting(ctx, row.program_id, input.targeting);
    if (next.budget_points !== null && next.budget_points < next.used_points) {
      throw invalid('parameter_invalid', `budget_points (${next.budget_points}) is below the ${next.used_points} points already given.`, 'budget_points');
    }
    if (next.budget_minor !== null && next.budget_minor < next.used_minor) {
      throw invalid('parameter_invalid', `budget_minor (${next.budget_minor}) is below the ${next.used_minor} already given.`, 'budget_minor');
    }
    if (input.status === 'active' && !hasRoom(next)) {
      throw invalid('campaign_budget_exhausted', `The campaign's budget is used up (${next.used_points} of ${next.budget_points ?? '-'} points, ${next.used_minor} of ${next.budget_minor ?? '-'} money): raise it to resume.`, 'status');
    }
    if (input.status !== undefined) next.status = input.status;
    else if (row.status === 'exhausted' && hasRoom(next)) next.status = 'active';
    if (next.status === 'active') next.exhausted_at = null;
    await ctx.db.updateTable('rewards_campaigns').set(next).where('id', '=', row.id).execute();
    await touchProgramRewards(ctx, row.program_id);
    const out = campaignView(next);
    await ctx.emit('rewards.campaign.updated', row.id, out);
    return out;
  },
});

/**
 * Gives a campaign's bonus points to one member by hand (a seasonal gift at the counter), within
 * its dates, targeting, per-member limit and budget; a grant the budget cannot cover is refused.
 */
export const campaignGrant = command({
  input: z.strictObject({ campaign: z.string().min(1), cardholder: z.string().min(1) }),
  permission: MANAGE,
  audit: true,
  async handler(ctx, input) {
    const row = await getCampaignRow(ctx, input.campaign, 'campaign');
    await resolveProgram(ctx.db, input.cardholder, row.program_id);
    const config = await programRewardsOrDefaults(ctx, row.program_id);
    const now = ctx.clock.now();
    const view = campaignView(row);
    const points = view.effect.bonus_points ?? 0;
    if (points <= 0) throw invalid('parameter_invalid', 'This campaign gives no bonus points to grant.', 'campaign');
    if (row.status === 'exhausted' || !hasRoom(row)) throw invalid('campaign_budget_exhausted', `Campaign "${row.name}" has used its whole budget.`, 'campaign');
    if (row.status !== 'active') throw invalid('campaign_inactive', `Campaign "${row.name}" is ${row.status}.`, 'campaign');
    const today = localParts(now, config.timezone).date;
    if (today < row.starts_on || today > row.ends_on) throw invalid('campaign_inactive', `Campaign "${row.name}" runs from ${row.starts_on} to ${row.ends_on}.`, 'campaign');
    if (row.budget_points !== null && row.budget_points - row.used_points < points) {
      throw invalid('campaign_budget_exhausted', `Campaign "${row.name}" has ${row.budget_points - row.used_points} points of budget left; this grant needs ${points}.`, 'campaign');
    }
    const { member } = await ensureMember(ctx, config, input.cardholder, { at: now.toISOString() });
    const targeting = view.targeting;
    if (targeting.tiers && (member.tier_id === null || !targeting.tiers.includes(member.tier_id))) {
      throw invalid('not_targeted', `Campaign "${row.name}" is for other tiers.`, 'cardholder');
    }
    if (row.per_member_limit !== null) {
      const used = await ctx.db.selectFrom('rewards_campaign_awards').select(sql<number>`count(*)`.as('n')).where('campaign_id', '=', row.id).where('member_id', '=', member.id).executeTakeFirstOrThrow();
      if (Number(used.n) >= row.per_member_limit) throw invalid('campaign_limit_reached', `This member already had campaign "${row.name}" ${used.n} time(s).`, 'cardholder');
    }
    const grant = await grantBonus(ctx, config, member, { points, campaignId: row.id, reason: 'campaign', at: now.toISOString(), details: { campaign_name: row.name } });
    await useCampaignBudgets(ctx, config, member, grant!.entryId, [{ campaign_id: row.id, points, cashback_minor: 0 }], now.toISOString());
    return { object: 'campaign_grant' as const, campaign: row.id, cardholder: input.cardholder, member: member.id, points, entry: grant!.entryId };
  },
});

export const campaignGet = query({
  input: z.strictObject({ id: z.string().min(1) }),
  permission: READ,
  handler: async (ctx, input) => campaignView(await getCampaignRow(ctx, input.id)),
});

export const campaignList = query({
  input: z.strictObject({ ...listParams, program: z.string().min(1), status: z.enum(['active', 'paused', 'exhausted', 'archived']).optional() }),
  permission: READ,
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('rewards_campaigns').selectAll().where('program_id', '=', input.program);
    if (input.status) q = q.where('status', '=', input.status);
    return pageById(q, 'id', input, campaignView);
  },
});

export const campaignHandlers = {
  'campaign-create': campaignCreate,
  'campaign-update': campaignUpdate,
  'campaign-grant': campaignGrant,
  'campaign-get': campaignGet,
  'campaign-list': campaignList,
};
