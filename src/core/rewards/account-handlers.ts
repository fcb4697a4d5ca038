import { sql } from 'kysely';
import { z } from 'zod';
import { actorLabel } from '../bus/actor.js';
import { command, query } from '../bus/define.js';
import type { Ctx } from '../bus/context.js';
import { fromJson } from '../db/database.js';
import { invalid } from '../kernel/errors.js';
import { listParams, pageById } from '../kernel/pagination.js';
import type { RewardsPointsEntriesTable } from './rewards-tables.js';
import { created, MANAGE, COUNTER, READ, resolveProgram } from './handler-common.js';
import { programRewardsOrDefaults, type ProgramRewards } from './program-config.js';
import { ensureMember, findMember, type MemberRow } from './member.js';
import { availablePoints, balanceOf, creditPoints, debitPoints } from './points-ledger.js';
import { cashbackBalance } from './cashback.js';
import { expiryFor, expiryView } from './expiry-policy.js';
import { computeMemberTier } from './tier-service.js';
import { tierView } from './tier.js';

const DESCRIPTIONS: Record<string, string> = {
  earn: 'Points for a purchase',
  bonus: 'Bonus points',
  reverse: 'Points taken back (purchase returned)',
  spend: 'Reward redeemed',
  restore: 'Points given back (redemption undone)',
  expire: 'Points expired',
  adjust: 'Adjustment by staff',
  partner_out: 'Points sent to a partner program',
  partner_in: 'Points received from a partner program',
};

export function activityView(row: RewardsPointsEntriesTable) {
  const details = fromJson<Record<string, unknown>>(row.details);
  return {
    id: row.id,
    object: 'rewards_activity' as const,
    type: row.kind,
    points: row.points,
    description: row.kind === 'bonus' && row.reason ? `Bonus points: ${row.reason}` : (DESCRIPTIONS[row.kind] ?? row.kind),
    reason: row.reason,
    authorization: row.authorization_id,
    source: row.source_type ? { type: row.source_type, id: row.source_id } : null,
    staff: row.actor,
    details,
    created: created(row.created_at),
    created_at: row.created_at,
  };
}

async function accountView(ctx: Ctx, config: ProgramRewards, cardholderId: string, member: MemberRow | null) {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const q = config.settings.tier_qualification;
  const base = config.tiers[0] && config.tiers[0].threshold <= 0 ? config.tiers[0] : null;
  const balance = member ? await balanceOf(ctx.db, member.id, member.owed_points, nowIso) : { points: 0, available: 0, pending: 0, owed: 0, next_expiry: null };
  const computed = member ? await computeMemberTier(ctx.db, config, member.id, now.getTime()) : null;
  const tierId = member ? member.tier_id : (base?.id ?? null);
  const tier = config.tiers.find((t) => t.id === tierId) ?? null;
  const value = computed?.value ?? 0;
  const next = config.tiers.find((t) => t.threshold > value && (tier === null || t.threshold > tier.threshold)) ?? null;
  const recent = member
    ? await ctx.db.selectFrom('rewards_points_entries').selectAll().where('account_id', '=', member.id).orderBy('id', 'desc').limit(10).execute()
    : [];
  const totals = member
    ? await ctx.db
        .selectFrom('rewards_points_entries')
        .select([
          sql<number>`coalesce(sum(case when kind in ('earn', 'bonus', 'reverse') then points else 0 end), 0)`.as('earned'),
          sql<number>`coalesce(sum(case when kind in ('spend', 'restore') then -points else 0 end), 0)`.as('redeemed'),
          sql<number>`coalesce(sum(case when kind = 'expire' then -points else 0 end), 0)`.as('expired'),
        ])
        .where('account_id', '=', member.id)
        .executeTakeFirstOrThrow()
    : { earned: 0, redeemed: 0, expired: 0 };
  return {
    object: 'rewards_account' as const,
    cardholder: cardholderId,
    program: config.programId,
    member: member?.id ?? null,
    points: balance.points,
    available: balance.available,
    pending: balance.pending,
    owed: balance.owed,
    next_expiry: balance.next_expiry ? { points: balance.next_expiry.points, at: expiryView(balance.next_expiry.at) } : null,
    tier: tier
      ? {
          ...tierView(tier, nowIso),
          since: member?.tier_since ?? null,
          held_until: member?.manual_tier_id ? member.manual_tier_until : computed?.held_until ? new Date(computed.held_until).toISOString() : null,
          manual: member?.manual_tier_id !== null && member?.manual_tier_id !== undefined,
          manual_reason: member?.manual_tier_reason ?? null,
        }
      : null,
    tier_progress: {
      metric: q.metric,
      period: q.period,
      window_months: q.period === 'rolling' ? q.months : null,
      window_start: computed ? new Date(computed.window_start).toISOString() : null,
      qualifying_value: value,
      next_tier: next ? { id: next.id, name: next.name, threshold: next.threshold } : null,
      remaining_to_next: next ? next.threshold - value : null,
    },
    cashback_balance: member ? await cashbackBalance(ctx.db, member.id) : 0,
    currency: config.currency,
    lifetime: { earned: Number(totals.earned), redeemed: Number(totals.redeemed), expired: Number(totals.expired) },
    recent_activity: recent.map(activityView),
  };
}

/** `GET /v1/cardholders/:id/rewards`: {points, tier, cashback_balance} and the detail behind them. */
export const rewardsAccountGet = query({
  input: z.strictObject({ cardholder: z.string().min(1), program: z.string().min(1).optional() }),
  permission: READ,
  async handler(ctx, input) {
    const programId = await resolveProgram(ctx.db, input.cardholder, input.program);
    const config = await programRewardsOrDefaults(ctx, programId);
    return accountView(ctx, config, input.cardholder, (await findMember(ctx.db, programId, input.cardholder)) ?? null);
  },
});

export const rewardsActivityList = query({
  input: z.strictObject({ ...listParams, cardholder: z.string().min(1), program: z.string().min(1).optional(), type: z.string().min(1).max(30).optional() }),
  permission: READ,
  async handler(ctx, input) {
    const programId = await resolveProgram(ctx.db, input.cardholder, input.program);
    const member = await findMember(ctx.db, programId, input.cardholder);
    if (!member) return { object: 'list' as const, data: [], has_more: false };
    let q = ctx.db.selectFrom('rewards_points_entries').selectAll().where('account_id', '=', member.id);
    if (input.type) q = q.where('kind', '=', input.type);
    const page = await pageById(q, 'id', input, activityView);
    // A purchase's rule trace (which rules gave what) lives on its earnings row: one read per page.
    const auths = page.data.filter((a) => a.type === 'earn' && a.authorization).map((a) => a.authorization!);
    if (auths.length > 0) {
      const traces = await ctx.db.selectFrom('rewards_earnings').select(['authorization_id', 'breakdown', 'merchant_id']).where('authorization_id', 'in', auths).execute();
      const byAuth = new Map(traces.map((t) => [t.authorization_id, t]));
      for (const a of page.data) {
        const trace = a.authorization ? byAuth.get(a.authorization) : undefined;
        if (trace && a.type === 'earn') a.details = { ...a.details, merchant: trace.merchant_id, breakdown: fromJson(trace.breakdown) };
      }
    }
    return page;
  },
});

/** A manual correction: a reason is required, the staff member is recorded (and audited). */
export const rewardsAdjust = command({
  input: z.strictObject({
    cardholder: z.string().min(1),
    program: z.string().min(1).optional(),
    points: z.number({ error: 'points must be a number' }).int('points must be a whole number').min(-1_000_000_000).max(1_000_000_000).refine((p) => p !== 0, 'points must not be zero'),
    reason: z.string({ error: 'a reason is required' }).trim().min(3, 'a reason is required (at least 3 characters)').max(500),
  }),
  permission: MANAGE,
  audit: true,
  async handler(ctx, input) {
    const programId = await resolveProgram(ctx.db, input.cardholder, input.program);
    const config = await programRewardsOrDefaults(ctx, programId);
    const now = ctx.clock.now();
    const nowIso = now.toISOString();
    const staff = actorLabel(ctx.actor);
    let member = await findMember(ctx.db, programId, input.cardholder);
    if (input.points < 0) {
      const available = member ? (await availablePoints(ctx.db, member.id, nowIso)) - member.owed_points : 0;
      if (!member || available < -input.points) {
        throw invalid('insufficient_points', `Cannot remove ${-input.points} points: the member has ${Math.max(0, available)} available.`, 'points');
      }
    }
    member ??= (await ensureMember(ctx, config, input.cardholder, { at: nowIso })).member;
    const common = { kind: 'adjust' as const, at: nowIso, reason: input.reason, actor: staff, sourceType: 'staff', sourceId: ctx.actor.id };
    const entryId = input.points > 0
      ? (await creditPoints(ctx, member, { ...common, points: input.points, earnedAt: nowIso, availableAt: nowIso, expiresAt: expiryFor(now.getTime(), config.settings.expiry, config.timezone) })).entryId
      : (await debitPoints(ctx, member, { ...common, mode: 'spend', points: -input.points })).entryId!;
    const data = { id: entryId, object: 'rewards_adjustment' as const, member: member.id, cardholder: input.cardholder, program: programId, points: input.points, reason: input.reason, staff };
    await ctx.emit('rewards.points.adjusted', member.id, data);
    return { ...data, balance: await balanceOf(ctx.db, member.id, member.owed_points, nowIso) };
  },
  // Points only: nothing an authorization session remembers.
  changesCards: () => [],
});

/** Enrolment (sign-up bonus), optionally referred by another member (referral bonus after the first purchase). */
export const rewardsMemberEnroll = command({
  input: z.strictObject({ cardholder: z.string().min(1), program: z.string().min(1), referred_by: z.string().min(1).optional() }),
  permission: COUNTER,
  async handler(ctx, input) {
    await resolveProgram(ctx.db, input.cardholder, input.program);
    const config = await programRewardsOrDefaults(ctx, input.program);
    if (await findMember(ctx.db, input.program, input.cardholder)) throw invalid('already_enrolled', 'This cardholder is already a member of this program.', 'cardholder');
    let referrer: string | null = null;
    if (input.referred_by) {
      if (input.referred_by === input.cardholder) throw invalid('parameter_invalid', 'A member cannot refer themselves.', 'referred_by');
      const other = await findMember(ctx.db, input.program, input.referred_by);
      if (!other) throw invalid('parameter_invalid', `${input.referred_by} is not a member of this program.`, 'referred_by');
      referrer = other.id;
    }
    const { member } = await ensureMember(ctx, config, input.cardholder, { at: ctx.clock.now().toISOString(), referredBy: referrer });
    return accountView(ctx, config, input.cardholder, member);
  },
  // A membership (and its sign-up bonus points): nothing a decision reads; a ledger credit, if
  // any, is journaled by the ledger.
  changesCards: () => [],
});

/** The program's rewards figures: the liability in points and money, tiers, campaigns, redemptions. */
export const rewardsSummary = query({
  input: z.strictObject({ program: z.string().min(1) }),
  permission: READ,
  async handler(ctx, input) {
    const config = await programRewardsOrDefaults(ctx, input.program);
    const nowIso = ctx.clock.now().toISOString();
    const lots = await ctx.db
      .selectFrom('rewards_lots as l')
      .innerJoin('rewards_members as m', 'm.id', 'l.member_id')
      .select([
        sql<number>`coalesce(sum(case when l.available_at <= ${nowIso} then l.remaining else 0 end), 0)`.as('available'),
        sql<number>`coalesce(sum(case when l.available_at > ${nowIso} then l.remaining else 0 end), 0)`.as('pending'),
      ])
      .where('m.program_id', '=', input.program)
      .where('l.remaining', '>', 0)
      .where('l.expires_at', '>', nowIso)
      .executeTakeFirstOrThrow();
    const members = await ctx.db
      .selectFrom('rewards_members')
      .select(['tier_id', sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(owed_points), 0)`.as('owed')])
      .where('program_id', '=', input.program)
      .groupBy('tier_id')
      .execute();
    // Every kind but 'earn' from the flow indexes, which hold no purchase's earning (partial: the
    // literal condition lets SQLite use them); what purchases earned from their earnings rows, summed
    // over the program's members from the earnings index alone: a purchase's one 'earn' points entry
    // is its points_earned, its one 'earn' cashback entry its cashback_minor (migration 2026-11-26-33b).
    const flows = await ctx.db
      .selectFrom('rewards_points_entries')
      .select(['kind', sql<number>`coalesce(sum(points), 0)`.as('n')])
      .where('program_id', '=', input.program)
      .where(sql<boolean>`kind <> 'earn'`)
      .where('account_id', 'like', 'mbr_%')
      .groupBy('kind')
      .execute();
    const cash = await ctx.db
      .selectFrom('rewards_cashback_entries')
      .select(['kind', sql<number>`coalesce(sum(amount_minor), 0)`.as('n')])
      .where('program_id', '=', input.program)
      .where(sql<boolean>`kind <> 'earn'`)
      .groupBy('kind')
      .execute();
    const earnedByPurchases = await ctx.db
      .selectFrom('rewards_members as m')
      .innerJoin('rewards_earnings as e', 'e.member_id', 'm.id')
      .select([sql<number>`coalesce(sum(e.points_earned), 0)`.as('points'), sql<number>`coalesce(sum(e.cashback_minor), 0)`.as('cashback')])
      .where('m.program_id', '=', input.program)
      .executeTakeFirstOrThrow();
    if (Number(earnedByPurchases.points) !== 0) flows.push({ kind: 'earn', n: earnedByPurchases.points });
    if (Number(earnedByPurchases.cashback) !== 0) cash.push({ kind: 'earn', n: earnedByPurchases.cashback });
    const redemptions = await ctx.db
      .selectFrom('rewards_redemptions')
      .select(['status', sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(points), 0)`.as('points')])
      .where('program_id', '=', input.program)
      .groupBy('status')
      .execute();
    const campaigns = await ctx.db.selectFrom('rewards_campaigns').selectAll().where('program_id', '=', input.program).orderBy('id').execute();
    const flow = Object.fromEntries(flows.map((f) => [f.kind, Number(f.n)]));
    const cashFlow = Object.fromEntries(cash.map((c) => [c.kind, Number(c.n)]));
    return {
      object: 'rewards_summary' as const,
      program: input.program,
      currency: config.currency,
      members: members.reduce((s, m) => s + Number(m.n), 0),
      tiers: config.tiers.map((t) => ({ id: t.id, name: t.name, members: Number(members.find((m) => m.tier_id === t.id)?.n ?? 0) })),
      points: {
        outstanding: Number(lots.available) + Number(lots.pending),
        available: Number(lots.available),
        pending: Number(lots.pending),
        owed: members.reduce((s, m) => s + Number(m.owed), 0),
        earned: (flow.earn ?? 0) + (flow.bonus ?? 0) + (flow.reverse ?? 0),
        redeemed: -((flow.spend ?? 0) + (flow.restore ?? 0)),
        expired: -(flow.expire ?? 0),
        adjusted: flow.adjust ?? 0,
        partner_net: (flow.partner_in ?? 0) + (flow.partner_out ?? 0),
      },
      cashback: {
        /** What the business owes its members in cashback and stored-value rewards. */
        liability: Object.values(cashFlow).reduce((s, n) => s + n, 0),
        earned: (cashFlow.earn ?? 0) + (cashFlow.reverse ?? 0),
        reward_credits: (cashFlow.reward_credit ?? 0) + (cashFlow.reward_credit_reversed ?? 0),
      },
      redemptions: Object.fromEntries(redemptions.map((r) => [r.status, { count: Number(r.n), points: Number(r.points) }])),
      campaigns: campaigns.map((c) => ({
        id: c.id, name: c.name, status: c.status,
        budget_points: c.budget_points, used_points: c.used_points, budget_minor: c.budget_minor, used_minor: c.used_minor,
      })),
    };
  },
});

export const accountHandlers = {
  'rewards-account-get': rewardsAccountGet,
  'rewards-activity-list': rewardsActivityList,
  'rewards-adjust': rewardsAdjust,
  'rewards-member-enroll': rewardsMemberEnroll,
  'rewards-summary': rewardsSummary,
};
