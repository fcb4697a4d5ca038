import { z } from 'zod';
import { command, query } from '../bus/define.js';
import type { Ctx } from '../bus/context.js';
import { invalid, notFound } from '../kernel/errors.js';
import { listParams, pageById } from '../kernel/pagination.js';
import { COUNTER, created, READ, resolveProgram } from './handler-common.js';
import { programRewardsOrDefaults } from './program-config.js';
import { findMember } from './member.js';
import { redeem, undoRedemption, type RedemptionRow } from './redemption-service.js';

function view(row: RedemptionRow) {
  return {
    id: row.id,
    object: 'redemption' as const,
    program: row.program_id,
    cardholder: row.cardholder_id,
    member: row.member_id,
    reward: row.reward_id,
    points: row.points,
    status: row.status as 'completed' | 'canceled' | 'restored',
    authorization: row.authorization_id,
    voucher_code: row.voucher_code,
    credit_amount: row.credit_minor,
    cancelable_until: row.cancelable_until,
    staff: row.actor,
    created: created(row.created_at),
    closed_at: row.closed_at,
    close_reason: row.close_reason,
  };
}

/** At the counter, one step: checks, spends the points, returns the voucher or credit. */
export const redemptionCreate = command({
  input: z.strictObject({
    cardholder: z.string().min(1),
    program: z.string().min(1).optional(),
    reward: z.string().min(1),
    /** The purchase the reward was used for: refunding it restores the reward. */
    authorization: z.string().regex(/^auth_[0-9a-z]+$/, 'must be an authorization id (auth_...)').optional(),
  }),
  permission: COUNTER,
  audit: true,
  async handler(ctx, input) {
    const programId = await resolveProgram(ctx.db, input.cardholder, input.program);
    const config = await programRewardsOrDefaults(ctx, programId);
    const member = await findMember(ctx.db, programId, input.cardholder);
    if (!member) {
      const reward = await ctx.db.selectFrom('rewards_catalogue').select(['name', 'points_cost', 'program_id']).where('id', '=', input.reward).executeTakeFirst();
      if (!reward || reward.program_id !== programId) throw notFound('reward', input.reward, 'reward');
      throw invalid('insufficient_points', `Reward "${reward.name}" costs ${reward.points_cost} points; this cardholder has no points in this program yet.`, 'reward', { points_cost: reward.points_cost, available: 0 });
    }
    return view(await redeem(ctx, config, { member, rewardId: input.reward, authorizationId: input.authorization ?? null }));
  },
  // Points, the catalogue's stock and, for a stored-value reward, the card's funds (journaled by
  // the ledger): nothing else an authorization session remembers.
  changesCards: () => [],
});

async function getRedemption(ctx: Ctx, id: string): Promise<RedemptionRow> {
  const row = await ctx.db.selectFrom('rewards_redemptions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('redemption', id, 'id');
  return row;
}

/** Undo at the counter within the program's window (a mistake, a change of mind). */
export const redemptionCancel = command({
  input: z.strictObject({ id: z.string().min(1), reason: z.string().trim().min(1).max(500).optional() }),
  permission: COUNTER,
  audit: true,
  async handler(ctx, input) {
    const row = await getRedemption(ctx, input.id);
    if (row.status !== 'completed') throw invalid('redemption_closed', `This redemption is already ${row.status}.`, 'id');
    if (ctx.clock.now().toISOString() > row.cancelable_until) {
      throw invalid('cancel_window_passed', `This redemption could be canceled until ${row.cancelable_until}.`, 'id');
    }
    const config = await programRewardsOrDefaults(ctx, row.program_id);
    return view(await undoRedemption(ctx, config, row, 'canceled', input.reason ?? 'canceled at the counter'));
  },
  // Points, the catalogue's stock and, for a stored-value reward, the card's funds (journaled by
  // the ledger): nothing else an authorization session remembers.
  changesCards: () => [],
});

export const redemptionGet = query({
  input: z.strictObject({ id: z.string().min(1) }),
  permission: READ,
  handler: async (ctx, input) => view(await getRedemption(ctx, input.id)),
});

export const redemptionList = query({
  input: z.strictObject({
    ...listParams,
    program: z.string().min(1).optional(),
    cardholder: z.string().min(1).optional(),
    reward: z.string().min(1).optional(),
    status: z.enum(['completed', 'canceled', 'restored']).optional(),
  }),
  permission: READ,
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('rewards_redemptions').selectAll();
    if (input.program) q = q.where('program_id', '=', input.program);
    if (input.cardholder) q = q.where('cardholder_id', '=', input.cardholder);
    if (input.reward) q = q.where('reward_id', '=', input.reward);
    if (input.status) q = q.where('status', '=', input.status);
    return pageById(q, 'id', input, view);
  },
});

export const redemptionHandlers = {
  'redemption-create': redemptionCreate,
  'redemption-cancel': redemptionCancel,
  'redemption-get': redemptionGet,
  'redemption-list': redemptionList,
};
