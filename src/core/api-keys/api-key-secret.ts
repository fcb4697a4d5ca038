import { randomBytes } from 'node:crypto';
import type { Mode } from '../bus/context.js';

/**
 * Secret keys look like Stripe's: `kartu_test_` / `kartu_live_` for full secret keys and
 * `rk_test_` / `rk_live_` for restricted ones, then 32 base62 characters (about 190 bits). The
 * prefix says which database the key lives in, so a host can pick the engine before any lookup
 * and a test key can never reach live data.
 */
export type ApiKeyKind = 'secret' | 'restricted';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const SECRET_RANDOM_LENGTH = 32;
const SECRET_PATTERN = /^(kartu|rk)_(test|live)_([0-9A-Za-z]{32})$/;

export interface ParsedSecret {
  kind: ApiKeyKind;
  mode: Mode;
  /** `kartu_test`, `rk_live`, ... */
  prefix: string;
}

export function secretPrefix(kind: ApiKeyKind, mode: Mode): string {
  return `${kind === 'secret' ? 'kartu' : 'rk'}_${mode}`;
}

/**
 * Always from the operating system's CSPRNG, never from the engine's injected randomness: the
 * engine may run on a seeded generator (tests, demo), and a key must never be predictable.
 * Rejection sampling keeps every character uniform.
 */
export function generateSecret(kind: ApiKeyKind, mode: Mode): string {
  let out = '';
  while (out.length < SECRET_RANDOM_LENGTH) {
    for (const byte of randomBytes(48)) {
      if (byte >= 248) continue; // 248 = 4 * 62: keep the distribution uniform
      out += BASE62[byte % 62];
      if (out.length === SECRET_RANDOM_LENGTH) break;
    }
  }
  return `${secretPrefix(kind, mode)}_${out}`;
}

/** The shape of a key, or undefined for anything that cannot be one (checked before hashing). */
export function parseSecret(secret: string): ParsedSecret | undefined {
  const match = SECRET_PATTERN.exec(secret);
  if (!match) return undefined;
  const kind: ApiKeyKind = match[1] === 'kartu' ? 'secret' : 'restricted';
  const mode = match[2] as Mode;
  return { kind, mode, prefix: secretPrefix(kind, mode) };
}
