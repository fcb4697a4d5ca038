import type { Clock } from './clock.js';
import type { Random } from './random.js';

/** Crockford base32: sortable as text, no ambiguous letters. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export const ID_PREFIXES = [
  'prog', 'loc', 'ch', 'card', 'auth', 'txn', 'evt', 'aud', 'key', 'acct', 'tr', 'topup', 'fx', 'we',
  'whd', 'staff', 'sess', 'obx', 'rwd', 'rdm', 'lot', 'pts', 'tier', 'camp', 'rule', 'ptnr', 'alrt', 'bl',
  'stl', 'design', 'fee', 'job', 'exp', 'mbr', 'pxc', 'cbk', 'rcfg', 'ble', 'alc', 'wdl', 'fund',
  'adv', 'ndis', 'simp', 'sitm',
] as const;
export type IdPrefix = (typeof ID_PREFIXES)[number];

export interface IdGenerator {
  next(prefix: IdPrefix): string;
}

/**
 * Ids are `prefix_` + 10 chars of milliseconds + 4 chars of a per-millisecond counter + 8 random
 * chars, so that they sort by creation time (list pagination relies on it) and cannot be guessed.
 */
export function idGenerator(clock: Clock, random: Random): IdGenerator {
  let lastMs = -1;
  let lastMsText = '';
  let counter = 0;
  return {
    next(prefix) {
      let ms = clock.now().getTime();
      if (ms <= lastMs) {
        ms = lastMs;
        counter++;
        if (counter >= 32 ** 4) {
          ms = lastMs + 1;
          counter = 0;
        }
      } else {
        counter = 0;
      }
      // Bulk work makes thousands of ids in the same millisecond: its text is made once.
      if (ms !== lastMs) lastMsText = encode(ms, 10);
      lastMs = ms;
      return `${prefix}_${lastMsText}${encode(counter, 4)}${randomChars(random, 8)}`;
    },
  };
}

function encode(value: number, width: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function randomChars(random: Random, count: number): string {
  const bytes = random.bytes(count);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return out;
}

export function idPrefixOf(id: string): string {
  const at = id.indexOf('_');
  return at < 0 ? '' : id.slice(0, at);
}
