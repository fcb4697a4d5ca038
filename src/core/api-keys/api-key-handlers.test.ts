import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KartuError } from '../kernel/errors.js';
import { SYSTEM_ACTOR, ALL_SCOPES } from '../bus/actor.js';
import { CASHIER, MANAGER, OWNER, tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';
import { hashSecret } from '../security/secrets.js';
import { authenticateKey, LAST_USED_RESOLUTION_MS } from './authenticate-key.js';
import { generateSecret, parseSecret } from './api-key-secret.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => {
  await engine.close();
});

async function refused(promise: Promise<unknown>): Promise<KartuError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KartuError);
  return error as KartuError;
}

describe('secrets', () => {
  it('have the prefix of their kind and mode and 32 base62 characters', () => {
    expect(generateSecret('secret', 'test')).toMatch(/^kartu_test_[0-9A-Za-z]{32}$/);
    expect(generateSecret('secret', 'live')).toMatch(/^kartu_live_[0-9A-Za-z]{32}$/);
    expect(generateSecret('restricted', 'test')).toMatch(/^rk_test_[0-9A-Za-z]{32}$/);
    expect(parseSecret(generateSecret('restricted', 'live'))).toEqual({ kind: 'restricted', mode: 'live', prefix: 'rk_live' });
    expect(parseSecret('kartu_test_short')).toBeUndefined();
    expect(parseSecret(`sk_test_${'a'.repeat(32)}`)).toBeUndefined();
  });

  it('never repeat', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => generateSecret('secret', 'test')));
    expect(seen.size).toBe(2000);
  });
});

describe('key-create', () => {
  it('returns the secret once and stores only its hash', async () => {
    const key = await engine.bus.send('key-create', { name: 'Accounting export' }, OWNER);
    expect(key.secret).toMatch(/^kartu_test_/);
    expect(key).toMatchObject({ object: 'api_key', name: 'Accounting export', mode: 'test', type: 'secret', scopes: 'all', status: 'active', last_used_at: null });
    expect(key.redacted).toBe(`kartu_test_...${key.secret.slice(-4)}`);
    const row = await engine.services.db.selectFrom('api_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(hashSecret(key.secret));
    // The secret appears in no column of any table (the audit log included).
    const dump = JSON.stringify(engine.database.sqlite.prepare('SELECT * FROM api_keys').all()) + JSON.stringify(engine.database.sqlite.prepare('SELECT * FROM audit_log').all());
    expect(dump).not.toContain(key.secret);
    expect(dump).not.toContain(key.secret.slice(11));
    const list = await engine.bus.send('key-list', {}, OWNER);
    expect(list.data).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(key.secret);
    expect(list.data[0]).not.toHaveProperty('secret');
  });

  it('makes a restricted rk_ key when scopes are given, and a live key in a live engine', async () => {
    const restricted = await engine.bus.send('key-create', { scopes: ['cards:read', 'cards:read', 'programs:read'] }, OWNER);
    expect(restricted.secret).toMatch(/^rk_test_/);
    expect(restricted.scopes).toEqual(['cards:read', 'programs:read']);
    const live = await testEngine({ mode: 'live' });
    try {
      const key = await live.bus.send('key-create', {}, SYSTEM_ACTOR);
      expect(key.secret).toMatch(/^kartu_live_/);
      expect(key.mode).toBe('live');
    } finally {
      await live.close();
    }
  });

  it('refuses unknown scopes and fields by name, writing nothing', async () => {
    const before = await tableCounts(engine);
    expect((await refused(engine.bus.execute('key-create', { scopes: ['cards:fly'] }, OWNER))).param).toBe('scopes.0');
    expect((await refused(engine.bus.execute('key-create', { scopes: [] }, OWNER))).param).toBe('scopes');
    expect((await refused(engine.bus.execute('key-create', { mode: 'live' }, OWNER))).code).toBe('parameter_unknown');
    expect(await tableCounts(engine)).toEqual(before);
  });

  it('is for owners only; a restricted key cannot grant more than it has', async () => {
    expect((await refused(engine.bus.execute('key-create', {}, MANAGER))).type).toBe('permission_error');
    expect((await refused(engine.bus.execute('key-create', {}, CASHIER))).type).toBe('permission_error');
    const limited = { type: 'api_key' as const, id: 'key_x', scopes: ['keys:write', 'cards:read'] };
    expect((await refused(engine.bus.execute('key-create', {}, limited))).type).toBe('permission_error');
    expect((await refused(engine.bus.execute('key-create', { scopes: ['cards:write'] }, limited))).message).toContain('cards:write');
    const ok = await engine.bus.send('key-create', { scopes: ['cards:read'] }, limited);
    expect(ok.scopes).toEqual(['cards:read']);
  });
});

describe('authenticateKey', () => {
  it('returns the actor of a valid key, with its scopes', async () => {
    const full = await engine.bus.send('key-create', {}, OWNER);
    const restricted = await engine.bus.send('key-create', { scopes: ['cards:read'] }, OWNER);
    expect(await authenticateKey(engine.services.db, full.secret)).toEqual({ type: 'api_key', id: full.id, scopes: 'all' });
    expect(await authenticateKey(engine.services.db, restricted.secret)).toEqual({ type: 'api_key', id: restricted.id, scopes: ['cards:read'] });
    expect(ALL_SCOPES).toContain('cards:read');
  });

  it('refuses wrong, malformed, other-mode and revoked keys', async () => {
    const key = await engine.bus.send('key-create', {}, OWNER);
    const db = engine.services.db;
    expect(await authenticateKey(db, key.secret.slice(0, -1) + (key.secret.endsWith('a') ? 'b' : 'a'))).toBeUndefined();
    expect(await authenticateKey(db, '')).toBeUndefined();
    expect(await authenticateKey(db, `${key.secret} `)).toBeUndefined();
    expect(await authenticateKey(db, key.secret, { mode: 'live' })).toBeUndefined();
    // The same random part under the live prefix is another key.
    expect(await authenticateKey(db, key.secret.replace('kartu_test_', 'kartu_live_'))).toBeUndefined();
    const revoked = await engine.bus.send('key-revoke', { id: key.id }, OWNER);
    expect(revoked.status).toBe('revoked');
    expect(await authenticateKey(db, key.secret)).toBeUndefined();
    // Revoking again answers the same and changes nothing.
    expect(await engine.bus.send('key-revoke', { id: key.id }, OWNER)).toEqual(revoked);
    expect((await refused(engine.bus.execute('key-revoke', { id: 'key_nope' }, OWNER))).type).toBe('not_found');
  });

  it('records last use at most once a minute', async () => {
    const key = await engine.bus.send('key-create', {}, OWNER);
    const db = engine.services.db;
    const lastUsed = async () => (await db.selectFrom('api_keys').select('last_used_at').where('id', '=', key.id).executeTakeFirstOrThrow()).last_used_at;
    const t0 = new Date('2026-03-02T03:00:00Z');
    await authenticateKey(db, key.secret, { now: t0 });
    expect(await lastUsed()).toBe(t0.toISOString());
    await authenticateKey(db, key.secret, { now: new Date(t0.getTime() + LAST_USED_RESOLUTION_MS - 1) });
    expect(await lastUsed()).toBe(t0.toISOString());
    const later = new Date(t0.getTime() + LAST_USED_RESOLUTION_MS);
    await authenticateKey(db, key.secret, { now: later });
    expect(await lastUsed()).toBe(later.toISOString());
    const listed = await engine.bus.send('key-list', { status: 'active' }, MANAGER);
    expect(listed.data[0]?.last_used_at).toBe(Math.floor(later.getTime() / 1000));
  });
});
