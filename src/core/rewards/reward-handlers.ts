import { z } from 'zod';
import { command, query } from '../bus/define.js';
import type { Ctx } from '../bus/context.js';
import { toJson } from '../db/database.js';
import { invalid, notFound } from '../kernel/errors.js';
import { listParams, pageById } from '../kernel/pagination.js';
import type { RewardsCatalogueTable } from './rewards-tables.js';
import { rewardCreateSchema, rewardUpdateSchema, rewardView, type RewardKind, type RewardValue } from './reward.js';
import { MANAGE, READ } from './handler-common.js';
import { assertProgramExists, touchProgramRewards } from './program-config.js';

/** Each kind needs its value: the item, the amount, the percentage. */
function assertValue(kind: RewardKind, value: RewardValue): void {
  if (kind === 'free_item' && !value.item) throw invalid('parameter_missing', 'A free item reward needs value.item (e.g. "Kopi Susu").', 'value.item');
  if ((kind === 'fixed_discount' || kind === 'stored_value') && !value.amount_minor) throw invalid('parameter_missing', `A ${kind} reward needs value.amount_minor.`, 'value.amount_minor');
  if (kind === 'percent_discount' && !value.percent) throw invalid('parameter_missing', 'A percent_discount reward needs value.percent.', 'value.percent');
}

async function assertTiers(ctx: Ctx, programId: string, tiers: string[] | null | undefined): Promise<void> {
  if (!tiers) return;
  const rows = await ctx.db.selectFrom('rewards_tiers').select('id').where('program_id', '=', programId).where('id', 'in', tiers).execute();
  const missing = tiers.find((id) => !rows.some((r) => r.id === id));
  if (missing) throw invalid('unknown_tier', `${missing} is not a tier of this program.`, 'tiers');
}

function assertDates(from: string | null | undefined, until: string | null | undefined): void {
  if (from && until && until < from) throw invalid('invalid_date_range', `valid_until (${until}) is before valid_from (${from}).`, 'valid_until');
}

async function getRewardRow(ctx: Ctx, id: string): Promise<RewardsCatalogueTable> {
  const row = await ctx.db.selectFrom('rewards_catalogue').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('reward', id, 'id');
  return row;
}

export const rewardCreate = command({
  input: rewardCreateSchema,
  permission: MANAGE,
  audit: true,
  async handler(ctx, input) {
    await assertProgramExists(ctx.db, input.program);
    const value = input.value ?? {};
    assertValue(input.kind, value);
    await assertTiers(ctx, input.program, input.tiers);
    assertDates(input.valid_from, input.valid_until);
    const now = ctx.clock.now().toISOString();
    const row: RewardsCatalogueTable = {
      id: ctx.ids.next('rwd'),
      program_id: input.program,
      name: input.name,
      description: input.description ?? null,
      kind: input.kind,
      points_cost: input.points_cost,
      value: toJson(value),
      tier_ids: input.tiers ? toJson(input.tiers) : null,
      stock_total: input.stock ?? null,
      stock_redeemed: 0,
      per_member_limit: input.per_member_limit ?? null,
      per_member_period: input.per_member_period ?? 'lifetime',
      valid_from: input.valid_from ?? null,
      valid_until: input.valid_until ?? null,
      status: 'active',
      created_at: now,
      updated_at: now,
    };
    await ctx.db.insertInto('rewards_catalogue').values(row).execute();
    await touchProgramRewards(ctx, input.program);
    const out = rewardView(row);
    await ctx.emit('rewards.reward.created', row.id, out);
    return out;
  },
});

export const rewardUpdate = command({
  input: rewardUpdateSchema,
  permission: MANAGE,
  audit: true,
  async handler(ctx, input) {
    const row = await getRewardRow(ctx, input.id);
    const next: RewardsCatalogueTable = { ...row, updated_at: ctx.clock.now().toISOString() };
    if (input.name !== undefined) next.name = input.name;
    if (input.description !== undefined) next.description = input.description;
    if (input.points_cost !== undefined) next.points_cost = input.points_cost;
    if (input.value !== undefined) next.value = toJson(input.value);
    if (input.tiers !== undefined) next.tier_ids = input.tiers === null ? null : toJson(input.tiers);
    if (input.stock !== undefined) next.stock_total = input.stock;
    if (input.per_member_limit !== undefined) next.per_member_limit = input.per_member_limit;
    if (input.per_member_period !== undefined) next.per_member_period = input.per_member_period;
    if (input.valid_from !== undefined) next.valid_from = input.valid_from;
    if (input.valid_until !== undefined) next.valid_until = input.valid_until;
    if (input.status !== undefined) next.status = input.status;
    assertValue(next.kind as RewardKind, JSON.parse(next.value) as RewardValue);
    if (input.tiers) await assertTiers(ctx, row.program_id, input.tiers);
    assertDates(next.valid_from, next.valid_until);
    if (next.stock_total !== null && next.stock_total < next.stock_redeemed) {
      throw invalid('parameter_invalid', `stock (${next.stock_total}) is below the ${next.stock_redeemed} already redeemed.`, 'stock');
    }
    await ctx.db.updateTable('rewards_catalogue').set(next).where('id', '=', row.id).execute();
    await touchProgramRewards(ctx, row.program_id);
    const out = rewardView(next);
    await ctx.emit('rewards.reward.updated', row.id, out);
    return out;
  },
});

export const rewardGet = query({
  input: z.strictObject({ id: z.string().min(1) }),
  permission: READ,
  handler: async (ctx, input) => rewardView(await getRewardRow(ctx, input.id)),
});

export const rewardList = query({
  input: z.strictObject({ ...listParams, program: z.string().min(1), status: z.enum(['active', 'archived']).optional() }),
  permission: READ,
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('rewards_catalogue').selectAll().where('program_id', '=', input.program);
    if (input.status) q = q.where('status', '=', input.status);
    return pageById(q, 'id', input, rewardView);
  },
});

export const rewardHandlers = {
  'reward-create': rewardCreate,
  'reward-update': rewardUpdate,
  'reward-get': rewardGet,
  'reward-list': rewardList,
};
