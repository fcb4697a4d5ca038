import { sql } from 'kysely';
import type { Ctx } from '../bus/context.js';
import { programRewardsOrDefaults } from './program-config.js';
import { getMemberById } from './member.js';
import { debitPoints } from './points-ledger.js';
import { DAY_MS } from './local-time.js';
import { NEVER_EXPIRES } from './expiry-policy.js';

/**
 * The lots that can still expire, in the words of the partial index rewards_lots_expiry
 * (migration 2026-11-26-32): SQLite uses a partial index only for a query that names its
 * conditions, and literals, not bound values, are what it can compare.
 */
const CAN_EXPIRE = sql<boolean>`l.remaining > 0 AND l.expires_at < ${sql.lit(NEVER_EXPIRES)}`;

export interface ExpiryResult {
  program: string;
  expired_points: number;
  expired_members: number;
  warned_members: number;
}

/**
 * Expires every lot whose time has come (one `expire` entry per member, linked to the lots) and
 * warns, once per lot, members whose points expire within the program's warning days. Between
 * runs, balances already ignore expired lots; the job makes it a ledger fact and tells people.
 */
export async function expirePoints(ctx: Ctx, programId: string): Promise<ExpiryResult> {
  const config = await programRewardsOrDefaults(ctx, programId);
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const result: ExpiryResult = { program: programId, expired_points: 0, expired_members: 0, warned_members: 0 };

  const due = await ctx.db
    .selectFrom('rewards_lots as l')
    .innerJoin('rewards_members as m', 'm.id', 'l.member_id')
    .select(['l.id', 'l.member_id', 'l.remaining', 'l.expires_at'])
    .where('m.program_id', '=', programId)
    .where(CAN_EXPIRE)
    .where('l.expires_at', '<=', nowIso)
    .orderBy('l.member_id')
    .orderBy('l.id')
    .execute();
  const byMember = new Map<string, typeof due>();
  for (const lot of due) {
    const list = byMember.get(lot.member_id) ?? [];
    list.push(lot);
    byMember.set(lot.member_id, list);
  }
  for (const [memberId, lots] of byMember) {
    const member = await getMemberById(ctx.db, memberId);
    const points = lots.reduce((s, l) => s + l.remaining, 0);
    const debit = await debitPoints(ctx, member, {
      kind: 'expire',
      mode: 'expire',
      points,
      at: nowIso,
      onlyLots: lots.map((l) => l.id),
      sourceType: 'job',
      sourceId: 'rewards-expire-points',
      details: { lots: lots.length },
    });
    result.expired_points += debit.taken;
    result.expired_members++;
    await ctx.emit('rewards.points.expired', member.id, {
      member: member.id, cardholder: member.cardholder_id, program: programId, points: debit.taken, lots: lots.map((l) => ({ id: l.id, points: l.remaining, expired_at: l.expires_at })),
    });
  }

  const warnDays = config.settings.expiry_warning_days;
  if (warnDays > 0) {
    const horizon = new Date(now.getTime() + warnDays * DAY_MS).toISOString();
    const soon = await ctx.db
      .selectFrom('rewards_lots as l')
      .innerJoin('rewards_members as m', 'm.id', 'l.member_id')
      .select(['l.id', 'l.member_id', 'm.cardholder_id', 'l.remaining', 'l.expires_at'])
      .where('m.program_id', '=', programId)
      .where(CAN_EXPIRE)
      .where('l.warned_at', 'is', null)
      .where('l.expires_at', '>', nowIso)
      .where('l.expires_at', '<=', horizon)
      .orderBy('l.member_id')
      .orderBy('l.expires_at')
      .execute();
    const warn = new Map<string, typeof soon>();
    for (const lot of soon) {
      const list = warn.get(lot.member_id) ?? [];
      list.push(lot);
      warn.set(lot.member_id, list);
    }
    for (const [memberId, lots] of warn) {
      await ctx.db.updateTable('rewards_lots').set({ warned_at: nowIso }).where('id', 'in', lots.map((l) => l.id)).execute();
      await ctx.emit('rewards.points.expiring', memberId, {
        member: memberId,
        cardholder: lots[0]!.cardholder_id,
        program: programId,
        points: lots.reduce((s, l) => s + l.remaining, 0),
        first_expires_at: lots[0]!.expires_at,
        warning_days: warnDays,
      });
      result.warned_members++;
    }
  }
  return result;
}
