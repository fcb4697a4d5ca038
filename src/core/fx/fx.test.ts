import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWNER, tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';
import { prepaidCard } from '../authorization/testing/auth-fixtures.js';
import { convertMinor, divideHalfUp, parseRate } from './rate.js';

describe('rates and rounding', () => {
  it('parses decimal rates exactly and refuses anything else', () => {
    expect(parseRate('16250.5')).toEqual({ num: 162505n, den: 10n });
    for (const bad of ['0', '-1', '1e3', '1.2.3', '', 'abc', '0.0000000000001']) expect(parseRate(bad)).toBeNull();
  });

  it('rounds half up on the target minor unit, across exponents', () => {
    expect(divideHalfUp(5n, 2n)).toBe(3n);
    expect(divideHalfUp(7n, 4n)).toBe(2n);
    expect(divideHalfUp(5n, 4n)).toBe(1n);
    const rate = parseRate('16250.5')!;
    expect(convertMinor(1_00, 'USD', 'IDR', rate)).toBe(1_625_050); // $1.00 -> Rp 16.250,50
    expect(convertMinor(1, 'USD', 'IDR', rate)).toBe(16_251); // 0.01 USD = Rp 162,505 = 16250.5 sen -> 16251 (half up)
    expect(convertMinor(100, 'JPY', 'IDR', parseRate('107.333')!)).toBe(1_073_330);
    expect(convertMinor(1_000, 'IDR', 'JPY', parseRate('0.0093')!)).toBe(0); // Rp 10,00 -> 0.093 yen -> 0
    expect(convertMinor(6_000, 'IDR', 'JPY', parseRate('0.0093')!)).toBe(1); // Rp 60,00 -> 0.558 yen -> 1
  });
});

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => {
  await engine.close();
});
const send = <K extends Parameters<TestEngine['bus']['send']>[0]>(name: K, input: unknown) => engine.bus.send(name, input as never, OWNER);

describe('cross-currency authorizations', () => {
  it('converts the merchant amount, holds an FX fee as its own line, and balances per currency', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000_000, program: { fees: { fx_bps: 200 } } });
    await send('fx-rate-set', { base: 'USD', quote: 'IDR', rate: '16250.5' });
    const a = await send('authorization-create', { card: card.id, amount: 12_34, currency: 'USD', merchant: { id: 'SG-1', name: 'Changi Shop', mcc: '5411', country: 'SG' } });
    // 12.34 USD * 16250.5 = 200,531.17 IDR -> 20,053,117 sen; FX fee 2% = 401,062.34 -> 401,062
    expect(a).toMatchObject({ approved: true, amount: 20_053_117, currency: 'IDR', merchant_amount: 1_234, merchant_currency: 'USD', fx_rate: '16250.5', fees: { transaction: 0, fx: 401_062 } });
    expect((await send('balance-get', { card: card.id })).pending).toBe(20_053_117 + 401_062);
    const t = await send('authorization-capture', { id: a.id, amount: 10_000_000 });
    // The captured share of the merchant amount (1234 * 10,000,000 / 20,053,117 = 615.4 -> 615 cents), the FX fee on what was captured.
    expect(t).toMatchObject({ amount: 10_000_000, merchant_amount: 615, merchant_currency: 'USD', fees: { transaction: 0, fx: 200_000 } });
    const r = await send('transaction-refund', { id: t.id });
    expect(r).toMatchObject({ amount: 10_000_000, merchant_amount: 615 });
    const check = await send('ledger-check', {});
    expect(check.ok).toBe(true);
    expect(Object.keys(check.totals).sort()).toEqual(['IDR', 'USD']);
    expect((await send('balance-get', { card: card.id })).available).toBe(100_000_000 - 200_000);
  });

  it('uses the inverse of the reverse pair, and the newest rate in effect', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000_000 });
    await send('fx-rate-set', { base: 'IDR', quote: 'SGD', rate: '0.00008' }); // 1 SGD = 12,500 IDR
    const a = await send('authorization-create', { card: card.id, amount: 100, currency: 'SGD', merchant: { name: 'Kopi SG', mcc: '5814', country: 'SG' } });
    expect(a.amount).toBe(1_250_000);
    await send('fx-rate-set', { base: 'SGD', quote: 'IDR', rate: '12000' });
    expect((await send('authorization-create', { card: card.id, amount: 100, currency: 'SGD', merchant: { name: 'Kopi SG', mcc: '5814', country: 'SG' } })).amount).toBe(1_200_000);
  });

  it('imports rates from CSV, all or nothing', async () => {
    const ok = await send('fx-rate-import', { csv: 'base,quote,rate\nUSD,IDR,16000\nEUR,IDR,17500.25\n' });
    expect(ok.imported).toBe(2);
    const before = await tableCounts(engine);
    await expect(send('fx-rate-import', { csv: 'base,quote,rate\nUSD,IDR,16000\nEUR,IDR,-3\n' })).rejects.toMatchObject({ param: 'csv.2.rate' });
    await expect(send('fx-rate-set', { base: 'USD', quote: 'IDR', rate: '1,5' })).rejects.toMatchObject({ param: 'rate' });
    expect(await tableCounts(engine)).toEqual(before);
    expect((await send('fx-rate-list', { base: 'EUR', limit: 10 })).data[0]).toMatchObject({ base: 'EUR', quote: 'IDR', rate: '17500.25', source: 'import' });
  });
});
