import { buildNetworkManagementRequest, buildTransactionRequest } from '../../../core/network/iso8583/acquirer-messages.js';
import { packFrame } from '../../../core/network/iso8583/codec.js';
import type { Random } from '../../../core/kernel/random.js';

/**
 * Hostile input for the ISO 8583 port, from a seeded generator: reusable by any test that puts
 * the port in front of something (the fake handler here, the real engine in the host's tests).
 */
export const FUZZ_PAN = '6037991234567893';
export const FUZZ_AT = new Date('2026-11-25T09:30:15Z');

export function goodFrame(random: Random, stan: number, pan = FUZZ_PAN): Buffer {
  if (random.int(10) === 0) return packFrame(buildNetworkManagementRequest({ stan, at: FUZZ_AT }));
  return packFrame(
    buildTransactionRequest({
      kind: (['authorization', 'financial', 'reversal', 'advice_reversal'] as const)[random.int(4)],
      pan, amountMinor: 1 + random.int(10_000_000), currencyNumeric: '360', stan, at: FUZZ_AT, mcc: '5814', terminalId: 'FUZZ0001',
      merchant: { name: 'Fuzz', city: 'Jakarta', country: 'ID' },
    }),
  );
}

/** One burst: good frames mixed with noise, truncated messages and flipped bytes. */
export function hostileBurst(random: Random, stanBase: number, pan = FUZZ_PAN): Buffer {
  const parts: Buffer[] = [];
  const count = 1 + random.int(12);
  for (let i = 0; i < count; i++) {
    const good = goodFrame(random, (stanBase + i) % 1_000_000, pan);
    switch (random.int(6)) {
      case 0: // pure noise
        parts.push(Buffer.from(random.bytes(random.int(300))));
        break;
      case 1: { // a correct length prefix around a truncated message
        const cut = random.int(good.length - 2);
        const frame = Buffer.alloc(2 + cut);
        frame.writeUInt16BE(cut, 0);
        good.copy(frame, 2, 2, 2 + cut);
        parts.push(frame);
        break;
      }
      case 2: { // flipped bytes inside a good frame (the length prefix kept)
        const frame = Buffer.from(good);
        for (let k = 0; k <= random.int(4); k++) frame[2 + random.int(frame.length - 2)] = random.int(256);
        parts.push(frame);
        break;
      }
      case 3: // noise behind a plausible length prefix
        parts.push(Buffer.concat([Buffer.from([0, 40 + random.int(60)]), Buffer.from(random.bytes(random.int(120)))]));
        break;
      default:
        parts.push(good);
    }
  }
  return Buffer.concat(parts);
}
