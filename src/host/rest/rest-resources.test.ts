import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../core/bus/actor.js';
import type { CreatedApiKey } from '../../core/api-keys/api-key.js';
import { tableCounts } from '../../core/testing/test-engine.js';
import { raw, startTestHost, type RawRequest, type RawResponse, type TestHost } from '../testing/host-fixture.js';

let host: TestHost;
let testKey: string;
let liveKey: string;
let cardsOnly: string;

beforeAll(async () => {
  host = await startTestHost();
  testKey = ((await host.kartu.sandbox.bus.execute('key-create', { name: 'walk' }, SYSTEM_ACTOR)) as CreatedApiKey).secret;
  liveKey = ((await host.kartu.live.bus.execute('key-create', { name: 'live' }, SYSTEM_ACTOR)) as CreatedApiKey).secret;
  cardsOnly = ((await host.kartu.sandbox.bus.execute('key-create', { scopes: ['cards:read', 'cards:write'] }, SYSTEM_ACTOR)) as CreatedApiKey).secret;
});
afterAll(async () => {
  await host.stop();
});

let n = 0;
const api = (key: string, req: RawRequest): Promise<RawResponse> =>
  raw(host.port, {
    ...req,
    headers: { Authorization: `Bearer ${key}`, ...(req.method === 'POST' ? { 'Idempotency-Key': `walk-${n++}` } : {}), ...req.headers },
  });
const post = (key: string, path: string, json: unknown = {}) => api(key, { method: 'POST', path, json });
const get = (key: string, path: string) => api(key, { path });

describe('the Card Issuance API, resource by resource', () => {
  it('walks the smallest bodies: program, cardholder, card, top-up, authorize, capture, refund, rewards', async () => {
    // A loyalty card is closed loop: it pays only at the merchant's own branches.
    expect((await post(testKey, '/v1/locations', { name: 'Kopi Nusantara Sudirman', merchant_id: 'KN-JKT-SDR01', mcc: '5814', city: 'Jakarta', country: 'ID' })).status).toBe(200);
    const program = await post(testKey, '/v1/programs', { name: 'Kopi Nusantara', kind: 'loyalty', currency: 'IDR' });
    expect(program.status).toBe(200);
    expect(program.json).toMatchObject({ object: 'program', kind: 'loyalty', livemode: false });
    const holder = await post(testKey, '/v1/cardholders', { name: 'Siti Rahayu', phone: '+6281234567890' });
    expect(holder.json).toMatchObject({ object: 'cardholder', name: 'Siti Rahayu' });
    const card = await post(testKey, '/v1/cards', { program: program.json.id, cardholder: holder.json.id, type: 'virtual' });
    expect(card.status).toBe(200);
    expect(card.json).toMatchObject({ object: 'card', type: 'virtual', status: 'active', program: program.json.id, cardholder: holder.json.id });
    expect(card.json.last4).toMatch(/^\d{4}$/);
    expect(card.json).not.toHaveProperty('number');

    const topUp = await post(testKey, '/v1/top_ups', { card: card.json.id, amount: 10_000_000 });
    expect(topUp.status).toBe(200);
    const afterTopUp = await get(testKey, `/v1/cards/${card.json.id}`);
    expect(afterTopUp.json.balance).toEqual({ available: 10_000_000, pending: 0, currency: 'IDR' });

    const merchant = { name: 'Kopi Nusantara Sudirman', mcc: '5814', country: 'ID', id: 'KN-JKT-SDR01' };
    const auth = await post(testKey, '/v1/test_helpers/authorizations', { card: card.json.id, amount: 2_500_000, currency: 'IDR', merchant });
    expect(auth.status).toBe(200);
    expect(auth.json).toMatchObject({ object: 'authorization', approved: true, response_code: '00', status: 'pending', amount: 2_500_000, currency: 'IDR', card: card.json.id });
    expect((await get(testKey, `/v1/cards/${card.json.id}/balance`)).json).toMatchObject({ available: 7_500_000 });

    const capture = await post(testKey, `/v1/authorizations/${auth.json.id}/capture`, {});
    expect(capture.json).toMatchObject({ object: 'transaction', type: 'capture', amount: 2_500_000, authorization: auth.json.id });
    const refund = await post(testKey, `/v1/transactions/${capture.json.id}/refund`, { amount: 500_000 });
    expect(refund.json).toMatchObject({ object: 'transaction', type: 'refund', amount: 500_000, authorization: auth.json.id });
    expect((await get(testKey, `/v1/cards/${card.json.id}`)).json.balance.available).toBe(8_000_000);

    const declined = await post(testKey, '/v1/test_helpers/authorizations', { card: card.json.id, amount: 50_000_000, merchant });
    expect(declined.json).toMatchObject({ approved: false, response_code: '51', decline_reason: 'insufficient_funds' });
    const elsewhere = await post(testKey, '/v1/test_helpers/authorizations', { card: card.json.id, amount: 100_000, merchant: { name: 'Toko Lain', mcc: '5814', country: 'ID', id: 'OTHER-1' } });
    expect(elsewhere.json).toMatchObject({ approved: false, response_code: '57' });

    const rewards = await get(testKey, `/v1/cardholders/${holder.json.id}/rewards`);
    expect(rewards.status).toBe(200);
    expect(rewards.json).toHaveProperty('points');
    expect(rewards.json).toHaveProperty('tier');
    expect(rewards.json).toHaveProperty('cashback_balance');

    const list = await get(testKey, '/v1/authorizations?limit=1');
    expect(list.json).toMatchObject({ object: 'list', has_more: true });
    expect(list.json.data[0].id).toBe(elsewhere.json.id);
    const older = await get(testKey, `/v1/authorizations?limit=5&starting_after=${list.json.data[0].id}`);
    expect(older.json.data.map((a: { id: string }) => a.id)).toEqual([declined.json.id, auth.json.id]);
    expect(older.json.has_more).toBe(false);
    const events = await get(testKey, '/v1/events?limit=100');
    expect(events.json.data.map((e: { type: string }) => e.type)).toContain('card.created');
  });

  it('reveals a number only with the scope, audits it, and never stores it for replay', async () => {
    const program = await post(testKey, '/v1/programs', { name: 'Reveal', kind: 'prepaid', currency: 'IDR' });
    const holder = await post(testKey, '/v1/cardholders', { name: 'Budi', email: 'budi@example.co.id' });
    const card = await post(testKey, '/v1/cards', { program: program.json.id, cardholder: holder.json.id, type: 'virtual' });
    const denied = await post(cardsOnly, `/v1/cards/${card.json.id}/reveal`);
    expect(denied.status).toBe(403);
    expect(denied.json.error.type).toBe('permission_error');
    const revealed = await api(testKey, { method: 'POST', path: `/v1/cards/${card.json.id}/reveal`, json: {}, headers: { 'Idempotency-Key': 'reveal-1' } });
    expect(revealed.json.number).toMatch(/^\d{16}$/);
    expect(revealed.json.number.slice(-4)).toBe(card.json.last4);
    const stored = host.kartu.sandbox.database.sqlite.prepare('SELECT response FROM idempotency_keys').all() as Array<{ response: string }>;
    expect(stored.some((row) => row.response.includes(revealed.json.number))).toBe(false);
    const audit = await host.kartu.sandbox.bus.execute('audit-list', { object_id: card.json.id, limit: 10 }, SYSTEM_ACTOR) as { data: Array<{ action: string }> };
    expect(audit.data.map((e) => e.action)).toContain('card-reveal');
  });

  it('changes card status with reasons; a canceled-as-stolen card declines 43 at the test merchant', async () => {
    const program = await post(testKey, '/v1/programs', { name: 'Status', kind: 'loyalty', currency: 'IDR' });
    const holder = await post(testKey, '/v1/cardholders', { name: 'Ayu', phone: '+6281200000001' });
    const card = await post(testKey, '/v1/cards', { program: program.json.id, cardholder: holder.json.id, type: 'physical' });
    expect(card.json.status).toBe('inactive');
    for (const step of ['submit', 'ship', 'deliver']) {
      expect((await post(testKey, `/v1/test_helpers/cards/${card.json.id}/shipping/${step}`)).status).toBe(200);
    }
    expect((await post(testKey, `/v1/cards/${card.json.id}`, { status: 'active' })).json.status).toBe('active');
    const stolen = await post(testKey, `/v1/cards/${card.json.id}`, { status: 'canceled', cancellation_reason: 'stolen' });
    expect(stolen.json).toMatchObject({ status: 'canceled', cancellation_reason: 'stolen' });
    const auth = await post(testKey, '/v1/test_helpers/authorizations', { card: card.json.id, amount: 100_000, merchant: { name: 'X', mcc: '5814', country: 'ID' } });
    expect(auth.json).toMatchObject({ approved: false, response_code: '43', decline_reason: 'card_stolen' });
    const reveal = await post(testKey, `/v1/cards/${card.json.id}/reveal`);
    expect(reveal.status).toBe(400);
  });

  it('refuses bad input with the offending param and writes nothing', async () => {
    const before = await tableCounts(host.kartu.sandbox, ['audit_log', 'idempotency_keys']);
    const cases: Array<[string, unknown, string]> = [
      ['/v1/cards', { program: 'prog_nope', cardholder: 'ch_nope', type: 'virtual' }, 'program'],
      ['/v1/cardholders', { name: 'X', phone: '0812' }, 'phone'],
      ['/v1/cardholders', { name: 'X', nickname: 'y' }, 'nickname'],
      ['/v1/programs', { name: 'X', kind: 'loyalty', currency: 'IDR', brand: { primary_color: 'brown' } }, 'brand.primary_color'],
      ['/v1/top_ups', { card: 'card_nope', amount: -1 }, 'amount'],
      ['/v1/test_helpers/authorizations', { card: 'card_nope', amount: 'ten' }, 'amount'],
    ];
    for (const [path, json, param] of cases) {
      const response = await post(testKey, path, json);
      expect([400, 404], path).toContain(response.status);
      expect(response.json.error.param, path).toBe(param);
    }
    expect(await tableCounts(host.kartu.sandbox, ['audit_log', 'idempotency_keys'])).toEqual(before);
    expect((await get(testKey, '/v1/cards/card_nope')).status).toBe(404);
  });

  it('keeps test helpers out of live mode, and live keys out of sandbox data', async () => {
    const live = await post(liveKey, '/v1/test_helpers/authorizations', { card: 'card_x', amount: 100, merchant: { name: 'X', mcc: '5814', country: 'ID' } });
    expect(live.status).toBe(400);
    expect(live.json.error.code).toBe('sandbox_only');
    expect((await get(liveKey, '/v1/cards')).json.data).toEqual([]);
    expect((await post(liveKey, '/v1/test_helpers/clock/advance', { seconds: 60 })).json.error.code).toBe('sandbox_only');
    const advanced = await post(testKey, '/v1/test_helpers/clock/advance', { seconds: 3600 });
    expect(advanced.json.offset_seconds).toBeGreaterThanOrEqual(3600);
  });

  it('manages webhook endpoints, showing the secret once', async () => {
    const created = await post(testKey, '/v1/webhook_endpoints', { url: 'http://127.0.0.1:9/hook', enabled_events: ['card.*'] });
    expect(created.json.secret).toMatch(/^whsec_/);
    const fetched = await get(testKey, `/v1/webhook_endpoints/${created.json.id}`);
    expect(fetched.json).not.toHaveProperty('secret');
    const refused = await post(testKey, '/v1/webhook_endpoints', { url: 'http://10.1.2.3/hook', enabled_events: ['*'] });
    expect(refused.json.error.param).toBe('url');
    const deleted = await api(testKey, { method: 'DELETE', path: `/v1/webhook_endpoints/${created.json.id}` });
    expect(deleted.json).toMatchObject({ deleted: true });
  });
});
