import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import { ROLLED_POINTS_KINDS, type RolledPointsKind } from './points-record.js';
import { memberTierChanges, tierAtEntry } from './points-tiers.js';
import { planRange } from './range-plan.js';
import type { ProgramInfo, Scope } from './scope.js';
import { localParts } from './zone-time.js';
import { ALL } from './place.js';

/**
 * The points ledger's movements other than a purchase's own points, for the loyalty report: per
 * kind, the points and entries of a period (and the members who redeemed in it), or of all time
 * (the liability). Read from the points rollup (report_points_cells, report_points_members): whole
 * months from the month cells, the days at the edges from the day cells. With a card filter, from
 * that member's own entries. A tier filter selects entries by the member's tier when they were
 * written, as the purchase facts do.
 */
export type KindSums = Record<RolledPointsKind, { points: number; entries: number; members: number }>;

export function emptySums(): KindSums {
  return Object.fromEntries(ROLLED_POINTS_KINDS.map((k) => [k, { points: 0, entries: 0, members: 0 }])) as KindSums;
}

/** One range read per grain: the month buckets, then each run of days. */
function segments(program: string, from: string, to: string, tier: string | null): RawBuilder<unknown>[] {
  const plan = planRange(from, to, { months: true });
  const tierCond = tier === null ? sql`` : sql` AND tier = ${tier}`;
  const out: RawBuilder<unknown>[] = [];
  if (plan.months.length) out.push(sql`program_id = ${program} AND grain = 'M' AND bucket IN (${sql.join(plan.months)})${tierCond}`);
  for (const [a, b] of plan.days) out.push(sql`program_id = ${program} AND grain = 'D' AND bucket >= ${a} AND bucket <= ${b}${tierCond}`);
  return out;
}

async function periodFromRollup(db: Db, program: ProgramInfo, scope: Scope, into: KindSums): Promise<void> {
  const parts = segments(program.id, scope.from, scope.to, scope.tier);
  const sums = await sql<{ kind: string; points: number; entries: number }>`
    SELECT kind, sum(points) AS points, sum(entries) AS entries
    FROM (${sql.join(parts.map((where) => sql`SELECT kind, points, entries FROM report_points_cells WHERE ${where}`), sql` UNION ALL `)}) AS cells
    GROUP BY kind`.execute(db);
  for (const r of sums.rows) {
    const o = into[r.kind as RolledPointsKind];
    if (!o) continue;
    o.points += Number(r.points);
    o.entries += Number(r.entries);
  }
  into.spend.members += await redeemingMembers(db, program.id, scope, Number(sums.rows.find((r) => r.kind === 'spend')?.entries ?? 0));
}

/**
 * Members who redeemed in the period: up to the last redemption, those whose last one is in it;
 * otherwise, with fewer redemptions than members, a distinct count of
 * the period's redemption days; otherwise a seek per member into their own days ("any between
 * these dates?"), which costs the same however many times they redeemed.
 */
async function redeemingMembers(db: Db, programId: string, scope: Scope, redemptions: number): Promise<number> {
  if (redemptions === 0) return 0;
  // A period that reaches the program's last redemption (up to today, say): the members whose
  // last redemption (in the tier) is in it, an index range.
  const last = await db.selectFrom('report_points_members').select(sql<string | null>`max(day)`.as('day')).where('program_id', '=', programId).executeTakeFirst();
  if (last?.day && last.day <= scope.to) {
    const n = await db
      .selectFrom('report_points_redeemers')
      .select(sql<number>`count(*)`.as('n'))
      .where('program_id', '=', programId)
      .where('tier', '=', scope.tier ?? ALL)
      .where('last_day', '>=', scope.from)
      .executeTakeFirstOrThrow();
    return Number(n.n);
  }
  const tierCond = scope.tier === null ? sql`` : sql` AND r.tier = ${scope.tier}`;
  // Are there more members than redemptions? (Reads no more members than there are redemptions.)
  const counted = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM rewards_members WHERE program_id = ${programId} LIMIT ${redemptions + 1}) AS m`.execute(db);
  const query =
    redemptions < Number(counted.rows[0]?.n ?? 0)
      ? sql<{ n: number }>`SELECT count(DISTINCT r.member_id) AS n FROM report_points_members r WHERE r.program_id = ${programId} AND r.day >= ${scope.from} AND r.day <= ${scope.to}${tierCond}`
      : sql<{ n: number }>`
        SELECT count(*) AS n FROM rewards_members m
        WHERE m.program_id = ${programId}
          AND EXISTS (SELECT 1 FROM report_points_members r WHERE r.program_id = m.program_id AND r.member_id = m.id AND r.day >= ${scope.from} AND r.day <= ${scope.to}${tierCond})`;
  return Number((await query.execute(db)).rows[0]?.n ?? 0);
}

/** One member's entries of the period, with their tier from the member's tier changes. */
async function periodOfMember(db: Db, program: ProgramInfo, scope: Scope, memberId: string, into: KindSums): Promise<void> {
  const [entries, member, changes] = await Promise.all([
    db.selectFrom('rewards_points_entries').select(['id', 'kind', 'points', 'created_at']).where('account_id', '=', memberId).where('kind', 'in', [...ROLLED_POINTS_KINDS]).execute(),
    db.selectFrom('rewards_members').select('tier_id').where('id', '=', memberId).executeTakeFirst(),
    scope.tier ? memberTierChanges(db, memberId) : Promise.resolve([]),
  ]);
  let redeemed = false;
  for (const e of entries) {
    const day = localParts(Date.parse(e.created_at), program.timezone).day;
    if (day < scope.from || day > scope.to) continue;
    if (scope.tier && tierAtEntry(changes, e.id, member?.tier_id ?? null) !== scope.tier) continue;
    const o = into[e.kind as RolledPointsKind];
    o.points += e.points;
    o.entries += 1;
    if (e.kind === 'spend') redeemed = true;
  }
  if (redeemed) into.spend.members += 1;
}

/** The period's sums over the scope's programs (a card: its member's entries). */
export async function periodPoints(db: Db, scope: Scope): Promise<KindSums> {
  const out = emptySums();
  for (const program of scope.programs) {
    if (scope.card) {
      if (scope.card.program_id !== program.id) continue;
      const member = await db.selectFrom('rewards_members').select('id').where('program_id', '=', program.id).where('cardholder_id', '=', scope.card.cardholder_id).executeTakeFirst();
      if (member) await periodOfMember(db, program, scope, member.id, out);
    } else {
      await periodFromRollup(db, program, scope, out);
    }
  }
  return out;
}

/** A program's sums over all time, whatever the filters (the liability now). */
export async function allTimePoints(db: Db, programId: string): Promise<KindSums> {
  const out = emptySums();
  const rows = await db
    .selectFrom('report_points_cells')
    .select(['kind', sql<number>`sum(points)`.as('points'), sql<number>`sum(entries)`.as('entries')])
    .where('program_id', '=', programId)
    .where('grain', '=', 'M')
    .groupBy('kind')
    .execute();
  for (const r of rows) {
    const o = out[r.kind as RolledPointsKind];
    if (!o) continue;
    o.points = Number(r.points);
    o.entries = Number(r.entries);
  }
  return out;
}
