import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepaidCard } from '../core/authorization/testing/auth-fixtures.js';
import { OWNER } from '../core/testing/test-engine.js';
import { buildTransactionRequest, originalDataOf } from '../core/network/iso8583/acquirer-messages.js';
import { sendIsoMessages } from './iso8583/terminal-client.js';
import { startTestHost, type TestHost } from './testing/host-fixture.js';

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
      ['0110', '12'],
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
