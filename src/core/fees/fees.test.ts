import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWNER, testEngine, type TestEngine } from '../testing/test-engine.js';
import { prepaidCard } from '../authorization/testing/auth-fixtures.js';
import { fxFee, largestAffordable } from './fee-math.js';
import { NO_FEES } from '../programs/program.js';

describe('fee math', () => {
  it('rounds the FX fee half up and finds the largest affordable partial amount', () => {
    expect(fxFee(250, 200)).toBe(5);
    expect(fxFee(125, 200)).toBe(3); // 2.5 -> 3
    expect(fxFee(124, 200)).toBe(2); // 2.48 -> 2
    const fees = { ...NO_FEES, per_transaction: 100, fx_bps: 250 };
    for (const available of [0, 100, 101, 1_000, 12_345, 999_999]) {
      const amount = largestAffordable(fees, available, true, 10_000_000);
      if (amount > 0) expect(amount + 100 + fxFee(amount, 250)).toBeLessThanOrEqual(available);
      expect(amount + 1 + 100 + fxFee(amount + 1, 250)).toBeGreaterThan(available);
    }
  });
});

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine({ start: new Date('2026-01-15T03:00:00Z') });
});
afterEach(async () => {
  await engine.close();
});
const send = <K extends Parameters<TestEngine['bus']['send']>[0]>(name: K, input: unknown) => engine.bus.send(name, input as never, OWNER);

describe('monthly admin fee job', () => {
  it('charges each account once per month, catching up after weeks closed, in the program time zone', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000, program: { fees: { monthly_admin: 5_000 } } });
    expect((await send('fees-post-monthly', {})).charged).toBe(0); // January: the month of issue is free
    engine.clock.set(new Date('2026-01-31T16:59:00Z')); // 23:59 on 31 January in Jakarta
    expect((await send('fees-post-monthly', {})).charged).toBe(0);
    engine.clock.set(new Date('2026-01-31T17:00:00Z')); // 00:00 on 1 February in Jakarta
    expect(await send('fees-post-monthly', {})).toMatchObject({ charged: 1, periods: ['2026-02'] });
    expect((await send('fees-post-monthly', {})).charged).toBe(0);
    engine.clock.set(new Date('2026-05-10T03:00:00Z')); // closed for three months
    expect(await send('fees-post-monthly', {})).toMatchObject({ charged: 3, collected: 15_000, periods: ['2026-03', '2026-04', '2026-05'] });
    expect((await send('fees-post-monthly', {})).charged).toBe(0);
    expect((await send('balance-get', { card: card.id })).available).toBe(80_000);
    expect((await send('fee-list', { card: card.id, kind: 'monthly_admin', limit: 10 })).data.map((f) => f.period).sort()).toEqual(['2026-02', '2026-03', '2026-04', '2026-05']);
    expect((await send('ledger-check', {})).ok).toBe(true);
  });

  it('a replacement card shares the account: the fee is not charged twice; a canceled account stops paying', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000, program: { fees: { monthly_admin: 5_000 } } });
    engine.clock.set(new Date('2026-02-10T03:00:00Z'));
    const replacement = await send('card-replace', { id: card.id, reason: 'lost' });
    engine.clock.set(new Date('2026-03-10T03:00:00Z'));
    expect((await send('fees-post-monthly', {})).charged).toBe(2); // February and March, once each
    await send('card-update', { id: replacement.id, status: 'canceled', cancellation_reason: 'closed_by_request' });
    engine.clock.set(new Date('2026-06-10T03:00:00Z'));
    expect((await send('fees-post-monthly', {})).charged).toBe(0);
  });
});
