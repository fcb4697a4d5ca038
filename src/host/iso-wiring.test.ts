import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepaidCard } from '../core/authorization/testing/auth-fixtures.js';
import { OWNER } from '../core/testing/test-engine.js';
import { buildTransactionRequest, originalDataOf } from '../core/network/iso8583/acquirer-messages.js';
import { sendIsoMessages } from './iso8583/terminal-client.js';
import { startTestHost, type TestHost } from './testing/host-fixture.js';
import { parseAdditionalAmounts } from '../core/network/iso8583/field-formats.js';
import { tableCounts } from '../core/testing/test-engine.js';
import { startIsoServer } from './iso8583/iso-server.js';
import { isoHandlerFor } from './iso-wiring.js';
import { AuthorizationQueue } from '../core/authorization/authorization-queue.js';
import { silentLogger } from '../core/kernel/logger.js';

let host: TestHost;
let number: string;
let expiry: string;
beforeAll(async () => {
  host = await startTestHost({ isoPort: 0 });
  const { card } = await prepaidCard(host.kartu.sandbox, { topUp: 100_000_00 });
  const revealed = (await host.kartu.sandbox.bus.execute('card-reveal', { id: card.id }, OWNER)) as { number: string; exp_month: number; exp_year: number };
  number = revealed.number;
  expiry = `${String(revealed.exp_year).slice(2)}${String(revealed.exp_month).padStart(2, '0')}`;
});
afterAll(async () => {
  await host.stop();
});

const cafe = { mcc: '5814', merchant: { name: 'Warung Kopi', city: 'Jakarta', country: 'ID' }, merchantId: 'MRC-CAFE-01', terminalId: 'T1', acquirerId: '123456' };

describe('the ISO 8583 port of a started host', () => {
  it('is printed and decides 0100 purchases through the engine', async () => {
    expect(host.isoPort).toEqual(expect.any(Number));
    expect(host.lines.join('\n')).toContain(`ISO 8583, sandbox cards: 127.0.0.1:${host.isoPort}`);
    const result = await sendIsoMessages({
      port: host.isoPort as number,
      messages: [
        buildTransactionRequest({ pan: number, expiry, amountMinor: 25_000_00, currencyNumeric: '360', stan: 1, ...cafe }),
        buildTransactionRequest({ pan: number, expiry, amountMinor: 500_000_00, currencyNumeric: '360', stan: 2, ...cafe }),
        buildTransactionRequest({ pan: '4000000000000002', expiry, amountMinor: 1_000_00, currencyNumeric: '360', stan: 3, ...cafe }),
        buildTransactionRequest({ pan: number, expiry, amountMinor: 1_000_00, currencyNumeric: '360', stan: 4, processingCode: '300000', ...cafe }),
      ],
    });
    const codes = result.exchanges.map((e) => [e.response?.mti, e.response?.fields[39]]);
    expect(codes).toEqual([
      ['0110', '00'],
      ['0110', '51'],
      ['0110', '14'],
      ['0110', '00'], // a balance inquiry (processing code 30): see the balance inquiry test
    ]);
    expect(result.exchanges[0]?.response?.fields[38]).toMatch(/^[0-9A-Z]{6}$/);
    const list = (await host.kartu.sandbox.bus.execute('authorization-list', { limit: 10 }, OWNER)) as { data: Array<{ approved: boolean; amount: number; client_id: string | null }> };
    const approved = list.data.filter((a) => a.approved);
    expect(approved).toHaveLength(1);
    expect(approved[0]?.client_id).toMatch(/^iso:123456:T1:000001:/);
    // The full number is nowhere in the event log or the audit log.
    const dump = JSON.stringify(host.kartu.sandbox.database.sqlite.prepare('SELECT * FROM events').all()) + JSON.stringify(host.kartu.sandbox.database.sqlite.prepare('SELECT * FROM audit_log').all());
    expect(dump).not.toContain(number);
  });

  it('decides a repeated request (0101) once', async () => {
    const at = new Date();
    const first = buildTransactionRequest({ pan: number, expiry, amountMinor: 10_000_00, currencyNumeric: '360', stan: 10, at, ...cafe });
    const repeat = buildTransactionRequest({ pan: number, expiry, amountMinor: 10_000_00, currencyNumeric: '360', stan: 10, at, repeat: true, ...cafe });
    const one = await sendIsoMessages({ port: host.isoPort as number, messages: [first] });
    const two = await sendIsoMessages({ port: host.isoPort as number, messages: [repeat] });
    expect(one.exchanges[0]?.response?.fields[39]).toBe('00');
    expect(two.exchanges[0]?.response?.fields[39]).toBe('00');
    const list = (await host.kartu.sandbox.bus.execute('authorization-list', { limit: 100, approved: true }, OWNER)) as { data: Array<{ client_id: string | null }> };
    expect(list.data.filter((a) => a.client_id?.includes(':000010:'))).toHaveLength(1);
  });

  it('reverses a purchase with 0400 (found by field 90), answers a repeated 0420 the same, and 25 for an unknown original', async () => {
    const at = new Date();
    const purchase = buildTransactionRequest({ pan: number, expiry, amountMinor: 30_000_00, currencyNumeric: '360', stan: 20, at, ...cafe });
    const bought = await sendIsoMessages({ port: host.isoPort as number, messages: [purchase] });
    expect(bought.exchanges[0]?.response?.fields[39]).toBe('00');
    const balanceAfterPurchase = ((await host.kartu.sandbox.bus.execute('card-list', { limit: 10 }, OWNER)) as { data: Array<{ balance?: { available: number } }> }).data[0]?.balance?.available;
    const reversal = buildTransactionRequest({ kind: 'reversal', pan: number, expiry, amountMinor: 30_000_00, currencyNumeric: '360', stan: 21, original: originalDataOf(purchase), ...cafe });
    const advice = buildTransactionRequest({ kind: 'advice_reversal', pan: number, expiry, amountMinor: 30_000_00, currencyNumeric: '360', stan: 22, original: originalDataOf(purchase), ...cafe });
    const ghost = buildTransactionRequest({ kind: 'reversal', pan: number, expiry, amountMinor: 30_000_00, currencyNumeric: '360', stan: 23, original: { ...originalDataOf(purchase), stan: '999999' }, ...cafe });
    const answers = await sendIsoMessages({ port: host.isoPort as number, messages: [reversal, advice, ghost] });
    expect(answers.exchanges.map((e) => [e.response?.mti, e.response?.fields[39]])).toEqual([
      ['0410', '00'],
      ['0430', '00'],
      ['0410', '25'],
    ]);
    const list = (await host.kartu.sandbox.bus.execute('authorization-list', { limit: 100 }, OWNER)) as { data: Array<{ client_id: string | null; status: string }> };
    expect(list.data.find((a) => a.client_id?.includes(':000020:'))?.status).toBe('reversed');
    const balanceAfterReversal = ((await host.kartu.sandbox.bus.execute('card-list', { limit: 10 }, OWNER)) as { data: Array<{ balance?: { available: number } }> }).data[0]?.balance?.available;
    expect((balanceAfterReversal ?? 0) - (balanceAfterPurchase ?? 0)).toBe(30_000_00);
  });
});

async function anotherCard(topUp: number): Promise<{ id: string; number: string; expiry: string }> {
  const { card } = await prepaidCard(host.kartu.sandbox, { topUp });
  const revealed = (await host.kartu.sandbox.bus.execute('card-reveal', { id: card.id }, OWNER)) as { number: string; exp_month: number; exp_year: number };
  return { id: card.id, number: revealed.number, expiry: `${String(revealed.exp_year).slice(2)}${String(revealed.exp_month).padStart(2, '0')}` };
}

async function availableOf(card: string): Promise<number> {
  return ((await host.kartu.sandbox.bus.execute('balance-get', { card }, OWNER)) as { available: number }).available;
}

describe('single-message purchases (0200)', () => {
  it('captures an approved 0200 before answering; a 0100 only holds', async () => {
    const c = await anotherCard(500_000_00);
    const at = new Date();
    const financial = buildTransactionRequest({ kind: 'financial', pan: c.number, expiry: c.expiry, amountMinor: 30_000_00, currencyNumeric: '360', stan: 400, at, ...cafe });
    const held = buildTransactionRequest({ pan: c.number, expiry: c.expiry, amountMinor: 20_000_00, currencyNumeric: '360', stan: 401, at, ...cafe });
    const answers = await sendIsoMessages({ port: host.isoPort as number, messages: [financial, held] });
    expect(answers.exchanges.map((e) => [e.response?.mti, e.response?.fields[39]])).toEqual([
      ['0210', '00'],
      ['0110', '00'],
    ]);
    const auths = (await host.kartu.sandbox.bus.execute('authorization-list', { card: c.id, limit: 10 }, OWNER)) as { data: Array<{ client_id: string; status: string; pending_amount: number }> };
    const byStan = (stan: string) => auths.data.find((a) => a.client_id.includes(`:${stan}:`))!;
    expect(byStan('000400')).toMatchObject({ status: 'closed', pending_amount: 0 });
    expect(byStan('000401')).toMatchObject({ status: 'pending', pending_amount: 20_000_00 });
    const captures = (await host.kartu.sandbox.bus.execute('transaction-list', { card: c.id, type: 'capture', limit: 10 }, OWNER)) as { data: Array<{ amount: number }> };
    expect(captures.data.map((t) => t.amount)).toEqual([30_000_00]);
    // Refundable at once, like any captured purchase.
    const refund = buildTransactionRequest({ kind: 'financial', pan: c.number, expiry: c.expiry, amountMinor: 10_000_00, currencyNumeric: '360', stan: 402, at, processingCode: '200000', original: originalDataOf(financial), ...cafe });
    const refunded = await sendIsoMessages({ port: host.isoPort as number, messages: [refund] });
    expect(refunded.exchanges[0]?.response?.fields[39]).toBe('00');
  });
});

describe('refunds and balance inquiries on the ISO 8583 port', () => {
  it('refunds a captured purchase named by field 90 (0200, processing code 20), once for a repeat, and refuses what cannot be refunded', async () => {
    const c = await anotherCard(1_000_000_00);
    const at = new Date();
    const purchase = buildTransactionRequest({ pan: c.number, expiry: c.expiry, amountMinor: 40_000_00, currencyNumeric: '360', stan: 100, at, ...cafe });
    const uncaptured = buildTransactionRequest({ pan: c.number, expiry: c.expiry, amountMinor: 10_000_00, currencyNumeric: '360', stan: 101, at, ...cafe });
    const bought = await sendIsoMessages({ port: host.isoPort as number, messages: [purchase, uncaptured] });
    expect(bought.exchanges.map((e) => e.response?.fields[39])).toEqual(['00', '00']);
    const auths = (await host.kartu.sandbox.bus.execute('authorization-list', { card: c.id, limit: 10 }, OWNER)) as { data: Array<{ id: string; client_id: string }> };
    const original = auths.data.find((a) => a.client_id.includes(':000100:'))!;
    await host.kartu.sandbox.bus.execute('authorization-capture', { id: original.id }, OWNER);
    const afterCapture = await availableOf(c.id);

    const refund = (stan: number, amountMinor: number, of = purchase, extra: Record<string, unknown> = {}) =>
      buildTransactionRequest({ kind: 'financial', pan: c.number, expiry: c.expiry, amountMinor, currencyNumeric: '360', stan, at, processingCode: '200000', original: originalDataOf(of), ...cafe, ...extra });
    const first = refund(110, 15_000_00);
    const answers = await sendIsoMessages({
      port: host.isoPort as number,
      messages: [
        first,
        refund(111, 30_000_00), // more than is left (25,000.00)
        refund(112, 5_000_00, uncaptured), // not captured: reverse it instead
        refund(113, 5_000_00, { ...purchase, fields: { ...purchase.fields, 11: '999999' } }), // unknown original
      ],
    });
    expect(answers.exchanges.map((e) => [e.response?.mti, e.response?.fields[39]])).toEqual([
      ['0210', '00'],
      ['0210', '13'],
      ['0210', '12'],
      ['0210', '25'],
    ]);
    expect(answers.exchanges[0]?.response?.fields[38]).toMatch(/^[0-9A-Z]{6}$/);
    const repeat = await sendIsoMessages({ port: host.isoPort as number, messages: [{ ...first, mti: '0201' }] });
    expect(repeat.exchanges[0]?.response?.fields[39]).toBe('00');
    const refunds = (await host.kartu.sandbox.bus.execute('transaction-list', { card: c.id, type: 'refund', limit: 10 }, OWNER)) as { data: Array<{ amount: number }> };
    expect(refunds.data.map((t) => t.amount)).toEqual([15_000_00]);
    expect((await availableOf(c.id)) - afterCapture).toBe(15_000_00);
    // Without field 90 there is no purchase to refund (the architecture has no merchant credit).
    const credit = buildTransactionRequest({ kind: 'financial', pan: c.number, expiry: c.expiry, amountMinor: 1_000_00, currencyNumeric: '360', stan: 114, at, processingCode: '200000', ...cafe });
    expect((await sendIsoMessages({ port: host.isoPort as number, messages: [credit] })).exchanges[0]?.response?.fields[39]).toBe('12');
  });

  it('answers a balance inquiry (processing code 31 or 30) with ledger and available balances in field 54, writing nothing', async () => {
    const c = await anotherCard(250_000_00);
    const hold = buildTransactionRequest({ pan: c.number, expiry: c.expiry, amountMinor: 50_000_00, currencyNumeric: '360', stan: 200, ...cafe });
    expect((await sendIsoMessages({ port: host.isoPort as number, messages: [hold] })).exchanges[0]?.response?.fields[39]).toBe('00');
    const before = await tableCounts(host.kartu.sandbox);
    const inquiry = (stan: number, processingCode: string, pan = c.number) =>
      buildTransactionRequest({ pan, expiry: c.expiry, amountMinor: 0, currencyNumeric: '360', stan, processingCode, ...cafe });
    const answers = await sendIsoMessages({ port: host.isoPort as number, messages: [inquiry(201, '311000'), inquiry(202, '300000'), inquiry(203, '310000', '4000000000000002')] });
    expect(answers.exchanges.map((e) => e.response?.fields[39])).toEqual(['00', '00', '14']);
    expect(parseAdditionalAmounts(answers.exchanges[0]!.response!.fields[54]!)).toEqual([
      { accountType: '10', amountType: '01', currencyNumeric: '360', amountMinor: 250_000_00 },
      { accountType: '10', amountType: '02', currencyNumeric: '360', amountMinor: 200_000_00 },
    ]);
    expect(answers.exchanges[0]!.response!.fields[54]).toBe('1001360C0000250000001002360C000020000000');
    expect(answers.exchanges[2]!.response!.fields[54]).toBeUndefined();
    await host.kartu.sandbox.bus.execute('card-update', { id: c.id, status: 'canceled', cancellation_reason: 'stolen' }, OWNER);
    expect((await sendIsoMessages({ port: host.isoPort as number, messages: [inquiry(204, '310000')] })).exchanges[0]?.response?.fields[39]).toBe('43');
    const after = await tableCounts(host.kartu.sandbox);
    expect({ ...after, events: 0, network_outbox: 0 }).toEqual({ ...before, events: 0, network_outbox: 0 }); // only the card-update wrote
  });

  it.each([
    ['0100: its hold is released', 'authorization' as const, 'reversed', 300],
    ['0200: the sale, captured with its decision, is refunded', 'financial' as const, 'closed', 310],
  ])('answers 96 at the decision deadline and undoes a late approval (%s), so no money stays taken', async (_, kind, status, stan) => {
    const c = await anotherCard(100_000_00);
    const engine = host.kartu.sandbox;
    const real = new AuthorizationQueue(engine);
    // The engine is slow today: each decision waits 150 ms before it even joins a batch.
    const later = () => new Promise((r) => setTimeout(r, 150));
    const slow = Object.assign(Object.create(real) as AuthorizationQueue, {
      submit: (input: unknown, actor: Parameters<AuthorizationQueue['submit']>[1]) => later().then(() => real.submit(input, actor)),
      sell: (input: unknown, actor: Parameters<AuthorizationQueue['sell']>[1], tag: string) => later().then(() => real.sell(input, actor, tag)),
    });
    const wiring = isoHandlerFor(engine, silentLogger, slow, { decisionDeadlineMs: 30 });
    const server = await startIsoServer({ port: 0, handler: wiring.handler });
    try {
      const before = await availableOf(c.id);
      const request = buildTransactionRequest({ kind, pan: c.number, expiry: c.expiry, amountMinor: 20_000_00, currencyNumeric: '360', stan, ...cafe });
      const started = Date.now();
      const result = await sendIsoMessages({ port: server.port, messages: [request] });
      expect(result.exchanges[0]?.response?.fields[39]).toBe('96');
      expect(Date.now() - started).toBeLessThan(140);
      await new Promise((r) => setTimeout(r, 250));
      await wiring.close();
      const auths = (await engine.bus.execute('authorization-list', { card: c.id, limit: 10 }, OWNER)) as { data: Array<{ approved: boolean; status: string; refunded_amount: number }> };
      expect(auths.data).toHaveLength(1);
      expect(auths.data[0]).toMatchObject({ approved: true, status, refunded_amount: kind === 'financial' ? 20_000_00 : 0 });
      expect(await availableOf(c.id)).toBe(before);
    } finally {
      await server.close();
      await real.close();
    }
  });
});
