import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../core/bus/actor.js';
import type { CreatedApiKey } from '../../core/api-keys/api-key.js';
import { raw, startTestHost, type RawRequest, type RawResponse, type TestHost } from '../testing/host-fixture.js';

/**
 * Webhooks end to end against a running host: an endpoint made through the API, a change made
 * through the API, and a receiving server that checks `Kartu-Signature` the way an integrator
 * would, from the documented scheme alone (t=<unix>,v1=<hex HMAC-SHA256 of "t.body">), with
 * node:crypto rather than Kartu's own verifier. The delivery log shows every attempt.
 */
let host: TestHost;
let key: string;
let receiver: Server;
let receiverUrl: string;
const received: Array<{ path: string; body: string; signature: string }> = [];

beforeAll(async () => {
  host = await startTestHost();
  key = ((await host.kartu.sandbox.bus.execute('key-create', { name: 'hooks' }, SYSTEM_ACTOR)) as CreatedApiKey).secret;
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['kartu-signature'] ?? '') });
      res.writeHead(req.url === '/failing' ? 500 : 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await host.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

let n = 0;
const api = (req: RawRequest): Promise<RawResponse> =>
  raw(host.port, { ...req, headers: { Authorization: `Bearer ${key}`, ...(req.method === 'POST' ? { 'Idempotency-Key': `hooks-${n++}` } : {}), ...req.headers } });
const post = (path: string, json: unknown = {}) => api({ method: 'POST', path, json });
const get = (path: string) => api({ path });

/** What an integrator writes: parse the header, recompute the HMAC over "t.body", compare in constant time, check the age. */
function verify(secret: string, body: string, header: string, toleranceSeconds = 300): boolean {
  const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = parts.get('t');
  const v1 = parts.get('v1');
  if (!t || !v1 || !/^\d+$/.test(t) || !/^[0-9a-f]{64}$/.test(v1)) return false;
  if (Math.abs(Date.now() / 1000 - Number(t)) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

async function until<T>(what: string, ask: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await ask();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('webhooks from a running host', () => {
  it('delivers a subscribed event signed with the endpoint secret; the receiver verifies it, and the log shows it delivered', async () => {
    const endpoint = await post('/v1/webhook_endpoints', { url: `${receiverUrl}/ok`, enabled_events: ['card.*'] });
    expect(endpoint.status, endpoint.text).toBe(200);
    const secret = endpoint.json.secret as string;
    const program = await post('/v1/programs', { name: 'Hooks', kind: 'prepaid', currency: 'IDR' });
    const holder = await post('/v1/cardholders', { name: 'Wayan', email: 'wayan@example.co.id' });
    const card = await post('/v1/cards', { program: program.json.id, cardholder: holder.json.id, type: 'virtual' });

    const delivery = await until('card.created received', async () => received.filter((r) => r.path === '/ok'), (list) => list.length > 0);
    const [first] = delivery;
    const event = JSON.parse(first!.body) as { id: string; type: string; data: { object: { id: string } } };
    expect(event).toMatchObject({ type: 'card.created', data: { object: { id: card.json.id } } });
    expect(verify(secret, first!.body, first!.signature)).toBe(true);
    expect(verify(secret, `${first!.body} `, first!.signature), 'a changed body fails').toBe(false);
    expect(verify('whsec_someone_else', first!.body, first!.signature), 'another secret fails').toBe(false);
    // Only what the endpoint subscribed to: no program or cardholder events.
    expect(delivery.every((r) => (JSON.parse(r.body) as { type: string }).type.startsWith('card.'))).toBe(true);

    const log = await until('delivery logged', () => get(`/v1/webhook_deliveries?endpoint=${endpoint.json.id}`), (r) => r.json.data.some((d: { status: string }) => d.status === 'delivered'));
    expect(log.json.data.find((d: { event: string }) => d.event === event.id)).toMatchObject({ object: 'webhook_delivery', endpoint: endpoint.json.id, event_type: 'card.created', status: 'delivered', attempts: 1, last_status_code: 200 });
  });

  it('keeps retrying a receiver that fails, and logs the attempt with its status code', async () => {
    const endpoint = await post('/v1/webhook_endpoints', { url: `${receiverUrl}/failing`, enabled_events: ['cardholder.created'] });
    await post('/v1/cardholders', { name: 'Made', email: 'made@example.co.id' });
    const log = await until('a failed attempt logged', () => get(`/v1/webhook_deliveries?endpoint=${endpoint.json.id}&status=retrying`), (r) => r.json.data.length > 0);
    expect(log.json.data[0]).toMatchObject({ event_type: 'cardholder.created', status: 'retrying', attempts: 1, last_status_code: 500 });
    expect(Date.parse(log.json.data[0].next_attempt_at)).toBeGreaterThan(Date.now());
    expect((await get('/v1/webhook_deliveries?status=lost')).json.error.param).toBe('status');
  });
});
