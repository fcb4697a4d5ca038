import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../bus/actor.js';
import { testEngine, type TestEngine } from '../testing/test-engine.js';
import type { CreatedApiKey } from './api-key.js';
import { VerifiedKeys } from './verified-keys.js';
import { authenticateKey } from './authenticate-key.js';
import { AuthorizationQueue } from '../authorization/authorization-queue.js';
import { prepaidCard, purchase } from '../authorization/testing/auth-fixtures.js';

let engine: TestEngine;
let key: CreatedApiKey;
let now = 0;
let keys: VerifiedKeys;
beforeEach(async () => {
  engine = await testEngine();
  key = (await engine.bus.execute('key-create', { name: 'k' }, SYSTEM_ACTOR)) as CreatedApiKey;
  now = 0;
  keys = new VerifiedKeys(5_000, () => now);
});
afterEach(async () => {
  await engine.close();
});

describe('verified keys', () => {
  it('read the database once per key for a few seconds, then again', async () => {
    const reads = vi.spyOn(engine.services.db, 'selectFrom');
    const first = await keys.authenticate(engine.services.db, key.secret, { mode: 'test' });
    expect(first).toEqual({ type: 'api_key', id: key.id, scopes: 'all' });
    for (let i = 0; i < 10; i++) expect(await keys.authenticate(engine.services.db, key.secret, { mode: 'test' })).toEqual(first);
    expect(reads).toHaveBeenCalledTimes(1);
    now = 5_001;
    expect(await keys.authenticate(engine.services.db, key.secret, { mode: 'test' })).toEqual(first);
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('stop at once when the key is revoked through the bus', async () => {
    expect(await keys.authenticate(engine.services.db, key.secret, { mode: 'test' })).toBeDefined();
    await engine.bus.execute('key-revoke', { id: key.id }, SYSTEM_ACTOR);
    expect(await keys.authenticate(engine.services.db, key.secret, { mode: 'test' })).toBeUndefined();
  });

  it('stop within their lifetime when the key is revoked elsewhere (another process)', async () => {
    expect(await keys.authenticate(engine.services.db, key.secret, { mode: 'test' })).toBeDefined();
    await engine.services.db.updateTable('api_keys').set({ revoked_at: new Date().toISOString() }).where('id', '=', key.id).execute();
    now = 5_001;
    expect(await keys.authenticate(engine.services.db, key.secret, { mode: 'test' })).toBeUndefined();
  });

  it('never cache a failure, a malformed key, or a key of the other mode', async () => {
    const reads = vi.spyOn(engine.services.db, 'selectFrom');
    const unknown = `kartu_test_${'A'.repeat(32)}`;
    expect(await keys.authenticate(engine.services.db, unknown, { mode: 'test' })).toBeUndefined();
    expect(await keys.authenticate(engine.services.db, unknown, { mode: 'test' })).toBeUndefined();
    expect(reads).toHaveBeenCalledTimes(2);
    expect(await keys.authenticate(engine.services.db, 'nope', { mode: 'test' })).toBeUndefined();
    expect(await keys.authenticate(engine.services.db, key.secret, { mode: 'live' })).toBeUndefined();
    expect(reads).toHaveBeenCalledTimes(2);
  });
});

describe("a key's last-used time", () => {
  it('is written at most once a minute, as a neutral write: the authorization queue keeps its session', async () => {
    const queue = new AuthorizationQueue(engine);
    try {
      const { card } = await prepaidCard(engine, { topUp: 10_000 });
      expect(await queue.submit(purchase(card.id, 1_000), SYSTEM_ACTOR)).toMatchObject({ approved: true });
      const fresh = queue.stats.freshSessions;
      const used = () => engine.database.sqlite.prepare('SELECT last_used_at FROM api_keys WHERE id = ?').pluck().get(key.id);
      expect(used()).toBeNull();
      await authenticateKey(engine.services.db, key.secret, { mode: 'test', writes: engine.services.writes, now: engine.clock.now() });
      expect(used()).toBe(engine.clock.now().toISOString());
      expect(await queue.submit(purchase(card.id, 1_000), SYSTEM_ACTOR)).toMatchObject({ approved: true });
      expect(queue.stats.freshSessions).toBe(fresh);
      // Without the notices (a caller outside an engine), the same write ends the session.
      engine.clock.advance(61_000);
      await authenticateKey(engine.services.db, key.secret, { mode: 'test', now: engine.clock.now() });
      expect(await queue.submit(purchase(card.id, 1_000), SYSTEM_ACTOR)).toMatchObject({ approved: true });
      expect(queue.stats.freshSessions).toBe(fresh + 1);
    } finally {
      await queue.close();
    }
  });
});
