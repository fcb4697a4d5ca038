import { randomBytes, randomInt } from 'node:crypto';

/** Randomness is injected so that the demo data and the tests are reproducible from a seed. */
export interface Random {
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  bytes(length: number): Uint8Array;
}

/**
 * Small requests (every id takes 8 bytes) are served from a pool refilled 4 KB at a time: one call
 * into OpenSSL per id cost more than the rest of making the id. Each byte is handed out once and
 * the pool is CSPRNG output like any single call's, so it is as good for secrets.
 */
const POOL_SIZE = 4096;
const POOLED_MAX = 256;
let pool = new Uint8Array(0);
let poolAt = 0;

function cryptoBytes(length: number): Uint8Array {
  if (length > POOLED_MAX) return new Uint8Array(randomBytes(length));
  if (poolAt + length > pool.length) {
    pool = new Uint8Array(randomBytes(POOL_SIZE));
    poolAt = 0;
  }
  const out = pool.slice(poolAt, poolAt + length);
  // Zeroed once taken, so what was handed out does not linger in the pool's memory.
  pool.fill(0, poolAt, poolAt + length);
  poolAt += length;
  return out;
}

export const cryptoRandom: Random = {
  int: (maxExclusive) => randomInt(maxExclusive),
  bytes: cryptoBytes,
};

/** sfc32, a small fast generator with good statistics: deterministic, never for secrets. */
export function seededRandom(seed: number): Random {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ (seed * 31);
  let c = 0xb7e15162;
  let d = seed | 0;
  const next = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next();
  return {
    int: (maxExclusive) => {
      if (!Number.isInteger(maxExclusive) || maxExclusive <= 0) throw new RangeError('maxExclusive must be a positive integer');
      return Math.floor((next() / 0x1_0000_0000) * maxExclusive);
    },
    bytes: (length) => {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) out[i] = next() & 0xff;
      return out;
    },
  };
}

export function pick<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('cannot pick from an empty list');
  return items[random.int(items.length)] as T;
}
