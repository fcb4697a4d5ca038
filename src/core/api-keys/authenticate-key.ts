import type { Actor } from '../bus/actor.js';
import type { Db } from '../db/database.js';
import type { Mode } from '../bus/context.js';
import { hashSecret } from '../security/secrets.js';
import { parseSecret, type ParsedSecret } from './api-key-secret.js';
import { scopesOf } from './api-key.js';
import { neutralTransaction, type WriteNotices } from '../db/write-journal.js';

/** last_used_at is for people ("used 3 minutes ago"), so it is written at most once a minute. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export type ApiKeyActor = Extract<Actor, { type: 'api_key' }>;

export interface AuthenticateOptions {
  /** Which database `db` is; a key of the other mode is refused even if its row were there. */
  mode?: Mode;
  now?: Date;
  /**
   * The engine's write notices: the last-used time is then written as a neutral write (it touches
   * nothing a decision reads), so a busy API client's requests keep the authorization queue's session.
   */
  writes?: WriteNotices;
}

/**
 * The caller a secret key stands for, or undefined for a malformed, unknown or revoked key. Keys
 * are found by their SHA-256 (a long random secret needs no slow hash) through the unique index,
 * so one indexed read per request; the secret itself is never stored or compared in plaintext.
 * Hosts answering many requests put VerifiedKeys (verified-keys.ts) in front of this.
 */
export async function authenticateKey(db: Db, secret: string, options: AuthenticateOptions = {}): Promise<ApiKeyActor | undefined> {
  const parsed = parseSecret(secret);
  if (!parsed) return undefined;
  if (options.mode && options.mode !== parsed.mode) return undefined;
  return authenticateKeyHash(db, parsed, hashSecret(secret), options);
}

/** The lookup itself, for a secret already parsed and hashed. */
export async function authenticateKeyHash(db: Db, parsed: ParsedSecret, secretHash: string, options: AuthenticateOptions = {}): Promise<ApiKeyActor | undefined> {
  if (options.mode && options.mode !== parsed.mode) return undefined;
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'mode', 'prefix', 'scopes', 'last_used_at', 'revoked_at'])
    .where('secret_hash', '=', secretHash)
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.mode !== parsed.mode || row.prefix !== parsed.prefix) return undefined;
  const now = options.now ?? new Date();
  if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) >= LAST_USED_RESOLUTION_MS) {
    await neutralTransaction(db, options.writes, (trx) => trx.updateTable('api_keys').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute());
  }
  return { type: 'api_key', id: row.id, scopes: scopesOf(row) };
}
