import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../core/bus/actor.js';
import type { CreatedApiKey } from '../../../core/api-keys/api-key.js';
import { raw, startTestHost, type RawResponse, type TestHost } from '../../testing/host-fixture.js';
import { Router } from '../../http/router.js';
import { REST_ROUTES } from '../routes.js';
import { buildOpenApi } from './build-openapi.js';

type Doc = { paths: Record<string, Record<string, { requestBody?: { content: { 'application/json': { schema: object } } }; responses: Record<string, { content?: { 'application/json': { schema: object } } }> }>> } & Record<string, unknown>;

let host: TestHost;
let key: string;
let doc: Doc;
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const exercised = new Set<string>();

beforeAll(async () => {
  host = await startTestHost();
  key = ((await host.kartu.sandbox.bus.execute('key-create', { name: 'contract' }, SYSTEM_ACTOR)) as CreatedApiKey).secret;
  doc = JSON.parse(readFileSync('docs/openapi.json', 'utf8')) as Doc;
  ajv.addSchema(doc as object, 'openapi');
});
afterAll(async () => {
  await host.stop();
});

function templateOf(method: string, path: string): string {
  const route = new Router<string>();
  for (const r of REST_ROUTES) if (r.method === method) route.add(r.method, r.path, r.path);
  const found = route.match(method, path.split('?')[0]!);
  if (found.kind !== 'found') throw new Error(`no route for ${method} ${path}`);
  return found.value;
}

let counter = 0;
/** Sends a request, and checks the request body and the answer against the committed document. */
async function call(method: 'GET' | 'POST' | 'DELETE', path: string, json?: unknown, requestIsValid = true): Promise<RawResponse> {
  const template = templateOf(method, path);
  exercised.add(`${method} ${template}`);
  const operation = doc.paths[template.replace(/:([a-z_]+)/g, '{$1}')]?.[method.toLowerCase()];
  expect(operation, `${method} ${template} is in the document`).toBeDefined();
  if (method === 'POST' && json !== undefined) {
    const schema = operation!.requestBody!.content['application/json'].schema;
    const validRequest = ajv.validate(schema, json);
    expect(validRequest, `${method} ${template} request: ${ajv.errorsText()}`).toBe(requestIsValid);
  }
  const response = await raw(host.port, {
    method,
    path,
    headers: { Authorization: `Bearer ${key}`, ...(method === 'POST' ? { 'Idempotency-Key': `contract-${counter++}` } : {}) },
    ...(method === 'POST' ? { json: json ?? {} } : {}),
  });
  const documented = operation!.responses[String(response.status)];
  expect(documented, `${method} ${template} answered ${response.status}, which is not documented`).toBeDefined();
  const schema = documented!.content?.['application/json'].schema;
  if (schema) {
    const resolved = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')) as object;
    const valid = ajv.validate(resolved, response.json);
    expect(valid, `${method} ${template} ${response.status} answer: ${ajv.errorsText()} in ${response.text.slice(0, 300)}`).toBe(true);
  }
  return response;
}

/** Asks until `done` holds (the host's network worker delivers on its own timer). */
async function until(ask: () => Promise<RawResponse>, done: (r: RawResponse) => boolean, timeoutMs = 15_000): Promise<RawResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await ask();
    if (done(response)) return response;
    if (Date.now() > deadline) throw new Error(`not reached in ${timeoutMs} ms: ${response.text.slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the OpenAPI document', () => {
  it('is committed up to date (run `npm run openapi` after changing routes or schemas)', () => {
    expect(doc).toEqual(JSON.parse(JSON.stringify(buildOpenApi())));
  });

  it('is served at /v1/openapi.json without a key', async () => {
    const served = await raw(host.port, { path: '/v1/openapi.json' });
    expect(served.status).toBe(200);
    expect(served.json).toEqual(doc);
  });

  it('describes every route, and the server answers every route as documented', async () => {
    const location = await call('POST', '/v1/locations', { name: 'Kopi Nusantara Braga', merchant_id: 'KN-BDG-BRG03', mcc: '5814', city: 'Bandung', country: 'ID' });
    await call('GET', '/v1/locations');
    await call('GET', `/v1/locations/${location.json.id}`);
    const program = await call('POST', '/v1/programs', { name: 'Kartu Kopi', kind: 'loyalty', currency: 'IDR' });
    await call('GET', '/v1/programs?limit=5');
    await call('GET', `/v1/programs/${program.json.id}`);
    await call('POST', `/v1/programs/${program.json.id}`, { brand: { primary_color: '#6F4E37' } });
    await call('POST', `/v1/programs/${program.json.id}/designs`, { name: 'Klasik' });
    await call('GET', `/v1/programs/${program.json.id}/designs`);
    const holder = await call('POST', '/v1/cardholders', { name: 'Rina Wijaya', phone: '+6281311112222', birth_date: '1992-04-05' });
    await call('GET', '/v1/cardholders?query=Rina');
    await call('GET', `/v1/cardholders/${holder.json.id}`);
    await call('POST', `/v1/cardholders/${holder.json.id}`, { email: 'rina@example.co.id' });
    const card = await call('POST', '/v1/cards', { program: program.json.id, cardholder: holder.json.id, type: 'virtual' });
    expect(card.status).toBe(200);
    const bulk = await call('POST', '/v1/cards/bulk', { program: program.json.id, cards: [{ cardholder: holder.json.id, type: 'virtual' }, { cardholder: holder.json.id, type: 'virtual', metadata: { team: 'Braga' } }] });
    expect(bulk.json.data).toHaveLength(2);
    const refusedBulk = await call('POST', '/v1/cards/bulk', { program: program.json.id, cards: [{ cardholder: holder.json.id, type: 'virtual' }, { cardholder: 'ch_missing', type: 'virtual' }] });
    expect(refusedBulk.status).toBe(404);
    expect(refusedBulk.json.error.param).toBe('cards.1.cardholder');
    await call('GET', `/v1/cards?cardholder=${holder.json.id}`);
    await call('GET', `/v1/cards/${card.json.id}`);
    await call('GET', `/v1/cards/${card.json.id}/balance`);
    await call('GET', `/v1/cards/${card.json.id}/face`);
    await call('POST', `/v1/cards/${card.json.id}/reveal`, {});
    await call('POST', '/v1/top_ups', { card: card.json.id, amount: 20_000_000 });
    await call('GET', '/v1/top_ups');
    const merchant = { name: 'Kopi Nusantara Braga', mcc: '5814', country: 'ID', id: 'KN-BDG-BRG03' };
    const auth = await call('POST', '/v1/test_helpers/authorizations', { card: card.json.id, amount: 3_500_000, merchant });
    expect(auth.json.approved).toBe(true);
    await call('POST', `/v1/authorizations/${auth.json.id}/increment`, { amount: 500_000 });
    const capture = await call('POST', `/v1/authorizations/${auth.json.id}/capture`, {});
    await call('POST', `/v1/transactions/${capture.json.id}/refund`, { amount: 1_000_000 });
    await call('GET', '/v1/transactions');
    await call('GET', `/v1/transactions/${capture.json.id}`);
    const second = await call('POST', '/v1/authorizations', { card: card.json.id, amount: 1_000_000, merchant });
    await call('POST', `/v1/authorizations/${second.json.id}/reverse`, {});
    const third = await call('POST', '/v1/test_helpers/authorizations', { card: card.json.id, amount: 1_000_000, merchant });
    await call('POST', `/v1/test_helpers/authorizations/${third.json.id}/capture`, {});
    const fourth = await call('POST', '/v1/test_helpers/authorizations', { card: card.json.id, amount: 1_000_000, merchant });
    await call('POST', `/v1/test_helpers/authorizations/${fourth.json.id}/expire`, {});
    await call('GET', '/v1/authorizations?limit=3');
    await call('GET', `/v1/authorizations/${auth.json.id}`);
    await call('GET', `/v1/cardholders/${holder.json.id}/rewards`);
    const reward = await call('POST', '/v1/rewards/catalogue', { program: program.json.id, name: 'Kopi Susu gratis', kind: 'free_item', points_cost: 100, value: { item: 'Kopi Susu' } });
    expect(reward.status, reward.text).toBe(200);
    await call('GET', `/v1/rewards/catalogue?program=${program.json.id}`);
    await call('GET', `/v1/rewards/catalogue/${reward.json.id}`);
    await call('POST', '/v1/rewards/adjustments', { cardholder: holder.json.id, program: program.json.id, points: 150, reason: 'Welcome gift' });
    const redemption = await call('POST', '/v1/rewards/redemptions', { cardholder: holder.json.id, program: program.json.id, reward: reward.json.id });
    await call('GET', '/v1/rewards/redemptions');
    expect(redemption.status, redemption.text).toBe(200);
    await call('GET', `/v1/rewards/redemptions/${redemption.json.id}`);
    await call('POST', `/v1/rewards/redemptions/${redemption.json.id}/cancel`, {});
    // The card network: stand-in while it is down (the test plays its fraud team), advices, the outbox, clearing.
    await until(() => call('GET', `/v1/network/outbox?card=${card.json.id}`), (r) => r.json.data.every((m: { status: string }) => m.status === 'delivered'));
    expect((await call('GET', '/v1/network/outbox/summary')).status).toBe(200);
    await call('POST', '/v1/test_helpers/network', { outage: true });
    const block = await call('POST', `/v1/test_helpers/network/cards/${card.json.id}/block`, { reason: 'lost' });
    expect(block.json).toMatchObject({ id: card.json.id, blocked_reason: 'lost' });
    const standIn = await call('POST', '/v1/network/authorizations', { card: card.json.id, amount: 200_000, merchant });
    expect(standIn.json).toMatchObject({ approved: true, stand_in: true });
    await call('POST', '/v1/test_helpers/network', { outage: false });
    const advices = await call('GET', `/v1/network/advices?card=${card.json.id}`);
    expect([200, 400]).toContain((await call('POST', `/v1/network/advices/${advices.json.data[0].id}/retry`, {})).status);
    const discrepancies = await until(() => call('GET', '/v1/network/discrepancies?status=open'), (r) => r.json.data.length > 0);
    await call('GET', `/v1/network/discrepancies/${discrepancies.json.data[0].id}`);
    await call('POST', `/v1/network/discrepancies/${discrepancies.json.data[0].id}/resolve`, { resolution: 'keep', note: 'lost after the purchase' });
    expect((await call('POST', `/v1/test_helpers/network/cards/${card.json.id}/block`, { reason: null })).json.blocked_reason).toBeNull();
    const retry = await call('POST', `/v1/network/outbox/${(await call('GET', '/v1/network/outbox?limit=1')).json.data[0].id}/retry`, {});
    expect(retry.json.error.code).toBe('already_delivered');
    const fetched = await call('POST', '/v1/settlement/fetches', { date: new Date().toISOString().slice(0, 10) });
    expect(fetched.json.object, fetched.text).toBe('settlement_import');
    const settlementFile = await call('POST', '/v1/test_helpers/settlement_files', { mismatches: 2, seed: 3, format: 'csv' });
    const imported = await call('POST', '/v1/settlement/imports', { content: settlementFile.json.content });
    expect(imported.json.exceptions).toBeGreaterThan(0);
    await call('GET', '/v1/settlement/imports');
    await call('GET', `/v1/settlement/imports/${imported.json.id}`);
    const items = await call('GET', `/v1/settlement/items?import=${imported.json.id}&status=open`);
    await call('GET', `/v1/settlement/items/${items.json.data[0].id}`);
    await call('POST', `/v1/settlement/items/${items.json.data[0].id}/resolve`, { resolution: 'dismiss', note: 'not ours' });
    await call('POST', `/v1/cards/${card.json.id}`, { status: 'inactive' });
    await call('POST', `/v1/cards/${card.json.id}/replace`, { reason: 'damaged' });
    const physical = await call('POST', '/v1/cards', { program: program.json.id, cardholder: holder.json.id, type: 'physical' });
    await call('POST', `/v1/test_helpers/cards/${physical.json.id}/shipping/submit`, {});
    const events = await call('GET', '/v1/events?limit=5');
    await call('GET', `/v1/events/${events.json.data[0].id}`);
    const endpoint = await call('POST', '/v1/webhook_endpoints', { url: 'http://127.0.0.1:9/hook', enabled_events: ['card.*'] });
    await call('GET', '/v1/webhook_endpoints');
    await call('GET', `/v1/webhook_endpoints/${endpoint.json.id}`);
    await call('POST', `/v1/webhook_endpoints/${endpoint.json.id}`, { enabled_events: ['*'] });
    await call('GET', `/v1/webhook_deliveries?endpoint=${endpoint.json.id}`);
    await call('DELETE', `/v1/webhook_endpoints/${endpoint.json.id}`);
    await call('GET', '/v1/test_helpers/clock');
    await call('POST', '/v1/test_helpers/clock/advance', { seconds: 60 });
    await call('GET', '/v1/test_helpers/network');
    await call('POST', '/v1/test_helpers/network', { latency_ms: 0 });
    for (const report of ['spending?period=week', 'spending_summary', 'spending_heatmap', 'spending_by_category', 'spending_by_merchant', 'spending_by_card?limit=5', 'authorizations', 'loyalty', 'campaigns', 'corporate']) expect((await call('GET', `/v1/reports/${report}`)).status).toBe(200);
    for (const kind of ['transactions?format=csv', 'expenses', 'journal?from=2026-01-01&to=2026-12-31']) expect((await call('GET', `/v1/exports/${kind}`)).status).toBe(200);
    expect((await call('GET', `/v1/cards/${card.json.id}/statements/2026-03?format=html`)).status).toBe(200);
    // Error answers follow the documented error shape too.
    expect((await call('GET', '/v1/cards/card_missing')).status).toBe(404);
    expect((await call('POST', '/v1/cards', { program: program.json.id, cardholder: holder.json.id, type: 'virtual', colour: 'gold' }, false)).status).toBe(400);

    const missing = REST_ROUTES.map((r) => `${r.method} ${r.path}`).filter((r) => !exercised.has(r));
    expect(missing, 'routes this test did not exercise').toEqual([]);
  });
});
