import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWNER, CASHIER, tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';
import { basicCardholder, loyaltyProgram } from '../testing/fixtures.js';
import { scheduleDeliveries, sendDueDeliveries } from './delivery.js';
import { signPayload, verifySignature } from './signature.js';
import { webhookTargetProblem } from './target-check.js';

interface Received { body: string; signature: string }

let engine: TestEngine;
let server: Server;
let received: Received[];
let answer: number;
let url: string;

beforeEach(async () => {
  engine = await testEngine();
  received = [];
  answer = 200;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ body, signature: String(req.headers['kartu-signature'] ?? '') });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
});
afterEach(async () => {
  await engine.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('webhooks', () => {
  it('delivers subscribed events, signed so that the receiver can verify them', async () => {
    const endpoint = await engine.bus.send('webhook-endpoint-create', { url, enabled_events: ['card.*'] }, OWNER);
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect((await engine.bus.send('webhook-endpoint-get', { id: endpoint.id }, OWNER))).not.toHaveProperty('secret');
    const program = await loyaltyProgram(engine);
    const holder = await basicCardholder(engine);
    const card = await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, OWNER);
    expect(await scheduleDeliveries(engine.services)).toBe(1); // card.created only, not program/cardholder events
    expect(await scheduleDeliveries(engine.services)).toBe(0);
    expect(await sendDueDeliveries(engine.services)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(received).toHaveLength(1);
    const event = JSON.parse(received[0]!.body) as { type: string; data: { object: { id: string } } };
    expect(event.type).toBe('card.created');
    expect(event.data.object.id).toBe(card.id);
    const now = Math.floor(engine.clock.now().getTime() / 1000);
    expect(verifySignature(endpoint.secret!, received[0]!.body, received[0]!.signature, now)).toBe(true);
    expect(verifySignature('whsec_wrong', received[0]!.body, received[0]!.signature, now)).toBe(false);
    expect(verifySignature(endpoint.secret!, received[0]!.body + ' ', received[0]!.signature, now)).toBe(false);
  });

  it('retries a failing receiver with backoff and logs every attempt', async () => {
    await engine.bus.send('webhook-endpoint-create', { url, enabled_events: ['*'] }, OWNER);
    await loyaltyProgram(engine);
    await scheduleDeliveries(engine.services);
    answer = 500;
    expect(await sendDueDeliveries(engine.services)).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    expect(await sendDueDeliveries(engine.services)).toEqual({ delivered: 0, retrying: 0, failed: 0 }); // not due yet
    answer = 204;
    engine.clock.advance(60_000);
    expect(await sendDueDeliveries(engine.services)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    const log = await engine.bus.send('webhook-delivery-list', { limit: 10 }, OWNER);
    expect(log.data[0]).toMatchObject({ status: 'delivered', attempts: 2, last_status_code: 204, event_type: 'program.created' });
  });

  it('gives up after three days', async () => {
    await engine.bus.send('webhook-endpoint-create', { url, enabled_events: ['*'] }, OWNER);
    await loyaltyProgram(engine);
    await scheduleDeliveries(engine.services);
    answer = 503;
    await sendDueDeliveries(engine.services);
    engine.clock.advance(3 * 86_400_000 + 1);
    expect(await sendDueDeliveries(engine.services)).toEqual({ delivered: 0, retrying: 0, failed: 1 });
  });

  it('refuses targets off this machine unless allowed, and cashiers; writes nothing', async () => {
    const before = await tableCounts(engine);
    for (const bad of ['http://10.0.0.5/hook', 'http://192.168.1.1/', 'http://example.com/x', 'ftp://127.0.0.1/', 'http://user:pw@127.0.0.1/', 'not a url']) {
      await expect(engine.bus.send('webhook-endpoint-create', { url: bad, enabled_events: ['*'] }, OWNER)).rejects.toMatchObject({ param: 'url' });
    }
    await expect(engine.bus.send('webhook-endpoint-create', { url, enabled_events: ['Card Created'] }, OWNER)).rejects.toMatchObject({ param: 'enabled_events.0' });
    await expect(engine.bus.send('webhook-endpoint-create', { url, enabled_events: ['*'] }, CASHIER)).rejects.toMatchObject({ type: 'permission_error' });
    expect(await tableCounts(engine)).toEqual(before);
    await engine.bus.send('webhook-allowed-hosts-set', { hosts: ['hooks.example.com'] }, OWNER);
    await expect(engine.bus.send('webhook-endpoint-create', { url: 'https://hooks.example.com/kartu', enabled_events: ['*'] }, OWNER)).resolves.toMatchObject({ status: 'enabled' });
  });

  it('signs as documented', () => {
    expect(signPayload('s', '{}', 1700000000)).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(webhookTargetProblem('http://[::1]:9000/x', [])).toBeNull();
    expect(webhookTargetProblem('http://127.5.5.5/x', [])).toBeNull();
  });
});

describe('webhook scheduling with no endpoint', () => {
  it('writes nothing while no endpoint is enabled; an endpoint enabled later gets only the events after it', async () => {
    const program = await loyaltyProgram(engine);
    const holder = await basicCardholder(engine);
    await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, OWNER);
    const stamp = engine.database.writeStamp();
    expect(await scheduleDeliveries(engine.services)).toBe(0);
    expect(engine.database.writeStamp()).toBe(stamp);

    const endpoint = await engine.bus.send('webhook-endpoint-create', { url, enabled_events: ['card.*'] }, OWNER);
    expect(await scheduleDeliveries(engine.services)).toBe(0); // the card created before the endpoint is not sent
    const later = await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, OWNER);
    expect(await scheduleDeliveries(engine.services)).toBe(1);

    // Disabled (no endpoint enabled: nothing scheduled, nothing written), then enabled again:
    // what happened meanwhile is not sent, as before this endpoint existed.
    await engine.bus.send('webhook-endpoint-update', { id: endpoint.id, status: 'disabled' }, OWNER);
    await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, OWNER);
    expect(await scheduleDeliveries(engine.services)).toBe(0);
    await engine.bus.send('webhook-endpoint-update', { id: endpoint.id, status: 'enabled' }, OWNER);
    expect(await scheduleDeliveries(engine.services)).toBe(0);
    const last = await engine.bus.send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, OWNER);
    expect(await scheduleDeliveries(engine.services)).toBe(1);
    expect(await sendDueDeliveries(engine.services)).toEqual({ delivered: 2, retrying: 0, failed: 0 });
    const sent = received.map((r) => (JSON.parse(r.body) as { data: { object: { id: string } } }).data.object.id);
    expect(sent).toEqual([later.id, last.id]);
  });
});
