import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../core/bus/actor.js';
import { handlers } from '../../core/handlers.js';
import type { CreatedApiKey } from '../../core/api-keys/api-key.js';
import { claimIdempotencyKey } from '../../core/api-keys/idempotency-repo.js';
import { tableCounts } from '../../core/testing/test-engine.js';
import { raw, startTestHost, type RawRequest, type RawResponse, type TestHost } from '../testing/host-fixture.js';
import { REST_ROUTES } from './routes.js';
import { requestHash } from './idempotency.js';

let host: TestHost;
let testKey: CreatedApiKey;
let liveKey: CreatedApiKey;
let readOnly: CreatedApiKey;

beforeAll(async () => {
  host = await startTestHost();
  testKey = (await host.kartu.sandbox.bus.execute('key-create', { name: 'test' }, SYSTEM_ACTOR)) as CreatedApiKey;
  liveKey = (await host.kartu.live.bus.execute('key-create', { name: 'live' }, SYSTEM_ACTOR)) as CreatedApiKey;
  readOnly = (await host.kartu.sandbox.bus.execute('key-create', { scopes: ['programs:read'] }, SYSTEM_ACTOR)) as CreatedApiKey;
});
afterAll(async () => {
  await host.stop();
});

const api = (key: string | undefined, req: RawRequest): Promise<RawResponse> =>
  raw(host.port, { ...req, headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...req.headers } });

const newProgram = (name: string) => ({ name, kind: 'loyalty', currency: 'IDR' });

describe('authentication', () => {
  it('answers 401 authentication_error for a missing, malformed, unknown or revoked key', async () => {
    const missing = await api(undefined, { path: '/v1/programs' });
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({ error: { type: 'authentication_error', code: 'missing_api_key', message: expect.any(String) } });
    expect(missing.headers['www-authenticate']).toContain('Bearer');
    const revoked = (await host.kartu.sandbox.bus.execute('key-create', {}, SYSTEM_ACTOR)) as CreatedApiKey;
    await host.kartu.sandbox.bus.execute('key-revoke', { id: revoked.id }, SYSTEM_ACTOR);
    for (const key of ['nope', `kartu_test_${'A'.repeat(32)}`, revoked.secret, testKey.secret.replace('kartu_test_', 'kartu_live_')]) {
      const response = await api(key, { path: '/v1/programs' });
      expect(response.status, key).toBe(401);
      expect(response.json.error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    }
    expect((await raw(host.port, { path: '/v1/programs', headers: { Authorization: 'Token abc' } })).status).toBe(401);
  });

  it('takes the key as Bearer or as the Basic user name (curl -u key:)', async () => {
    const basic = Buffer.from(`${testKey.secret}:`).toString('base64');
    expect((await raw(host.port, { path: '/v1/programs', headers: { Authorization: `Basic ${basic}` } })).status).toBe(200);
    expect((await api(testKey.secret, { path: '/v1/programs' })).status).toBe(200);
  });

  it('slows down repeated failures from the same source', async () => {
    const wrong = `kartu_test_${'Z'.repeat(32)}`;
    const timings: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      expect((await api(wrong, { path: '/v1/programs' })).status).toBe(401);
      timings.push(performance.now() - started);
    }
    // Free, free, free (auth-throttle.test.ts), then held 250 ms, then 500 ms.
    expect(timings[3]).toBeGreaterThanOrEqual(240);
    expect(timings[4]).toBeGreaterThanOrEqual(490);
    // A valid key from the same address is not held up (the next failure would wait 1 s).
    const started = performance.now();
    expect((await api(testKey.secret, { path: '/v1/programs' })).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(900);
  });

  it('records when a key was last used', async () => {
    const listed = (await host.kartu.sandbox.bus.execute('key-list', {}, SYSTEM_ACTOR)) as { data: Array<{ id: string; last_used_at: number | null }> };
    expect(listed.data.find((k) => k.id === testKey.id)?.last_used_at).toEqual(expect.any(Number));
  });
});

describe('modes', () => {
  it('a test key sees only sandbox data and a live key only live data', async () => {
    const sandbox = await api(testKey.secret, { method: 'POST', path: '/v1/programs', json: newProgram('Sandbox only') });
    expect(sandbox.status).toBe(200);
    const live = await api(liveKey.secret, { method: 'POST', path: '/v1/programs', json: newProgram('Live only') });
    expect(live.status).toBe(200);
    const testNames = (await api(testKey.secret, { path: '/v1/programs?limit=100' })).json.data.map((p: { name: string }) => p.name);
    const liveNames = (await api(liveKey.secret, { path: '/v1/programs?limit=100' })).json.data.map((p: { name: string }) => p.name);
    expect(testNames).toContain('Sandbox only');
    expect(testNames).not.toContain('Live only');
    expect(liveNames).toEqual(['Live only']);
    expect((await api(liveKey.secret, { path: `/v1/programs/${sandbox.json.id}` })).status).toBe(404);
  });
});

describe('scopes', () => {
  it('a restricted key without the scope gets 403 permission_error before its input is looked at', async () => {
    expect((await api(readOnly.secret, { path: '/v1/programs' })).status).toBe(200);
    const refused = await api(readOnly.secret, { method: 'POST', path: '/v1/programs', json: { bogus: true } });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ type: 'permission_error', code: 'insufficient_permissions' });
    expect(refused.json.error.message).toContain('programs:write');
  });

  it('each route asks for the scope its command needs', () => {
    for (const route of REST_ROUTES) {
      expect(handlers[route.command], route.command).toBeDefined();
      expect(route.scope, `${route.method} ${route.path}`).toBe(handlers[route.command].permission.scope);
    }
  });
});

describe('routes and errors', () => {
  it('create, retrieve, list and update programs', async () => {
    const created = await api(testKey.secret, { method: 'POST', path: '/v1/programs', json: { ...newProgram('Kopi'), timezone: 'Asia/Makassar' } });
    expect(created.json).toMatchObject({ object: 'program', name: 'Kopi', timezone: 'Asia/Makassar' });
    const id = created.json.id as string;
    expect((await api(testKey.secret, { path: `/v1/programs/${id}` })).json.id).toBe(id);
    const updated = await api(testKey.secret, { method: 'POST', path: `/v1/programs/${id}`, json: { name: 'Kopi Nusantara' } });
    expect(updated.json).toMatchObject({ id, name: 'Kopi Nusantara' });
    const page = await api(testKey.secret, { path: '/v1/programs?limit=1' });
    expect(page.json).toMatchObject({ object: 'list', has_more: true, data: [{ id }] });
  });

  it('bad input is 400 naming the parameter, and writes nothing', async () => {
    const before = await tableCounts(host.kartu.sandbox);
    const unknown = await api(testKey.secret, { method: 'POST', path: '/v1/programs', json: { ...newProgram('X'), colour: 'red' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({ error: { type: 'invalid_request_error', code: 'parameter_unknown', message: 'Received unknown parameter: colour', param: 'colour' } });
    const missing = await api(testKey.secret, { method: 'POST', path: '/v1/programs', json: { kind: 'loyalty', currency: 'IDR' } });
    expect(missing.json.error).toMatchObject({ type: 'invalid_request_error', param: 'name' });
    const wrongType = await api(testKey.secret, { method: 'POST', path: '/v1/programs', json: { ...newProgram('X'), currency: 12 } });
    expect(wrongType.json.error.param).toBe('currency');
    expect((await api(testKey.secret, { method: 'POST', path: '/v1/programs', json: [1] })).json.error.code).toBe('invalid_body');
    expect((await api(testKey.secret, { method: 'POST', path: '/v1/programs', body: '{"name":', headers: { 'Content-Type': 'application/json' } })).json.error.code).toBe('invalid_json');
    expect((await api(testKey.secret, { method: 'POST', path: '/v1/programs', body: 'name=X', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
    const huge = await api(testKey.secret, { method: 'POST', path: '/v1/programs', json: { name: 'x'.repeat(1024 * 1024 + 1) } });
    expect(huge.status).toBe(413);
    const dup = await api(testKey.secret, { path: '/v1/programs?limit=1&limit=2' });
    expect(dup.json.error).toMatchObject({ code: 'parameter_duplicated', param: 'limit' });
    const badLimit = await api(testKey.secret, { path: '/v1/programs?limit=1000' });
    expect(badLimit.json.error.param).toBe('limit');
    expect((await api(testKey.secret, { path: '/v1/programs?color=red' })).json.error.param).toBe('color');
    const idTwice = await api(testKey.secret, { method: 'POST', path: '/v1/programs/prog_x', json: { id: 'prog_y' } });
    expect(idTwice.json.error).toMatchObject({ code: 'parameter_duplicated', param: 'id' });
    expect(await tableCounts(host.kartu.sandbox)).toEqual(before);
  });

  it('unknown objects and routes are 404 not_found, wrong methods 405', async () => {
    const missing = await api(testKey.secret, { path: '/v1/programs/prog_nope' });
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ type: 'not_found', code: 'resource_missing', param: 'id' });
    const route = await api(testKey.secret, { path: '/v1/spaceships' });
    expect(route.status).toBe(404);
    expect(route.json).toEqual({ error: { type: 'not_found', code: 'route_not_found', message: 'Unrecognized request URL (GET /v1/spaceships).' } });
    const method = await api(testKey.secret, { method: 'DELETE', path: '/v1/programs' });
    expect(method.status).toBe(405);
    expect(method.headers.allow).toBe('POST, GET');
  });
});

describe('rate limit', () => {
  it('answers 429 rate_limit_error past the per-key rate, with Retry-After', async () => {
    const limited = await startTestHost({ rateLimitPerSecond: 3 });
    try {
      const key = (await limited.kartu.sandbox.bus.execute('key-create', {}, SYSTEM_ACTOR)) as CreatedApiKey;
      const other = (await limited.kartu.sandbox.bus.execute('key-create', {}, SYSTEM_ACTOR)) as CreatedApiKey;
      const burst = await Promise.all(Array.from({ length: 12 }, () => raw(limited.port, { path: '/v1/programs', headers: { Authorization: `Bearer ${key.secret}` } })));
      const ok = burst.filter((r) => r.status === 200).length;
      // A burst of one second's worth (3), plus what refilled while the burst was answered.
      expect(ok).toBeGreaterThanOrEqual(3);
      expect(ok).toBeLessThan(12);
      expect(burst.filter((r) => r.status === 429).length).toBe(12 - ok);
      const refused = burst.find((r) => r.status === 429) as RawResponse;
      expect(refused.json.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // The limit is per key.
      expect((await raw(limited.port, { path: '/v1/programs', headers: { Authorization: `Bearer ${other.secret}` } })).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});

describe('Idempotency-Key', () => {
  const programCount = async (): Promise<number> => (await tableCounts(host.kartu.sandbox)).programs as number;

  it('replays the stored answer for the same request, without running it again', async () => {
    const before = await programCount();
    const request = { method: 'POST', path: '/v1/programs', headers: { 'Idempotency-Key': 'create-kopi-1' }, json: newProgram('Idempotent') };
    const first = await api(testKey.secret, request);
    expect(first.status).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const replay = await api(testKey.secret, { ...request, body: '{ "currency": "IDR", "kind": "loyalty", "name": "Idempotent" }', json: undefined, headers: { ...request.headers, 'Content-Type': 'application/json' } });
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.text).toBe(first.text);
    expect(await programCount()).toBe(before + 1);
    // Keys belong to one API key: another key may use the same one for its own request.
    const otherKey = await api(liveKey.secret, request);
    expect(otherKey.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses the same key with a different request with 409 idempotency_error', async () => {
    const headers = { 'Idempotency-Key': 'create-kopi-2' };
    await api(testKey.secret, { method: 'POST', path: '/v1/programs', headers, json: newProgram('First') });
    const before = await programCount();
    const conflict = await api(testKey.secret, { method: 'POST', path: '/v1/programs', headers, json: newProgram('Second') });
    expect(conflict.status).toBe(409);
    expect(conflict.json.error).toMatchObject({ type: 'idempotency_error', code: 'idempotency_key_reused', param: 'Idempotency-Key' });
    const otherPath = await api(testKey.secret, { method: 'POST', path: '/v1/programs/prog_x', headers, json: { name: 'First' } });
    expect(otherPath.status).toBe(409);
    expect(await programCount()).toBe(before);
  });

  it('serialises concurrent requests with one key: one write, the same answer for all', async () => {
    const before = await programCount();
    const request = { method: 'POST', path: '/v1/programs', headers: { 'Idempotency-Key': 'burst-1' }, json: newProgram('Burst') };
    const answers = await Promise.all(Array.from({ length: 10 }, () => api(testKey.secret, request)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
    expect(await programCount()).toBe(before + 1);
  });

  it('replays an authorization decided through the group-commit queue, without deciding it again', async () => {
    const bus = host.kartu.sandbox.bus;
    const program = (await bus.execute('program-create', { name: 'Queued', kind: 'prepaid', currency: 'IDR' }, SYSTEM_ACTOR)) as { id: string };
    const holder = (await bus.execute('cardholder-create', { name: 'Dewi', phone: '+6281200000077' }, SYSTEM_ACTOR)) as { id: string };
    const card = (await bus.execute('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, SYSTEM_ACTOR)) as { id: string };
    await bus.execute('top-up-create', { card: card.id, amount: 500_000 }, SYSTEM_ACTOR);
    const authorizations = async (): Promise<number> => (await tableCounts(host.kartu.sandbox)).authorizations as number;
    const before = await authorizations();
    const request = { method: 'POST', path: '/v1/test_helpers/authorizations', headers: { 'Idempotency-Key': 'auth-1' }, json: { card: card.id, amount: 10_000, merchant: { name: 'Warung', mcc: '5814', country: 'ID' } } };
    const answers = await Promise.all([api(testKey.secret, request), api(testKey.secret, request)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers[0]!.text).toBe(answers[1]!.text);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(1);
    expect(await authorizations()).toBe(before + 1);
    const other = await api(testKey.secret, { ...request, json: { ...request.json, amount: 20_000 } });
    expect(other.status).toBe(409);
    expect(await authorizations()).toBe(before + 1);
  });

  it('replays a refusal too, refuses a key still held elsewhere, and checks the key itself', async () => {
    const headers = { 'Idempotency-Key': 'bad-input-1' };
    const refused = await api(testKey.secret, { method: 'POST', path: '/v1/programs', headers, json: { name: 'X' } });
    expect(refused.status).toBe(400);
    const again = await api(testKey.secret, { method: 'POST', path: '/v1/programs', headers, json: { name: 'X' } });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.text).toBe(refused.text);
    // Another process (or a crash) holds this key: answer 409 rather than risk a double write.
    await claimIdempotencyKey(host.kartu.sandbox.services.db, testKey.id, 'held-1', requestHash('POST', '/v1/programs', newProgram('Held')), new Date());
    const held = await api(testKey.secret, { method: 'POST', path: '/v1/programs', headers: { 'Idempotency-Key': 'held-1' }, json: newProgram('Held') });
    expect(held.status).toBe(409);
    expect(held.json.error.code).toBe('idempotency_key_in_use');
    const tooLong = await api(testKey.secret, { method: 'POST', path: '/v1/programs', headers: { 'Idempotency-Key': 'k'.repeat(256) }, json: newProgram('Long') });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error).toMatchObject({ code: 'idempotency_key_invalid', param: 'Idempotency-Key' });
  });
});
