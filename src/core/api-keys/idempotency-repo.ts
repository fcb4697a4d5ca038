import type { Db } from '../db/database.js';

/**
 * Stored answers for the public API's Idempotency-Key, one row per (API key, idempotency key).
 * A row is claimed (status_code 0) BEFORE the request runs, so a second request with the same key
 * — from this process or another one on the same database — finds it and never runs the command
 * again; the answer is written once the command has committed. A claim left behind by a crash
 * therefore refuses retries (409) until it expires, rather than letting them write twice.
 */
export const IN_PROGRESS = 0;

export type IdempotencyClaim =
  | { state: 'claimed' }
  | { state: 'stored'; requestHash: string; statusCode: number; response: string }
  | { state: 'in_progress'; requestHash: string };

export async function claimIdempotencyKey(db: Db, apiKeyId: string, key: string, requestHash: string, now: Date): Promise<IdempotencyClaim> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({ api_key_id: apiKeyId, key, request_hash: requestHash, status_code: IN_PROGRESS, response: '', created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['api_key_id', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { state: 'claimed' };
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response'])
    .where('api_key_id', '=', apiKeyId)
    .where('key', '=', key)
    .executeTakeFirst();
  // Purged between the two statements: claim again (bounded: a purge only removes old rows).
  if (!row) return claimIdempotencyKey(db, apiKeyId, key, requestHash, now);
  if (row.status_code === IN_PROGRESS) return { state: 'in_progress', requestHash: row.request_hash };
  return { state: 'stored', requestHash: row.request_hash, statusCode: row.status_code, response: row.response };
}

/** The row of a key, read without writing anything (the common case: none yet). */
export async function findIdempotencyKey(db: Db, apiKeyId: string, key: string): Promise<Exclude<IdempotencyClaim, { state: 'claimed' }> | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response'])
    .where('api_key_id', '=', apiKeyId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.status_code === IN_PROGRESS) return { state: 'in_progress', requestHash: row.request_hash };
  return { state: 'stored', requestHash: row.request_hash, statusCode: row.status_code, response: row.response };
}

export interface IdempotentAnswer {
  apiKeyId: string;
  key: string;
  requestHash: string;
  statusCode: number;
  response: string;
  now: Date;
}

/**
 * The whole record at once, written INSIDE the transaction of the command it answers (the bus's
 * `inTransaction`): no claim before and no update after, so one commit instead of three. A row
 * already there (another process answered meanwhile) makes this throw, which rolls the command
 * back with it: nothing is written twice.
 */
export async function insertIdempotentAnswer(db: Db, answer: IdempotentAnswer): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({ api_key_id: answer.apiKeyId, key: answer.key, request_hash: answer.requestHash, status_code: answer.statusCode, response: answer.response, created_at: answer.now.toISOString() })
    .execute();
}

/**
 * The answer to a refused request (its command rolled back and wrote nothing), kept for replay.
 * If a row appeared meanwhile (another process), that one stands and is returned instead.
 */
export async function keepIdempotentAnswer(db: Db, answer: IdempotentAnswer): Promise<Exclude<IdempotencyClaim, { state: 'claimed' }> | undefined> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({ api_key_id: answer.apiKeyId, key: answer.key, request_hash: answer.requestHash, status_code: answer.statusCode, response: answer.response, created_at: answer.now.toISOString() })
    .onConflict((oc) => oc.columns(['api_key_id', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return undefined;
  return findIdempotencyKey(db, answer.apiKeyId, answer.key);
}

export async function storeIdempotentResponse(db: Db, apiKeyId: string, key: string, statusCode: number, response: string): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ status_code: statusCode, response })
    .where('api_key_id', '=', apiKeyId)
    .where('key', '=', key)
    .execute();
}

/** The request failed without writing anything (a fault, not an answer): a retry may run it. */
export async function releaseIdempotencyKey(db: Db, apiKeyId: string, key: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('api_key_id', '=', apiKeyId)
    .where('key', '=', key)
    .where('status_code', '=', IN_PROGRESS)
    .execute();
}

/** Keys are kept at least 24 hours (issue 7); older ones are removed. Returns how many. */
export async function purgeIdempotencyKeys(db: Db, createdBefore: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', createdBefore.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
