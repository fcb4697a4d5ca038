import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Ctx } from '../bus/context.js';
import { actorLabel } from '../bus/actor.js';
import { fromJson } from '../db/database.js';
import { invalid, notFound } from '../kernel/errors.js';
import type { RewardsRedemptionsTable } from './rewards-tables.js';
import type { ProgramRewards } from './program-config.js';
import type { MemberRow } from './member.js';
import { getMemberById } from './member.js';
import { availablePoints, creditPoints, debitPoints } from './points-ledger.js';
import { creditCashback } from './cashback.js';
import { expiryFor } from './expiry-policy.js';
import { localParts, startOfLocalDay, startOfLocalMonth, startOfLocalYear } from './local-time.js';
import type { RewardValue } from './reward.js';

export type RedemptionRow = Selectable<RewardsRedemptionsTable>;

const VOUCHER_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function voucherCode(ctx: Ctx, prefix: string): string {
  const bytes = ctx.random.bytes(8);
  let code = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i === 4) code += '-';
    code += VOUCHER_ALPHABET[bytes[i]! % VOUCHER_ALPHABET.length];
  }
  return `${prefix}-${code}`;
}

/** The card account a stored-value reward or cashback lands on: the member's newest usable card. */
export async function memberCardAccount(ctx: Ctx, member: MemberRow): Promise<{ cardId: string; accountId: string } | null> {
  const card = await ctx.db
    .selectFrom('cards')
    .select(['id', 'account_id'])
    .where('cardholder_id', '=', member.cardholder_id)
    .where('program_id', '=', member.program_id)
    .where('status', '!=', 'canceled')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return card ? { cardId: card.id, accountId: card.account_id } : null;
}

function periodStart(period: string, nowMs: number, zone: string): number | null {
  if (period === 'day') return startOfLocalDay(nowMs, zone);
  if (period === 'month') return startOfLocalMonth(nowMs, zone);
  if (period === 'year') return startOfLocalYear(nowMs, zone);
  return null;
}

export interface RedeemInput {
  member: MemberRow;
  rewardId: string;
  authorizationId: string | null;
}

/**
 * One step at the counter: every check first (so a refusal writes nothing), then the points are
 * spent from the soonest-expiring lots, the stock is taken, and a voucher or credit is issued.
 */
export async function redeem(ctx: Ctx, config: ProgramRewards, input: RedeemInput): Promise<RedemptionRow> {
  const { member } = input;
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const reward = await ctx.db.selectFrom('rewards_catalogue').selectAll().where('id', '=', input.rewardId).executeTakeFirst();
  if (!reward || reward.program_id !== member.program_id) throw notFound('reward', input.rewardId, 'reward');
  if (reward.status !== 'active') throw invalid('reward_unavailable', `Reward "${reward.name}" is archived.`, 'reward');
  const today = localParts(now, config.timezone).date;
  if (reward.valid_from && today < reward.valid_from) throw invalid('reward_not_started', `Reward "${reward.name}" can be redeemed from ${reward.valid_from}.`, 'reward');
  if (reward.valid_until && today > reward.valid_until) throw invalid('reward_expired', `Reward "${reward.name}" expired on ${reward.valid_until}.`, 'reward');
  const tiers = fromJson<string[] | null>(reward.tier_ids);
  if (tiers) {
    const tier = config.tiers.find((t) => t.id === member.tier_id);
    const unlocked = tier?.benefits.extra_rewards.includes(reward.id) ?? false;
    if (!unlocked && (member.tier_id === null || !tiers.includes(member.tier_id))) {
      const names = tiers.map((id) => config.tiers.find((t) => t.id === id)?.name ?? id).join(', ');
      throw invalid('tier_not_allowed', `Reward "${reward.name}" is for ${names} members; this member is ${tier?.name ?? 'without a tier'}.`, 'reward');
    }
  }
  if (reward.stock_total !== null && reward.stock_redeemed >= reward.stock_total) throw invalid('out_of_stock', `Reward "${reward.name}" is out of stock.`, 'reward');
  if (reward.per_member_limit !== null) {
    const start = periodStart(reward.per_member_period, now.getTime(), config.timezone);
    let q = ctx.db
      .selectFrom('rewards_redemptions')
      .select(sql<number>`count(*)`.as('n'))
      .where('member_id', '=', member.id)
      .where('reward_id', '=', reward.id)
      .where('status', '=', 'completed');
    if (start !== null) q = q.where('created_at', '>=', new Date(start).toISOString());
    const used = Number((await q.executeTakeFirstOrThrow()).n);
    if (used >= reward.per_member_limit) {
      const per = reward.per_member_period === 'lifetime' ? '' : ` per ${reward.per_member_period}`;
      throw invalid('redemption_limit_reached', `This member has used reward "${reward.name}" ${used} time(s); the limit is ${reward.per_member_limit}${per}.`, 'reward');
    }
  }
  const available = await availablePoints(ctx.db, member.id, nowIso);
  if (available - member.owed_points < reward.points_cost) {
    throw invalid('insufficient_points', `Reward "${reward.name}" costs ${reward.points_cost} points; this member has ${Math.max(0, available - member.owed_points)} available.`, 'reward', {
      points_cost: reward.points_cost,
      available: Math.max(0, available - member.owed_points),
    });
  }
  const stock = await ctx.db
    .updateTable('rewards_catalogue')
    .set({ stock_redeemed: sql<number>`stock_redeemed + 1`, updated_at: nowIso })
    .where('id', '=', reward.id)
    .where((eb) => eb.or([eb('stock_total', 'is', null), eb('stock_redeemed', '<', eb.ref('stock_total'))]))
    .executeTakeFirst();
  if (Number(stock.numUpdatedRows) !== 1) throw invalid('out_of_stock', `Reward "${reward.name}" is out of stock.`, 'reward');

  const id = ctx.ids.next('rdm');
  const spend = await debitPoints(ctx, member, {
    kind: 'spend',
    mode: 'spend',
    points: reward.points_cost,
    at: nowIso,
    sourceType: 'redemption',
    sourceId: id,
    authorizationId: input.authorizationId,
    actor: actorLabel(ctx.actor),
    details: { reward: reward.id, reward_name: reward.name },
  });
  const value = fromJson<RewardValue>(reward.value);
  let credit: number | null = null;
  if (reward.kind === 'stored_value') {
    credit = value.amount_minor ?? 0;
    const account = await memberCardAccount(ctx, member);
    await creditCashback(ctx, {
      programId: member.program_id, memberId: member.id, cardId: account?.cardId ?? null, accountId: account?.accountId ?? null,
      amountMinor: credit, currency: config.currency, kind: 'reward_credit', sourceId: id, reason: reward.name, at: nowIso,
    });
  }
  const row: RedemptionRow = {
    id,
    program_id: member.program_id,
    member_id: member.id,
    cardholder_id: member.cardholder_id,
    reward_id: reward.id,
    points: reward.points_cost,
    status: 'completed',
    authorization_id: input.authorizationId,
    entry_id: spend.entryId!,
    voucher_code: reward.kind === 'voucher' ? voucherCode(ctx, value.voucher_prefix ?? 'RWD') : null,
    credit_minor: credit,
    cancelable_until: new Date(now.getTime() + config.settings.redemption_cancel_minutes * 60_000).toISOString(),
    actor: actorLabel(ctx.actor),
    created_at: nowIso,
    closed_at: null,
    close_reason: null,
  };
  await ctx.db.insertInto('rewards_redemptions').values(row).execute();
  await ctx.emit('rewards.redemption.created', id, { ...redemptionEventData(row), reward_name: reward.name, kind: reward.kind });
  return row;
}

function redemptionEventData(row: RedemptionRow): Record<string, unknown> {
  return {
    id: row.id,
    object: 'redemption',
    member: row.member_id,
    cardholder: row.cardholder_id,
    program: row.program_id,
    reward: row.reward_id,
    points: row.points,
    status: row.status,
    authorization: row.authorization_id,
  };
}

/**
 * Undoes a redemption: the points go back to the lots they came from (those not yet expired; the
 * rest into a new lot under the program's expiry policy), the stock is returned, a stored-value
 * credit is taken back. `canceled` by staff within the window, `restored` when its purchase is refunded.
 */
export async function undoRedemption(ctx: Ctx, config: ProgramRewards, row: RedemptionRow, status: 'canceled' | 'restored', reason: string): Promise<RedemptionRow> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const member = await getMemberById(ctx.db, row.member_id);
  const allocations = await ctx.db.selectFrom('rewards_lot_allocations').select(['lot_id', 'points']).where('entry_id', '=', row.entry_id).orderBy('lot_id').execute();
  await creditPoints(ctx, member, {
    kind: 'restore',
    points: row.points,
    at: nowIso,
    sourceType: 'redemption',
    sourceId: row.id,
    reason,
    actor: actorLabel(ctx.actor),
    details: { reward: row.reward_id, status },
    earnedAt: nowIso,
    availableAt: nowIso,
    expiresAt: expiryFor(now.getTime(), config.settings.expiry, config.timezone),
    refill: allocations.map((a) => ({ lotId: a.lot_id, points: a.points })),
  });
  await ctx.db
    .updateTable('rewards_catalogue')
    .set({ stock_redeemed: sql<number>`stock_redeemed - 1`, updated_at: nowIso })
    .where('id', '=', row.reward_id)
    .where('stock_redeemed', '>', 0)
    .execute();
  if (row.credit_minor) {
    const account = await memberCardAccount(ctx, member);
    await creditCashback(ctx, {
      programId: row.program_id, memberId: member.id, cardId: account?.cardId ?? null, accountId: account?.accountId ?? null,
      amountMinor: -row.credit_minor, currency: config.currency, kind: 'reward_credit_reversed', sourceId: row.id, reason, at: nowIso,
    });
  }
  const closed: RedemptionRow = { ...row, status, closed_at: nowIso, close_reason: reason };
  await ctx.db.updateTable('rewards_redemptions').set({ status, closed_at: nowIso, close_reason: reason }).where('id', '=', row.id).where('status', '=', 'completed').execute();
  await ctx.emit(`rewards.redemption.${status}`, row.id, { ...redemptionEventData(closed), reason });
  return closed;
}
