import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testEngine, tableCounts, type TestEngine } from '../testing/test-engine.js';
import type { KartuEvent } from '../events/event-store.js';
import { account, BRANCHES, kopiShop, newMember, OWNER, rp, type Member, type Shop } from './testing/rewards-kit.js';

/**
 * The purchase path with the real authorization engine and ledger: a capture earns points and
 * cashback in its own transaction; a refund takes them back in its own. (Kartu earns on capture:
 * a hold that is released never earned anything.)
 */
let engine: TestEngine;
let shop: Shop;
let m: Member;
let events: KartuEvent[];

const send = (name: string, input: Record<string, unknown>) => engine.bus.execute(name, input, OWNER) as Promise<any>;
const sudirman = BRANCHES[0];

async function authorize(amount: number) {
  return send('authorization-create', {
    card: m.card,
    amount,
    currency: 'IDR',
    merchant: { id: sudirman.merchant_id, name: sudirman.name, mcc: sudirman.mcc, country: 'ID', city: sudirman.city },
  });
}

beforeEach(async () => {
  // Monday 2 March 2026, 15:00 in Jakarta: inside the weekday-afternoon double points.
  engine = await testEngine({ start: new Date('2026-03-02T08:00:00Z') });
  shop = await kopiShop(engine);
  await send('earning-rule-create', { program: shop.program, type: 'spend', points: 1, unit_minor: rp(10_000) });
  await send('earning-rule-create', { program: shop.program, type: 'time_window', name: 'Double points weekday afternoons', days: [1, 2, 3, 4, 5], start: '14:00', end: '17:00', multiplier: 2 });
  await send('tier-create', { program: shop.program, name: 'Bronze', threshold: 0 });
  await send('tier-create', { program: shop.program, name: 'Gold', threshold: rp(100_000), benefits: { cashback_bps: 200 } });
  m = await newMember(engine, shop);
  await send('top-up-create', { card: m.card, amount: rp(500_000) });
  events = [];
  engine.events.subscribe((e) => events.push(e));
});
afterEach(async () => {
  await engine.close();
});

describe('rewards in the purchase path', () => {
  it('earns on capture at a Kopi Nusantara branch and takes back on refund, through the ledger', async () => {
    const auth = await authorize(rp(120_000));
    expect(auth.approved).toBe(true);
    expect((await account(engine, m)).points).toBe(0);
    const capture = await send('authorization-capture', { id: auth.id });
    const after = await account(engine, m);
    // 12 base points, doubled on a weekday afternoon; the purchase made the member Gold: 2% cashback.
    expect(after).toMatchObject({ points: 24, tier: { name: 'Gold' } });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['transaction.created', 'rewards.points.earned', 'rewards.tier.changed']));
    const earned = events.find((e) => e.type === 'rewards.points.earned')!.data.object;
    expect(earned).toMatchObject({ authorization: auth.id, card: m.card, points: 24 });

    // The purchase that made the member Gold earned no cashback (a tier applies from the next
    // purchase); the next one's 2% lands on the card's funds through the ledger.
    const balance = await send('balance-get', { card: m.card });
    expect(balance.available).toBe(rp(380_000));
    const second = await authorize(rp(100_000));
    await send('authorization-capture', { id: second.id });
    expect((await send('balance-get', { card: m.card })).available).toBe(rp(280_000) + rp(2_000));
    expect((await account(engine, m)).cashback_balance).toBe(rp(2_000));

    const refund = await send('transaction-refund', { id: capture.id });
    expect(refund).toMatchObject({ type: 'refund', amount: rp(120_000) });
    const refunded = await account(engine, m);
    expect(refunded.points).toBe(20); // the second purchase's 20 remain
    expect(events.find((e) => e.type === 'rewards.points.reversed')?.data.object).toMatchObject({ authorization: auth.id, points: 24 });
    expect((await send('ledger-check', {})).ok).toBe(true);
  });

  it('writes the points in the capture transaction: a capture rolled back leaves no points', async () => {
    const auth = await authorize(rp(50_000));
    const before = await tableCounts(engine);
    await expect(
      engine.bus.batch(OWNER, async (sendInBatch) => {
        await sendInBatch('authorization-capture', { id: auth.id });
        throw new Error('power cut before commit');
      }),
    ).rejects.toThrow('power cut');
    expect(await tableCounts(engine)).toEqual(before);
    expect((await account(engine, m)).points).toBe(0);
    await send('authorization-capture', { id: auth.id });
    expect((await account(engine, m)).points).toBe(10);
  });

  it("posts a Gold member's cashback in the capture's own ledger batch: one transfer, balances equal to the transfers", async () => {
    const gold = (await send('tier-list', { program: shop.program })).data.find((t: { name: string }) => t.name === 'Gold').id;
    await send('tier-assign', { cardholder: m.cardholder, program: shop.program, tier: gold, until: '2099-12-31', reason: 'VIP' });
    const auth = await authorize(rp(100_000));
    await send('authorization-capture', { id: auth.id });
    const sqlite = engine.database.sqlite;
    const transfers = sqlite.prepare('SELECT kind, code, debit_account_id, credit_account_id, amount FROM ledger_transfers WHERE authorization_id = ? ORDER BY id').all(auth.id) as Array<Record<string, unknown>>;
    const cashback = transfers.filter((t) => t.code === 'cashback');
    expect(cashback).toEqual([{ kind: 'posted', code: 'cashback', debit_account_id: 'rewards_liability:IDR', credit_account_id: expect.any(String), amount: rp(2_000) }]);
    // The cashback lands on the same funds the purchase was paid from.
    const purchase = transfers.find((t) => t.code === 'purchase' && t.kind === 'post_pending')!;
    expect(cashback[0]!.credit_account_id).toBe(purchase.debit_account_id);
    expect((await send('balance-get', { card: m.card })).available).toBe(rp(500_000) - rp(100_000) + rp(2_000));
    expect((await account(engine, m)).cashback_balance).toBe(rp(2_000));
    // Every account's stored balances are the sum of its transfers (the staged updates merged right).
    expect((await send('ledger-check', {})).ok).toBe(true);
  });

  it('earns once for split captures: the first capture earns on its amount, a later one adds nothing', async () => {
    const auth = await authorize(rp(100_000));
    await send('authorization-capture', { id: auth.id, amount: rp(60_000), final: false });
    // 6 points doubled on a weekday afternoon.
    expect((await account(engine, m)).points).toBe(12);
    const before = await tableCounts(engine);
    await send('authorization-capture', { id: auth.id, amount: rp(40_000) });
    expect((await account(engine, m)).points).toBe(12);
    const after = await tableCounts(engine);
    for (const table of ['rewards_earnings', 'rewards_points_entries', 'rewards_lots', 'rewards_cashback_entries']) expect(after[table]).toBe(before[table]);
    expect((await send('ledger-check', {})).ok).toBe(true);
  });

  it('earns by the cached rules until a rule changes: a change earlier in the same batch applies at once, one rolled back never does', async () => {
    const rules = (await send('earning-rule-list', { program: shop.program })).data as Array<{ id: string; type: string }>;
    const spend = rules.find((r) => r.type === 'spend')!;
    const window = rules.find((r) => r.type === 'time_window')!;
    const auths: string[] = [];
    for (let i = 0; i < 4; i++) auths.push((await authorize(rp(100_000))).id as string);
    // 10 points, doubled on a weekday afternoon (the compiled rules are now cached for the program).
    await send('authorization-capture', { id: auths[0]! });
    expect((await account(engine, m)).points).toBe(20);
    // One commit: a capture by the cached rules, the window rule archived, a capture without it.
    await engine.bus.batch(OWNER, async (sendInBatch) => {
      await sendInBatch('authorization-capture', { id: auths[1]! });
      await sendInBatch('earning-rule-archive', { id: window.id });
      await sendInBatch('authorization-capture', { id: auths[2]! });
    });
    expect((await account(engine, m)).points).toBe(20 + 20 + 10);
    // A rule change that rolls back (with a capture that saw it) leaves the rules as they were.
    await expect(
      engine.bus.batch(OWNER, async (sendInBatch) => {
        await sendInBatch('earning-rule-update', { id: spend.id, points: 5 });
        await sendInBatch('authorization-capture', { id: auths[3]! });
        throw new Error('power cut before commit');
      }),
    ).rejects.toThrow('power cut');
    expect((await account(engine, m)).points).toBe(50);
    await send('authorization-capture', { id: auths[3]! });
    expect((await account(engine, m)).points).toBe(60);
  });

  it('earns nothing for a hold that is released', async () => {
    const auth = await authorize(rp(80_000));
    await send('authorization-reverse', { id: auth.id });
    expect((await account(engine, m)).points).toBe(0);
  });

  it('restores the free coffee redeemed for a purchase when it is refunded', async () => {
    await send('rewards-adjust', { cardholder: m.cardholder, program: shop.program, points: 100, reason: 'opening bonus' });
    const reward = await send('reward-create', { program: shop.program, name: 'Kopi Susu gratis', kind: 'free_item', points_cost: 100, value: { item: 'Kopi Susu' } });
    const auth = await authorize(rp(30_000));
    const capture = await send('authorization-capture', { id: auth.id });
    const redemption = await send('redemption-create', { cardholder: m.cardholder, reward: reward.id, authorization: auth.id });
    expect((await account(engine, m)).points).toBe(6);
    await send('transaction-refund', { id: capture.id });
    expect((await send('redemption-get', { id: redemption.id })).status).toBe('restored');
    expect((await account(engine, m)).points).toBe(100);
  });
});
