import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TZDate } from '@date-fns/tz';
import { OWNER, testEngine, type TestEngine } from '../testing/test-engine.js';
import { up as up17 } from '../db/migrations/2026-11-26-17-report-points-cells.js';
import { up as up17b } from '../db/migrations/2026-11-26-17b-report-points-redeemers.js';
import { up as up17c } from '../db/migrations/2026-11-26-17c-report-points-last-redemption.js';
import { addDays } from './zone-time.js';
import { startJobRunner } from '../jobs/job-runner.js';
import { runActions, setupWorld, type Action, type World } from './testing/report-world.js';

/**
 * The points rollup kept by the points ledger's write equals a direct computation from the
 * entries (local days by date-fns' zone arithmetic, each entry under its member's tier when it was
 * written), on random sequences of purchases (earn), captures, refunds (points taken back),
 * redemptions, adjustments, expiry, tier changes and clock moves; a rebuild from the entries and
 * the tier change events gives the same rows; and an upgraded database gets them from the job.
 */
const pointsAction: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('advance' as const), minutes: fc.integer({ min: 1, max: 900 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('jump' as const), days: fc.integer({ min: 1, max: 45 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('midnight' as const), side: fc.constantFrom('before' as const, 'after' as const) }) },
  { weight: 7, arbitrary: fc.record({ t: fc.constant('buy' as const), member: fc.nat(9), amount: fc.integer({ min: 20, max: 120 }), merchant: fc.nat(2), standIn: fc.constant(false) }) },
  { weight: 6, arbitrary: fc.record({ t: fc.constant('capture' as const), pick: fc.nat(), part: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('refund' as const), pick: fc.nat(), part: fc.boolean() }) },
  { weight: 6, arbitrary: fc.record({ t: fc.constant('redeem' as const), member: fc.nat(9) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('adjust' as const), member: fc.nat(9), points: fc.integer({ min: -5, max: 20 }).filter((n) => n !== 0) }) },
  { weight: 2, arbitrary: fc.constant({ t: 'expire' as const }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('tier' as const), member: fc.nat(9), tier: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('topup' as const), member: fc.nat(9), amount: fc.integer({ min: 100, max: 400 }) }) },
);

const ROLLED = ['bonus', 'spend', 'restore', 'expire', 'adjust', 'partner_in', 'partner_out'];
const pad = (n: number): string => String(n).padStart(2, '0');

function localDay(iso: string, zone: string): string {
  const d = new TZDate(Date.parse(iso), zone);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

interface Rows {
  cells: string[];
  members: string[];
  redeemers: string[];
}

/** The rollup's rows recomputed from the entries, sorted, as text. */
function expected(engine: TestEngine, world: World): Rows {
  const entries = engine.database.sqlite
    .prepare('SELECT e.id, e.program_id, e.account_id, e.kind, e.points, e.created_at, p.timezone FROM rewards_points_entries e JOIN programs p ON p.id = e.program_id')
    .all() as Array<{ id: string; program_id: string; account_id: string; kind: string; points: number; created_at: string; timezone: string }>;
  const cells = new Map<string, { points: number; entries: number }>();
  const members = new Map<string, number>();
  const redeemers = new Map<string, string>();
  for (const e of entries) {
    if (!ROLLED.includes(e.kind)) continue;
    const day = localDay(e.created_at, e.timezone);
    const tier = world.entryTier.get(e.id);
    expect(tier, `tier of ${e.id}`).toBeDefined();
    for (const [grain, bucket] of [['D', day], ['M', day.slice(0, 7)]]) {
      const key = JSON.stringify([e.program_id, grain, bucket, e.kind, tier]);
      const c = cells.get(key) ?? { points: 0, entries: 0 };
      c.points += e.points;
      c.entries += 1;
      cells.set(key, c);
    }
    if (e.kind === 'spend') {
      const mkey = JSON.stringify([e.program_id, e.account_id, day, tier]);
      members.set(mkey, (members.get(mkey) ?? 0) + 1);
      for (const t of [tier, '*']) {
        const rkey = JSON.stringify([e.program_id, t, e.account_id]);
        if ((redeemers.get(rkey) ?? '') < day) redeemers.set(rkey, day);
      }
    }
  }
  return {
    cells: [...cells].map(([k, v]) => JSON.stringify([...JSON.parse(k), v.points, v.entries])).sort(),
    members: [...members].map(([k, v]) => JSON.stringify([...JSON.parse(k), v])).sort(),
    redeemers: [...redeemers].map(([k, v]) => JSON.stringify([...JSON.parse(k), v])).sort(),
  };
}

function stored(engine: TestEngine): Rows {
  const db = engine.database.sqlite;
  const cells = db.prepare('SELECT program_id, grain, bucket, kind, tier, points, entries FROM report_points_cells').raw().all() as unknown[][];
  const members = db.prepare('SELECT program_id, member_id, day, tier, spends FROM report_points_members').raw().all() as unknown[][];
  const redeemers = db.prepare('SELECT program_id, tier, member_id, last_day FROM report_points_redeemers').raw().all() as unknown[][];
  return { cells: cells.map((r) => JSON.stringify(r)).sort(), members: members.map((r) => JSON.stringify(r)).sort(), redeemers: redeemers.map((r) => JSON.stringify(r)).sort() };
}

/**
 * The loyalty report's redemptions and redeeming members against the entries, over the whole
 * history and single days (so that both ways of counting members run: a distinct count of the
 * period's redemptions when they are fewer than the members, a look-up per member otherwise), with
 * and without a tier filter. Returns how many periods had redemptions.
 */
async function compareRedemptions(engine: TestEngine, world: World): Promise<number> {
  const spends = (engine.database.sqlite.prepare("SELECT id, account_id, kind, points, created_at FROM rewards_points_entries WHERE program_id = ? AND kind IN ('spend', 'restore')").all(world.program) as Array<{ id: string; account_id: string; kind: string; points: number; created_at: string }>)
    .map((e) => ({ ...e, day: localDay(e.created_at, 'Asia/Jakarta'), tier: world.entryTier.get(e.id) }));
  const days = [...new Set(spends.map((e) => e.day))].sort();
  if (days.length === 0) return 0;
  // The whole history, to its last redemption and past it, a few single days and the last one.
  const last = days[days.length - 1]!;
  const periods: Array<[string, string]> = [[days[0]!, last], [days[0]!, addDays(last, 30)], ...[...days.slice(0, 3), last].map((d): [string, string] => [d, d])];
  let compared = 0;
  for (const [from, to] of periods) {
    for (const tier of [null, ...world.tiers]) {
      const mine = spends.filter((e) => e.day >= from && e.day <= to && (tier === null || e.tier === tier));
      const report = (await engine.bus.send('report-loyalty', { program: world.program, from, to, ...(tier ? { tier } : {}) } as never, OWNER)) as { totals: Record<string, number> };
      const label = `${from}..${to} ${tier ?? 'all tiers'}`;
      expect(report.totals.members_redeemed, label).toBe(new Set(mine.filter((e) => e.kind === 'spend').map((e) => e.account_id)).size);
      expect(report.totals.points_redeemed, label).toBe(-mine.reduce((s, e) => s + e.points, 0) + 0);
      if (mine.some((e) => e.kind === 'spend')) compared++;
    }
  }
  return compared;
}

describe('points rollup', () => {
  it('equals the entries, and a rebuild from them, on random histories', async () => {
    const seen = { spend: 0, expire: 0, adjust: 0, restoreOrReverse: 0, tiered: 0, days: new Set<string>(), periods: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(pointsAction, { minLength: 60, maxLength: 150 }), fc.integer({ min: 1, max: 1_000_000 }), async (actions, seed) => {
        const engine = await testEngine({ start: new Date('2025-11-15T10:00:00Z'), seed });
        try {
          const world = await setupWorld(engine, 6);
          await runActions(engine, world, actions);
          const want = expected(engine, world);
          expect(stored(engine)).toEqual(want);
          for (const row of want.cells) {
            const [, grain, bucket, kind, tier] = JSON.parse(row) as [string, string, string, string, string];
            if (grain !== 'D') continue;
            seen.days.add(bucket);
            if (kind === 'spend') seen.spend++;
            if (kind === 'expire') seen.expire++;
            if (kind === 'adjust') seen.adjust++;
            if (tier !== '' && tier !== world.tiers[0]) seen.tiered++;
          }
          seen.restoreOrReverse += (engine.database.sqlite.prepare("SELECT count(*) AS n FROM rewards_points_entries WHERE kind = 'reverse'").get() as { n: number }).n;
          seen.periods += await compareRedemptions(engine, world);
          // The rebuild (tiers from the tier change events) writes the same rows.
          const rebuilt = (await engine.bus.send('reports-rebuild', {}, OWNER)) as { points_cells: number; points_members: number };
          expect(stored(engine)).toEqual(want);
          expect(rebuilt.points_cells).toBe(want.cells.length);
          expect(rebuilt.points_members).toBe(want.members.length);
        } finally {
          await engine.close();
        }
      }),
      { numRuns: 8, seed: 20261126 },
    );
    // The histories did exercise what the rollup is about.
    expect(seen.spend).toBeGreaterThan(3);
    expect(seen.expire).toBeGreaterThan(0);
    expect(seen.adjust).toBeGreaterThan(3);
    expect(seen.restoreOrReverse).toBeGreaterThan(0);
    expect(seen.tiered).toBeGreaterThan(0);
    expect(seen.days.size).toBeGreaterThan(10);
    expect(seen.periods).toBeGreaterThan(10);
  }, 240_000);

  it('is filled for a database written before it (migrations 2026-11-26-17, 17b and 17c, and the rebuild job)', async () => {
    const engine = await testEngine({ start: new Date('2025-11-15T10:00:00Z'), seed: 5 });
    try {
      const world = await setupWorld(engine, 6);
      const actions = fc.sample(fc.array(pointsAction, { minLength: 80, maxLength: 80 }), { numRuns: 1, seed: 11 })[0]!;
      await runActions(engine, world, actions);
      const want = expected(engine, world);
      expect(want.cells.length).toBeGreaterThan(0);
      const loyalty = async () => (await engine.bus.send('report-loyalty', { program: world.program, from: '2025-01-01', to: '2027-12-31' } as never, OWNER)) as { totals: Record<string, number>; liability: { points_outstanding: number }; notes: string[] };
      const before = await loyalty();
      const sqlite = engine.database.sqlite;
      // As such a database was: no rollup (and no indexes of this migration).
      sqlite.exec('DROP TABLE report_points_cells; DROP TABLE report_points_members; DROP TABLE report_points_redeemers; DROP INDEX rewards_members_program_tier; DROP INDEX rewards_members_program_created;');
      await engine.services.db.transaction().execute(async (trx) => {
        await up17(trx);
        await up17b(trx);
        await up17c(trx);
      });
      expect(sqlite.prepare("SELECT value FROM settings WHERE key = 'reports.points_rebuild_needed'").get()).toEqual({ value: '1' });
      const waiting = await loyalty();
      expect(waiting.notes.some((n) => n.includes('wait to be recomputed'))).toBe(true);
      expect(before.notes.some((n) => n.includes('wait to be recomputed'))).toBe(false);

      const runner = startJobRunner(engine, { tickMs: 3_600_000, jobs: [{ command: 'reports-rebuild-if-needed', everyMs: 0 }] });
      expect(await runner.runDue()).toEqual(['reports-rebuild-if-needed']);
      await runner.stop();
      expect(stored(engine)).toEqual(want);
      expect(sqlite.prepare("SELECT value FROM settings WHERE key = 'reports.points_rebuild_needed'").get()).toBeUndefined();
      expect(await loyalty()).toEqual(before);
      // Nothing flagged: the job does nothing.
      expect(await engine.bus.send('reports-rebuild-if-needed', {}, OWNER)).toEqual({ object: 'reports_rebuild_check', rebuilt: false });
    } finally {
      await engine.close();
    }
  }, 60_000);
});
