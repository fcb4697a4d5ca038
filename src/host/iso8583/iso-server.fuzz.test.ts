import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTransactionRequest } from '../../core/network/iso8583/acquirer-messages.js';
import { isLuhnValid } from '../../core/kernel/luhn.js';
import { CURRENCY_NUMERIC } from '../../core/kernel/money.js';
import { seededRandom, type Random } from '../../core/kernel/random.js';
import { startIsoServer, type IsoServer } from './iso-server.js';
import { sendIsoMessages } from './terminal-client.js';
import { FUZZ_AT, FUZZ_PAN, hostileBurst } from './testing/fuzz-frames.js';
import { delay, rawPeer } from './testing/raw-client.js';
import { testHandler } from './testing/test-handler.js';

/**
 * Throws random, truncated and mutated frames at the port from several connections at once, for a
 * bounded time, then proves it still answers a good message and that the engine only ever saw
 * requests that passed validation. A few seconds by default; KARTU_LONG=1 (npm run test:long)
 * runs a minute.
 */
const LONG = process.env.KARTU_LONG !== undefined && process.env.KARTU_LONG !== '' && process.env.KARTU_LONG !== '0';
const DURATION_MS = LONG ? 60_000 : 3_000;
const CONNECTIONS = 4;
const SEED = Number(process.env.KARTU_FUZZ_SEED ?? 8583);

async function fuzzConnection(port: number, random: Random, until: number, id: number): Promise<number> {
  let bursts = 0;
  while (Date.now() < until) {
    let peer;
    try {
      peer = await rawPeer(port);
    } catch {
      continue;
    }
    const data = hostileBurst(random, id * 100_000 + bursts * 16);
    bursts++;
    let at = 0;
    while (at < data.length && !peer.isClosed()) {
      const size = 1 + random.int(64);
      peer.send(data.subarray(at, at + size));
      at += size;
      if (random.int(4) === 0) await delay(random.int(3));
    }
    await delay(random.int(10));
    if (random.int(3) === 0) await delay(20); // sometimes let the answers come
    peer.end();
  }
  return bursts;
}

describe('ISO 8583 port under fuzzing', () => {
  let server: IsoServer;
  const handler = testHandler({ delayMs: (r) => r.amountMinor % 3 });
  beforeAll(async () => {
    server = await startIsoServer({ port: 0, handler: handler.handler, handlerTimeoutMs: 2000 });
  });
  afterAll(async () => {
    await server.close();
  });

  it(
    `stays up through ${DURATION_MS / 1000}s of random, truncated and mutated frames, and the engine sees only valid requests`,
    async () => {
      const until = Date.now() + DURATION_MS;
      const bursts = await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => fuzzConnection(server.port, seededRandom(SEED + i), until, i)));
      expect(bursts.reduce((a, b) => a + b, 0)).toBeGreaterThan(CONNECTIONS);
      expect(handler.seen.length).toBeGreaterThan(0); // good frames amid the noise still got through

      const knownCurrencies = new Set(Object.values(CURRENCY_NUMERIC));
      for (const request of handler.seen) {
        expect(isLuhnValid(request.pan)).toBe(true);
        expect(knownCurrencies.has(request.currencyNumeric)).toBe(true);
        expect(Number.isSafeInteger(request.amountMinor) && request.amountMinor >= 0).toBe(true);
        expect(request.stan).toMatch(/^\d{6}$/);
      }

      const { exchanges } = await sendIsoMessages({ port: server.port, messages: [buildTransactionRequest({ pan: FUZZ_PAN, amountMinor: 5_000_000, currencyNumeric: '360', stan: 999_999, at: FUZZ_AT })] });
      expect(exchanges[0]!.response?.fields[39]).toBe('00');
      for (let i = 0; i < 50 && server.connectionCount() > 0; i++) await delay(20);
      expect(server.connectionCount()).toBe(0);
    },
    DURATION_MS + 30_000,
  );
});
