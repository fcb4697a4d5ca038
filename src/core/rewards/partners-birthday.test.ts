import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KartuError } from '../kernel/errors.js';
import { CASHIER, tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';
import type { KartuEvent } from '../events/event-store.js';
import { account, kopiShop, ledgerFigures, newMember, OWNER, purchase, rp, type Shop } from './testing/rewards-kit.js';

const DAY = 86_400_000;
let engine: TestEngine;
let shop: Shop;
let events: KartuEvent[];

const send = (name: string, input: Record<string, unknown>, actor = OWNER) => engine.bus.execute(name, input, actor) as Promise<any>;

async function refused(name: string, input: Record<string, unknown>): Promise<KartuError> {
  const before = await tableCounts(engine);
  const error = await send(name, input).then(() => { throw new Error(`${name} was accepted`); }, (e: unknown) => e);
  expect(error).toBeInstanceOf(KartuError);
  expect(await tableCounts(engine)).toEqual(before);
  return error as KartuError;
}

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

describe('partner programs', () => {
  async function garuda(extra: Record<string, unknown> = {}) {
    return send('partner-create', { program: shop.program, name: 'GarudaMiles', code: 'GARUDA', rate: { points: 10, partner_points: 4 }, min_points: 50, max_points_per_exchange: 500, monthly_limit_points: 600, ...extra });
  }

  it('exchanges points both ways at the rate, as ledger transfers to the partner account', async () => {
    const partner = await garuda();
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(3_000_000)); // 300 points
    const out = await engine.bus.send('partner-exchange', { cardholder: m.cardholder, partner: partner.id, points: 200, direction: 'out', reference: 'GA-123' }, CASHIER);
    expect(out).toMatchObject({ direction: 'out', points: 200, partner_points: 80 });
    expect((await account(engine, m)).points).toBe(100);
    await send('partner-exchange', { cardholder: m.cardholder, partner: partner.id, points: 50, direction: 'in' });
    expect((await account(engine, m)).points).toBe(150);
    const partners = await send('partner-list', { program: shop.program });
    expect(partners.data[0].balance_points).toBe(150);
    const entries = engine.database.sqlite.prepare("SELECT kind, points FROM rewards_points_entries WHERE source_id = ? ORDER BY kind").all(out.id);
    expect(entries).toEqual([{ kind: 'partner_account', points: 200 }, { kind: 'partner_out', points: -200 }]);
    const figures = ledgerFigures(engine, (await account(engine, m)).member!);
    expect(figures.entries).toBe(figures.lots - figures.owed);
    expect(events.filter((e) => e.type === 'rewards.partner.exchanged')).toHaveLength(2);
  });

  it('enforces multiples, limits, directions and the balance', async () => {
    const partner = await garuda({ directions: ['out'] });
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(10_000_000)); // 1000 points
    expect((await refused('partner-exchange', { cardholder: m.cardholder, partner: partner.id, points: 55, direction: 'out' })).message).toMatch(/multiple of 10/);
    expect((await refused('partner-exchange', { cardholder: m.cardholder, partner: partner.id, points: 40, direction: 'out' })).code).toBe('partner_limit_exceeded');
    expect((await refused('partner-exchange', { cardholder: m.cardholder, partner: partner.id, points: 510, direction: 'out' })).code).toBe('partner_limit_exceeded');
    expect((await refused('partner-exchange', { cardholder: m.cardholder, partner: partner.id, points: 100, direction: 'in' })).param).toBe('direction');
    await send('partner-exchange', { cardholder: m.cardholder, partner: partner.id, points: 500, direction: 'out' });
    expect((await refused('partner-exchange', { cardholder: m.cardholder, partner: partner.id, points: 200, direction: 'out' })).message).toMatch(/500 of 600 points/);
    const poor = await newMember(engine, shop, 'Poor');
    expect((await refused('partner-exchange', { cardholder: poor.cardholder, partner: partner.id, points: 100, direction: 'out' })).code).toBe('insufficient_points');
    expect((await refused('partner-create', { program: shop.program, name: 'Again', code: 'GARUDA', rate: { points: 1, partner_points: 1 } })).param).toBe('code');
    expect((await refused('partner-create', { program: shop.program, name: 'Neg', code: 'NEG', rate: { points: -1, partner_points: 1 } })).param).toBe('rate.points');
  });

  it('exports the exchanges of a period as CSV', async () => {
    const partner = await garuda();
    const m = await newMember(engine, shop, 'Sari');
    await purchase(engine, shop, m, rp(5_000_000));
    await send('partner-exchange', { cardholder: m.cardholder, partner: partner.id, points: 100, direction: 'out', reference: '=cmd()' });
    engine.clock.advance(40 * DAY);
    await send('partner-exchange', { cardholder: m.cardholder, partner: partner.id, points: 60, direction: 'out' });
    const march = await send('partner-exchange-export', { program: shop.program, from: '2026-03-01', to: '2026-03-31' });
    expect(march).toMatchObject({ content_type: 'text/csv', rows: 1, filename: 'partner-exchanges-2026-03-01-to-2026-03-31.csv' });
    const parsed = Papa.parse<Record<string, string>>(march.content.trim(), { header: true });
    expect(parsed.data).toEqual([expect.objectContaining({ partner_code: 'GARUDA', direction: 'out', points: '100', partner_points: '40', rate: '10:4', cardholder_id: m.cardholder })]);
    // A reference that looks like a spreadsheet formula is neutralised.
    expect(parsed.data[0]!.reference).toBe("'=cmd()");
    expect((await send('partner-exchange-export', { program: shop.program, from: '2026-03-01', to: '2026-04-30' })).rows).toBe(2);
    expect((await refused('partner-exchange-export', { program: shop.program, from: '2026-04-01', to: '2026-03-01' })).param).toBe('to');
  });
});

describe('the birthday job', () => {
  beforeEach(async () => {
    await send('earning-rule-create', { program: shop.program, type: 'birthday', points: 50, catch_up_days: 30 });
  });

  it('grants on the day, once per year, however often it runs', async () => {
    const m = await newMember(engine, shop, 'Rina', { birth_date: '1990-03-02' });
    const first = await send('rewards-run-birthday-job', {});
    expect(first.granted).toBe(1);
    expect((await send('rewards-run-birthday-job', {})).granted).toBe(0);
    expect((await account(engine, m)).points).toBe(50);
    expect(events.find((e) => e.type === 'rewards.bonus.granted')?.data.object).toMatchObject({ reason: 'birthday', points: 50 });
    engine.clock.set(new Date('2027-03-02T03:00:00Z'));
    expect((await send('rewards-run-birthday-job', {})).granted).toBe(1);
    expect((await account(engine, m)).points).toBe(100);
  });

  it('catches up when the app was closed on the day, across New Year too, within the catch-up days', async () => {
    const late = await newMember(engine, shop, 'Late', { birth_date: '1985-02-20' });
    const tooLate = await newMember(engine, shop, 'Too late', { birth_date: '1985-01-15' });
    const notYet = await newMember(engine, shop, 'Not yet', { birth_date: '1985-03-03' });
    expect((await send('rewards-run-birthday-job', {})).granted).toBe(1);
    expect((await account(engine, late)).points).toBe(50);
    expect((await account(engine, tooLate)).points).toBe(0);
    expect((await account(engine, notYet)).points).toBe(0);
    const newYear = await newMember(engine, shop, 'Dec', { birth_date: '1999-12-30' });
    engine.clock.set(new Date('2027-01-05T03:00:00Z'));
    await send('rewards-run-birthday-job', {});
    const activity = await send('rewards-activity-list', { cardholder: newYear.cardholder });
    expect(activity.data.map((a: { details: { year: number } }) => a.details.year)).toEqual([2026]);
  });

  it('celebrates 29 February on the 28th in other years', async () => {
    const leap = await newMember(engine, shop, 'Leap', { birth_date: '2000-02-29' });
    engine.clock.set(new Date('2027-02-28T03:00:00Z'));
    expect((await send('rewards-run-birthday-job', {})).granted).toBe(1);
    expect((await account(engine, leap)).points).toBe(50);
  });
});

describe('the rewards account', () => {
  it('answers {points, tier, cashback_balance} with the detail behind it', async () => {
    await send('tier-create', { program: shop.program, name: 'Bronze', threshold: 0 });
    await send('tier-create', { program: shop.program, name: 'Gold', threshold: rp(1_000_000), benefits: { cashback_bps: 200 } });
    const m = await newMember(engine, shop);
    const fresh = await account(engine, m);
    expect(fresh).toMatchObject({ points: 0, cashback_balance: 0, member: null, tier: { name: 'Bronze' } });
    await purchase(engine, shop, m, rp(1_200_000));
    await purchase(engine, shop, m, rp(100_000));
    const acct = await account(engine, m);
    expect(acct).toMatchObject({
      object: 'rewards_account', points: 130, pending: 0, owed: 0, currency: 'IDR', cashback_balance: rp(2_000),
      tier: { name: 'Gold', manual: false }, tier_progress: { metric: 'spend', qualifying_value: rp(1_300_000), next_tier: null },
      lifetime: { earned: 130, redeemed: 0, expired: 0 },
    });
    expect(acct.recent_activity).toHaveLength(2);
    const summary = await send('rewards-summary', { program: shop.program });
    expect(summary).toMatchObject({ members: 1, points: { outstanding: 130, earned: 130 }, cashback: { liability: rp(2_000) } });
    expect(summary.tiers).toEqual([expect.objectContaining({ name: 'Bronze', members: 0 }), expect.objectContaining({ name: 'Gold', members: 1 })]);
  });

  it('needs the program named when the cardholder is in several', async () => {
    const m = await newMember(engine, shop);
    await purchase(engine, shop, m, rp(10_000));
    const other = await engine.bus.send('program-create', { name: 'Other', kind: 'loyalty', currency: 'IDR' }, OWNER);
    await send('earning-rule-create', { program: other.id, type: 'visit', points: 1 });
    await purchase(engine, { ...shop, program: other.id }, m, rp(10_000));
    expect((await refused('rewards-summary', { program: 'prog_nope' })).param).toBe('program');
    const error = await send('rewards-account-get', { cardholder: m.cardholder }).catch((e: KartuError) => e);
    expect(error).toMatchObject({ param: 'program' });
    expect((await send('rewards-account-get', { cardholder: m.cardholder, program: other.id })).points).toBe(1);
  });
});
