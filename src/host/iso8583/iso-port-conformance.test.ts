import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER } from '../../core/testing/test-engine.js';
import { basicCardholder } from '../../core/testing/fixtures.js';
import { packDataWithIsoPackage, unpackWithIsoPackage } from '../../core/network/iso8583/testing/iso8583-package.js';
import type { Iso8583Message } from '../../core/network/iso8583/message.js';
import { startTestHost, type TestHost } from '../testing/host-fixture.js';

/**
 * The ISO 8583 port as an acquirer sees it, through an independent implementation: the `iso_8583`
 * npm package packs every 0100 (fields written out here by hand, not by Kartu's acquirer side) and
 * reads every 0110, over a plain TCP socket to a started host. One request per answer the
 * architecture names: approval, each decline reason in the order of checks, an unknown and an
 * expired card, and what the port refuses by the message alone.
 */
let host: TestHost;
const engine = () => host.kartu.sandbox;

beforeAll(async () => {
  host = await startTestHost({ isoPort: 0 });
});
afterAll(async () => {
  await host.stop();
});

interface TestCard {
  id: string;
  number: string;
  /** Field 14, YYMM. */
  expiry: string;
}

let program: { id: string };
async function card(options: { spending_controls?: Record<string, unknown>; topUp?: number } = {}): Promise<TestCard> {
  program ??= (await engine().bus.send('program-create', { name: 'Kartu Prepaid', kind: 'prepaid', currency: 'IDR', default_expiry_years: 1 }, OWNER)) as { id: string };
  const holder = await basicCardholder(engine());
  const created = await engine().bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual', ...(options.spending_controls ? { spending_controls: options.spending_controls } : {}) } as never, OWNER);
  await engine().bus.send('top-up-create', { card: created.id, amount: options.topUp ?? 1_000_000 }, OWNER);
  const revealed = await engine().bus.send('card-reveal', { id: created.id }, OWNER);
  return { id: created.id, number: revealed.number, expiry: `${String(revealed.exp_year).slice(2)}${String(revealed.exp_month).padStart(2, '0')}` };
}

let stan = 0;
/** A purchase authorization (0100) as an acquirer writes it, field by field. */
function request0100(c: { number: string; expiry: string }, amount: number, extra: Record<string, string> = {}): Record<string, string> {
  stan++;
  const trace = String(stan).padStart(6, '0');
  return {
    0: '0100',
    2: c.number,
    3: '000000',
    4: String(amount).padStart(12, '0'),
    7: '1125093015',
    11: trace,
    12: '093015',
    13: '1125',
    14: c.expiry,
    18: '5814',
    22: '051',
    32: '123456',
    37: `RRN${trace}000`.slice(0, 12),
    41: 'TERM0001',
    42: 'MRC-CAFE-01    ',
    // Name (25), city (13), country alpha-2 (2).
    43: `${'Warung Kopi'.padEnd(25)}${'Jakarta'.padEnd(13)}ID`,
    49: '360',
    ...extra,
  };
}

/** Sends the packed frames pipelined on one connection and reads the answers with the package, matched by STAN. */
async function exchange(requests: Array<Record<string, string>>): Promise<Map<string, Iso8583Message>> {
  const frames = requests.map((r) => packDataWithIsoPackage(r));
  const answers = new Map<string, Iso8583Message>();
  const socket = connect({ host: '127.0.0.1', port: host.isoPort as number });
  let buffered = Buffer.alloc(0);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`answers: ${answers.size} of ${requests.length}`)), 10_000);
    socket.on('connect', () => socket.write(Buffer.concat(frames)));
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const length = buffered.readUInt16BE(0);
        const message = unpackWithIsoPackage(buffered.subarray(0, 2 + length));
        buffered = buffered.subarray(2 + length);
        answers.set(message.fields[11] as string, message);
      }
      if (answers.size === requests.length) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  socket.end();
  return answers;
}

const codeOf = (answers: Map<string, Iso8583Message>, request: Record<string, string>) => {
  const answer = answers.get(request[11] as string);
  return [answer?.mti, answer?.fields[39]];
};

describe('0100 -> 0110 through the iso_8583 package', () => {
  it('answers approval, each decline reason and an unknown card with the right code, echoing what the acquirer matches on', async () => {
    const plain = await card();
    const inactive = await card();
    await engine().bus.send('card-update', { id: inactive.id, status: 'inactive' }, OWNER);
    const cancel = async (reason: string) => {
      const c = await card();
      await engine().bus.send('card-update', { id: c.id, status: 'canceled', cancellation_reason: reason } as never, OWNER);
      return c;
    };
    const lost = await cancel('lost');
    const stolen = await cancel('stolen');
    const closed = await cancel('closed_by_request');
    const noCafes = await card({ spending_controls: { blocked_categories: ['5814'] } });
    const otherMerchants = await card({ spending_controls: { allowed_merchants: ['MRC-GROC-01'] } });
    const abroad = await card({ spending_controls: { blocked_countries: ['ID'] } });
    const small = await card({ spending_controls: { spending_limits: [{ amount: 10_000, interval: 'per_authorization' }] } });
    const once = await card({ spending_controls: { velocity_limits: [{ count: 1, interval: 'daily' }] } });
    const listed = await card();
    await engine().bus.send('blocklist-import', { name: 'CERT', source: 'Bank CERT', source_date: '2026-03-01', policy: 'decline', format: 'csv', kind: 'card', content: listed.number, preview: false } as never, OWNER);
    const nextYear = `${String(Number(plain.expiry.slice(0, 2)) + 1).padStart(2, '0')}${plain.expiry.slice(2)}`;

    const cases: Array<[string, Record<string, string>, string]> = [
      ['approved', request0100(plain, 25_000), '00'],
      ['card inactive', request0100(inactive, 25_000), '05'],
      ['canceled as lost', request0100(lost, 25_000), '41'],
      ['canceled as stolen', request0100(stolen, 25_000), '43'],
      ['canceled otherwise', request0100(closed, 25_000), '05'],
      ['an expiry that is not the card\'s', request0100({ number: plain.number, expiry: nextYear }, 25_000), '54'],
      ['blocked category', request0100(noCafes, 25_000), '57'],
      ['merchant not allowed', request0100(otherMerchants, 25_000), '57'],
      ['blocked country', request0100(abroad, 25_000), '62'],
      ['over the amount limit', request0100(small, 25_000), '61'],
      ['within the frequency limit', request0100(once, 5_000), '00'],
      ['insufficient funds', request0100(plain, 5_000_000), '51'],
      ['block-listed card (risk)', request0100(listed, 25_000), '59'],
      ['a number Kartu did not issue', request0100({ number: '4000000000000002', expiry: plain.expiry }, 25_000), '14'],
      ['a number that fails Luhn', request0100({ number: '4000000000000003', expiry: plain.expiry }, 25_000), '14'],
      ['a zero amount', request0100(plain, 0), '13'],
      ['a transaction the port does not serve (cash)', request0100(plain, 25_000, { 3: '010000' }), '12'],
    ];
    const answers = await exchange(cases.map(([, r]) => r));
    expect(cases.map(([what, r]) => [what, ...codeOf(answers, r)])).toEqual(cases.map(([what, , code]) => [what, '0110', code]));
    // After the first, the frequency limit declines (its counter is per card, so on its own connection).
    const again = request0100(once, 5_000);
    expect(codeOf(await exchange([again]), again)).toEqual(['0110', '65']);

    const approved = answers.get(cases[0]![1][11] as string)!;
    expect(approved.fields[38]).toMatch(/^[0-9A-Z]{6}$/);
    for (const [, r] of cases) {
      const answer = answers.get(r[11] as string)!;
      expect(answer.fields[37]).toBe(r[37]);
      expect(answer.fields[41]).toBe(r[41]);
      if (answer.fields[39] !== '00') expect(answer.fields[38]).toBeUndefined();
    }
  });

  it('answers an expired card 54', async () => {
    const c = await card();
    // A year's card: past its expiry month once the sandbox clock is 13 months on.
    await engine().bus.send('sandbox-clock-advance', { seconds: 400 * 86_400 }, OWNER);
    const r = request0100(c, 25_000);
    expect(codeOf(await exchange([r]), r)).toEqual(['0110', '54']);
    const list = await engine().bus.send('authorization-list', { card: c.id, limit: 1 } as never, OWNER);
    expect(list.data[0]).toMatchObject({ approved: false, decline_reason: 'card_expired' });
  });
});
