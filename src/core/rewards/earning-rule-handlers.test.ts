import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KartuError } from '../kernel/errors.js';
import { CASHIER, tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';
import { account, kopiShop, newMember, OWNER, purchase, rp, type Shop } from './testing/rewards-kit.js';

let engine: TestEngine;
let shop: Shop;
beforeEach(async () => {
  engine = await testEngine({ start: new Date('2026-03-02T03:00:00Z') });
  shop = await kopiShop(engine);
});
afterEach(async () => {
  await engine.close();
});

const send = (name: string, input: Record<string, unknown>, actor = OWNER) => engine.bus.execute(name, input, actor);

/** Runs a command that must be refused, proves nothing was written, returns the error. */
async function refused(name: string, input: Record<string, unknown>, actor = OWNER): Promise<KartuError> {
  const before = await tableCounts(engine);
  const error = await send(name, input, actor).then(
    () => { throw new Error(`${name} was accepted`); },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KartuError);
  expect(await tableCounts(engine)).toEqual(before);
  return error as KartuError;
}

const happyHour = (extra: Record<string, unknown> = {}) => ({
  program: shop.program, type: 'time_window', name: 'Double points weekday afternoons', days: [1, 2, 3, 4, 5], start: '14:00', end: '17:00', multiplier: 2, ...extra,
});

describe('earning rules', () => {
  it('creates a rule that earning uses at once, and lists it', async () => {
    const rule = (await send('earning-rule-create', { program: shop.program, type: 'spend', points: 1, unit_minor: rp(10_000) })) as { id: string; type: string; points: number };
    expect(rule).toMatchObject({ type: 'spend', points: 1, unit_minor: rp(10_000), status: 'active', name: 'Points per spend' });
    const m = await newMember(engine, shop);
    expect((await purchase(engine, shop, m, rp(38_000))).points_earned).toBe(3);
    // The activity explains the points with the rule trace.
    const activity = (await send('rewards-activity-list', { cardholder: m.cardholder })) as { data: Array<{ details: { breakdown: unknown[]; merchant: string } }> };
    expect(activity.data[0]!.details).toMatchObject({ merchant: 'KN-JKT-SDR01', breakdown: [{ source: 'rule', id: rule.id, type: 'spend', points: 3, cashback_minor: 0 }] });
    const list = (await send('earning-rule-list', { program: shop.program })) as { data: Array<{ id: string }> };
    expect(list.data.map((r) => r.id)).toEqual([rule.id]);
  });

  it('refuses a time window that overlaps another of the same type, naming it', async () => {
    const first = (await send('earning-rule-create', happyHour())) as { id: string };
    const error = await refused('earning-rule-create', happyHour({ days: [5, 6], start: '16:00', end: '18:00', multiplier: 3 }));
    expect(error.code).toBe('rule_conflict');
    expect(error.param).toBe('start');
    expect(error.message).toContain(first.id);
    expect(error.message).toContain('Mon,Tue,Wed,Thu,Fri 14:00-17:00');
  });

  it('accepts windows that only touch, or differ in days, dates or scope', async () => {
    await send('earning-rule-create', happyHour({ categories: ['restaurants'] }));
    await send('earning-rule-create', happyHour({ categories: ['restaurants'], start: '17:00', end: '19:00' }));
    await send('earning-rule-create', happyHour({ categories: ['restaurants'], days: [0, 6] }));
    await send('earning-rule-create', happyHour({ categories: ['groceries'] }));
    await send('earning-rule-create', happyHour({ categories: ['groceries'], days: [6], valid_from: '2027-01-01', valid_until: '2027-01-31', start: '08:00', end: '20:00' }));
    const list = (await send('earning-rule-list', { program: shop.program, type: 'time_window' })) as { data: unknown[] };
    expect(list.data).toHaveLength(5);
    // An unscoped window applies everywhere, so it overlaps every scoped one.
    expect((await refused('earning-rule-create', happyHour())).code).toBe('rule_conflict');
    expect((await refused('earning-rule-create', happyHour({ categories: ['5814'], days: [3], start: '16:30', end: '16:45' }))).code).toBe('rule_conflict');
  });

  it('refuses a second base rate in the same period, but not after archiving the first', async () => {
    const first = (await send('earning-rule-create', { program: shop.program, type: 'spend', points: 1, unit_minor: rp(10_000) })) as { id: string };
    const error = await refused('earning-rule-create', { program: shop.program, type: 'spend', points: 2, unit_minor: rp(10_000), valid_from: '2026-06-01' });
    expect(error.code).toBe('rule_conflict');
    await send('earning-rule-update', { id: first.id, valid_until: '2026-05-31' });
    await send('earning-rule-create', { program: shop.program, type: 'spend', points: 2, unit_minor: rp(10_000), valid_from: '2026-06-01' });
    await send('earning-rule-archive', { id: first.id });
    await send('earning-rule-create', { program: shop.program, type: 'spend', points: 3, unit_minor: rp(10_000), valid_until: '2026-05-31' });
  });

  it('refuses negative rates, end before start and empty promotions with the field named', async () => {
    expect((await refused('earning-rule-create', { program: shop.program, type: 'spend', points: -1, unit_minor: rp(10_000) })).param).toBe('points');
    const negative = await refused('earning-rule-create', { program: shop.program, type: 'category_multiplier', multiplier: -2, categories: ['5814'] });
    expect(negative.param).toBe('multiplier');
    expect(negative.message).toMatch(/must not be negative/);
    expect((await refused('earning-rule-create', { program: shop.program, type: 'cashback', rate_bps: -100 })).param).toBe('rate_bps');
    expect((await refused('earning-rule-create', { program: shop.program, type: 'category_multiplier', multiplier: 0.5, categories: ['5814'] })).param).toBe('multiplier');
    const dates = await refused('earning-rule-create', happyHour({ valid_from: '2026-04-01', valid_until: '2026-03-01' }));
    expect(dates).toMatchObject({ code: 'invalid_date_range', param: 'valid_until' });
    expect(await refused('earning-rule-create', happyHour({ start: '17:00', end: '14:00' }))).toMatchObject({ code: 'invalid_time_range', param: 'end' });
    expect((await refused('earning-rule-create', happyHour({ multiplier: 1 }))).param).toBe('multiplier');
    expect((await refused('earning-rule-create', happyHour({ start: '25:00' }))).param).toBe('start');
    expect((await refused('earning-rule-create', happyHour({ valid_from: '2026-02-30' }))).param).toBe('valid_from');
  });

  it('refuses unknown fields, unknown branches and unknown programs', async () => {
    expect(await refused('earning-rule-create', happyHour({ colour: 'red' }))).toMatchObject({ code: 'parameter_unknown', param: 'colour' });
    expect(await refused('earning-rule-create', { program: shop.program, type: 'branch_multiplier', multiplier: 2, locations: ['KN-NOPE'] })).toMatchObject({ code: 'unknown_location', param: 'locations' });
    expect((await refused('earning-rule-create', { program: 'prog_nope', type: 'visit', points: 1 })).param).toBe('program');
    expect((await refused('earning-rule-create', { program: shop.program, type: 'teleport', points: 1 })).param).toBe('type');
  });

  it('revalidates an update as a whole rule and refuses a conflicting one', async () => {
    const a = (await send('earning-rule-create', happyHour())) as { id: string };
    const b = (await send('earning-rule-create', happyHour({ days: [6], multiplier: 1.5 }))) as { id: string };
    expect((await refused('earning-rule-update', { id: b.id, days: [5, 6] })).code).toBe('rule_conflict');
    expect((await refused('earning-rule-update', { id: a.id, end: '13:00' })).param).toBe('end');
    const updated = (await send('earning-rule-update', { id: b.id, multiplier: 2.5, name: 'Triple-ish Saturdays' })) as Record<string, unknown>;
    expect(updated).toMatchObject({ multiplier: 2.5, days: [6], start: '14:00', name: 'Triple-ish Saturdays' });
  });

  it('is for managers: a cashier cannot change rules', async () => {
    const error = await refused('earning-rule-create', { program: shop.program, type: 'visit', points: 1 }, CASHIER);
    expect(error.type).toBe('permission_error');
  });

  it('gives the sign-up bonus on enrolment and the referral bonus after the referee first buys', async () => {
    await send('earning-rule-create', { program: shop.program, type: 'signup', points: 20 });
    await send('earning-rule-create', { program: shop.program, type: 'referral', points: 50, referee_points: 10 });
    await send('earning-rule-create', { program: shop.program, type: 'first_purchase', points: 5, min_spend_minor: rp(20_000) });
    const referrer = await newMember(engine, shop, 'Ayu');
    const referee = await newMember(engine, shop, 'Bima');
    await send('rewards-member-enroll', { cardholder: referrer.cardholder, program: shop.program });
    expect((await account(engine, referrer)).points).toBe(20);
    expect((await refused('rewards-member-enroll', { cardholder: referrer.cardholder, program: shop.program })).code).toBe('already_enrolled');
    expect((await refused('rewards-member-enroll', { cardholder: referee.cardholder, program: shop.program, referred_by: referee.cardholder })).param).toBe('referred_by');
    await send('rewards-member-enroll', { cardholder: referee.cardholder, program: shop.program, referred_by: referrer.cardholder });
    expect((await account(engine, referee)).points).toBe(20);
    const p = await purchase(engine, shop, referee, rp(25_000));
    expect(p.points_earned).toBe(5 + 10);
    expect((await account(engine, referrer)).points).toBe(70);
    await purchase(engine, shop, referee, rp(25_000));
    expect((await account(engine, referrer)).points).toBe(70);
    expect((await account(engine, referee)).points).toBe(35);
  });

  it('a member created by its first purchase has that purchase recorded and the first-purchase bonus once', async () => {
    await send('earning-rule-create', { program: shop.program, type: 'signup', points: 20 });
    await send('earning-rule-create', { program: shop.program, type: 'first_purchase', points: 5, min_spend_minor: rp(20_000) });
    const walkIn = await newMember(engine, shop, 'Citra');
    const first = await purchase(engine, shop, walkIn, rp(25_000));
    const at = engine.clock.now().toISOString();
    expect(first.points_earned).toBe(5);
    const row = engine.database.sqlite.prepare('SELECT first_purchase_at, referral_rewarded, created_at, updated_at FROM rewards_members WHERE cardholder_id = ?').get(walkIn.cardholder);
    expect(row).toEqual({ first_purchase_at: at, referral_rewarded: 0, created_at: at, updated_at: at });
    expect((await account(engine, walkIn)).points).toBe(20 + 5);
    const second = await purchase(engine, shop, walkIn, rp(25_000));
    expect(second.points_earned).toBe(0);
    expect((engine.database.sqlite.prepare('SELECT first_purchase_at FROM rewards_members WHERE cardholder_id = ?').get(walkIn.cardholder) as { first_purchase_at: string }).first_purchase_at).toBe(at);
  });
});
