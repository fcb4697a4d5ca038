import { sql } from 'kysely';
import type { Ctx } from '../bus/context.js';
import { programRewardsOrDefaults, type ProgramRewards } from './program-config.js';
import { applyTier, TIER_MEMBER_COLUMNS, type TierChangeReason, type TierMember } from './tier-service.js';
import { computeTier, historyStart, type QualifyingEvent } from './tier-qualification.js';
import { isoToMs } from './local-time.js';

export interface TierRecomputeResult {
  program: string;
  /** Members whose tier was recomputed. */
  members: number;
  changed: number;
  upgraded: number;
  downgraded: number;
  full: boolean;
}

export interface RecomputeOptions {
  /**
   * Every member (after tiers or qualification settings change, or on request). Otherwise only the
   * members whose stored tier may have run out: upgrades happen at once in the purchase path and a
   * refund recomputes its member, so the stored tier can only go stale when its hold ends (the
   * purchase path stores a hold never later than the real one) or a manual tier expires.
   */
  full?: boolean;
  down?: TierChangeReason;
}

const CHUNK = 5_000;

/**
 * Members' tiers from history: members in pages of 5,000 (by id), each page's qualifying events in
 * one ordered read of a covering index, the computation in memory, and a write (and a
 * `rewards.tier.changed` event) only for members whose stored tier or hold moved.
 */
export async function recomputeProgramTiers(ctx: Ctx, programId: string, options: RecomputeOptions = {}): Promise<TierRecomputeResult> {
  const full = options.full ?? false;
  const down = options.down ?? 'qualification_period_ended';
  // A change of the tiers themselves explains both directions.
  const up: TierChangeReason = down === 'tiers_changed' ? 'tiers_changed' : 'qualified';
  const config = await programRewardsOrDefaults(ctx, programId);
  const nowMs = ctx.clock.now().getTime();
  const now = new Date(nowMs).toISOString();
  const result: TierRecomputeResult = { program: programId, members: 0, changed: 0, upgraded: 0, downgraded: 0, full };
  const rank = (id: string | null): number => (id === null ? -1 : config.tiers.findIndex((t) => t.id === id));

  const process = async (members: TierMember[], events: Map<string, QualifyingEvent[]>): Promise<void> => {
    const none: QualifyingEvent[] = [];
    for (const member of members) {
      const computed = computeTier(config.tiers, events.get(member.id) ?? none, nowMs, config.settings.tier_qualification, config.timezone);
      const change = await applyTier(ctx, config, member, computed, nowMs, { up, down });
      result.members++;
      if (!change) continue;
      result.changed++;
      if (rank(change.to) > rank(change.from)) result.upgraded++;
      else result.downgraded++;
    }
  };

  if (full) {
    let after = '';
    for (;;) {
      const members = (await ctx.db
        .selectFrom('rewards_members')
        .select([...TIER_MEMBER_COLUMNS])
        .where('program_id', '=', programId)
        .where('id', '>', after)
        .orderBy('id')
        .limit(CHUNK)
        .execute()) as TierMember[];
      if (members.length === 0) break;
      after = members.at(-1)!.id;
      await process(members, await eventsOf(ctx, config, nowMs, { from: members[0]!.id, to: after, page: new Set(members.map((m) => m.id)) }));
      if (members.length < CHUNK) break;
    }
    return result;
  }

  const due = (await ctx.db
    .selectFrom('rewards_members')
    .select([...TIER_MEMBER_COLUMNS])
    .where('program_id', '=', programId)
    .where((eb) => eb.or([eb('tier_held_until', '<=', now), eb('manual_tier_until', '<=', now)]))
    .orderBy('id')
    .execute()) as TierMember[];
  for (let i = 0; i < due.length; i += 500) {
    const page = due.slice(i, i + 500);
    await process(page, await eventsOf(ctx, config, nowMs, { ids: page.map((m) => m.id) }));
  }
  return result;
}

/** Qualifying events of some members (an id range or a list), grouped by member, in time order. */
async function eventsOf(ctx: Ctx, config: ProgramRewards, nowMs: number, members: { from: string; to: string; page: ReadonlySet<string> } | { ids: string[] }): Promise<Map<string, QualifyingEvent[]>> {
  const q = config.settings.tier_qualification;
  const from = new Date(historyStart(nowMs, q, config.timezone)).toISOString();
  const to = new Date(nowMs).toISOString();
  const byMember = new Map<string, QualifyingEvent[]>();
  const add = (memberId: string, at: string, value: number): void => {
    let list = byMember.get(memberId);
    if (!list) byMember.set(memberId, (list = []));
    list.push({ at: isoToMs(at), value });
  };
  // By member id only (the covering index has no program column): a page's id range may hold other
  // programs' members, whose rows are skipped here.
  const wanted = 'ids' in members ? new Set(members.ids) : null;
  const inPage = (memberId: string): boolean => (wanted ? wanted.has(memberId) : pageIds!.has(memberId));
  const pageIds = 'ids' in members ? null : members.page;
  if (q.metric === 'spend') {
    let query = ctx.db.selectFrom('rewards_earnings').select(['member_id', 'at', sql<number>`amount_minor - amount_reversed_minor`.as('v')]);
    query = 'ids' in members ? query.where('member_id', 'in', members.ids) : query.where('member_id', '>=', members.from).where('member_id', '<=', members.to);
    const rows = await query.where('at', '>=', from).where('at', '<=', to).orderBy('member_id').orderBy('at').execute();
    for (const row of rows) if (inPage(row.member_id)) add(row.member_id, row.at, Number(row.v));
  } else {
    let query = ctx.db.selectFrom('rewards_points_entries').select(['account_id', 'qualifying_at', 'points']);
    query = 'ids' in members ? query.where('account_id', 'in', members.ids) : query.where('account_id', '>=', members.from).where('account_id', '<=', members.to);
    const rows = await query.where('qualifying_at', '>=', from).where('qualifying_at', '<=', to).orderBy('account_id').orderBy('qualifying_at').execute();
    for (const row of rows) if (inPage(row.account_id)) add(row.account_id, row.qualifying_at!, row.points);
  }
  return byMember;
}
