import { createHash } from 'node:crypto';
import type { Db } from '../../core/db/database.js';
import type { InTransaction } from '../../core/bus/bus.js';
import {
  claimIdempotencyKey,
  findIdempotencyKey,
  insertIdempotentAnswer,
  keepIdempotentAnswer,
  releaseIdempotencyKey,
  storeIdempotentResponse,
  type IdempotencyClaim,
} from '../../core/api-keys/idempotency-repo.js';
import { isLuhnValid } from '../../core/kernel/luhn.js';
import { HttpError } from '../http/http-error.js';
import { GroupCommit, type SyncedLater } from './group-commit.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Keys are kept at least this long (issue 7: at least 24 h). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
const MAX_KEY_LENGTH = 255;

export interface ApiAnswer {
  status: number;
  /** The JSON text sent. */
  body: string;
}

/** An answer as the route produced it: `fault` for an internal error (nothing written, nothing kept). */
export interface ExecutedAnswer extends ApiAnswer {
  fault?: boolean;
  /** True when the answer's record was written inside the command's transaction. */
  recorded?: boolean;
}

/**
 * Given to a route that runs on the bus: it turns the command's output into the answer and
 * returns the bus hook that writes the answer's record in the command's transaction.
 */
export type AnswerRecorder = (render: (output: unknown) => ApiAnswer) => InTransaction;

export interface IdempotentRequest {
  db: Db;
  /** Lets the claims and answers of concurrent requests share commits that sync off the thread. */
  syncedLater?: SyncedLater;
  apiKeyId: string;
  key: string;
  hash: string;
  /**
   * True when the command runs on the bus, which writes the record inside the command's
   * transaction (one commit). False for the authorization queue, which has no such hook: the key
   * is claimed before and the answer stored after, both group-committed with other requests'.
   */
  inTransaction: boolean;
  execute(recorder: AnswerRecorder | undefined): Promise<ExecutedAnswer>;
}

/** Another process wrote this key's record first: the command rolled back, the record stands. */
class RecordConflict extends Error {
  override name = 'RecordConflict';
}

const isUniqueViolation = (error: unknown): boolean => /UNIQUE constraint failed|duplicate key/i.test((error as Error)?.message ?? '');

/** The same body in another key order or spacing is the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n`).update(canonicalJson(body)).digest('hex');
}

export function validIdempotencyKey(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined || key.length === 0 || key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw new HttpError(400, {
      type: 'invalid_request_error',
      code: 'idempotency_key_invalid',
      message: `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} visible ASCII characters (a UUID is a good choice).`,
      param: 'Idempotency-Key',
    });
  }
  return key;
}

/** A JSON string that is nothing but 13-19 digits: how a card number appears in an answer. */
const PAN_STRING = /"(\d{13,19})"/g;

/**
 * Stored answers never hold a full card number (ARCHITECTURE.md, security rules). Routes that
 * return one (reveal) are not idempotent-stored at all; this is the net below that rule: a JSON
 * string of 13-19 digits that passes the Luhn check is cut to first6/last4 before the answer is
 * written. Numbers (amounts) and phone numbers ("+62...") are left alone.
 */
export function withoutCardNumbers(text: string): string {
  return text.replace(PAN_STRING, (whole, digits: string) => (isLuhnValid(digits) ? `"${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}"` : whole));
}

/**
 * The Idempotency-Key mechanism of POST requests, per API key. A replay with the same method, path
 * and body gets the stored answer back (Idempotent-Replayed: true) without running again; the same
 * key with another request is refused (409). Requests with the same key in this process wait for
 * each other.
 *
 * Commands on the bus write the stored answer INSIDE their own transaction (the bus's
 * `inTransaction` hook): the answer and the writes it describes commit together, one commit and
 * never one without the other. A row written meanwhile by another process makes that insert fail
 * and the command roll back; the request then answers from that row. A refusal (4xx) wrote
 * nothing, so its answer is kept afterwards, for replay.
 *
 * Authorizations go through the group-commit queue, which has no such hook: the key is claimed
 * before the decision (a claim held by another process, or left by a crash, answers 409 rather
 * than running twice) and the answer stored after; claims and answers of concurrent requests share
 * commits (GroupCommit), so the cost is per batch, not per request.
 */
export class Idempotency {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly writers = new WeakMap<Db, GroupCommit>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async run(request: IdempotentRequest): Promise<ApiAnswer & { replayed: boolean }> {
    const lock = `${request.apiKeyId}\u0000${request.key}`;
    for (let waiting = this.inFlight.get(lock); waiting; waiting = this.inFlight.get(lock)) {
      await waiting.catch(() => undefined);
    }
    const work = request.inTransaction ? this.runInTransaction(request) : this.runClaimed(request);
    this.inFlight.set(lock, work);
    try {
      return await work;
    } finally {
      if (this.inFlight.get(lock) === work) this.inFlight.delete(lock);
    }
  }

  private writer(db: Db, syncedLater?: SyncedLater): GroupCommit {
    let writer = this.writers.get(db);
    if (!writer) {
      writer = new GroupCommit(db, syncedLater);
      this.writers.set(db, writer);
    }
    return writer;
  }

  private async runInTransaction(request: IdempotentRequest): Promise<ApiAnswer & { replayed: boolean }> {
    const { db, apiKeyId, key, hash } = request;
    const existing = await findIdempotencyKey(db, apiKeyId, key);
    if (existing) return answerFrom(existing, hash);
    let conflict = false;
    const recorder: AnswerRecorder = (render) => async (trx, output) => {
      const answer = render(output);
      try {
        await insertIdempotentAnswer(trx, { apiKeyId, key, requestHash: hash, statusCode: answer.status, response: withoutCardNumbers(answer.body), now: this.now() });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        conflict = true;
        throw new RecordConflict('another request with this Idempotency-Key was answered first');
      }
    };
    const answer = await request.execute(recorder);
    if (conflict) {
      const stored = await findIdempotencyKey(db, apiKeyId, key);
      if (stored) return answerFrom(stored, hash);
    }
    if (answer.fault || answer.recorded) return { status: answer.status, body: answer.body, replayed: false };
    // A refusal: its command wrote nothing; keep the answer so that a retry gets the same one.
    const stored = await this.writer(db, request.syncedLater).run((trx) =>
      keepIdempotentAnswer(trx, { apiKeyId, key, requestHash: hash, statusCode: answer.status, response: withoutCardNumbers(answer.body), now: this.now() }),
    );
    if (stored) return answerFrom(stored, hash);
    return { status: answer.status, body: answer.body, replayed: false };
  }

  private async runClaimed(request: IdempotentRequest): Promise<ApiAnswer & { replayed: boolean }> {
    const { db, apiKeyId, key, hash } = request;
    const writer = this.writer(db, request.syncedLater);
    const claim = await writer.run((trx) => claimIdempotencyKey(trx, apiKeyId, key, hash, this.now()));
    if (claim.state !== 'claimed') return answerFrom(claim, hash);
    let answer: ExecutedAnswer;
    try {
      answer = await request.execute(undefined);
    } catch (error) {
      await writer.run((trx) => releaseIdempotencyKey(trx, apiKeyId, key));
      throw error;
    }
    if (answer.fault) {
      // An internal fault rolled its transaction back: nothing was written, a retry may run.
      await writer.run((trx) => releaseIdempotencyKey(trx, apiKeyId, key));
    } else {
      await writer.run((trx) => storeIdempotentResponse(trx, apiKeyId, key, answer.status, withoutCardNumbers(answer.body)));
    }
    return { status: answer.status, body: answer.body, replayed: false };
  }
}

/** A key already used: the stored answer for the same request, 409 for another or while in progress. */
function answerFrom(claim: Exclude<IdempotencyClaim, { state: 'claimed' }>, hash: string): ApiAnswer & { replayed: boolean } {
  if (claim.requestHash !== hash) {
    throw new HttpError(409, {
      type: 'idempotency_error',
      code: 'idempotency_key_reused',
      message: 'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
      param: 'Idempotency-Key',
    });
  }
  if (claim.state === 'in_progress') {
    throw new HttpError(
      409,
      {
        type: 'idempotency_error',
        code: 'idempotency_key_in_use',
        message: 'A request with this Idempotency-Key is still being processed (or was interrupted). Retry in a moment.',
        param: 'Idempotency-Key',
      },
      { 'Retry-After': '1' },
    );
  }
  return { status: claim.statusCode, body: claim.response, replayed: true };
}
