import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KartuError } from '../kernel/errors.js';
import { tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';
import type { KartuEvent } from '../events/event-store.js';
import { account, kopiShop, newMember, OWNER, purchase, refund, rp, type Member, type Shop } from './testing/rewards-kit.js';

const DAY = 86_400_000;
let engine: TestEngine;
let shop: Shop;
let events: KartuEvent[];
let tiers: { bronze: string; silver: string; gold: string };

const send = (name: string, input: Record<string, unknown>) => engine.bus.execute(name, input, OWNER) as Promise<any>;

async function refused(name: string, input: Record<string, unknown>): Promise<KartuError> {
  const before = await tableCounts(engine);
  const error = await send(name, input).then(() => { throw new Error(`${name} was accepted`); }, (e: unknown) => e);
  expect(error).toBeInstanceOf(KartuError);
  expect(await tableCounts(engine)).toEqual(before);
  return error as KartuError;
}

async function setup(qualification: Record<string, unknown> = { metric: 'spend', period: 'rolling', months: 12 }) {
  await send('rewards-settings-update', { program: shop.program, tier_qualification: qualification });
  await send('earning-rule-create', { program: shop.program, type: 'spend', points: 1, unit_minor: rp(10_000) });
  tiers = {
    bronze: (await send('tier-create', { program: shop.program, name: 'Bronze', threshold: 0 })).id,
    silver: (await send('tier-create', { program: shop.program, name: 'Silver', threshold: rp(1_000_000), benefits: { earn_multiplier: 1.25 } })).id,
    gold: (await send('tier-create', { program: shop.program, name: 'Gold', threshold: rp(5_000_000), benefits: { earn_multiplier: 1.5, cashback_bps: 200 } })).id,
  };
}

const tierOf = async (m: Member): Promise<string | undefined> => (await account(engine, m)).tier?.name;
const changes = () => events.filter((e) => e.type === 'rewards.tier.changed').map((e) => e.data.object as Record<string, any>);

beforeEach(async () => {
  engine = await testEngine({ start: new Date('2026-03-02T03:00:00Z') });
  shop = await kopiShop(engine);
  events = [];
  engine.events.subscribe((e) => events.push(e));
});
afterEach(async () => {
  await engine.close();
});

describe('tiers', () => {
  it('upgrades at once on rolling 12-month spend, with the reason and figures in the event', async () => {
    await setup();
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(600_000));
    expect(await tierOf(m)).toBe('Bronze');
    engine.clock.advance(DAY);
    const p = await purchase(engine, shop, m, rp(500_000));
    expect(p.tier_change).toMatchObject({ from: tiers.bronze, to: tiers.silver, reason: 'qualified' });
    expect(await tierOf(m)).toBe('Silver');
    const change = changes().at(-1)!;
    expect(change).toMatchObject({ from: { name: 'Bronze' }, to: { name: 'Silver' }, reason: 'qualified' });
    expect(change.figures).toMatchObject({ metric: 'spend', period: 'rolling', window_months: 12, qualifying_value: rp(1_100_000), threshold: rp(1_000_000) });
    const acct = await account(engine, m);
    expect(acct.tier_progress).toMatchObject({ qualifying_value: rp(1_100_000), next_tier: { name: 'Gold' }, remaining_to_next: rp(3_900_000) });
    // The 2 March purchase leaves the 12-month window at the start of 2 March 2027 (Jakarta): Silver ends then.
    expect(acct.tier?.held_until).toBe('2027-03-01T17:00:00.000Z');
  });

  it('does not look at the balance: spending all points keeps the tier', async () => {
    await setup();
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(1_200_000));
    const reward = await send('reward-create', { program: shop.program, name: 'Tumbler', kind: 'free_item', points_cost: 120, value: { item: 'Tumbler' } });
    await send('redemption-create', { cardholder: m.cardholder, reward: reward.id });
    expect((await account(engine, m)).points).toBe(0);
    expect(await tierOf(m)).toBe('Silver');
  });

  it('downgrades only when the qualification period has ended, after the grace days', async () => {
    await setup({ metric: 'spend', period: 'rolling', months: 12, grace_days: 30 });
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(1_000_000));
    expect(await tierOf(m)).toBe('Silver');
    engine.clock.set(new Date('2027-03-10T03:00:00Z')); // the purchase left the window, grace runs
    expect((await send('rewards-recompute-tiers', {})).changed).toBe(0);
    expect(await tierOf(m)).toBe('Silver');
    engine.clock.set(new Date('2027-04-02T03:00:01Z')); // 12 months + 30 days
    expect((await send('rewards-recompute-tiers', {})).changed).toBe(1);
    expect(await tierOf(m)).toBe('Bronze');
    expect(changes().at(-1)).toMatchObject({ reason: 'qualification_period_ended', from: { name: 'Silver' }, to: { name: 'Bronze' } });
    expect((await send('rewards-recompute-tiers', {})).changed).toBe(0);
  });

  it('keeps a tier while the member keeps qualifying, and re-checks lazily on the next purchase', async () => {
    await setup();
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(1_000_000));
    engine.clock.set(new Date('2026-12-01T03:00:00Z'));
    await purchase(engine, shop, m, rp(1_000_000)); // qualifies again: held until Dec 2027
    engine.clock.set(new Date('2027-06-01T03:00:00Z'));
    expect((await send('rewards-recompute-tiers', {})).changed).toBe(0);
    engine.clock.set(new Date('2027-12-02T03:00:00Z'));
    await purchase(engine, shop, m, rp(10_000)); // the purchase path notices the hold ran out
    expect(await tierOf(m)).toBe('Bronze');
  });

  it('ends the tier when the purchases that earned it leave the window, however many small ones follow', async () => {
    await setup();
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(1_000_000));
    engine.clock.set(new Date('2027-02-20T03:00:00Z'));
    await purchase(engine, shop, m, rp(20_000)); // 12-month spend 1.02M: still Silver, but not for long
    expect(await tierOf(m)).toBe('Silver');
    expect((await account(engine, m)).tier?.held_until).toBe('2027-03-01T17:00:00.000Z');
    engine.clock.set(new Date('2027-03-02T03:00:00Z'));
    await send('rewards-recompute-tiers', {});
    expect(await tierOf(m)).toBe('Bronze');
  });

  it('counts a purchase recorded after a later one (out of order) in the tier now', async () => {
    await setup();
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(600_000));
    await purchase(engine, shop, m, rp(500_000), { at: new Date(engine.clock.now().getTime() - 2 * 86_400_000) });
    expect(await tierOf(m)).toBe('Silver');
  });

  it('downgrades at once when the purchase that qualified is refunded', async () => {
    await setup();
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(200_000));
    const big = await purchase(engine, shop, m, rp(900_000));
    expect(await tierOf(m)).toBe('Silver');
    const r = await refund(engine, big.authorization, rp(500_000));
    expect(r.tier_change).toMatchObject({ from: tiers.silver, to: tiers.bronze, reason: 'purchase_reversed' });
    expect(await tierOf(m)).toBe('Bronze');
  });

  it('qualifies on the calendar year: reached in 2026, held through 2027', async () => {
    await setup({ metric: 'spend', period: 'calendar_year' });
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(5_000_000));
    expect(await tierOf(m)).toBe('Gold');
    engine.clock.set(new Date('2027-12-31T10:00:00Z'));
    await send('rewards-recompute-tiers', {});
    expect(await tierOf(m)).toBe('Gold');
    engine.clock.set(new Date('2027-12-31T17:00:01Z')); // 1 January 2028 in Jakarta
    await send('rewards-recompute-tiers', {});
    expect(await tierOf(m)).toBe('Bronze');
  });

  it('qualifies on points earned, bonuses included, when the program says so', async () => {
    await setup({ metric: 'points', period: 'rolling', months: 12 });
    await send('tier-update', { id: tiers.silver, threshold: 100 });
    await send('tier-update', { id: tiers.gold, threshold: 500 });
    await send('earning-rule-create', { program: shop.program, type: 'signup', points: 60 });
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(400_000));
    expect((await account(engine, m)).points).toBe(100);
    expect(await tierOf(m)).toBe('Silver');
  });

  it('gives tier benefits: an earning multiplier and a cashback rate', async () => {
    await setup();
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(5_000_000));
    const p = await purchase(engine, shop, m, rp(100_000));
    expect(p).toMatchObject({ points_earned: 15, cashback_minor: rp(2_000) });
  });

  it('assigns a manual tier with an expiry, then returns to the computed tier', async () => {
    await setup();
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(50_000));
    expect((await refused('tier-assign', { cardholder: m.cardholder, tier: tiers.gold, reason: 'VIP' })).param).toBe('until');
    expect((await refused('tier-assign', { cardholder: m.cardholder, tier: tiers.gold, until: '2026-01-01', reason: 'VIP' })).param).toBe('until');
    expect((await refused('tier-assign', { cardholder: m.cardholder, tier: tiers.gold, until: '2026-06-30' })).param).toBe('reason');
    const assigned = await send('tier-assign', { cardholder: m.cardholder, tier: tiers.gold, until: '2026-06-30', reason: 'Opening-week VIP' });
    expect(assigned).toMatchObject({ tier: tiers.gold, manual: true, until: '2026-06-30T17:00:00.000Z' });
    expect(changes().at(-1)).toMatchObject({ reason: 'manual', to: { name: 'Gold' }, manual: true });
    expect((await account(engine, m)).tier).toMatchObject({ name: 'Gold', manual: true, manual_reason: 'Opening-week VIP' });
    engine.clock.set(new Date('2026-06-30T17:00:01Z'));
    await send('rewards-recompute-tiers', {});
    expect(await tierOf(m)).toBe('Bronze');
    expect(changes().at(-1)).toMatchObject({ reason: 'manual_expired', from: { name: 'Gold' }, to: { name: 'Bronze' } });
  });

  it('applies new thresholds to every member at once, and refuses clashing tiers', async () => {
    await setup();
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(800_000));
    expect(await tierOf(m)).toBe('Bronze');
    await send('tier-update', { id: tiers.silver, threshold: rp(500_000) });
    expect(await tierOf(m)).toBe('Silver');
    expect(changes().at(-1)).toMatchObject({ reason: 'tiers_changed' });
    expect((await refused('tier-create', { program: shop.program, name: 'Platinum', threshold: rp(500_000) })).param).toBe('threshold');
    expect((await refused('tier-create', { program: shop.program, name: 'gold', threshold: rp(9_000_000) })).param).toBe('name');
    expect((await refused('tier-create', { program: shop.program, name: 'Iron', threshold: -1 })).param).toBe('threshold');
    expect((await refused('tier-create', { program: shop.program, name: 'Iron', threshold: 1, benefits: { earn_multiplier: -1 } })).param).toBe('benefits.earn_multiplier');
    const list = await send('tier-list', { program: shop.program });
    expect(list.data.map((t: { name: string }) => t.name)).toEqual(['Bronze', 'Silver', 'Gold']);
  });
});
