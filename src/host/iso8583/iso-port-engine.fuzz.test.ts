import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTransactionRequest } from '../../core/network/iso8583/acquirer-messages.js';
import { seededRandom, type Random } from '../../core/kernel/random.js';
import { OWNER, tableCounts } from '../../core/testing/test-engine.js';
import { prepaidCard } from '../../core/authorization/testing/auth-fixtures.js';
import { startTestHost, type TestHost } from '../testing/host-fixture.js';
import { sendIsoMessages } from './terminal-client.js';
import { hostileBurst } from './testing/fuzz-frames.js';
import { delay, rawPeer } from './testing/raw-client.js';

/**
 * The fuzz of iso-server.fuzz.test.ts, in front of the real engine of a started host: random,
 * truncated and mutated frames from several connections, with the good frames amid them naming a
 * number Kartu did not issue. Afterwards the host still decides a real purchase, no money moved,
 * and the only rows written are the records of 14 declines (stored like every decision).
 */
const DURATION_MS = 2_000;
const CONNECTIONS = 3;
const SEED = Number(process.env.KARTU_FUZZ_SEED ?? 80_100);
/** Luhn-valid, outside every sandbox BIN. */
const NOT_ISSUED = '4000000000000002';

/**
 * Tables a declined decision writes (the decision, its event, the reports' and risk's facts of it),
 * and `settings`, where the host's background workers keep their cursors over those events.
 */
const DECISION_RECORD = /^(authorizations|events|report_.*|risk_.*|audit_log|reports_.*|settings)$/;

let host: TestHost;
let card: { id: string };
let number: string;
let expiry: string;
beforeAll(async () => {
  host = await startTestHost({ isoPort: 0 });
  card = (await prepaidCard(host.kartu.sandbox, { topUp: 1_000_000 })).card;
  const revealed = await host.kartu.sandbox.bus.send('card-reveal', { id: card.id }, OWNER);
  number = revealed.number;
  expiry = `${String(revealed.exp_year).slice(2)}${String(revealed.exp_month).padStart(2, '0')}`;
});
afterAll(async () => {
  await host.stop();
});

async function fuzzConnection(port: number, random: Random, until: number, id: number): Promise<number> {
  let bursts = 0;
  while (Date.now() < until) {
    let peer;
    try {
      peer = await rawPeer(port);
    } catch {
      continue;
    }
    const data = hostileBurst(random, id * 100_000 + bursts * 16, NOT_ISSUED);
    bursts++;
    let at = 0;
    while (at < data.length && !peer.isClosed()) {
      const size = 1 + random.int(64);
      peer.send(data.subarray(at, at + size));
      at += size;
      if (random.int(4) === 0) await delay(random.int(3));
    }
    await delay(random.int(10));
    peer.end();
  }
  return bursts;
}

describe('the ISO 8583 port of a started host under fuzzing', () => {
  it('stays up, moves no money and writes nothing but the records of its declines', async () => {
    const before = await tableCounts(host.kartu.sandbox, []);
    const balanceBefore = await host.kartu.sandbox.bus.send('balance-get', { card: card.id }, OWNER);
    const until = Date.now() + DURATION_MS;
    const bursts = await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => fuzzConnection(host.isoPort as number, seededRandom(SEED + i), until, i)));
    expect(bursts.reduce((a, b) => a + b, 0)).toBeGreaterThan(CONNECTIONS);
    await delay(200); // decisions still in the queue commit

    const after = await tableCounts(host.kartu.sandbox, []);
    const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
    expect(changed.filter((table) => !DECISION_RECORD.test(table)), 'tables written beyond decision records').toEqual([]);
    const decided = host.kartu.sandbox.database.sqlite.prepare('SELECT approved, response_code, pending_amount, card_id FROM authorizations').all() as Array<{ approved: number; response_code: string; pending_amount: number; card_id: string | null }>;
    expect(decided.length, 'good frames amid the noise reached the engine').toBeGreaterThan(0);
    expect(decided.every((a) => a.approved === 0 && a.pending_amount === 0 && a.card_id === null)).toBe(true);
    expect(new Set(decided.map((a) => a.response_code))).toEqual(new Set(['14']));
    expect(await host.kartu.sandbox.bus.send('balance-get', { card: card.id }, OWNER)).toEqual(balanceBefore);
    expect(await host.kartu.sandbox.bus.send('ledger-check', {}, OWNER)).toMatchObject({ ok: true });

    const { exchanges } = await sendIsoMessages({
      port: host.isoPort as number,
      messages: [buildTransactionRequest({ pan: number, expiry, amountMinor: 25_000, currencyNumeric: '360', stan: 424_242, mcc: '5814', merchant: { name: 'Warung Kopi', city: 'Jakarta', country: 'ID' }, merchantId: 'MRC-CAFE-01', terminalId: 'T1' })],
    });
    expect(exchanges[0]!.response?.fields[39]).toBe('00');
  }, 30_000);
});
