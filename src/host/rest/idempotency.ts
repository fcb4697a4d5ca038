import { createHash } from 'node:crypto';
import type { Db } from '../../core/db/database.js';
import {
  claimIdempotencyKey,
  releaseIdempotencyKey,
  storeIdempotentResponse,
} from '../../core/api-keys/idempotency-repo.js';
import { isLuhnValid } from '../../core/kernel/luhn.js';
import { HttpError } from '../http/http-error.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Keys are kept at least this long (issue 7: at least 24 h). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
const MAX_KEY_LENGTH = 255;

export interface ApiAnswer {
  status: number;
  /** The JSON text sent. */
  body: string;
}

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
 * The Idempotency-Key mechanism of POST requests, per API key. The first request with a key claims
 * it in the database before running, and its answer is stored after; a replay with the same
 * method, path and body gets that answer back (Idempotent-Replayed: true) without running again;
 * the same key with another request is refused (409). Requests with the same key in this process
 * wait for each other; a claim held by another process (or left by a crash) answers 409 rather
 * than running twice.
 */
export class Idempotency {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async run(db: Db, apiKeyId: string, key: string, hash: string, execute: () => Promise<ApiAnswer & { fault?: boolean }>): Promise<ApiAnswer & { replayed: boolean }> {
    const lock = `${apiKeyId}\u0000${key}`;
    for (let waiting = this.inFlight.get(lock); waiting; waiting = this.inFlight.get(lock)) {
      await waiting.catch(() => undefined);
    }
    const work = this.runClaimed(db, apiKeyId, key, hash, execute);
    this.inFlight.set(lock, work);
    try {
      return await work;
    } finally {
      if (this.inFlight.get(lock) === work) this.inFlight.delete(lock);
    }
  }

  private async runClaimed(db: Db, apiKeyId: string, key: string, hash: string, execute: () => Promise<ApiAnswer & { fault?: boolean }>): Promise<ApiAnswer & { replayed: boolean }> {
    const claim = await claimIdempotencyKey(db, apiKeyId, key, hash, this.now());
    if (claim.state !== 'claimed' && claim.requestHash !== hash) {
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
    if (claim.state === 'stored') return { status: claim.statusCode, body: claim.response, replayed: true };
    let answer: ApiAnswer & { fault?: boolean };
    try {
      answer = await execute();
    } catch (error) {
      await releaseIdempotencyKey(db, apiKeyId, key);
      throw error;
    }
    if (answer.fault) {
      // An internal fault rolled its transaction back: nothing was written, a retry may run.
      await releaseIdempotencyKey(db, apiKeyId, key);
    } else {
      await storeIdempotentResponse(db, apiKeyId, key, answer.status, withoutCardNumbers(answer.body));
    }
    return { status: answer.status, body: answer.body, replayed: false };
  }
}
