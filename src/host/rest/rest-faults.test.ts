import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../core/bus/actor.js';
import type { CreatedApiKey } from '../../core/api-keys/api-key.js';
import { raw, startTestHost, type TestHost } from '../testing/host-fixture.js';
import { query, type RestRoute } from './rest-route.js';
import { REST_ROUTES } from './routes.js';

/**
 * The one error type no bad request can cause: an internal fault answers 500 `api_error` in the
 * API's error shape, with a message that tells nothing of the internals, which go to the log.
 * A route whose input builder breaks stands in for any fault between the HTTP layer and the bus.
 */
const logged: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logged.push(chunk.toString('utf8'));
    done();
  },
});
const broken: RestRoute = {
  method: 'GET',
  path: '/v1/broken',
  command: 'program-list',
  scope: 'programs:read',
  input: () => {
    throw new Error('SELECT secret FROM internals');
  },
};

let host: TestHost;
let key: string;
beforeAll(async () => {
  host = await startTestHost({ restRoutes: [...REST_ROUTES, broken, { ...broken, method: 'POST' }], log: pino({ level: 'error' }, sink) });
  key = ((await host.kartu.sandbox.bus.execute('key-create', { name: 'faults' }, SYSTEM_ACTOR)) as CreatedApiKey).secret;
});
afterAll(async () => {
  await host.stop();
});

describe('an internal fault', () => {
  it('answers 500 api_error without its details, and logs them', async () => {
    for (const method of ['GET', 'POST']) {
      const response = await raw(host.port, { method, path: '/v1/broken', headers: { Authorization: `Bearer ${key}`, ...(method === 'POST' ? { 'Idempotency-Key': 'fault-1' } : {}) }, ...(method === 'POST' ? { json: {} } : {}) });
      expect(response.status).toBe(500);
      expect(response.json).toEqual({ error: { type: 'api_error', code: 'internal_error', message: 'An internal error occurred; it has been logged.' } });
      expect(response.text).not.toContain('internals');
    }
    expect(logged.join('')).toContain('SELECT secret FROM internals');
    // A fault is not kept for replay: the same key runs again (and fails again), rather than answering a stored 500.
    const again = await raw(host.port, { method: 'POST', path: '/v1/broken', headers: { Authorization: `Bearer ${key}`, 'Idempotency-Key': 'fault-1' }, json: {} });
    expect(again.status).toBe(500);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    // The host still serves.
    expect((await raw(host.port, { path: '/v1/programs', headers: { Authorization: `Bearer ${key}` } })).status).toBe(200);
  });
});
