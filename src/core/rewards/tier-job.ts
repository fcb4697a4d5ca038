import { sql } from 'kysely';
import type { Ctx } from '../bus/context.js';
import { programRewardsOrDefaults } from './program-config.js';
import { applyTier, type TierChangeReason } from './tier-service.js';
import { computeTier, historyStart, type QualifyingEvent } from './tier-qualification.js';

export interface TierRecomputeResult {
  program: string;
  members: number;
  changed: number;
  upgraded: number;
  downgraded: number;
}

/**
 * Every member of a program, from history, in two reads (members, qualifying events of the
 * window) and a write per member whose stored tier or hold moved: this is what makes downgrades
 * happen at the end of their period, manual tiers lapse, and new thresholds take effect.
 */
export async function recomputeProgramTiers(ctx: Ctx, programId: string, down: TierChangeReason = 'qualification_period_ended'): Promise<TierRecomputeResult> {
  // A change of the tiers themselves explains both directions.
  const up: TierChangeReason = down === 'tiers_changed' ? 'tiers_changed' : 'qualified';
  const config = await programRewardsOrDefaults(ctx, programId);
  const nowMs = ctx.clock.now().getTime();
  const q = config.settings.tier_qualification;
  const members = await ctx.db.selectFrom('rewards_members').selectAll().where('program_id', '=', programId).orderBy('id').execute();
  const result: TierRecomputeResult = { program: programId, members: members.length, changed: 0, upgraded: 0, downgraded: 0 };
  if (members.length === 0) return result;
  const from = new Date(historyStart(nowMs, q, config.timezone)).toISOString();
  const to = new Date(nowMs).toISOString();
  const byMember = new Map<string, QualifyingEvent[]>();
  const add = (memberId: string, at: string, value: number): void => {
    let list = byMember.get(memberId);
    if (!list) byMember.set(memberId, (list = []));
    list.push({ at: Date.parse(at), value });
  };
  if (q.metric === 'spend') {
    const rows = await ctx.db
      .selectFrom('rewards_earnings')
      .select(['member_id', 'at', sql<number>`amount_minor - amount_reversed_minor`.as('v')])
      .where('program_id', '=', programId)
      .where('at', '>=', from)
      .where('at', '<=', to)
      .orderBy('member_id')
      .orderBy('at')
      .execute();
    for (const row of rows) add(row.member_id, row.at, Number(row.v));
  } else {
    const rows = await ctx.db
      .selectFrom('rewards_points_entries')
      .select(['account_id', 'qualifying_at', 'points'])
      .where('program_id', '=', programId)
      .where('qualifying_at', '>=', from)
      .where('qualifying_at', '<=', to)
      .orderBy('account_id')
      .orderBy('qualifying_at')
      .execute();
    for (const row of rows) add(row.account_id, row.qualifying_at!, row.points);
  }
  const rank = (id: string | null): number => (id === null ? -1 : config.tiers.findIndex((t) => t.id === id));
  const none: QualifyingEvent[] = [];
  for (const member of members) {
    const computed = computeTier(config.tiers, byMember.get(member.id) ?? none, nowMs, q, config.timezone);
    const change = await applyTier(ctx, config, member, computed, nowMs, { up, down });
    if (!change) continue;
    result.changed++;
    if (rank(change.to) > rank(change.from)) result.upgraded++;
    else result.downgraded++;
  }
  return result;
}
