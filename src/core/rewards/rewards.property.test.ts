import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KartuError } from '../kernel/errors.js';
import { tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';
import { account, kopiShop, ledgerFigures, newMember, OWNER, purchase, refund, rp, type Member, type Shop } from './testing/rewards-kit.js';
import { addMonthsToDate, localParts } from './local-time.js';

const DAY = 86_400_000;
const ZONE = 'Asia/Jakarta';
const send = (engine: TestEngine, name: string, input: Record<string, unknown>) => engine.bus.execute(name, input, OWNER) as Promise<any>;

/** A refused command must leave every table as it was. */
async function attempt(engine: TestEngine, name: string, input: Record<string, unknown>): Promise<unknown> {
  const before = await tableCounts(engine);
  try {
    return await send(engine, name, input);
  } catch (error) {
    if (!(error instanceof KartuError)) throw error;
    expect(await tableCounts(engine)).toEqual(before);
    return null;
  }
}

type Op =
  | { op: 'buy'; who: number; amount: number }
  | { op: 'refund'; index: number; percent: number }
  | { op: 'redeem'; who: number; reward: number; link: boolean }
  | { op: 'cancel' }
  | { op: 'adjust'; who: number; points: number }
  | { op: 'exchange'; who: number; points: number }
  | { op: 'wait'; days: number }
  | { op: 'expire' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('buy' as const), who: fc.nat(1), amount: fc.integer({ min: 1_000, max: 300_000 }).map((n) => n * 100) }) },
  // Full refunds after a redemption are what drive a balance into debt: make them common.
  { weight: 3, arbitrary: fc.record({ op: fc.constant('refund' as const), index: fc.nat(), percent: fc.oneof(fc.constant(100), fc.integer({ min: 1, max: 100 })) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('redeem' as const), who: fc.nat(1), reward: fc.nat(1), link: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ op: 'cancel' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('adjust' as const), who: fc.nat(1), points: fc.integer({ min: -40, max: 40 }).filter((n) => n !== 0) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('exchange' as const), who: fc.nat(1), points: fc.integer({ min: 1, max: 8 }).map((n) => n * 10) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('wait' as const), days: fc.integer({ min: 0, max: 70 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'expire' as const }) },
);

interface World {
  engine: TestEngine;
  shop: Shop;
  members: Member[];
  rewards: string[];
  partner: string;
  purchases: string[];
  redemptions: string[];
}

async function world(settings: Record<string, unknown>): Promise<World> {
  const engine = await testEngine({ start: new Date('2026-03-02T03:00:00Z') });
  const shop = await kopiShop(engine);
  await send(engine, 'rewards-settings-update', { program: shop.program, ...settings });
  await send(engine, 'earning-rule-create', { program: shop.program, type: 'spend', points: 1, unit_minor: rp(10_000) });
  await send(engine, 'earning-rule-create', { program: shop.program, type: 'time_window', days: [1, 2, 3, 4, 5], start: '09:00', end: '12:00', multiplier: 2 });
  const rewards = [
    (await send(engine, 'reward-create', { program: shop.program, name: 'Kopi Susu', kind: 'free_item', points_cost: 10, value: { item: 'Kopi Susu' } })).id,
    (await send(engine, 'reward-create', { program: shop.program, name: 'Pastry', kind: 'free_item', points_cost: 25, value: { item: 'Croissant' }, stock: 3 })).id,
  ];
  const partner = (await send(engine, 'partner-create', { program: shop.program, name: 'Partner', code: 'PTR', rate: { points: 10, partner_points: 3 } })).id;
  const members = [await newMember(engine, shop, 'A'), await newMember(engine, shop, 'B')];
  return { engine, shop, members, rewards, partner, purchases: [], redemptions: [] };
}

async function apply(w: World, step: Op): Promise<void> {
  const { engine } = w;
  const who = (i: number): Member => w.members[i % w.members.length]!;
  switch (step.op) {
    case 'buy': {
      const p = await purchase(engine, w.shop, who(step.who), step.amount);
      w.purchases.push(p.authorization);
      return;
    }
    case 'refund': {
      if (w.purchases.length === 0) return;
      const auth = w.purchases[step.index % w.purchases.length]!;
      const amount = (engine.database.sqlite.prepare('SELECT amount_minor FROM rewards_earnings WHERE authorization_id = ?').get(auth) as { amount_minor: number }).amount_minor;
      await refund(engine, auth, Math.max(1, Math.floor((amount * step.percent) / 100)));
      return;
    }
    case 'redeem': {
      const link = step.link && w.purchases.length > 0 ? { authorization: w.purchases.at(-1) } : {};
      const r = (await attempt(engine, 'redemption-create', { cardholder: who(step.who).cardholder, reward: w.rewards[step.reward], ...link })) as { id: string } | null;
      if (r) w.redemptions.push(r.id);
      return;
    }
    case 'cancel': {
      const last = w.redemptions.at(-1);
      if (last) await attempt(engine, 'redemption-cancel', { id: last });
      return;
    }
    case 'adjust':
      await attempt(engine, 'rewards-adjust', { cardholder: who(step.who).cardholder, program: w.shop.program, points: step.points, reason: 'property test' });
      return;
    case 'exchange':
      await attempt(engine, 'partner-exchange', { cardholder: who(step.who).cardholder, program: w.shop.program, partner: w.partner, points: step.points, direction: 'out' });
      return;
    case 'wait':
      engine.clock.advance(step.days * DAY + 3_600_000);
      return;
    case 'expire':
      await send(engine, 'rewards-expire-points', {});
      return;
  }
}

async function checkLedger(w: World, allowNegative: boolean): Promise<void> {
  const now = w.engine.clock.now().toISOString();
  for (const m of w.members) {
    const acct = await account(w.engine, m);
    if (!acct.member) continue;
    const f = ledgerFigures(w.engine, acct.member);
    // The balance derives from the lots: entries == lots - owed, lot by lot consistent with its allocations.
    expect(f.entries).toBe(f.lots - f.owed);
    expect(f.allocationMismatch).toBe(0);
    const live = w.engine.database.sqlite
      .prepare('SELECT coalesce(sum(remaining), 0) AS n FROM rewards_lots WHERE member_id = ? AND expires_at > ? AND available_at <= ?')
      .get(acct.member, now, now) as { n: number };
    expect(acct.available).toBe(live.n);
    expect(acct.points).toBe(acct.available - acct.owed);
    if (!allowNegative) {
      expect(acct.owed).toBe(0);
      expect(acct.points).toBeGreaterThanOrEqual(0);
    } else {
      expect(acct.owed).toBeGreaterThanOrEqual(0);
      if (acct.owed > 0) expect(acct.available).toBe(0);
    }
  }
}

describe('rewards properties', () => {
  it('the points balance always equals the sum of its lots, and is never negative unless allowed', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          allow_negative: fc.constantFrom(true, true, false),
          pending_days: fc.constantFrom(0, 0, 3),
          expiry: fc.constantFrom({ kind: 'never' }, { kind: 'rolling', months: 1 }, { kind: 'end_of_month', months: 1 }),
        }),
        fc.array(opArb, { minLength: 5, maxLength: 40 }),
        async (settings, ops) => {
          const w = await world(settings);
          w.members.length = 1; // one member concentrates the operations on one ledger
          try {
            for (const step of ops) {
              await apply(w, step);
              await checkLedger(w, settings.allow_negative);
            }
          } finally {
            await w.engine.close();
          }
        },
      ),
      { numRuns: 40, seed: 20261125 },
    );
  });

  it('a full refund of the purchase a reward was redeemed for restores the reward and takes back only that purchase', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 5_000, max: 400_000 }).map((n) => n * 100), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.constantFrom(10, 25),
        async (amounts, pick, cost) => {
          const w = await world({});
          try {
            const m = w.members[0]!;
            for (const amount of amounts) w.purchases.push((await purchase(w.engine, w.shop, m, amount)).authorization);
            const target = w.purchases[pick % w.purchases.length]!;
            const before = (await account(w.engine, m)).points;
            const earnedByTarget = (w.engine.database.sqlite.prepare('SELECT points_earned AS n FROM rewards_earnings WHERE authorization_id = ?').get(target) as { n: number }).n;
            const reward = cost === 10 ? w.rewards[0] : w.rewards[1];
            const stock = (await send(w.engine, 'reward-get', { id: reward })).redeemed;
            const redemption = (await attempt(w.engine, 'redemption-create', { cardholder: m.cardholder, reward, authorization: target })) as { id: string } | null;
            const amount = (w.engine.database.sqlite.prepare('SELECT amount_minor FROM rewards_earnings WHERE authorization_id = ?').get(target) as { amount_minor: number }).amount_minor;
            const result = await refund(w.engine, target, amount);
            const after = await account(w.engine, m);
            expect(after.points).toBe(before - earnedByTarget);
            if (redemption) {
              expect(result.redemptions_restored).toEqual([redemption.id]);
              expect((await send(w.engine, 'redemption-get', { id: redemption.id })).status).toBe('restored');
            }
            expect((await send(w.engine, 'reward-get', { id: reward })).redeemed).toBe(stock);
            await checkLedger(w, false);
          } finally {
            await w.engine.close();
          }
        },
      ),
      { numRuns: 25, seed: 7 },
    );
  });
});

/** An independent, naive tier oracle: the definitions of tier-qualification.ts, written the slow way. */
function oracleTier(
  tiers: Array<{ id: string; threshold: number }>,
  events: Array<{ at: number; value: number }>,
  t: number,
  q: { period: 'rolling' | 'calendar_year'; months: number; grace_days: number },
): string | null {
  const tierOf = (v: number): number => tiers.reduce((best, tier, i) => (v >= tier.threshold ? i : best), -1);
  let best = -1;
  if (q.period === 'rolling') {
    const qAt = (s: number): number => {
      const floor = addMonthsToDate(localParts(s, ZONE).date, -q.months);
      return events.filter((e) => e.at <= s && localParts(e.at, ZONE).date > floor).reduce((sum, e) => sum + e.value, 0);
    };
    const from = t - q.grace_days * DAY;
    const instants = [from, t, ...events.map((e) => e.at).filter((at) => at > from && at <= t)];
    for (const s of instants) best = Math.max(best, tierOf(qAt(s)));
  } else {
    const year = (ms: number): number => localParts(ms, ZONE).year;
    const total = (y: number): number => events.filter((e) => e.at <= t && year(e.at) === y).reduce((sum, e) => sum + e.value, 0);
    const y = year(t);
    best = Math.max(tierOf(total(y)), tierOf(total(y - 1)));
    if (year(t - q.grace_days * DAY) < y) best = Math.max(best, tierOf(total(y - 2)));
  }
  return best < 0 ? null : tiers[best]!.id;
}

describe('tier property', () => {
  type TierOp = { op: 'buy'; who: number; amount: number } | { op: 'refund'; index: number; percent: number } | { op: 'wait'; days: number } | { op: 'job' };
  const tierOpArb: fc.Arbitrary<TierOp> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ op: fc.constant('buy' as const), who: fc.nat(2), amount: fc.integer({ min: 10, max: 2_000 }).map((n) => n * 100_000) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('refund' as const), index: fc.nat(), percent: fc.integer({ min: 1, max: 100 }) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('wait' as const), days: fc.integer({ min: 0, max: 60 }) }) },
    { weight: 3, arbitrary: fc.constant({ op: 'job' as const }) },
  );

  it('the stored tier always matches a recomputation from history', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          period: fc.constantFrom('rolling' as const, 'calendar_year' as const),
          // Short windows and grace periods make downgrades, holds and graces happen within a few steps.
          months: fc.constantFrom(1, 1, 2, 3, 12),
          grace_days: fc.constantFrom(0, 10, 45),
        }),
        fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { minLength: 2, maxLength: 3 }).map((xs) => xs.sort((a, b) => a - b).map((x) => x * 1_000_000)),
        fc.array(tierOpArb, { minLength: 8, maxLength: 40 }),
        async (q, thresholds, ops) => {
          const engine = await testEngine({ start: new Date('2026-03-02T03:00:00Z') });
          try {
            const shop = await kopiShop(engine);
            await send(engine, 'rewards-settings-update', { program: shop.program, tier_qualification: { metric: 'spend', ...q } });
            await send(engine, 'earning-rule-create', { program: shop.program, type: 'visit', points: 1 });
            const tiers = [{ id: (await send(engine, 'tier-create', { program: shop.program, name: 'Bronze', threshold: 0 })).id, threshold: 0 }];
            for (const [i, threshold] of thresholds.entries()) {
              tiers.push({ id: (await send(engine, 'tier-create', { program: shop.program, name: `T${i}`, threshold })).id, threshold });
            }
            const members = [await newMember(engine, shop, 'A'), await newMember(engine, shop, 'B'), await newMember(engine, shop, 'C')];
            const purchases: string[] = [];
            const check = async (touched: Member[]) => {
              const now = engine.clock.now().getTime();
              for (const m of touched) {
                const row = engine.database.sqlite.prepare('SELECT id, tier_id FROM rewards_members WHERE cardholder_id = ?').get(m.cardholder) as { id: string; tier_id: string | null } | undefined;
                if (!row) continue;
                const events = (engine.database.sqlite.prepare('SELECT at, amount_minor - amount_reversed_minor AS value FROM rewards_earnings WHERE member_id = ? ORDER BY at').all(row.id) as Array<{ at: string; value: number }>).map((e) => ({ at: Date.parse(e.at), value: e.value }));
                expect(row.tier_id).toBe(oracleTier(tiers, events, now, q));
              }
            };
            for (const step of ops) {
              if (step.op === 'buy') {
                purchases.push((await purchase(engine, shop, members[step.who]!, step.amount)).authorization);
                await check([members[step.who]!]);
              } else if (step.op === 'refund' && purchases.length > 0) {
                const auth = purchases[step.index % purchases.length]!;
                const row = engine.database.sqlite.prepare('SELECT amount_minor, c.cardholder_id FROM rewards_earnings e JOIN rewards_members c ON c.id = e.member_id WHERE authorization_id = ?').get(auth) as { amount_minor: number; cardholder_id: string };
                await refund(engine, auth, Math.max(1, Math.floor((row.amount_minor * step.percent) / 100)));
                await check(members.filter((m) => m.cardholder === row.cardholder_id));
              } else if (step.op === 'wait') {
                engine.clock.advance(step.days * DAY + 7_200_000);
              } else if (step.op === 'job') {
                await send(engine, 'rewards-recompute-tiers', {});
                await check(members);
              }
            }
            await send(engine, 'rewards-recompute-tiers', {});
            await check(members);
          } finally {
            await engine.close();
          }
        },
      ),
      { numRuns: 40, seed: 424242 },
    );
  });
});
