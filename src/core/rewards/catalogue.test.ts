import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KartuError } from '../kernel/errors.js';
import { CASHIER, tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';
import type { KartuEvent } from '../events/event-store.js';
import { account, kopiShop, newMember, OWNER, purchase, refund, rp, type Member, type Shop } from './testing/rewards-kit.js';

const MINUTE = 60_000;
let engine: TestEngine;
let shop: Shop;
let events: KartuEvent[];
let m: Member;

const send = (name: string, input: Record<string, unknown>, actor = OWNER) => engine.bus.execute(name, input, actor) as Promise<any>;

async function refused(name: string, input: Record<string, unknown>, actor = OWNER): Promise<KartuError> {
  const before = await tableCounts(engine);
  const error = await send(name, input, actor).then(() => { throw new Error(`${name} was accepted`); }, (e: unknown) => e);
  expect(error).toBeInstanceOf(KartuError);
  expect(await tableCounts(engine)).toEqual(before);
  return error as KartuError;
}

const kopiSusu = (extra: Record<string, unknown> = {}) =>
  send('reward-create', { program: shop.program, name: 'Kopi Susu gratis', kind: 'free_item', points_cost: 100, value: { item: 'Kopi Susu' }, ...extra });

beforeEach(async () => {
  engine = await testEngine({ start: new Date('2026-03-02T03:00:00Z') });
  shop = await kopiShop(engine);
  events = [];
  engine.events.subscribe((e) => events.push(e));
  await send('earning-rule-create', { program: shop.program, type: 'spend', points: 1, unit_minor: rp(10_000) });
  m = await newMember(engine, shop);
  await purchase(engine, shop, m, rp(1_500_000)); // 150 points
});
afterEach(async () => {
  await engine.close();
});

describe('the rewards catalogue', () => {
  it('redeems a free coffee for 100 points at the counter, in one step', async () => {
    const reward = await kopiSusu();
    expect(reward).toMatchObject({ object: 'reward', kind: 'free_item', points_cost: 100, stock: null, status: 'active' });
    const redemption = await engine.bus.send('redemption-create', { cardholder: m.cardholder, reward: reward.id }, CASHIER);
    expect(redemption).toMatchObject({ status: 'completed', points: 100, staff: 'staff:staff_cashier', reward: reward.id });
    expect((await account(engine, m)).points).toBe(50);
    expect(events.find((e) => e.type === 'rewards.redemption.created')?.data.object).toMatchObject({ reward_name: 'Kopi Susu gratis', points: 100 });
    const list = await send('redemption-list', { cardholder: m.cardholder });
    expect(list.data.map((r: { id: string }) => r.id)).toEqual([redemption.id]);
  });

  it('refuses what cannot be redeemed, with the reason, writing nothing', async () => {
    const expensive = await kopiSusu({ name: 'Tumbler', points_cost: 151 });
    expect(await refused('redemption-create', { cardholder: m.cardholder, reward: expensive.id })).toMatchObject({ code: 'insufficient_points', param: 'reward' });
    const expired = await kopiSusu({ valid_until: '2026-03-01' });
    expect(await refused('redemption-create', { cardholder: m.cardholder, reward: expired.id })).toMatchObject({ code: 'reward_expired', param: 'reward' });
    const later = await kopiSusu({ valid_from: '2026-04-01' });
    expect((await refused('redemption-create', { cardholder: m.cardholder, reward: later.id })).code).toBe('reward_not_started');
    const none = await kopiSusu({ stock: 0 });
    expect((await refused('redemption-create', { cardholder: m.cardholder, reward: none.id })).code).toBe('out_of_stock');
    const gold = await send('tier-create', { program: shop.program, name: 'Gold', threshold: rp(5_000_000) });
    const goldOnly = await kopiSusu({ tiers: [gold.id] });
    expect((await refused('redemption-create', { cardholder: m.cardholder, reward: goldOnly.id })).message).toMatch(/for Gold members/);
    const once = await kopiSusu({ points_cost: 10, per_member_limit: 1, per_member_period: 'day' });
    await send('redemption-create', { cardholder: m.cardholder, reward: once.id });
    expect((await refused('redemption-create', { cardholder: m.cardholder, reward: once.id })).code).toBe('redemption_limit_reached');
    engine.clock.advance(24 * 60 * MINUTE);
    await send('redemption-create', { cardholder: m.cardholder, reward: once.id });
    const stranger = await newMember(engine, shop, 'Joko');
    expect((await refused('redemption-create', { cardholder: stranger.cardholder, reward: once.id })).code).toBe('insufficient_points');
    expect((await refused('redemption-create', { cardholder: m.cardholder, reward: 'rwd_nope' })).param).toBe('reward');
  });

  it('takes stock and gives it back on cancel', async () => {
    const reward = await kopiSusu({ stock: 1, points_cost: 50 });
    const r = await send('redemption-create', { cardholder: m.cardholder, reward: reward.id });
    expect((await send('reward-get', { id: reward.id })).stock_left).toBe(0);
    expect((await refused('redemption-create', { cardholder: m.cardholder, reward: reward.id })).code).toBe('out_of_stock');
    await send('redemption-cancel', { id: r.id });
    expect((await send('reward-get', { id: reward.id })).stock_left).toBe(1);
    expect((await refused('reward-update', { id: reward.id, stock: -1 })).param).toBe('stock');
  });

  it('can be canceled within the window only, restoring the points to their lots', async () => {
    const reward = await kopiSusu();
    const r = await send('redemption-create', { cardholder: m.cardholder, reward: reward.id });
    engine.clock.advance(14 * MINUTE);
    const canceled = await engine.bus.send('redemption-cancel', { id: r.id, reason: 'wrong customer' }, CASHIER);
    expect(canceled).toMatchObject({ status: 'canceled', close_reason: 'wrong customer' });
    expect((await account(engine, m)).points).toBe(150);
    expect((await refused('redemption-cancel', { id: r.id })).code).toBe('redemption_closed');
    const again = await send('redemption-create', { cardholder: m.cardholder, reward: reward.id });
    engine.clock.advance(16 * MINUTE);
    expect(await refused('redemption-cancel', { id: again.id })).toMatchObject({ code: 'cancel_window_passed', param: 'id' });
    // Restored points went back into the original lot: no new lot was opened.
    const lots = engine.database.sqlite.prepare('SELECT count(*) AS n FROM rewards_lots').get() as { n: number };
    expect(lots.n).toBe(1);
  });

  it('restores a reward redeemed for a purchase when that purchase is refunded', async () => {
    const reward = await kopiSusu();
    const p = await purchase(engine, shop, m, rp(40_000)); // +4 points
    const r = await send('redemption-create', { cardholder: m.cardholder, reward: reward.id, authorization: p.authorization });
    expect((await account(engine, m)).points).toBe(54);
    const partial = await refund(engine, p.authorization, rp(10_000));
    expect(partial.redemptions_restored).toEqual([]);
    const rest = await refund(engine, p.authorization, rp(30_000));
    expect(rest.redemptions_restored).toEqual([r.id]);
    expect((await account(engine, m)).points).toBe(150);
    expect((await send('redemption-get', { id: r.id })).status).toBe('restored');
    expect(events.some((e) => e.type === 'rewards.redemption.restored')).toBe(true);
  });

  it('issues voucher codes and stored-value credit', async () => {
    const voucher = await kopiSusu({ kind: 'voucher', name: 'Diskon mitra', points_cost: 20, value: { voucher_prefix: 'KOPI' } });
    const v = await send('redemption-create', { cardholder: m.cardholder, reward: voucher.id });
    expect(v.voucher_code).toMatch(/^KOPI-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const credit = await kopiSusu({ kind: 'stored_value', name: 'Saldo Rp 10.000', points_cost: 50, value: { amount_minor: rp(10_000) } });
    const c = await send('redemption-create', { cardholder: m.cardholder, reward: credit.id });
    expect(c.credit_amount).toBe(rp(10_000));
    expect((await account(engine, m)).cashback_balance).toBe(rp(10_000));
    await send('redemption-cancel', { id: c.id });
    expect((await account(engine, m)).cashback_balance).toBe(0);
  });

  it('validates rewards: the value their kind needs, dates, tiers; managers only', async () => {
    expect((await refused('reward-create', { program: shop.program, name: 'X', kind: 'free_item', points_cost: 10 })).param).toBe('value.item');
    expect((await refused('reward-create', { program: shop.program, name: 'X', kind: 'percent_discount', points_cost: 10, value: { percent: 150 } })).param).toBe('value.percent');
    expect((await refused('reward-create', { program: shop.program, name: 'X', kind: 'fixed_discount', points_cost: 10 })).param).toBe('value.amount_minor');
    expect((await refused('reward-create', { program: shop.program, name: 'X', kind: 'voucher', points_cost: -5 })).param).toBe('points_cost');
    expect((await refused('reward-create', { program: shop.program, name: 'X', kind: 'voucher', points_cost: 5, valid_from: '2026-05-01', valid_until: '2026-04-01' })).param).toBe('valid_until');
    expect((await refused('reward-create', { program: shop.program, name: 'X', kind: 'voucher', points_cost: 5, tiers: ['tier_nope'] })).param).toBe('tiers');
    expect((await refused('reward-create', { program: shop.program, name: 'X', kind: 'voucher', points_cost: 5 }, CASHIER)).type).toBe('permission_error');
  });

  it('lets a tier unlock a reward through its extra rewards', async () => {
    const silver = await send('tier-create', { program: shop.program, name: 'Silver', threshold: rp(1_000_000) });
    const gold = await send('tier-create', { program: shop.program, name: 'Gold', threshold: rp(5_000_000) });
    const lounge = await kopiSusu({ name: 'Lounge', points_cost: 10, tiers: [gold.id] });
    expect((await refused('redemption-create', { cardholder: m.cardholder, reward: lounge.id })).code).toBe('tier_not_allowed');
    await send('tier-update', { id: silver.id, benefits: { extra_rewards: [lounge.id] } });
    await send('redemption-create', { cardholder: m.cardholder, reward: lounge.id });
  });
});
