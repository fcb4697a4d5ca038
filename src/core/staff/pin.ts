import { scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';

/** Staff PINs: 4 to 8 digits, typed at a counter. Stored with hashPin (scrypt, salted). */
export const pinSchema = z.string().regex(/^\d{4,8}$/, 'A PIN is 4 to 8 digits');

/**
 * The owner created by the one-time sign-in link has no PIN yet: this marker is not a scrypt hash,
 * so no PIN ever matches it, until the owner sets one with staff-update.
 */
export const NO_PIN = 'none';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;

/**
 * The same check as security/secrets.ts verifyPin, but on libuv's thread pool: one scrypt takes
 * tens of milliseconds, and signing in by PIN alone tries every staff member, which must not stall
 * the event loop that answers authorizations.
 */
export async function pinMatches(pin: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(pin, Buffer.from(salt, 'base64'), expected.length, { N: 16384, r: 8, p: 1 });
  return timingSafeEqual(expected, actual);
}
