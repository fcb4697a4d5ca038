import { sql } from 'kysely';
import type { Ctx } from '../bus/context.js';
import type { Db } from '../db/database.js';
import type { ProgramRewards } from './program-config.js';
import type { MemberRow } from './member.js';
import { Prepared } from '../ledger/prepared.js';

// Run on every purchase of a member below the top tier: built and compiled once.
// Q up to `to`, the oldest event in the window, and the latest event at all (one newer than `to`
// means the event at `to` came out of order).
const spendInWindow = new Prepared(3, (db: Db, to: string, memberId: string, from: string) =>
  db
    .selectFrom('rewards_earnings')
    .select([
      sql<number>`coalesce(sum(case when at <= ${to} then amount_minor - amount_reversed_minor else 0 end), 0)`.as('v'),
      sql<string | null>`min(at)`.as('oldest'),
      sql<string | null>`max(at)`.as('latest'),
    ])
    .where('member_id', '=', memberId)
    .where('at', '>=', from),
);
const pointsInWindow = new Prepared(3, (db: Db, to: string, memberId: string, from: string) =>
  db
    .selectFrom('rewards_points_entries')
    .select([
      sql<number>`coalesce(sum(case when qualifying_at <= ${to} then points else 0 end), 0)`.as('v'),
      sql<string | null>`min(qualifying_at)`.as('oldest'),
      sql<string | null>`max(qualifying_at)`.as('latest'),
    ])
    .where('account_id', '=', memberId)
    .where('qualifying_at', '>=', from),
);
const storeTier = new Prepared(8, (db: Db, computed: string | null, held: string | null, tier: string | null, since: string | null, manual: string | null, manualUntil: string | null, manualReason: string | null, id: string) =>
  db
    .updateTable('rewards_members')
    .set({
      computed_tier_id: computed, tier_held_until: held, tier_id: tier, tier_since: since,
      manual_tier_id: manual, manual_tier_until: manualUntil, manual_tier_reason: manualReason,
    })
    .where('id', '=', id),
);
// The same without the manual tier's columns, for the common case where it did not move: an index
// on manual_tier_until is then left alone (SQLite rewrites the index entries of every column SET).
const storeComputedTier = new Prepared(5, (db: Db, computed: string | null, held: string | null, tier: string | null, since: string | null, id: string) =>
  db.updateTable('rewards_members').set({ computed_tier_id: computed, tier_held_until: held, tier_id: tier, tier_since: since }).where('id', '=', id),
);
import {
  computeTier, earliestEnd, historyStart, tierForValue, windowStart, type QualifyingEvent, type TierComputation,
} from './tier-qualification.js';
import { isoToMs } from './local-time.js';

export type TierChangeReason =
  | 'qualified' | 'qualification_period_ended' | 'purchase_reversed' | 'manual' | 'manual_expired' | 'tiers_changed';

export interface TierChange {
  from: string | null;
  to: string | null;
  reason: TierChangeReason;
}

const ISO_MEMO_MAX = 4_096;
const isoMemo = new Map<number, string>();

/**
 * An instant as ISO text. A recomputation of 100,000 members asks for the same few instants (now,
 * the ends of holds, which fall on local day boundaries) for every member, and toISOString is
 * among the dearer things it does: remembered (bounded).
 */
function iso(ms: number): string {
  let text = isoMemo.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (isoMemo.size >= ISO_MEMO_MAX) isoMemo.clear();
    isoMemo.set(ms, text);
  }
  return text;
}

/** A tier's place in the program's order (-1: none or no longer a tier). */
function rankOf(config: ProgramRewards, id: string | null): number {
  return id === null ? -1 : config.tiers.findIndex((t) => t.id === id);
}

/** What tier computations read and write of a member. */
export const TIER_MEMBER_COLUMNS = [
  'id', 'program_id', 'cardholder_id', 'tier_id', 'tier_since', 'tier_held_until', 'computed_tier_id', 'manual_tier_id', 'manual_tier_until', 'manual_tier_reason',
] as const;
export type TierMember = Pick<MemberRow, (typeof TIER_MEMBER_COLUMNS)[number]> & { updated_at?: string };

/** Q over [fromMs, toMs] (net spend of purchases, or points earned net of reversals), its oldest event, and the latest event of all. */
export async function qualifyingValue(db: Db, config: ProgramRewards, memberId: string, fromMs: number, toMs: number): Promise<{ value: number; oldest: number | null; latest: number | null }> {
  const statement = config.settings.tier_qualification.metric === 'spend' ? spendInWindow : pointsInWindow;
  const [row] = (await statement.execute(db, iso(toMs), memberId, iso(fromMs))) as Array<{ v: number; oldest: string | null; latest: string | null }>;
  return { value: Number(row?.v ?? 0), oldest: row?.oldest ? Date.parse(row.oldest) : null, latest: row?.latest ? Date.parse(row.latest) : null };
}

/** One member's qualifying events from fromMs on, sorted by time. */
export async function memberHistory(db: Db, config: ProgramRewards, memberId: string, fromMs: number): Promise<QualifyingEvent[]> {
  if (config.settings.tier_qualification.metric === 'spend') {
    const rows = await db
      .selectFrom('rewards_earnings')
      .select(['at', sql<number>`amount_minor - amount_reversed_minor`.as('v')])
      .where('member_id', '=', memberId)
      .where('at', '>=', iso(fromMs))
      .orderBy('at')
      .execute();
    return rows.map((r) => ({ at: isoToMs(r.at), value: Number(r.v) }));
  }
  const rows = await db
    .selectFrom('rewards_points_entries')
    .select(['qualifying_at', 'points'])
    .where('account_id', '=', memberId)
    .where('qualifying_at', '>=', iso(fromMs))
    .orderBy('qualifying_at')
    .execute();
  return rows.map((r) => ({ at: isoToMs(r.qualifying_at!), value: r.points }));
}

/** The computed tier of one member at nowMs, from its history. */
export async function computeMemberTier(db: Db, config: ProgramRewards, memberId: string, nowMs: number): Promise<TierComputation> {
  const q = config.settings.tier_qualification;
  const events = await memberHistory(db, config, memberId, historyStart(nowMs, q, config.timezone));
  return computeTier(config.tiers, events, nowMs, q, config.timezone);
}

function manualActive(member: TierMember, nowMs: number): boolean {
  return member.manual_tier_id !== null && (member.manual_tier_until === null || nowMs < Date.parse(member.manual_tier_until));
}

/**
 * Stores a computed tier (and the effective tier: a manual tier wins until it expires) and emits
 * `rewards.tier.changed` with the reason and the figures when the effective tier moves.
 */
export async function applyTier(
  ctx: Ctx,
  config: ProgramRewards,
  member: TierMember,
  computed: { tier_id: string | null; held_until: number | null; value: number; window_start: number },
  nowMs: number,
  reasons: { up: TierChangeReason; down: TierChangeReason; manual?: TierChangeReason },
): Promise<TierChange | null> {
  const now = iso(nowMs);
  let manualExpired = false;
  const manualGone = member.manual_tier_id !== null && !config.tiers.some((t) => t.id === member.manual_tier_id);
  if (member.manual_tier_id !== null && (manualGone || !manualActive(member, nowMs))) {
    member.manual_tier_id = null;
    member.manual_tier_until = null;
    member.manual_tier_reason = null;
    manualExpired = true;
  }
  const effective = member.manual_tier_id ?? computed.tier_id;
  const from = member.tier_id;
  const heldUntil = computed.held_until === null ? null : iso(computed.held_until);
  const changed = effective !== from;
  const storedChanged = changed || manualExpired || member.computed_tier_id !== computed.tier_id || member.tier_held_until !== heldUntil;
  if (!storedChanged) return null;
  member.computed_tier_id = computed.tier_id;
  member.tier_held_until = heldUntil;
  member.tier_id = effective;
  if (changed) member.tier_since = now;
  member.updated_at = now;
  if (manualExpired || reasons.manual !== undefined) {
    await storeTier.execute(ctx.db, member.computed_tier_id, member.tier_held_until, member.tier_id, member.tier_since, member.manual_tier_id, member.manual_tier_until, member.manual_tier_reason, member.id);
  } else {
    await storeComputedTier.execute(ctx.db, member.computed_tier_id, member.tier_held_until, member.tier_id, member.tier_since, member.id);
  }
  if (!changed) return null;
  const reason: TierChangeReason = reasons.manual ?? (manualExpired ? 'manual_expired' : rankOf(config, effective) > rankOf(config, from) ? reasons.up : reasons.down);
  const tier = config.tiers.find((t) => t.id === effective);
  const fromTier = config.tiers.find((t) => t.id === from);
  const q = config.settings.tier_qualification;
  await ctx.emit('rewards.tier.changed', member.id, {
    member: member.id,
    cardholder: member.cardholder_id,
    program: member.program_id,
    from: from ? { id: from, name: fromTier?.name ?? null } : null,
    to: effective ? { id: effective, name: tier?.name ?? null } : null,
    reason,
    manual: member.manual_tier_id !== null,
    figures: {
      metric: q.metric,
      period: q.period,
      window_months: q.period === 'rolling' ? q.months : null,
      qualifying_value: computed.value,
      threshold: tier?.threshold ?? null,
      window_start: iso(computed.window_start),
      window_end: now,
      held_until: member.tier_held_until,
    },
  });
  return { from, to: effective, reason };
}

/** Full recomputation of one member from its history (downgrades, reversals, manual expiry). */
export async function recomputeMemberTier(ctx: Ctx, config: ProgramRewards, member: TierMember, nowMs: number, down: TierChangeReason = 'qualification_period_ended'): Promise<TierChange | null> {
  if (config.tiers.length === 0 && member.tier_id === null) return null;
  const computed = await computeMemberTier(ctx.db, config, member.id, nowMs);
  return applyTier(ctx, config, member, computed, nowMs, { up: 'qualified', down });
}

/**
 * A member's spend window from `fromMs` on, as qualifyingValue(fromMs, atMs) would read it now:
 * the purchase path reads it with the member, before its own earnings row, and adds that row.
 */
export interface SpendWindow {
  fromMs: number;
  atMs: number;
  value: number;
  oldest: number | null;
  latest: number | null;
}

/**
 * Called after each qualifying event at atMs (a purchase, a bonus): an upgrade is immediate. Cheap
 * in the common case: one range sum, and none for a member already in the top tier. A member whose
 * hold ran out, or an event older than the latest one, gets a full recomputation instead.
 * `known`: the range sum already read (spend metric), used when it is of this very window.
 */
export async function onQualifyingEvent(ctx: Ctx, config: ProgramRewards, member: MemberRow, atMs: number, known: SpendWindow | null = null): Promise<TierChange | null> {
  if (config.tiers.length === 0) return null;
  const holdOver = member.tier_held_until !== null && atMs >= Date.parse(member.tier_held_until);
  const manualOver = member.manual_tier_until !== null && atMs >= Date.parse(member.manual_tier_until);
  let current = -1;
  if (member.computed_tier_id !== null) for (let i = 0; i < config.tiers.length && current < 0; i++) if (config.tiers[i]!.id === member.computed_tier_id) current = i;
  // A full recomputation is of the tier now (a purchase may be recorded after its time).
  const nowMs = Math.max(atMs, ctx.clock.now().getTime());
  if (holdOver || manualOver || (member.computed_tier_id !== null && current < 0)) {
    return recomputeMemberTier(ctx, config, member, nowMs);
  }
  // At the top nothing can rise, and the stored hold is a safe lower bound: no read needed.
  if (current === config.tiers.length - 1) return null;
  const q = config.settings.tier_qualification;
  const start = windowStart(atMs, q, config.timezone);
  const { value, oldest, latest } =
    known !== null && q.metric === 'spend' && known.fromMs === start && known.atMs === atMs ? known : await qualifyingValue(ctx.db, config, member.id, start, atMs);
  // An event older than one already recorded raises later windows too: only a full recomputation is right.
  if (latest !== null && latest > atMs) return recomputeMemberTier(ctx, config, member, nowMs);
  const reached = tierForValue(config.tiers, value);
  if (reached < current || reached < 0) return null;
  const lowest = reached === 0 && config.tiers[0]!.threshold <= 0;
  // A safe lower bound of when the tier could end: the full recomputation then finds the truth.
  let held: number | null = lowest ? null : earliestEnd(atMs, oldest, q, config.timezone);
  if (reached === current && held !== null && member.tier_held_until !== null) held = Math.max(held, Date.parse(member.tier_held_until));
  return applyTier(ctx, config, member, { tier_id: config.tiers[reached]!.id, held_until: held, value, window_start: start }, atMs, { up: 'qualified', down: 'qualified' });
}
