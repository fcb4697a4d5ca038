import { sql } from 'kysely';
import type { Ctx } from '../bus/context.js';
import { fromJson, toJson } from '../db/database.js';
import { cachedProgramRewards, loadProgramRewards, programRewardsOf, touchProgramRewards, type ProgramRewards } from './program-config.js';
import { ensureMember, getMemberById, type MemberRow } from './member.js';
import { grantBonus } from './bonus.js';
import { creditPoints, debitPoints } from './points-ledger.js';
import { creditCashback } from './cashback.js';
import { expiryFor } from './expiry-policy.js';
import { DAY_MS, localParts, startOfLocalDay, startOfLocalMonth } from './local-time.js';
import { calculateEarn, campaignMatches, mulDiv, type CampaignAllowance, type Contribution, type MemberFacts, type PurchaseFacts } from './earn-calculator.js';
import { onQualifyingEvent, recomputeMemberTier, type SpendWindow, type TierChange } from './tier-service.js';
import { windowStart } from './tier-qualification.js';
import { undoRedemption } from './redemption-service.js';
import { Prepared, PreparedInsert } from '../ledger/prepared.js';
import type { LedgerBatch } from '../ledger/ledger-batch.js';
import type { CardFunding } from '../ledger/funding.js';
import type { Db } from '../db/database.js';
import type { RewardsEarningsTable } from './rewards-tables.js';

// The purchase path's own statements, built and compiled once (see authorization/prepared.ts).
const EARNING_COLUMNS = [
  'authorization_id', 'program_id', 'member_id', 'card_id', 'account_id', 'amount_minor', 'amount_reversed_minor', 'currency', 'points_earned',
  'points_reversed', 'purchase_points', 'cashback_minor', 'cashback_reversed_minor', 'merchant_id', 'mcc', 'location_id', 'breakdown', 'at',
  'created_at', 'updated_at',
] as const;
// A plain insert: the read below already knows the purchase has not earned (a replay is answered
// from that read), and a plain insert runs on the transaction's connection directly, where an
// insert that must report whether a conflict skipped it would go through the query builder.
const insertEarning = new PreparedInsert<RewardsEarningsTable & Record<string, unknown>>('rewards_earnings', EARNING_COLUMNS);
/**
 * What every purchase reads first, in one statement: the program's rewards row (its config token
 * and settings; none: the program has no rewards), the cardholder's member row, if any, whether
 * this authorization already earned (the authorization id is the idempotency key), and the
 * member's spend in its tier window so far: [sum up to the purchase, oldest, latest] of its
 * earnings from `from` on, which the tier step would otherwise read in a statement of its own
 * after the purchase's earnings row (tier-service qualifyingValue; the same index range). `from`
 * comes from the program's config as last compiled; the figures are used only when that config is
 * the one read here (its token), and a `from` of NEVER reads nothing.
 */
const rewardsAndMember = new Prepared(5, (db: Db, to: string, from: string, authorizationId: string, cardholderId: string, programId: string) =>
  db
    .selectFrom('rewards_programs as rp')
    .leftJoin('rewards_members as m', (join) => join.onRef('m.program_id', '=', 'rp.program_id').on('m.cardholder_id', '=', cardholderId))
    .leftJoin('rewards_earnings as e', (join) => join.on('e.authorization_id', '=', authorizationId))
    .selectAll('m')
    .select(['rp.config_token', 'rp.settings', 'e.authorization_id as earned'])
    .select(
      sql<string>`(SELECT json_array(coalesce(sum(CASE WHEN w.at <= ${to} THEN w.amount_minor - w.amount_reversed_minor ELSE 0 END), 0), min(w.at), max(w.at))
        FROM rewards_earnings w WHERE w.member_id = m.id AND w.at >= ${from})`.as('spend_window'),
    )
    .where('rp.program_id', '=', programId),
);
type RewardsAndMember = { config_token: string; settings: string; earned: string | null; spend_window: string } & { [K in keyof MemberRow]: MemberRow[K] | null };

/**
 * The spend window read with the member, with the purchase's own earnings row added (at `atMs`,
 * its whole amount): what qualifyingValue reads once that row is written.
 */
function spendWindowWith(row: RewardsAndMember, fromMs: number, atMs: number, amountMinor: number): SpendWindow {
  const [value, oldest, latest] = JSON.parse(row.spend_window) as [number, string | null, string | null];
  return {
    fromMs,
    atMs,
    value: value + amountMinor,
    oldest: oldest === null ? atMs : Math.min(Date.parse(oldest), atMs),
    latest: latest === null ? atMs : Math.max(Date.parse(latest), atMs),
  };
}

/** A member's first purchase (every member has one): compiled once. */
const markFirstPurchase = new Prepared(3, (db: Db, at: string, referralRewarded: number, id: string) =>
  db.updateTable('rewards_members').set({ first_purchase_at: at, referral_rewarded: referralRewarded, updated_at: at }).where('id', '=', id),
);

const NEVER = '9999-12-31T23:59:59.999Z';
/** A member's purchase points since two instants (earning caps per day and month): compiled once. */
const earnedSinceBounds = new Prepared(4, (db: Db, dayFrom: string, monthFrom: string, memberId: string, from: string) =>
  db
    .selectFrom('rewards_earnings')
    .select([
      sql<number>`coalesce(sum(case when at >= ${dayFrom} then purchase_points else 0 end), 0)`.as('day'),
      sql<number>`coalesce(sum(case when at >= ${monthFrom} then purchase_points else 0 end), 0)`.as('month'),
    ])
    .where('member_id', '=', memberId)
    .where('at', '>=', from),
);

/** The member's previous purchase, for win-back campaigns ("no visit in N days"). */
const lastVisit = new Prepared(2, (db: Db, memberId: string, before: string) =>
  db.selectFrom('rewards_earnings').select(sql<string | null>`max(at)`.as('at')).where('member_id', '=', memberId).where('at', '<=', before),
);

/**
 * The hooks the purchase path calls INSIDE its own transaction (ctx.db is that transaction), so a
 * purchase's authorization, its ledger entries, its points, its tier change and its cashback are one
 * atomic write: if anything fails, none of it happened.
 *
 * They never refuse a purchase for a rewards reason (a program without rewards, a foreign currency:
 * nothing is earned, the result says why); only a database failure throws, and then the whole
 * purchase rolls back, as it must.
 */
export interface PurchaseEarnInput {
  authorizationId: string;
  cardId: string;
  accountId: string;
  cardholderId: string;
  programId: string;
  amountMinor: number;
  currency: string;
  merchant: { id?: string | null; mcc?: string | null; name?: string | null; country?: string | null };
  /** The branch (location id) when the merchant is one of the business's own. */
  locationId?: string | null;
  at: Date;
  /**
   * The purchase's own open ledger batch (a capture's), which the caller flushes after earning:
   * cashback is staged in it, so the card's funds are read and updated once for both.
   */
  ledger?: LedgerBatch;
  /** The funds behind the card, when the caller has them (cashback lands there). */
  funding?: CardFunding;
}

export interface PurchaseEarnResult {
  points_earned: number;
  cashback_minor: number;
  tier_change: TierChange | null;
  member: string | null;
  /** Why nothing was earned, when nothing could be. */
  skipped?: 'no_rewards' | 'currency_mismatch' | 'invalid_amount';
  breakdown: Contribution[];
}

/**
 * The member of the joined row (present: its id is not null). The row is used as it is, with the
 * program's two columns riding along unread: copying it without them (a rest spread) was a visible
 * share of earning's own time.
 */
function memberOfRow(row: RewardsAndMember): MemberRow {
  return row as unknown as MemberRow;
}

const NOTHING = (skipped: PurchaseEarnResult['skipped']): PurchaseEarnResult => ({ points_earned: 0, cashback_minor: 0, tier_change: null, member: null, skipped, breakdown: [] });

/** Campaigns that match, with what is left of their budget and of the member's uses. */
const NO_CAMPAIGNS: CampaignAllowance[] = [];

/** The member's tier (a loop, not a closure: every purchase asks). */
function tierById(config: ProgramRewards, id: string | null): ProgramRewards['tiers'][number] | null {
  if (id === null) return null;
  for (const tier of config.tiers) if (tier.id === id) return tier;
  return null;
}

async function campaignAllowances(ctx: Ctx, config: ProgramRewards, member: MemberRow, purchase: PurchaseFacts, facts: MemberFacts): Promise<CampaignAllowance[]> {
  if (config.campaigns.length === 0) return NO_CAMPAIGNS;
  const matching = config.campaigns.filter((c) => campaignMatches(c, purchase, facts));
  if (matching.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('rewards_campaigns')
    .select(['id', 'status', 'used_points', 'used_minor', 'budget_points', 'budget_minor'])
    .where('id', 'in', matching.map((c) => c.id))
    .execute();
  const out: CampaignAllowance[] = [];
  for (const campaign of matching) {
    const row = rows.find((r) => r.id === campaign.id);
    if (!row || row.status !== 'active') continue;
    if (campaign.per_member_limit !== null) {
      const used = await ctx.db
        .selectFrom('rewards_campaign_awards')
        .select(sql<number>`count(*)`.as('n'))
        .where('campaign_id', '=', campaign.id)
        .where('member_id', '=', member.id)
        .executeTakeFirstOrThrow();
      if (Number(used.n) >= campaign.per_member_limit) continue;
    }
    const pointsLeft = row.budget_points === null ? null : row.budget_points - row.used_points;
    const minorLeft = row.budget_minor === null ? null : row.budget_minor - row.used_minor;
    if ((pointsLeft ?? 1) <= 0 && (minorLeft ?? 1) <= 0) continue;
    out.push({ campaign, pointsLeft, minorLeft });
  }
  return out;
}

/** Points the caps still allow this member for this purchase (null: no cap). */
async function capRoom(ctx: Ctx, config: ProgramRewards, memberId: string, atMs: number): Promise<number | null> {
  const caps = config.settings.caps;
  let room: number | null = caps.per_transaction;
  if (caps.daily === null && caps.monthly === null) return room;
  // Purchase points since the local day's and month's starts, in one read (a bound not capped is
  // never reached, so its sum is 0 and unused).
  const dayFrom = caps.daily !== null ? new Date(startOfLocalDay(atMs, config.timezone)).toISOString() : NEVER;
  const monthFrom = caps.monthly !== null ? new Date(startOfLocalMonth(atMs, config.timezone)).toISOString() : NEVER;
  const [row] = (await earnedSinceBounds.execute(ctx.db, dayFrom, monthFrom, memberId, dayFrom < monthFrom ? dayFrom : monthFrom)) as Array<{ day: number; month: number }>;
  if (caps.daily !== null) {
    const left = Math.max(0, caps.daily - Number(row?.day ?? 0));
    room = room === null ? left : Math.min(room, left);
  }
  if (caps.monthly !== null) {
    const left = Math.max(0, caps.monthly - Number(row?.month ?? 0));
    room = room === null ? left : Math.min(room, left);
  }
  return room;
}

/** Records campaign awards and uses their budget; a campaign whose budget is used up stops. */
export async function useCampaignBudgets(ctx: Ctx, config: ProgramRewards, member: MemberRow, sourceId: string, awards: Array<{ campaign_id: string; points: number; cashback_minor: number }>, at: string): Promise<void> {
  let stopped = false;
  for (const award of awards) {
    await ctx.db.insertInto('rewards_campaign_awards').values({ campaign_id: award.campaign_id, member_id: member.id, source_id: sourceId, points: award.points, cashback_minor: award.cashback_minor, created_at: at }).execute();
    await ctx.db
      .updateTable('rewards_campaigns')
      .set({ used_points: sql<number>`used_points + ${award.points}`, used_minor: sql<number>`used_minor + ${award.cashback_minor}`, updated_at: at })
      .where('id', '=', award.campaign_id)
      .execute();
    const row = await ctx.db.selectFrom('rewards_campaigns').selectAll().where('id', '=', award.campaign_id).executeTakeFirstOrThrow();
    // A budget cap, in points or in money, stops the campaign as soon as it is reached.
    if ((row.budget_points !== null && row.used_points >= row.budget_points) || (row.budget_minor !== null && row.used_minor >= row.budget_minor)) {
      await ctx.db.updateTable('rewards_campaigns').set({ status: 'exhausted', exhausted_at: at, updated_at: at }).where('id', '=', row.id).execute();
      await ctx.emit('rewards.campaign.exhausted', row.id, {
        id: row.id, object: 'campaign', program: row.program_id, name: row.name,
        budget_points: row.budget_points, used_points: row.used_points, budget_minor: row.budget_minor, used_minor: row.used_minor,
      });
      stopped = true;
    }
  }
  if (stopped) await touchProgramRewards(ctx, config.programId);
}

/**
 * The CPU time spent earning, for the rewards bench: a capture's earning measured inside the very
 * captures it belongs to, so the share does not depend on two runs seeing the same machine. Off
 * (one property read per purchase) unless the bench turns it on.
 */
export const earnProbe = { enabled: false, cpuMicros: 0, calls: 0 };

export async function earnForPurchase(ctx: Ctx, input: PurchaseEarnInput): Promise<PurchaseEarnResult> {
  if (!earnProbe.enabled) return earn(ctx, input);
  const start = process.cpuUsage();
  try {
    return await earn(ctx, input);
  } finally {
    const used = process.cpuUsage(start);
    earnProbe.cpuMicros += used.user + used.system;
    earnProbe.calls++;
  }
}

/** What an authorization that already earned got (its earnings row). */
async function earnedBefore(ctx: Ctx, authorizationId: string): Promise<PurchaseEarnResult> {
  const existing = await ctx.db.selectFrom('rewards_earnings').select(['points_earned', 'cashback_minor', 'member_id', 'breakdown']).where('authorization_id', '=', authorizationId).executeTakeFirstOrThrow();
  return { points_earned: existing.points_earned, cashback_minor: existing.cashback_minor, tier_change: null, member: existing.member_id, breakdown: fromJson(existing.breakdown) };
}

async function earn(ctx: Ctx, input: PurchaseEarnInput): Promise<PurchaseEarnResult> {
  const atMs = input.at.getTime();
  const at = input.at.toISOString();
  // The tier window of the program's config as last compiled (checked against the token below).
  const known = cachedProgramRewards(ctx, input.programId);
  const windowFrom = known !== undefined && known.tiers.length > 0 && known.settings.tier_qualification.metric === 'spend'
    ? windowStart(atMs, known.settings.tier_qualification, known.timezone)
    : null;
  const [found] = (await rewardsAndMember.execute(
    ctx.db, at, windowFrom === null ? NEVER : new Date(windowFrom).toISOString(), input.authorizationId, input.cardholderId, input.programId,
  )) as RewardsAndMember[];
  if (!found) return NOTHING('no_rewards');
  const config = await programRewardsOf(ctx, input.programId, found);
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) return NOTHING('invalid_amount');
  if (input.currency !== config.currency) return NOTHING('currency_mismatch');
  // A replay (or a later capture of the same authorization) earns nothing more and writes nothing.
  if (found.earned !== null) return earnedBefore(ctx, input.authorizationId);
  // Read with the member from this very config's window: its figures stand for the tier step's read.
  const spendWindow = windowFrom !== null && config === known && found.id !== null ? spendWindowWith(found, windowFrom, atMs, input.amountMinor) : null;
  // A member created by this purchase has it as first purchase from its insert (no update after).
  const created = found.id === null;
  const member = !created ? memberOfRow(found) : (await ensureMember(ctx, config, input.cardholderId, { at, absent: true, firstPurchaseAt: at })).member;
  const firstPurchase = created || member.first_purchase_at === null;
  const purchase: PurchaseFacts = {
    amountMinor: input.amountMinor,
    mcc: input.merchant.mcc ?? null,
    merchantId: input.merchant.id ?? null,
    locationId: input.locationId ?? null,
    atMs,
    local: localParts(atMs, config.timezone),
  };
  const facts: MemberFacts = {
    tier: tierById(config, member.tier_id),
    isFirstPurchase: firstPurchase,
    lastVisitMs: null,
    referred: member.referred_by !== null && member.referral_rewarded === 0,
  };
  // Read only when a win-back campaign needs it: the purchase path does not keep it on the member.
  if (config.campaigns.length > 0 && config.campaigns.some((c) => c.targeting.inactive_days !== undefined)) {
    const [previous] = (await lastVisit.execute(ctx.db, member.id, at)) as Array<{ at: string | null }>;
    facts.lastVisitMs = previous?.at ? Date.parse(previous.at) : null;
  }
  const campaigns = await campaignAllowances(ctx, config, member, purchase, facts);
  const room = await capRoom(ctx, config, member.id, atMs);
  const calc = calculateEarn(config, purchase, facts, campaigns, room);

  const now = ctx.clock.now().toISOString();
  const row: RewardsEarningsTable = {
    authorization_id: input.authorizationId,
    program_id: config.programId,
    member_id: member.id,
    card_id: input.cardId,
    account_id: input.accountId,
    amount_minor: input.amountMinor,
    amount_reversed_minor: 0,
    currency: input.currency,
    points_earned: calc.points,
    points_reversed: 0,
    purchase_points: calc.purchase_points,
    cashback_minor: calc.cashback_minor,
    cashback_reversed_minor: 0,
    merchant_id: purchase.merchantId,
    mcc: purchase.mcc,
    location_id: purchase.locationId,
    breakdown: toJson(calc.contributions),
    at,
    created_at: now,
    updated_at: now,
  };
  await insertEarning.execute(ctx.db, row as RewardsEarningsTable & Record<string, unknown>);
  if (calc.points > 0) {
    await creditPoints(ctx, member, {
      kind: 'earn',
      points: calc.points,
      at,
      qualifyingAt: at,
      authorizationId: input.authorizationId,
      sourceType: 'authorization',
      sourceId: input.authorizationId,
      details: { card: input.cardId, amount_minor: input.amountMinor },
      earnedAt: at,
      availableAt: config.settings.pending_days === 0 ? at : new Date(atMs + config.settings.pending_days * DAY_MS).toISOString(),
      expiresAt: expiryFor(atMs, config.settings.expiry, config.timezone),
    });
  }
  if (calc.cashback_minor > 0) {
    await creditCashback(ctx, {
      programId: config.programId, memberId: member.id, cardId: input.cardId, accountId: input.accountId,
      amountMinor: calc.cashback_minor, currency: config.currency, kind: 'earn', authorizationId: input.authorizationId, at, programKind: config.kind,
      ...(input.ledger ? { ledger: input.ledger } : {}),
      ...(input.funding ? { funding: input.funding } : {}),
    });
  }
  if (calc.campaign_awards.length > 0) await useCampaignBudgets(ctx, config, member, input.authorizationId, calc.campaign_awards, at);

  // The member row is written only for a first purchase (tiers write their own changes), and not
  // for a member this purchase created with it, unless a referral was rewarded.
  if (firstPurchase) {
    member.first_purchase_at = at;
    const referralRewarded = Boolean(calc.referral && member.referred_by);
    if (referralRewarded) member.referral_rewarded = 1;
    if (!created || referralRewarded) await markFirstPurchase.execute(ctx.db, at, member.referral_rewarded, member.id);
  }
  const qualifies = config.settings.tier_qualification.metric === 'spend' || calc.points > 0;
  if (calc.referral && firstPurchase && member.referred_by && calc.referral.referrer_points > 0) {
    const referrer = await getMemberById(ctx.db, member.referred_by);
    await grantBonus(ctx, config, referrer, {
      points: calc.referral.referrer_points,
      rule: config.rules.find((r) => r.id === calc.referral!.rule_id),
      reason: 'referral',
      dedupeKey: `referral:${member.id}`,
      at,
      details: { referred_member: member.id },
    });
  }

  const tierChange = qualifies ? await onQualifyingEvent(ctx, config, member, atMs, spendWindow) : null;
  if (calc.points > 0 || calc.cashback_minor > 0) {
    // The figures only: the rule trace is on the purchase's earnings row (activity details).
    await ctx.emit('rewards.points.earned', member.id, {
      member: member.id,
      cardholder: member.cardholder_id,
      program: config.programId,
      authorization: input.authorizationId,
      card: input.cardId,
      amount: input.amountMinor,
      currency: input.currency,
      points: calc.points,
      cashback: calc.cashback_minor,
      tier: member.tier_id,
    });
  }
  return { points_earned: calc.points, cashback_minor: calc.cashback_minor, tier_change: tierChange, member: member.id, breakdown: calc.contributions };
}

export interface PurchaseReverseInput {
  authorizationId: string;
  /** The part of the purchase reversed or refunded now, in the purchase's minor units. */
  amountMinor: number;
}

export interface PurchaseReverseResult {
  points_reversed: number;
  points_owed: number;
  points_written_off: number;
  cashback_reversed_minor: number;
  redemptions_restored: string[];
  tier_change: TierChange | null;
}

/**
 * Takes back the share of a purchase's points and cashback that a reversal or refund returns:
 * cumulative and proportional (floor), so several partial refunds add up to exactly the whole.
 * When the whole purchase is returned, rewards redeemed for it are restored.
 */
export async function reverseForPurchase(ctx: Ctx, input: PurchaseReverseInput): Promise<PurchaseReverseResult> {
  const none: PurchaseReverseResult = { points_reversed: 0, points_owed: 0, points_written_off: 0, cashback_reversed_minor: 0, redemptions_restored: [], tier_change: null };
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) return none;
  const earning = await ctx.db.selectFrom('rewards_earnings').selectAll().where('authorization_id', '=', input.authorizationId).executeTakeFirst();
  if (!earning) return none;
  const config = await loadProgramRewards(ctx, earning.program_id);
  if (!config) return none;
  const reversed = Math.min(earning.amount_minor, earning.amount_reversed_minor + input.amountMinor);
  if (reversed === earning.amount_reversed_minor) return none;
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const pointsBack = mulDiv(earning.points_earned, reversed, earning.amount_minor) - earning.points_reversed;
  const cashBack = mulDiv(earning.cashback_minor, reversed, earning.amount_minor) - earning.cashback_reversed_minor;
  let member = await getMemberById(ctx.db, earning.member_id);
  const result: PurchaseReverseResult = { ...none, redemptions_restored: [] };

  // A reward redeemed for this purchase comes back first, so the take-back can use its points.
  if (reversed === earning.amount_minor) {
    const redemptions = await ctx.db.selectFrom('rewards_redemptions').selectAll().where('authorization_id', '=', input.authorizationId).where('status', '=', 'completed').execute();
    for (const redemption of redemptions) {
      await undoRedemption(ctx, config, redemption, 'restored', 'purchase_refunded');
      result.redemptions_restored.push(redemption.id);
    }
    if (redemptions.length > 0) member = await getMemberById(ctx.db, member.id);
  }
  if (pointsBack > 0) {
    const debit = await debitPoints(ctx, member, {
      kind: 'reverse',
      mode: 'take_back',
      points: pointsBack,
      at: nowIso,
      qualifyingAt: earning.at,
      allowOwed: config.settings.allow_negative,
      authorizationId: input.authorizationId,
      sourceType: 'authorization',
      sourceId: input.authorizationId,
      details: { amount_reversed_minor: input.amountMinor },
    });
    result.points_reversed = debit.taken + debit.owed;
    result.points_owed = debit.owed;
    result.points_written_off = debit.writtenOff;
  }
  if (cashBack > 0) {
    // Never more than the card's funds still hold (or, without a card, than was given).
    const moved = await creditCashback(ctx, {
      programId: earning.program_id, memberId: member.id, cardId: earning.card_id, accountId: earning.account_id,
      amountMinor: -cashBack, currency: earning.currency, kind: 'reverse', authorizationId: input.authorizationId, at: nowIso,
      allowNegative: config.settings.allow_negative, programKind: config.kind,
    });
    result.cashback_reversed_minor = -moved.amountMinor;
  }
  await ctx.db
    .updateTable('rewards_earnings')
    .set({
      amount_reversed_minor: reversed,
      points_reversed: earning.points_reversed + pointsBack,
      cashback_reversed_minor: earning.cashback_reversed_minor + cashBack,
      updated_at: nowIso,
    })
    .where('authorization_id', '=', input.authorizationId)
    .execute();

  // Campaign budgets get back the share of their awards that was returned.
  const awards = await ctx.db.selectFrom('rewards_campaign_awards').selectAll().where('source_id', '=', input.authorizationId).execute();
  for (const award of awards) {
    const share = (v: number): number => mulDiv(v, reversed, earning.amount_minor) - mulDiv(v, earning.amount_reversed_minor, earning.amount_minor);
    const p = share(award.points);
    const m = share(award.cashback_minor);
    if (p === 0 && m === 0) continue;
    await ctx.db
      .updateTable('rewards_campaigns')
      .set({ used_points: sql<number>`used_points - ${p}`, used_minor: sql<number>`used_minor - ${m}`, updated_at: nowIso })
      .where('id', '=', award.campaign_id)
      .execute();
  }

  const fresh = await getMemberById(ctx.db, member.id);
  result.tier_change = await recomputeMemberTier(ctx, config, fresh, now.getTime(), 'purchase_reversed');
  await ctx.emit('rewards.points.reversed', member.id, {
    member: member.id,
    cardholder: member.cardholder_id,
    program: earning.program_id,
    authorization: input.authorizationId,
    amount_reversed: input.amountMinor,
    points: result.points_reversed,
    owed: result.points_owed,
    written_off: result.points_written_off,
    cashback: result.cashback_reversed_minor,
    redemptions_restored: result.redemptions_restored,
  });
  return result;
}
