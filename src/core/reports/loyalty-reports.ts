import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { fromJson } from '../db/database.js';
import { cube, cubeSql } from './cube.js';
import { envelope } from './report-envelope.js';
import { shareBps, sumBy } from './report-math.js';
import { pointsInMoney, pointValueOf } from './point-value.js';
import { addDays, startOfLocalDay } from './zone-time.js';
import type { ProgramInfo, Scope } from './scope.js';
import { allTimePoints, periodPoints } from './loyalty-points.js';
import { ROLLED_POINTS_KINDS } from './points-record.js';
import { POINTS_REBUILD_NEEDED } from './points-rebuild.js';
import { idAtOrAfter } from './id-range.js';

/**
 * Loyalty figures. Purchase points (earned, taken back on refunds) come from the facts and
 * rollups, counted at the purchase's moment; the other movements of the points ledger (bonuses,
 * redemptions, restores, expiry, adjustments, partner exchanges) from the points rollup by kind
 * and date (loyalty-points.ts). Snapshots (tier distribution, liability) are as of now.
 */

/** The instants [start, end) of a program's local days from..to. */
export function utcBounds(program: ProgramInfo, from: string, to: string): [string, string] {
  return [new Date(startOfLocalDay(from, program.timezone)).toISOString(), new Date(startOfLocalDay(addDays(to, 1), program.timezone)).toISOString()];
}

export async function loyaltyReport(db: Db, scope: Scope, now: Date) {
  const programIds = scope.programs.map((p) => p.id);
  const notes: string[] = [];
  // Members belong to programs with rewards: activity and spend by tier are counted over the same
  // programs, not over company or gift cards too (the demo showed 301 active members of 300).
  const rewarded = programIds.length
    ? new Set((await db.selectFrom('rewards_programs').select('program_id').where('program_id', 'in', programIds).execute()).map((r) => r.program_id))
    : new Set<string>();
  const memberScope: Scope = { ...scope, programs: scope.programs.filter((p) => rewarded.has(p.id)) };
  const nowIso = now.toISOString();

  // Activity: cardholders with a purchase in the period, and how often they came.
  // Counted in the database: members per number of visits (capped at 10), not a row per member.
  const perHolder = cubeSql(memberScope, { family: 'card', period: 'all', dims: ['cardholder_id'], measures: ['purchases'] });
  const byVisits = perHolder
    ? (
        await sql<{ visits: number; members: number; total: number }>`
          WITH holders AS (${perHolder})
          SELECT CASE WHEN purchases >= 10 THEN 10 ELSE purchases END AS visits, count(*) AS members, sum(purchases) AS total
          FROM holders WHERE purchases > 0 GROUP BY CASE WHEN purchases >= 10 THEN 10 ELSE purchases END`.execute(db)
      ).rows.map((r) => ({ visits: Number(r.visits), members: Number(r.members), total: Number(r.total) }))
    : [];
  const active = sumBy(byVisits, (r) => r.members);
  const totalVisits = sumBy(byVisits, (r) => r.total);
  const histogram = [
    { bucket: '1', min: 1, max: 1 },
    { bucket: '2', min: 2, max: 2 },
    { bucket: '3-4', min: 3, max: 4 },
    { bucket: '5-9', min: 5, max: 9 },
    { bucket: '10+', min: 10, max: Number.MAX_SAFE_INTEGER },
  ].map((b) => ({ bucket: b.bucket, members: sumBy(byVisits.filter((r) => r.visits >= b.min && r.visits <= b.max), (r) => r.members) }));

  // Members: all, new in the period (enrolled), by tier now.
  let newMembers = 0;
  for (const program of scope.programs) {
    const [fromIso, toIso] = utcBounds(program, scope.from, scope.to);
    let q = db.selectFrom('rewards_members').select(sql<number>`count(*)`.as('n')).where('program_id', '=', program.id).where('created_at', '>=', fromIso).where('created_at', '<', toIso);
    if (scope.tier) q = q.where('tier_id', '=', scope.tier);
    if (scope.card) q = q.where('cardholder_id', '=', scope.card.cardholder_id);
    newMembers += Number((await q.executeTakeFirstOrThrow()).n);
  }
  const tiers = programIds.length
    ? await db.selectFrom('rewards_tiers').select(['id', 'name', 'threshold', 'program_id', 'status']).where('program_id', 'in', programIds).orderBy('threshold').execute()
    : [];
  let byTierQ = db.selectFrom('rewards_members').select(['tier_id', sql<number>`count(*)`.as('n')]).where('program_id', 'in', programIds.length ? programIds : ['-']).groupBy('tier_id');
  if (scope.card) byTierQ = byTierQ.where('cardholder_id', '=', scope.card.cardholder_id);
  const byTier = new Map((await byTierQ.execute()).map((r) => [r.tier_id ?? '', Number(r.n)]));
  const totalMembers = sumBy([...byTier.values()], (n) => n);
  // The heat rollup has the tier and the money, in far fewer cells than the spend rollup.
  const spendByTier = new Map((await cube(db, memberScope, { family: 'heat', period: 'all', dims: ['tier'], measures: ['purchases', 'gross_minor', 'refunds_minor'] })).map((r) => [String(r.tier), r]));
  const tierRows = [...tiers.map((t) => ({ id: t.id, name: t.name })), { id: '', name: 'No tier' }]
    .filter((t) => !scope.tier || t.id === scope.tier)
    .map((t) => {
      const s = spendByTier.get(t.id);
      const members = byTier.get(t.id) ?? 0;
      return {
        bucket: t.name,
        tier: t.id || null,
        name: t.name,
        members,
        share_bps: shareBps(members, totalMembers),
        purchases: Number(s?.purchases ?? 0),
        net_minor: Number(s?.gross_minor ?? 0) - Number(s?.refunds_minor ?? 0),
      };
    })
    .filter((t) => t.tier !== null || t.members > 0 || t.purchases > 0);

  // Tier movements in the period, from the tier change events (reason and figures are in them).
  const rank = new Map(tiers.map((t, i) => [t.id, i]));
  const movements = new Map<string, { from: string | null; to: string | null; count: number }>();
  let upgrades = 0;
  let downgrades = 0;
  for (const program of scope.programs) {
    const [fromIso, toIso] = utcBounds(program, scope.from, scope.to);
    // From the period's first id on (an id is never older than its event: the seek; a minute
    // to spare), and the period's instants (exact). No upper id bound: after the clock was set
    // back, ids run ahead of it for a while.
    const events = await db
      .selectFrom('events')
      .select(['data'])
      .where('type', '=', 'rewards.tier.changed')
      .where('id', '>=', idAtOrAfter('evt', Date.parse(fromIso) - 60_000))
      .where('created_at', '>=', fromIso)
      .where('created_at', '<', toIso)
      .execute();
    for (const e of events) {
      const d = fromJson<{ program?: string; cardholder?: string; from: { id: string } | null; to: { id: string } | null }>(e.data);
      if (d.program !== program.id) continue;
      if (scope.card && d.cardholder !== scope.card.cardholder_id) continue;
      if (scope.tier && d.from?.id !== scope.tier && d.to?.id !== scope.tier) continue;
      const key = `${d.from?.id ?? ''}>${d.to?.id ?? ''}`;
      const m = movements.get(key) ?? { from: d.from?.id ?? null, to: d.to?.id ?? null, count: 0 };
      m.count++;
      movements.set(key, m);
      const up = (rank.get(d.to?.id ?? '') ?? -1) > (rank.get(d.from?.id ?? '') ?? -1);
      if (up) upgrades++;
      else downgrades++;
    }
  }
  const tierName = new Map(tiers.map((t) => [t.id, t.name]));

  // Points in the period.
  const purchasePoints = await cube(db, scope, { family: 'spend', period: 'all', dims: [], measures: ['points_earned', 'points_reversed', 'cashback_minor'] });
  const earned = Number(purchasePoints[0]?.points_earned ?? 0);
  const reversed = Number(purchasePoints[0]?.points_reversed ?? 0);
  const other = await periodPoints(db, scope);
  if (scope.places) notes.push('Points other than purchase points (bonuses, redemptions, expiry, adjustments) belong to no branch: the branch filter does not apply to them.');
  // (+ 0 turns a -0 into 0: figures are compared and serialized.)
  const redeemedPoints = -other.spend.points - other.restore.points + 0;
  const redemptions = other.spend.entries - other.restore.entries;
  const issued = earned + other.bonus.points;

  // Liability now: outstanding points in money, and cashback given.
  const liability = await liabilityNow(db, scope, nowIso);
  // Until the background job has filled the points rollup of an upgraded database.
  const pointsStale = (await db.selectFrom('settings').select('key').where('key', '=', POINTS_REBUILD_NEEDED).executeTakeFirst()) !== undefined;

  const rows = [
    { bucket: 'earned', points: earned },
    { bucket: 'bonus', points: other.bonus.points },
    { bucket: 'reversed', points: -reversed + 0 },
    { bucket: 'redeemed', points: -redeemedPoints + 0 },
    { bucket: 'expired', points: other.expire.points },
    { bucket: 'adjusted', points: other.adjust.points },
    { bucket: 'partner', points: other.partner_in.points + other.partner_out.points },
  ];
  return {
    ...envelope('loyalty', pointsStale ? { ...scope, stale: true } : scope, now, rows, {
      members: totalMembers,
      new_members: newMembers,
      active_members: active,
      visits: totalVisits,
      average_visits_x100: active === 0 ? 0 : Math.round((totalVisits * 100) / active),
      points_earned: earned,
      points_bonus: other.bonus.points,
      points_reversed: reversed,
      points_redeemed: redeemedPoints,
      points_expired: -other.expire.points + 0,
      points_adjusted: other.adjust.points,
      points_net: rows.reduce((s, r) => s + r.points, 0),
      redemptions,
      members_redeemed: other.spend.members,
      redemption_rate_bps: shareBps(redeemedPoints, issued),
      redeeming_members_bps: shareBps(other.spend.members, active),
      cashback_minor: Number(purchasePoints[0]?.cashback_minor ?? 0),
    }, notes),
    visit_frequency: histogram,
    tiers: tierRows,
    tier_movements: {
      upgrades,
      downgrades,
      // Names on their own too (null: no tier), so a screen can say them in its language; the bucket stays for exports.
      rows: [...movements.values()].map((m) => {
        const fromName = tierName.get(m.from ?? '') ?? null;
        const toName = tierName.get(m.to ?? '') ?? null;
        return { bucket: `${fromName ?? 'none'} > ${toName ?? 'none'}`, ...m, from_name: fromName, to_name: toName };
      }),
    },
    liability,
  };
}

export interface Liability {
  as_of: string;
  points_outstanding: number;
  /** Points outstanding in money at each program's point value; null when a value is unknown. */
  points_minor: number | null;
  point_values: Array<{ program: string; minor: number; per_points: number; source: string; reward: string | null }>;
  reason: string | null;
  cashback: {
    issued_to_date_minor: number;
    credited_to_cards_minor: number | null;
    undelivered_minor: number | null;
    reason: string | null;
  };
}

async function liabilityNow(db: Db, scope: Scope, nowIso: string): Promise<Liability> {
  let outstanding = 0;
  let pointsMinor: number | null = 0;
  let issuedCashback = 0;
  const values: Liability['point_values'] = [];
  const reasons: string[] = [];
  for (const program of scope.programs) {
    // Purchase points over all time from the timeline's months; the rest of the points ledger by kind.
    const cells = await db
      .selectFrom('report_day_cells')
      .select([sql<number>`coalesce(sum(points_earned - points_reversed), 0)`.as('p'), sql<number>`coalesce(sum(cashback_minor), 0)`.as('c')])
      .where('program_id', '=', program.id)
      .where('grain', '=', 'M')
      .executeTakeFirstOrThrow();
    const other = await allTimePoints(db, program.id);
    const points = Number(cells.p) + ROLLED_POINTS_KINDS.reduce((s, k) => s + other[k].points, 0);
    outstanding += points;
    const value = await pointValueOf(db, program.id);
    if ('reason' in value) {
      reasons.push(`${program.name}: ${value.reason}`);
      pointsMinor = null;
    } else {
      values.push({ program: program.id, ...value });
      if (pointsMinor !== null) pointsMinor += pointsInMoney(points, value);
    }
    // Cashback: earned on purchases (rollups) and the rest of the cashback ledger, all time.
    const otherCashback = await db
      .selectFrom('rewards_cashback_entries')
      .select(sql<number>`coalesce(sum(amount_minor), 0)`.as('n'))
      .where('program_id', '=', program.id)
      .where('kind', 'in', ['reward_credit', 'reward_credit_reversed', 'campaign'])
      // The flow index holds every kind but 'earn' (partial): SQLite uses it only when the query names that.
      .where(sql<boolean>`kind <> 'earn'`)
      .executeTakeFirstOrThrow();
    issuedCashback += Number(cells.c) + Number(otherCashback.n);
  }
  const currency = scope.currency;
  const programIds = scope.programs.map((p) => p.id);
  const ledger = currency ? await db.selectFrom('ledger_accounts').select(['debits_posted', 'credits_posted']).where('id', '=', `rewards_liability:${currency}`).executeTakeFirst() : undefined;
  const others = currency
    ? (await db.selectFrom('rewards_programs as r').innerJoin('programs as p', 'p.id', 'r.program_id').select('p.id').where('p.currency', '=', currency).execute()).filter((p) => !programIds.includes(p.id))
    : [];
  const shared = others.length > 0;
  const credited = ledger && !shared ? ledger.debits_posted - ledger.credits_posted : ledger ? null : 0;
  return {
    as_of: nowIso,
    points_outstanding: outstanding,
    points_minor: scope.programs.length === 0 ? null : pointsMinor,
    point_values: values,
    reason: reasons.length > 0 ? reasons.join(' ') : null,
    cashback: {
      issued_to_date_minor: issuedCashback,
      credited_to_cards_minor: credited,
      undelivered_minor: credited === null ? null : Math.max(0, issuedCashback - credited),
      reason: shared ? `The ledger's rewards liability in ${currency} is shared with other programs: report without a program filter to see it.` : null,
    },
  };
}
