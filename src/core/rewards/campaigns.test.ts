import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KartuError } from '../kernel/errors.js';
import { tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';
import type { KartuEvent } from '../events/event-store.js';
import { account, kopiShop, newMember, OWNER, purchase, refund, rp, type Shop } from './testing/rewards-kit.js';

const DAY = 86_400_000;
let engine: TestEngine;
let shop: Shop;
let events: KartuEvent[];

const send = (name: string, input: Record<string, unknown>) => engine.bus.execute(name, input, OWNER) as Promise<any>;

async function refused(name: string, input: Record<string, unknown>): Promise<KartuError> {
  const before = await tableCounts(engine);
  const error = await send(name, input).then(() => { throw new Error(`${name} was accepted`); }, (e: unknown) => e);
  expect(error).toBeInstanceOf(KartuError);
  expect(await tableCounts(engine)).toEqual(before);
  return error as KartuError;
}

const ramadan = (extra: Record<string, unknown> = {}) => ({
  program: shop.program, name: 'Ramadan Berkah', starts_on: '2026-03-01', ends_on: '2026-03-31', effect: { bonus_points: 20 }, ...extra,
});

beforeEach(async () => {
  engine = await testEngine({ start: new Date('2026-03-02T03:00:00Z') });
  shop = await kopiShop(engine);
  events = [];
  engine.events.subscribe((e) => events.push(e));
  await send('earning-rule-create', { program: shop.program, type: 'spend', points: 1, unit_minor: rp(10_000) });
});
afterEach(async () => {
  await engine.close();
});

describe('campaigns', () => {
  it('adds its effect within its dates, and shows its budget use', async () => {
    const c = await send('campaign-create', ramadan({ effect: { multiplier: 2, cashback_bps: 500 }, budget_points: 1_000 }));
    const m = await newMember(engine, shop);
    const p = await purchase(engine, shop, m, rp(100_000));
    expect(p).toMatchObject({ points_earned: 20, cashback_minor: rp(5_000) });
    const view = await send('campaign-get', { id: c.id });
    expect(view.budget).toMatchObject({ points: 1_000, points_used: 10, points_left: 990, minor_used: rp(5_000) });
    engine.clock.set(new Date('2026-04-01T03:00:00Z'));
    expect((await purchase(engine, shop, m, rp(100_000))).points_earned).toBe(10);
  });

  it('targets tiers, branches and lapsed members', async () => {
    const gold = await send('tier-create', { program: shop.program, name: 'Gold', threshold: rp(2_000_000) });
    await send('campaign-create', ramadan({ name: 'Gold at Braga', targeting: { tiers: [gold.id], locations: ['KN-BDG-BRG03'] } }));
    await send('campaign-create', ramadan({ name: 'We miss you', ends_on: '2026-04-30', targeting: { inactive_days: 30 }, effect: { bonus_points: 7 } }));
    const m = await newMember(engine, shop);
    expect((await purchase(engine, shop, m, rp(2_000_000), { branch: 2 })).points_earned).toBe(200); // became Gold with this purchase
    expect((await purchase(engine, shop, m, rp(10_000), { branch: 2 })).points_earned).toBe(1 + 20);
    expect((await purchase(engine, shop, m, rp(10_000), { branch: 0 })).points_earned).toBe(1);
    engine.clock.advance(30 * DAY);
    expect((await purchase(engine, shop, m, rp(10_000), { branch: 0 })).points_earned).toBe(1 + 7);
    expect((await purchase(engine, shop, m, rp(10_000), { branch: 0 })).points_earned).toBe(1);
  });

  it('stops when the budget is reached, gives back budget on refunds, and resumes when raised', async () => {
    const c = await send('campaign-create', ramadan({ budget_points: 50 }));
    const a = await newMember(engine, shop, 'A');
    const b = await newMember(engine, shop, 'B');
    await purchase(engine, shop, a, rp(10_000));
    await purchase(engine, shop, b, rp(10_000));
    const third = await purchase(engine, shop, a, rp(10_000));
    expect(third.points_earned).toBe(1 + 10); // only 10 left in the budget
    expect((await send('campaign-get', { id: c.id })).status).toBe('exhausted');
    expect(events.find((e) => e.type === 'rewards.campaign.exhausted')?.data.object).toMatchObject({ used_points: 50, budget_points: 50 });
    expect((await purchase(engine, shop, b, rp(10_000))).points_earned).toBe(1);
    expect((await refused('campaign-grant', { campaign: c.id, cardholder: a.cardholder })).code).toBe('campaign_budget_exhausted');
    expect(await refused('campaign-update', { id: c.id, status: 'active' })).toMatchObject({ code: 'campaign_budget_exhausted', param: 'status' });
    await refund(engine, third.authorization, rp(10_000));
    expect((await send('campaign-get', { id: c.id })).budget.points_used).toBe(40);
    const resumed = await send('campaign-update', { id: c.id, budget_points: 100 });
    expect(resumed.status).toBe('active');
    expect((await purchase(engine, shop, b, rp(10_000))).points_earned).toBe(21);
    const summary = await send('rewards-summary', { program: shop.program });
    expect(summary.campaigns).toEqual([expect.objectContaining({ id: c.id, budget_points: 100, used_points: 60 })]);
  });

  it('limits uses per member', async () => {
    await send('campaign-create', ramadan({ per_member_limit: 2 }));
    const m = await newMember(engine, shop);
    const earned = [];
    for (let i = 0; i < 3; i++) earned.push((await purchase(engine, shop, m, rp(10_000))).points_earned);
    expect(earned).toEqual([21, 21, 1]);
  });

  it('grants its bonus by hand within budget, and refuses a grant the budget cannot cover', async () => {
    const c = await send('campaign-create', ramadan({ budget_points: 30, effect: { bonus_points: 20 } }));
    const m = await newMember(engine, shop);
    await send('campaign-grant', { campaign: c.id, cardholder: m.cardholder });
    expect((await account(engine, m)).points).toBe(20);
    const error = await refused('campaign-grant', { campaign: c.id, cardholder: m.cardholder });
    expect(error).toMatchObject({ code: 'campaign_budget_exhausted', param: 'campaign' });
    expect(error.message).toMatch(/10 points of budget left/);
  });

  it('refuses incoherent campaigns', async () => {
    expect(await refused('campaign-create', ramadan({ ends_on: '2026-02-01' }))).toMatchObject({ code: 'invalid_date_range', param: 'ends_on' });
    expect((await refused('campaign-create', ramadan({ effect: {} }))).param).toBe('effect');
    expect((await refused('campaign-create', ramadan({ effect: { bonus_points: -5 } }))).param).toBe('effect.bonus_points');
    expect((await refused('campaign-create', ramadan({ budget_points: 0 }))).param).toBe('budget_points');
    expect((await refused('campaign-create', ramadan({ targeting: { locations: ['KN-NOPE'] } }))).param).toBe('targeting.locations');
    expect((await refused('campaign-create', ramadan({ targeting: { inactive_days: -3 } }))).param).toBe('targeting.inactive_days');
  });
});
