import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KartuError } from '../kernel/errors.js';
import { MANAGER, tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';
import type { KartuEvent } from '../events/event-store.js';
import { account, kopiShop, ledgerFigures, newMember, OWNER, purchase, refund, rp, type Member, type Shop } from './testing/rewards-kit.js';

const DAY = 86_400_000;
let engine: TestEngine;
let shop: Shop;
let events: KartuEvent[];

beforeEach(async () => {
  engine = await testEngine({ start: new Date('2026-03-02T03:00:00Z') });
  shop = await kopiShop(engine);
  events = [];
  engine.events.subscribe((e) => events.push(e));
  await engine.bus.send('earning-rule-create', { program: shop.program, type: 'spend', points: 1, unit_minor: rp(10_000) }, OWNER);
});
afterEach(async () => {
  await engine.close();
});

const send = (name: string, input: Record<string, unknown>, actor = OWNER) => engine.bus.execute(name, input, actor) as Promise<any>;

async function refused(name: string, input: Record<string, unknown>): Promise<KartuError> {
  const before = await tableCounts(engine);
  const error = await send(name, input).then(() => { throw new Error(`${name} was accepted`); }, (e: unknown) => e);
  expect(error).toBeInstanceOf(KartuError);
  expect(await tableCounts(engine)).toEqual(before);
  return error as KartuError;
}

async function memberId(m: Member): Promise<string> {
  return (await account(engine, m)).member as string;
}

async function coffee(points = 10): Promise<string> {
  return (await send('reward-create', { program: shop.program, name: 'Kopi Susu gratis', kind: 'free_item', points_cost: points, value: { item: 'Kopi Susu' } })).id;
}

describe('the points ledger', () => {
  it('keeps lots with their expiry, warns ahead once, and expires them with events', async () => {
    await send('rewards-settings-update', { program: shop.program, expiry: { kind: 'rolling', months: 6 }, expiry_warning_days: 14 });
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(100_000)); // 10 points, expire 2 Sep 2026
    engine.clock.advance(31 * DAY);
    await purchase(engine, shop, m, rp(200_000)); // 20 points, expire 2 Oct 2026
    const acct = await account(engine, m);
    expect(acct.points).toBe(30);
    expect(acct.next_expiry).toEqual({ points: 10, at: '2026-09-02T03:00:00.000Z' });

    engine.clock.set(new Date('2026-08-25T03:00:00Z'));
    let run = await send('rewards-expire-points', {});
    expect(run).toMatchObject({ expired_points: 0, warned_members: 1 });
    expect(events.filter((e) => e.type === 'rewards.points.expiring').map((e) => e.data.object.points)).toEqual([10]);
    run = await send('rewards-expire-points', {});
    expect(run.warned_members).toBe(0);

    engine.clock.set(new Date('2026-09-02T03:00:01Z'));
    // Balances ignore an expired lot even before the job has run.
    expect((await account(engine, m)).points).toBe(20);
    run = await send('rewards-expire-points', {});
    expect(run.expired_points).toBe(10);
    expect(events.find((e) => e.type === 'rewards.points.expired')?.data.object).toMatchObject({ points: 10 });
    expect((await send('rewards-expire-points', {})).expired_points).toBe(0);
    const figures = ledgerFigures(engine, await memberId(m));
    expect(figures.entries).toBe(20);
    expect(figures.lots - figures.owed).toBe(20);
    expect(figures.allocationMismatch).toBe(0);
    const activity = await send('rewards-activity-list', { cardholder: m.cardholder, limit: 10 });
    expect(activity.data.map((a: { type: string; points: number }) => [a.type, a.points])).toEqual([['expire', -10], ['earn', 20], ['earn', 10]]);
  });

  it('rounds expiry to the end of the month or year in the program time zone', async () => {
    await send('rewards-settings-update', { program: shop.program, expiry: { kind: 'end_of_month', months: 1 } });
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(100_000));
    // Earned 2 March (Jakarta): expires at the end of April, i.e. 1 May 00:00 Jakarta = 30 Apr 17:00 UTC.
    expect((await account(engine, m)).next_expiry?.at).toBe('2026-04-30T17:00:00.000Z');
    await send('rewards-settings-update', { program: shop.program, expiry: { kind: 'end_of_year', years: 0 } });
    const n = await newMember(engine, shop, 'Dewi');
    await purchase(engine, shop, n, rp(100_000));
    expect((await account(engine, n)).next_expiry?.at).toBe('2026-12-31T17:00:00.000Z');
  });

  it('spends the soonest-expiring lots first and links the spend to them', async () => {
    await send('rewards-settings-update', { program: shop.program, expiry: { kind: 'rolling', months: 12 } });
    const m = await newMember(engine, shop);
    await send('rewards-adjust', { cardholder: m.cardholder, points: 50, reason: 'goodwill: broken cup' }); // expires 2027-03-02
    engine.clock.advance(-40 * DAY); // a purchase recorded earlier (expires sooner)
    await purchase(engine, shop, m, rp(80_000));
    engine.clock.advance(40 * DAY);
    const reward = await coffee(10);
    const redemption = await send('redemption-create', { cardholder: m.cardholder, program: shop.program, reward });
    const rows = engine.database.sqlite
      .prepare('SELECT l.points, l.expires_at, a.points AS taken FROM rewards_lot_allocations a JOIN rewards_lots l ON l.id = a.lot_id JOIN rewards_redemptions r ON r.entry_id = a.entry_id WHERE r.id = ? ORDER BY l.expires_at')
      .all(redemption.id) as Array<{ points: number; taken: number }>;
    expect(rows).toEqual([
      expect.objectContaining({ points: 8, taken: 8 }),
      expect.objectContaining({ points: 50, taken: 2 }),
    ]);
    expect((await account(engine, m)).points).toBe(48);
  });

  it('holds new points as pending for the hold period', async () => {
    await send('rewards-settings-update', { program: shop.program, pending_days: 7 });
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(150_000));
    expect(await account(engine, m)).toMatchObject({ points: 0, pending: 15, available: 0 });
    const reward = await coffee(10);
    expect((await refused('redemption-create', { cardholder: m.cardholder, reward })).code).toBe('insufficient_points');
    engine.clock.advance(7 * DAY);
    expect(await account(engine, m)).toMatchObject({ points: 15, pending: 0 });
    await send('redemption-create', { cardholder: m.cardholder, reward });
    expect((await account(engine, m)).points).toBe(5);
  });

  it('takes points and cashback back proportionally; partial refunds add up to the whole', async () => {
    await send('earning-rule-create', { program: shop.program, type: 'cashback', rate_bps: 200 });
    const m = await newMember(engine, shop);
    const p = await purchase(engine, shop, m, rp(100_000));
    expect(p).toMatchObject({ points_earned: 10, cashback_minor: rp(2_000) });
    const first = await refund(engine, p.authorization, rp(33_000));
    expect(first).toMatchObject({ points_reversed: 3, cashback_reversed_minor: rp(660) });
    expect(await account(engine, m)).toMatchObject({ points: 7, cashback_balance: rp(1_340) });
    const second = await refund(engine, p.authorization, rp(67_000));
    expect(second).toMatchObject({ points_reversed: 7, cashback_reversed_minor: rp(1_340) });
    expect(await account(engine, m)).toMatchObject({ points: 0, cashback_balance: 0 });
    // Refunding more than was bought takes nothing more.
    expect((await refund(engine, p.authorization, rp(1_000))).points_reversed).toBe(0);
    expect(events.filter((e) => e.type === 'rewards.points.reversed')).toHaveLength(2);
  });

  it('never goes negative: points already spent are written off', async () => {
    const m = await newMember(engine, shop);
    const p = await purchase(engine, shop, m, rp(100_000));
    await send('redemption-create', { cardholder: m.cardholder, reward: await coffee(10) });
    const r = await refund(engine, p.authorization, rp(100_000));
    expect(r).toMatchObject({ points_reversed: 0, points_owed: 0, points_written_off: 10 });
    expect(await account(engine, m)).toMatchObject({ points: 0, owed: 0 });
  });

  it('shows points taken back beyond the balance as owed when the program allows it, and repays from new points', async () => {
    await send('rewards-settings-update', { program: shop.program, allow_negative: true });
    const m = await newMember(engine, shop);
    const p = await purchase(engine, shop, m, rp(100_000));
    await send('redemption-create', { cardholder: m.cardholder, reward: await coffee(8) });
    const r = await refund(engine, p.authorization, rp(100_000));
    expect(r).toMatchObject({ points_reversed: 10, points_owed: 8 });
    expect(await account(engine, m)).toMatchObject({ points: -8, owed: 8, available: 0 });
    await purchase(engine, shop, m, rp(150_000));
    expect(await account(engine, m)).toMatchObject({ points: 7, owed: 0, available: 7 });
    const figures = ledgerFigures(engine, await memberId(m));
    expect(figures.entries).toBe(figures.lots - figures.owed);
    expect(figures.allocationMismatch).toBe(0);
  });

  it('records manual adjustments with a reason and the staff member; never below zero', async () => {
    const m = await newMember(engine, shop);
    expect((await refused('rewards-adjust', { cardholder: m.cardholder, points: 10 })).param).toBe('reason');
    expect((await refused('rewards-adjust', { cardholder: m.cardholder, points: 0, reason: 'nothing' })).param).toBe('points');
    const adj = await engine.bus.send('rewards-adjust', { cardholder: m.cardholder, points: 25, reason: 'missed stamp card' }, MANAGER);
    expect(adj).toMatchObject({ points: 25, staff: 'staff:staff_manager', reason: 'missed stamp card' });
    expect((await refused('rewards-adjust', { cardholder: m.cardholder, points: -26, reason: 'correction' })).code).toBe('insufficient_points');
    await send('rewards-adjust', { cardholder: m.cardholder, points: -5, reason: 'double entry' });
    const activity = await send('rewards-activity-list', { cardholder: m.cardholder });
    expect(activity.data.map((a: { points: number; staff: string; reason: string }) => [a.points, a.staff, a.reason])).toEqual([
      [-5, 'staff:staff_owner', 'double entry'],
      [25, 'staff:staff_manager', 'missed stamp card'],
    ]);
    expect(events.filter((e) => e.type === 'rewards.points.adjusted')).toHaveLength(2);
  });

  it('keeps points when a card is replaced: they belong to the cardholder in the program', async () => {
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(120_000));
    const replacement = await engine.bus.send('card-replace', { id: m.card, reason: 'lost' }, OWNER);
    await purchase(engine, shop, { ...m, card: replacement.id, account: replacement.account }, rp(50_000));
    expect((await account(engine, m)).points).toBe(17);
  });

  it('caps purchase points per transaction, per local day and per local month (one read for both)', async () => {
    await send('rewards-settings-update', { program: shop.program, caps: { per_transaction: 30, daily: 50, monthly: 80 } });
    const m = await newMember(engine, shop);
    const at = (iso: string) => ({ at: new Date(iso) });
    // Monday 2 March, 10:00 in Jakarta: 40 points capped to 30 per transaction, then the day's 20 left, then none.
    expect((await purchase(engine, shop, m, rp(400_000), at('2026-03-02T03:00:00Z'))).points_earned).toBe(30);
    expect((await purchase(engine, shop, m, rp(400_000), at('2026-03-02T04:00:00Z'))).points_earned).toBe(20);
    expect((await purchase(engine, shop, m, rp(100_000), at('2026-03-02T16:59:00Z'))).points_earned).toBe(0);
    // 00:30 on 3 March in Jakarta (still 2 March in UTC): a new day, but only 30 left in the month.
    expect((await purchase(engine, shop, m, rp(400_000), at('2026-03-02T17:30:00Z'))).points_earned).toBe(30);
    expect((await purchase(engine, shop, m, rp(100_000), at('2026-03-10T03:00:00Z'))).points_earned).toBe(0);
    // 1 April in Jakarta: a new month.
    expect((await purchase(engine, shop, m, rp(100_000), at('2026-03-31T17:00:00Z'))).points_earned).toBe(10);
  });

  it('earns once per authorization, and nothing for a foreign currency or a program without rewards', async () => {
    const m = await newMember(engine, shop);
    const p = await purchase(engine, shop, m, rp(100_000));
    const again = await purchase(engine, shop, m, rp(100_000), { authorizationId: p.authorization });
    expect(again.points_earned).toBe(10);
    expect((await account(engine, m)).points).toBe(10);
    expect((await purchase(engine, shop, m, 5_000, { currency: 'USD' })).skipped).toBe('currency_mismatch');
    const plain = await engine.bus.send('program-create', { name: 'Plain', kind: 'prepaid', currency: 'IDR' }, OWNER);
    const before = await tableCounts(engine);
    expect((await purchase(engine, { ...shop, program: plain.id }, m, rp(100_000))).skipped).toBe('no_rewards');
    expect(await tableCounts(engine)).toEqual(before);
  });
});

describe('earning twice for one purchase', () => {
  it('earns once: a replay of the same authorization answers what was earned and writes nothing', async () => {
    const m = await newMember(engine, shop);
    const first = await purchase(engine, shop, m, rp(120_000));
    expect(first.points_earned).toBe(12);
    const before = await tableCounts(engine);
    const again = await purchase(engine, shop, m, rp(120_000), { authorizationId: first.authorization });
    expect(again).toMatchObject({ points_earned: 12, member: first.member, tier_change: null });
    expect(await tableCounts(engine)).toEqual(before);
    expect((await account(engine, m)).points).toBe(12);
  });
});
