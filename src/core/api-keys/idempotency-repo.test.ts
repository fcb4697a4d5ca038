import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testEngine, type TestEngine } from '../testing/test-engine.js';
import { claimIdempotencyKey, purgeIdempotencyKeys, releaseIdempotencyKey, storeIdempotentResponse } from './idempotency-repo.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => {
  await engine.close();
});

describe('idempotency keys', () => {
  const now = new Date('2026-03-02T03:00:00Z');

  it('are claimed once, then answer with the stored response', async () => {
    const db = engine.services.db;
    expect(await claimIdempotencyKey(db, 'key_a', 'k1', 'h1', now)).toEqual({ state: 'claimed' });
    expect(await claimIdempotencyKey(db, 'key_a', 'k1', 'h1', now)).toEqual({ state: 'in_progress', requestHash: 'h1' });
    // Another API key may use the same idempotency key.
    expect(await claimIdempotencyKey(db, 'key_b', 'k1', 'h9', now)).toEqual({ state: 'claimed' });
    await storeIdempotentResponse(db, 'key_a', 'k1', 200, '{"id":"prog_1"}');
    expect(await claimIdempotencyKey(db, 'key_a', 'k1', 'h2', now)).toEqual({ state: 'stored', requestHash: 'h1', statusCode: 200, response: '{"id":"prog_1"}' });
  });

  it('can be released only while in progress, and are purged after their time', async () => {
    const db = engine.services.db;
    await claimIdempotencyKey(db, 'key_a', 'k1', 'h1', now);
    await storeIdempotentResponse(db, 'key_a', 'k1', 201, '{}');
    await releaseIdempotencyKey(db, 'key_a', 'k1');
    expect((await claimIdempotencyKey(db, 'key_a', 'k1', 'h1', now)).state).toBe('stored');
    await claimIdempotencyKey(db, 'key_a', 'k2', 'h1', now);
    await releaseIdempotencyKey(db, 'key_a', 'k2');
    expect((await claimIdempotencyKey(db, 'key_a', 'k2', 'h1', now)).state).toBe('claimed');
    await claimIdempotencyKey(db, 'key_a', 'k3', 'h1', new Date(now.getTime() + 3600_000));
    expect(await purgeIdempotencyKeys(db, new Date(now.getTime() + 1))).toBe(2);
    expect((await claimIdempotencyKey(db, 'key_a', 'k3', 'h1', now)).state).toBe('in_progress');
  });
});
