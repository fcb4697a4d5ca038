import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWNER, tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';
import { basicCardholder, nikFor } from '../testing/fixtures.js';
import { CAFE, GROCER, creditCard, prepaidCard, purchase } from './testing/auth-fixtures.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => {
  await engine.close();
});

const send = <K extends Parameters<TestEngine['bus']['send']>[0]>(name: K, input: unknown) => engine.bus.send(name, input as never, OWNER);
const authorize = (input: unknown) => engine.bus.send('authorization-create', input as never, OWNER);

describe('authorization decisions', () => {
  it('approves within funds, places a hold and explains itself', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000 });
    const a = await authorize(purchase(card.id, 30_000));
    expect(a).toMatchObject({ object: 'authorization', approved: true, response_code: '00', decline_reason: null, status: 'pending', amount: 30_000, currency: 'IDR', pending_amount: 30_000 });
    expect(a.id).toMatch(/^auth_/);
    expect(a.trace.map((t) => [t.rule, t.outcome])).toEqual([
      ['card_status', 'pass'], ['cardholder_status', 'pass'], ['expiry', 'pass'], ['amount', 'pass'],
      ['merchant_rules', 'info'], ['limits', 'info'], ['funds', 'pass'], ['risk', 'pass'],
    ]);
    expect(await send('balance-get', { card: card.id })).toMatchObject({ available: 70_000, pending: 30_000, currency: 'IDR' });
    expect((await send('card-get', { id: card.id })).balance).toEqual({ available: 70_000, pending: 30_000, currency: 'IDR' });
    expect((await send('ledger-check', {})).ok).toBe(true);
  });

  it('declines for insufficient funds (51) and stores the declined decision without a hold', async () => {
    const { card } = await prepaidCard(engine, { topUp: 10_000 });
    const a = await authorize(purchase(card.id, 30_000));
    expect(a).toMatchObject({ approved: false, response_code: '51', decline_reason: 'insufficient_funds', status: 'closed', pending_amount: 0 });
    expect((await send('authorization-get', { id: a.id })).approved).toBe(false);
    expect((await send('ledger-transfer-list', { authorization: a.id, limit: 10 })).data).toEqual([]);
    expect(a.trace.at(-1)).toMatchObject({ rule: 'risk', outcome: 'skipped' });
  });

  it.each([
    ['inactive', undefined, '05', 'card_inactive'],
    ['canceled', 'lost', '41', 'card_lost'],
    ['canceled', 'stolen', '43', 'card_stolen'],
    ['canceled', 'damaged', '05', 'card_canceled'],
  ] as const)('card %s (%s) answers %s %s', async (status, reason, code, why) => {
    const { card } = await prepaidCard(engine, { topUp: 100_000 });
    await send('card-update', { id: card.id, status, ...(reason ? { cancellation_reason: reason } : {}) });
    const a = await authorize(purchase(card.id, 1_000));
    expect([a.response_code, a.decline_reason, a.approved]).toEqual([code, why, false]);
  });

  it('checks in the documented order: a frozen card over its limit answers 05, not 61', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000, card: { spending_controls: { spending_limits: [{ amount: 5_000, interval: 'per_authorization' }] } } });
    await send('card-update', { id: card.id, status: 'inactive' });
    const a = await authorize(purchase(card.id, 9_000));
    expect(a.response_code).toBe('05');
    expect(a.trace.find((t) => t.rule === 'limits')?.outcome).toBe('skipped');
    await send('card-update', { id: card.id, status: 'active' });
    expect((await authorize(purchase(card.id, 9_000))).response_code).toBe('61');
  });

  it('a blocked category (57) comes before an exceeded limit (61), which comes before funds (51)', async () => {
    const { card } = await prepaidCard(engine, { topUp: 1_000, card: { spending_controls: { blocked_categories: ['restaurants'], spending_limits: [{ amount: 5_000, interval: 'daily' }] } } });
    expect((await authorize(purchase(card.id, 9_000))).decline_reason).toBe('category_not_allowed');
    expect((await authorize({ card: card.id, amount: 9_000, merchant: GROCER })).decline_reason).toBe('spending_limit');
    expect((await authorize({ card: card.id, amount: 4_000, merchant: GROCER })).decline_reason).toBe('insufficient_funds');
  });

  it('declines for the cardholder, expiry, amount, merchants, countries, categories and time', async () => {
    const { card, holder, program } = await prepaidCard(engine, { topUp: 1_000_000 });
    const controls = async (spending_controls: unknown) => send('card-update', { id: card.id, spending_controls });
    expect((await authorize(purchase(card.id, 0))).decline_reason).toBe('invalid_amount');
    expect((await authorize(purchase(card.id, 0))).response_code).toBe('13');

    await controls({ allowed_merchants: ['MRC-OTHER'] });
    expect(await authorize(purchase(card.id, 1_000))).toMatchObject({ response_code: '57', decline_reason: 'merchant_not_allowed' });
    await controls({ allowed_merchants: null, allowed_categories: ['groceries'] });
    expect(await authorize(purchase(card.id, 1_000))).toMatchObject({ response_code: '57', decline_reason: 'category_not_allowed' });
    expect((await authorize({ card: card.id, amount: 1_000, merchant: GROCER })).approved).toBe(true);
    await controls({ allowed_categories: null, blocked_countries: ['SG'] });
    expect(await authorize({ card: card.id, amount: 1_000, merchant: { ...CAFE, country: 'SG' } })).toMatchObject({ response_code: '62', decline_reason: 'country_not_allowed' });
    await controls({ blocked_countries: null, allowed_countries: ['ID'] });
    expect((await authorize({ card: card.id, amount: 1_000, merchant: { ...CAFE, country: 'MY' } })).decline_reason).toBe('country_not_allowed');
    // 10:00 Monday in Jakarta (the test clock): a window for weekday evenings only.
    await controls({ allowed_countries: null, time_windows: [{ days: [1, 2, 3, 4, 5], start: '17:00', end: '22:00' }] });
    expect(await authorize(purchase(card.id, 1_000))).toMatchObject({ response_code: '57', decline_reason: 'time_not_allowed' });
    await controls({ time_windows: [{ days: [1], start: '09:00', end: '11:00' }] });
    expect((await authorize(purchase(card.id, 1_000))).approved).toBe(true);
    await controls({ time_windows: null, velocity_limits: [{ count: 2, interval: 'hourly' }] });
    expect(await authorize(purchase(card.id, 1_000))).toMatchObject({ response_code: '65', decline_reason: 'velocity_limit' });

    await send('cardholder-update', { id: holder.id, status: 'blocked' });
    expect(await authorize(purchase(card.id, 1_000))).toMatchObject({ response_code: '05', decline_reason: 'cardholder_inactive' });
    void program;
  });

  it('declines a cardholder who failed identity verification (05 cardholder_verification_required) until verified again', async () => {
    const { card, holder } = await prepaidCard(engine, { topUp: 100_000 });
    expect((await authorize(purchase(card.id, 1_000))).approved).toBe(true);
    await send('cardholder-verify', { id: holder.id, decision: 'pending' });
    expect((await authorize(purchase(card.id, 1_000))).approved).toBe(true); // under review: still usable
    await send('cardholder-verify', { id: holder.id, decision: 'rejected', reason: 'The KTP photo does not match.' });
    const declined = await authorize(purchase(card.id, 1_000));
    expect(declined).toMatchObject({ approved: false, response_code: '05', decline_reason: 'cardholder_verification_required' });
    expect(declined.trace.find((entry) => entry.rule === 'cardholder_status')).toMatchObject({ outcome: 'fail', reason: 'cardholder_verification_required' });
    expect(declined.trace.find((entry) => entry.rule === 'funds')).toMatchObject({ outcome: 'skipped' });
    await send('cardholder-verify', { id: holder.id, decision: 'reopen' });
    expect((await authorize(purchase(card.id, 1_000))).approved).toBe(true);
  });

  it('answers 54 for an expired card, in the program time zone', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000, card: { exp_month: 4, exp_year: 2026 } });
    engine.clock.set(new Date('2026-04-30T16:59:00Z')); // 23:59 on 30 April in Jakarta
    expect((await authorize(purchase(card.id, 1_000))).approved).toBe(true);
    engine.clock.set(new Date('2026-04-30T17:00:00Z')); // 00:00 on 1 May in Jakarta, still April in UTC
    expect(await authorize(purchase(card.id, 1_000))).toMatchObject({ response_code: '54', decline_reason: 'card_expired' });
  });

  it('finds a card by number (14 when Kartu did not issue it; 54 when the expiry does not match)', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000 });
    const details = await send('card-reveal', { id: card.id });
    const byNumber = await authorize({ number: details.number, exp_month: details.exp_month, exp_year: details.exp_year, amount: 1_000, merchant: CAFE });
    expect(byNumber).toMatchObject({ approved: true, card: card.id });
    const wrongExpiry = await authorize({ number: details.number, exp_month: details.exp_month, exp_year: details.exp_year + 1, amount: 1_000, merchant: CAFE });
    expect(wrongExpiry).toMatchObject({ response_code: '54', decline_reason: 'expiry_mismatch' });
    const unknown = await authorize({ number: '4000000000000002', amount: 1_000, currency: 'IDR', merchant: CAFE });
    expect(unknown).toMatchObject({ approved: false, response_code: '14', decline_reason: 'card_unknown', card: null, card_last4: '0002', status: 'closed' });
    // The full number is never stored.
    const raw = JSON.stringify(engine.database.sqlite.prepare('SELECT * FROM authorizations').all()) + JSON.stringify(engine.database.sqlite.prepare('SELECT * FROM events').all());
    expect(raw).not.toContain(details.number);
    expect(raw).not.toContain('4000000000000002');
  });

  it('closed loop: a loyalty card works only at the merchant own branches, and allowed_locations narrows them', async () => {
    const program = await send('program-create', { name: 'Kopi', kind: 'loyalty', currency: 'IDR' });
    const holder = await basicCardholder(engine);
    const jakarta = await send('location-create', { name: 'Kopi Sudirman', merchant_id: 'KOPI-JKT-01', mcc: '5814', city: 'Jakarta', country: 'ID' });
    const bandung = await send('location-create', { name: 'Kopi Dago', merchant_id: 'KOPI-BDG-01', mcc: '5814', city: 'Bandung', country: 'ID' });
    const card = await send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' });
    await send('top-up-create', { card: card.id, amount: 100_000 });
    expect((await authorize(purchase(card.id, 1_000))).decline_reason).toBe('merchant_not_allowed');
    expect(await authorize({ card: card.id, amount: 1_000, location: jakarta.id })).toMatchObject({ approved: true, merchant: { id: 'KOPI-JKT-01', location: jakarta.id } });
    expect((await authorize({ card: card.id, amount: 1_000, merchant: { id: 'KOPI-BDG-01', name: 'Kopi Dago', mcc: '5814', country: 'ID' } })).approved).toBe(true);
    await send('card-update', { id: card.id, spending_controls: { allowed_locations: [jakarta.id] } });
    expect(await authorize({ card: card.id, amount: 1_000, location: bandung.id })).toMatchObject({ response_code: '57', decline_reason: 'location_not_allowed' });
    expect((await authorize({ card: card.id, amount: 1_000, location: jakarta.id })).approved).toBe(true);
  });

  it('single-use and merchant-locked cards', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000, card: { spending_controls: { single_use: true } } });
    expect((await authorize(purchase(card.id, 1_000))).approved).toBe(true);
    expect(await authorize(purchase(card.id, 1_000))).toMatchObject({ response_code: '65', decline_reason: 'single_use_exhausted' });
    const locked = await prepaidCard(engine, { topUp: 100_000, card: { spending_controls: { merchant_lock: true } } });
    expect((await authorize({ card: locked.card.id, amount: 1_000, merchant: GROCER })).approved).toBe(true);
    expect((await authorize({ card: locked.card.id, amount: 1_000, merchant: GROCER })).approved).toBe(true);
    expect((await authorize(purchase(locked.card.id, 1_000))).decline_reason).toBe('merchant_not_allowed');
  });

  it('limits per category count only that category; program caps act as limits too', async () => {
    const { card } = await prepaidCard(engine, {
      topUp: 1_000_000,
      program: { caps: { daily: 50_000 } },
      card: { spending_controls: { spending_limits: [{ amount: 10_000, interval: 'daily', categories: ['restaurants'] }] } },
    });
    expect((await authorize(purchase(card.id, 8_000))).approved).toBe(true);
    expect((await authorize(purchase(card.id, 3_000))).decline_reason).toBe('spending_limit');
    expect((await authorize({ card: card.id, amount: 30_000, merchant: GROCER })).approved).toBe(true);
    const capped = await authorize({ card: card.id, amount: 20_000, merchant: GROCER });
    expect(capped).toMatchObject({ response_code: '61', decline_reason: 'spending_limit' });
    expect(capped.trace.find((t) => t.outcome === 'fail')?.rule).toBe('program_cap');
  });

  it('pending holds count toward limits; a reversal gives the room back', async () => {
    const { card } = await prepaidCard(engine, { topUp: 1_000_000, card: { spending_controls: { spending_limits: [{ amount: 10_000, interval: 'daily' }] } } });
    const first = await authorize(purchase(card.id, 7_000));
    expect((await authorize(purchase(card.id, 5_000))).decline_reason).toBe('spending_limit');
    await send('authorization-reverse', { id: first.id });
    expect((await authorize(purchase(card.id, 5_000))).approved).toBe(true);
  });

  it('daily windows turn at midnight in Asia/Jakarta, not UTC', async () => {
    const { card } = await prepaidCard(engine, { topUp: 1_000_000, card: { spending_controls: { spending_limits: [{ amount: 10_000, interval: 'daily' }] } } });
    engine.clock.set(new Date('2026-03-02T16:58:00Z')); // Monday 23:58 WIB
    expect((await authorize(purchase(card.id, 10_000))).approved).toBe(true);
    engine.clock.set(new Date('2026-03-02T16:59:59Z')); // Monday 23:59:59 WIB: same local day
    expect((await authorize(purchase(card.id, 1))).decline_reason).toBe('spending_limit');
    engine.clock.set(new Date('2026-03-02T17:00:00Z')); // Tuesday 00:00 WIB, same UTC day
    expect((await authorize(purchase(card.id, 10_000))).approved).toBe(true);
  });

  it('weekly windows start on the program week_starts_on (Monday by default, Sunday when set)', async () => {
    const monday = await prepaidCard(engine, { topUp: 1_000_000, card: { spending_controls: { spending_limits: [{ amount: 10_000, interval: 'weekly' }] } } });
    const sunday = await prepaidCard(engine, { topUp: 1_000_000, program: { week_starts_on: 0 }, card: { spending_controls: { spending_limits: [{ amount: 10_000, interval: 'weekly' }] } } });
    engine.clock.set(new Date('2026-03-07T16:30:00Z')); // Saturday 23:30 WIB
    for (const { card } of [monday, sunday]) expect((await authorize(purchase(card.id, 10_000))).approved).toBe(true);
    engine.clock.set(new Date('2026-03-08T16:30:00Z')); // Sunday 23:30 WIB: a new week only where weeks start on Sunday
    expect((await authorize(purchase(monday.card.id, 1_000))).decline_reason).toBe('spending_limit');
    expect((await authorize(purchase(sunday.card.id, 1_000))).approved).toBe(true);
    engine.clock.set(new Date('2026-03-08T17:00:00Z')); // Monday 00:00 WIB: a new week for Monday-start programs
    expect((await authorize(purchase(monday.card.id, 10_000))).approved).toBe(true);
  });

  it('partial approval when the merchant supports it and funds are short (code 10)', async () => {
    const { card } = await prepaidCard(engine, { topUp: 25_000, program: { fees: { per_transaction: 500 } } });
    expect((await authorize(purchase(card.id, 40_000))).decline_reason).toBe('insufficient_funds');
    const partial = await authorize(purchase(card.id, 40_000, { partial_approval_supported: true }));
    expect(partial).toMatchObject({ approved: true, response_code: '10', amount: 24_500, requested_amount: 40_000, fees: { transaction: 500, fx: 0 } });
    expect((await send('balance-get', { card: card.id })).available).toBe(0);
  });

  it('credit cards spend their available credit; corporate cards their company funds', async () => {
    const { card } = await creditCard(engine, 50_000);
    expect((await send('card-get', { id: card.id })).balance).toEqual({ available: 50_000, pending: 0, currency: 'IDR' });
    expect((await authorize(purchase(card.id, 40_000))).approved).toBe(true);
    expect((await authorize(purchase(card.id, 20_000))).decline_reason).toBe('insufficient_funds');

    const company = await send('cardholder-create', { type: 'company', name: 'PT Kopi Nusantara', email: 'finance@kopi.co.id' });
    const corporate = await send('program-create', { name: 'Buyers', kind: 'corporate', currency: 'IDR' });
    const employee = await send('cardholder-create', {
      name: 'Budi Santoso', company: company.id, email: 'budi@kopi.co.id', phone: '+6281298765432', birth_date: '1990-05-17',
      national_id: nikFor('1990-05-17', 7), address: { line1: 'Jl. Sudirman 1', city: 'Jakarta', country: 'ID' },
    });
    const buyerCard = await send('card-create', { program: corporate.id, cardholder: employee.id, type: 'virtual' });
    expect((await authorize({ card: buyerCard.id, amount: 10_000, merchant: GROCER })).decline_reason).toBe('insufficient_funds');
    await send('company-funding-create', { company: company.id, amount: 100_000, currency: 'IDR' });
    expect((await authorize({ card: buyerCard.id, amount: 10_000, merchant: GROCER })).approved).toBe(true);
    expect((await send('card-get', { id: buyerCard.id })).balance).toEqual({ available: 90_000, pending: 10_000, currency: 'IDR' });
  });

  it('client_id: a replay returns the first decision; another amount is refused', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000 });
    const first = await authorize(purchase(card.id, 1_000, { client_id: 'pos-1-0001' }));
    const again = await authorize(purchase(card.id, 1_000, { client_id: 'pos-1-0001' }));
    expect(again.id).toBe(first.id);
    const before = await tableCounts(engine);
    await expect(authorize(purchase(card.id, 2_000, { client_id: 'pos-1-0001' }))).rejects.toMatchObject({ type: 'idempotency_error', code: 'exists_with_different_amount' });
    expect(await tableCounts(engine)).toEqual(before);
    expect((await send('balance-get', { card: card.id })).pending).toBe(1_000);
  });

  it('bad input is a clear error and writes nothing', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000 });
    const before = await tableCounts(engine);
    await expect(authorize(purchase('card_nope', 1_000))).rejects.toMatchObject({ type: 'not_found', param: 'card' });
    await expect(authorize(purchase(card.id, -5))).rejects.toMatchObject({ code: 'parameter_invalid', param: 'amount' });
    await expect(authorize(purchase(card.id, 1.5))).rejects.toMatchObject({ param: 'amount' });
    await expect(authorize(purchase(card.id, 1_000, { currency: 'idr' }))).rejects.toMatchObject({ param: 'currency' });
    await expect(authorize(purchase(card.id, 1_000, { currency: 'USD' }))).rejects.toMatchObject({ code: 'fx_rate_missing', param: 'currency' });
    await expect(authorize({ card: card.id, amount: 1_000 })).rejects.toMatchObject({ param: 'merchant' });
    await expect(authorize({ amount: 1_000, merchant: CAFE })).rejects.toMatchObject({ param: 'card' });
    await expect(authorize(purchase(card.id, 1_000, { merchant: { ...CAFE, mcc: '58' } }))).rejects.toMatchObject({ param: 'merchant.mcc' });
    await expect(authorize(purchase(card.id, 1_000, { surprise: true }))).rejects.toMatchObject({ code: 'parameter_unknown', param: 'surprise' });
    await expect(authorize({ card: card.id, amount: 1_000, location: 'loc_nope' })).rejects.toMatchObject({ type: 'not_found', param: 'location' });
    expect(await tableCounts(engine)).toEqual(before);
  });
});
