import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../core/bus/actor.js';
import type { CreatedApiKey } from '../../core/api-keys/api-key.js';
import { tableCounts } from '../../core/testing/test-engine.js';
import { formatSettlementFile, type SettlementRecord } from '../../core/network/clearing/settlement-file.js';
import { raw, startTestHost, type RawRequest, type RawResponse, type TestHost } from '../testing/host-fixture.js';

/**
 * The card network over the REST API, against a running host: clearing (settlement files and the
 * items a person resolves), stand-in (a counter purchase while the network is down, its advice, and
 * the difference the network reports), and the outbox of card changes. The host's own outbox worker
 * delivers to the sandbox network, as in real use; the test plays the network's fraud team.
 */
let host: TestHost;
let testKey: string;
let liveKey: string;
let readOnly: string;
let cardsOnly: string;

beforeAll(async () => {
  host = await startTestHost();
  const key = async (engine: 'sandbox' | 'live', input: Record<string, unknown>) => ((await host.kartu[engine].bus.execute('key-create', input, SYSTEM_ACTOR)) as CreatedApiKey).secret;
  testKey = await key('sandbox', { name: 'network' });
  liveKey = await key('live', { name: 'live' });
  readOnly = await key('sandbox', { scopes: ['transactions:read'] });
  cardsOnly = await key('sandbox', { scopes: ['cards:read', 'cards:write'] });
});
afterAll(async () => {
  await host.stop();
});

let n = 0;
const api = (key: string, req: RawRequest): Promise<RawResponse> =>
  raw(host.port, {
    ...req,
    headers: { Authorization: `Bearer ${key}`, ...(req.method === 'POST' ? { 'Idempotency-Key': `network-${n++}` } : {}), ...req.headers },
  });
const post = (key: string, path: string, json: unknown = {}) => api(key, { method: 'POST', path, json });
const get = (key: string, path: string) => api(key, { path });

/** Asks until `done` holds: the host's worker delivers to the network on its own timer. */
async function until(what: string, ask: () => Promise<RawResponse>, done: (r: RawResponse) => boolean, timeoutMs = 15_000): Promise<RawResponse> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await ask();
    if (done(response)) return response;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs} ms; last answer ${response.status} ${response.text.slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const MERCHANT = { name: 'Warung Kopi', mcc: '5814', country: 'ID', id: 'MRC-CAFE-01' };

async function toppedUpCard(name: string): Promise<{ id: string; last4: string }> {
  const program = await post(testKey, '/v1/programs', { name: `Prepaid ${name}`, kind: 'prepaid', currency: 'IDR' });
  const holder = await post(testKey, '/v1/cardholders', { name, email: `${name.toLowerCase()}@example.co.id` });
  const card = await post(testKey, '/v1/cards', { program: program.json.id, cardholder: holder.json.id, type: 'virtual' });
  expect(card.status, card.text).toBe(200);
  expect((await post(testKey, '/v1/top_ups', { card: card.json.id, amount: 1_000_000 })).status).toBe(200);
  return { id: card.json.id, last4: card.json.last4 };
}

const otherLast4 = (last4: string): string => String((Number(last4) + 1) % 10_000).padStart(4, '0');

function csv(rows: Array<Partial<Omit<SettlementRecord, 'line'>> & Pick<SettlementRecord, 'record_id' | 'card_last4' | 'amount'>>): string {
  return formatSettlementFile(rows.map((r) => ({ type: 'capture', authorization: null, rrn: null, currency: 'IDR', merchant_id: MERCHANT.id, settled_at: '2026-03-03T02:00:00Z', interchange_fee: 0, ...r })));
}

describe('clearing over the API', () => {
  it('imports a settlement file: posts what matches, keeps a card mismatch for a person, replays by Idempotency-Key, and a person resolves it', async () => {
    const card = await toppedUpCard('Dewi');
    const a = await post(testKey, '/v1/test_helpers/authorizations', { card: card.id, amount: 40_000, merchant: MERCHANT });
    const b = await post(testKey, '/v1/test_helpers/authorizations', { card: card.id, amount: 25_000, merchant: MERCHANT });
    const c = await post(testKey, '/v1/test_helpers/authorizations', { card: card.id, amount: 10_000, merchant: MERCHANT });
    expect([a, b, c].map((r) => r.json.approved)).toEqual([true, true, true]);
    const file = csv([
      { record_id: 'API-1', authorization: a.json.id, card_last4: card.last4, amount: 40_000 },
      { record_id: 'API-2', authorization: b.json.id, card_last4: otherLast4(card.last4), amount: 25_000 },
      { record_id: 'API-3', authorization: c.json.id, card_last4: card.last4, amount: 12_000 },
    ]);

    const headers = { 'Idempotency-Key': 'settlement-2026-03-02' };
    const imported = await api(testKey, { method: 'POST', path: '/v1/settlement/imports', json: { content: file }, headers });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.json).toMatchObject({ object: 'settlement_import', format: 'csv', records: 3, matched: 1, captured: 1, exceptions: 2, duplicate: false, total_amount: { IDR: 77_000 } });
    const replay = await api(testKey, { method: 'POST', path: '/v1/settlement/imports', json: { content: file }, headers });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json).toEqual(imported.json);
    const conflict = await api(testKey, { method: 'POST', path: '/v1/settlement/imports', json: { content: file, file_id: 'OTHER' }, headers });
    expect(conflict.status).toBe(409);
    expect(conflict.json.error.type).toBe('idempotency_error');
    // The same file under a new key is recognised by its content: nothing changes.
    expect((await post(testKey, '/v1/settlement/imports', { content: file })).json).toMatchObject({ id: imported.json.id, duplicate: true });

    expect((await get(testKey, `/v1/authorizations/${a.json.id}`)).json).toMatchObject({ status: 'closed', captured_amount: 40_000 });
    expect((await get(testKey, `/v1/authorizations/${b.json.id}`)).json).toMatchObject({ status: 'pending', captured_amount: 0 });

    const imports = await get(readOnly, '/v1/settlement/imports');
    expect(imports.json.data.map((i: { id: string }) => i.id)).toEqual([imported.json.id]);
    expect((await get(readOnly, `/v1/settlement/imports/${imported.json.id}`)).json.file_id).toBe(imported.json.file_id);

    // Pagination, newest first.
    const first = await get(readOnly, `/v1/settlement/items?import=${imported.json.id}&limit=2`);
    expect(first.json).toMatchObject({ object: 'list', has_more: true });
    const rest = await get(readOnly, `/v1/settlement/items?import=${imported.json.id}&limit=2&starting_after=${first.json.data[1].id}`);
    expect(rest.json.has_more).toBe(false);
    const all = [...first.json.data, ...rest.json.data];
    expect(all.map((i: { record_id: string }) => i.record_id)).toEqual(['API-3', 'API-2', 'API-1']);

    const mismatch = await get(readOnly, `/v1/settlement/items?status=open&problem=card_differs`);
    expect(mismatch.json.data).toHaveLength(1);
    const item = mismatch.json.data[0];
    expect(item).toMatchObject({ object: 'settlement_item', record_id: 'API-2', authorization: b.json.id, outcome: 'exception', transaction: null, card_last4: otherLast4(card.last4) });
    expect((await get(readOnly, `/v1/settlement/items/${item.id}`)).json).toEqual(item);

    // A read-only key reads, but does not resolve.
    const denied = await post(readOnly, `/v1/settlement/items/${item.id}/resolve`, { resolution: 'dismiss' });
    expect(denied.status).toBe(403);
    expect(denied.json.error.type).toBe('permission_error');
    const bad = await post(testKey, `/v1/settlement/items/${item.id}/resolve`, { resolution: 'refund' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.param).toBe('resolution');
    const resolved = await post(testKey, `/v1/settlement/items/${item.id}/resolve`, { resolution: 'dismiss', note: 'the acquirer withdrew the record' });
    expect(resolved.json).toMatchObject({ status: 'resolved', resolution: 'dismiss', resolution_note: 'the acquirer withdrew the record' });
    expect((await post(testKey, `/v1/settlement/items/${item.id}/resolve`, { resolution: 'dismiss' })).json.error.code).toBe('not_open');

    // The smaller final amount (no tip) is captured by a person.
    const smaller = (await get(readOnly, `/v1/settlement/items?status=open&problem=amount_differs`)).json.data[0];
    expect(smaller).toMatchObject({ record_id: 'API-3', amount: 12_000 });
    const tooMuch = await post(testKey, `/v1/settlement/items/${smaller.id}/resolve`, { resolution: 'capture' });
    expect(tooMuch.json.error).toMatchObject({ code: 'amount_too_large', param: 'resolution' });
    expect((await post(testKey, `/v1/settlement/items/${smaller.id}/resolve`, { resolution: 'written_off' })).json.status).toBe('resolved');
    expect((await get(testKey, `/v1/settlement/items/sitm_missing`)).status).toBe(404);
  });

  it('refuses a bad file whole with every problem named, and bad input by param; nothing is written', async () => {
    const before = await tableCounts(host.kartu.sandbox, ['audit_log', 'idempotency_keys']);
    const file = csv([
      { record_id: 'BAD-1', authorization: 'auth_x', card_last4: '12', amount: 100 },
      { record_id: 'BAD-2', authorization: 'auth_x', card_last4: '1234', amount: 0 },
    ]);
    const refused = await post(testKey, '/v1/settlement/imports', { content: file });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ type: 'invalid_request_error', code: 'settlement_file_invalid', param: 'content' });
    expect(refused.json.error.details.problems).toEqual([
      { line: 2, column: 'card_last4', message: 'must be 4 digits' },
      { line: 3, column: 'amount', message: 'must be a positive integer in minor units' },
    ]);
    expect((await post(testKey, '/v1/settlement/imports', { content: file, colour: 'red' })).json.error.param).toBe('colour');
    expect((await post(testKey, '/v1/settlement/imports', { content: 42 })).json.error.param).toBe('content');
    expect((await post(testKey, '/v1/settlement/imports', {})).json.error.param).toBe('content');
    expect((await post(testKey, '/v1/settlement/imports', { content: file, format: 'xml' })).json.error.param).toBe('format');
    expect((await get(testKey, '/v1/settlement/items?status=lost')).json.error.param).toBe('status');
    expect((await post(cardsOnly, '/v1/settlement/imports', { content: file })).status).toBe(403);
    expect(await tableCounts(host.kartu.sandbox, ['audit_log', 'idempotency_keys'])).toEqual(before);
  });

  it('takes a settlement file larger than the 1 MB every other request is held to, up to 16 MB', async () => {
    // A valid header with an extra column (ignored by the importer) makes a big file; its one row is bad,
    // so the import is refused by the core (400, read whole), not by the size limit (413).
    const padding = 'x'.repeat(1_200_000);
    const file = `${csv([]).split('\n')[0]},note\nBIG-1,capture,auth_x,,1234,0,IDR,M,2026-03-03T02:00:00Z,0,${padding}\n`;
    const big = await post(testKey, '/v1/settlement/imports', { content: file });
    expect(big.status, big.text.slice(0, 200)).toBe(400);
    expect(big.json.error).toMatchObject({ code: 'settlement_file_invalid', details: { problems: [{ line: 2, column: 'amount' }] } });
    expect((await post(testKey, '/v1/cardholders', { name: 'X', email: `${padding}@example.com` })).status).toBe(413);
    // Past 16 MB the declared length alone refuses it, before a byte is read.
    const huge = await api(testKey, { method: 'POST', path: '/v1/settlement/imports', body: '{}', headers: { 'Content-Type': 'application/json', 'Content-Length': String(17 * 1024 * 1024), 'Idempotency-Key': 'huge' } });
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe('body_too_large');
  });

  it('keeps live and sandbox apart: a live key sees no sandbox import, cannot make a sandbox file, and its own import finds no sandbox authorization', async () => {
    expect((await get(liveKey, '/v1/settlement/imports')).json.data).toEqual([]);
    const file = await post(liveKey, '/v1/test_helpers/settlement_files', {});
    expect(file.status).toBe(400);
    expect(file.json.error.code).toBe('sandbox_only');
    const sandboxAuth = (await get(testKey, '/v1/authorizations?limit=1')).json.data[0];
    const imported = await post(liveKey, '/v1/settlement/imports', { content: csv([{ record_id: 'LIVE-1', authorization: sandboxAuth.id, card_last4: sandboxAuth.card_last4 ?? '0000', amount: 1_000 }]) });
    expect(imported.json).toMatchObject({ records: 1, matched: 0, exceptions: 1 });
    const items = await get(liveKey, `/v1/settlement/items?import=${imported.json.id}`);
    expect(items.json.data[0]).toMatchObject({ problem: 'unknown_authorization', authorization: null });
    expect((await get(testKey, `/v1/settlement/imports/${imported.json.id}`)).status).toBe(404);
  });
});

describe('stand-in, advices and the outbox over the API', () => {
  it('decides a counter purchase by stand-in while the network is down; once back, the advice reports what the network knew, and a person resolves the difference', async () => {
    const card = await toppedUpCard('Rudi');
    // The network learns the new card from the outbox first.
    await until('card delivered to the network', () => get(testKey, `/v1/network/outbox?card=${card.id}`), (r) => r.json.data.length > 0 && r.json.data.every((m: { status: string }) => m.status === 'delivered'));
    const online = await post(testKey, '/v1/network/authorizations', { card: card.id, amount: 15_000, merchant: MERCHANT });
    expect(online.json).toMatchObject({ object: 'authorization', approved: true, stand_in: false });
    // Reported to the network for the record, before the block below (else the network would judge it too).
    await until('the online purchase reported', () => get(testKey, `/v1/network/advices?card=${card.id}&kind=authorization`), (r) => r.json.data[0]?.status === 'delivered');

    expect((await post(testKey, '/v1/test_helpers/network', { outage: true })).json.outage).toBe(true);
    host.kartu.sandboxNetwork.blockCard(card.id, 'stolen'); // the network's fraud team; Kartu does not know yet
    const standIn = await post(testKey, '/v1/network/authorizations', { card: card.id, amount: 30_000, merchant: MERCHANT });
    expect(standIn.json).toMatchObject({ approved: true, response_code: '00', stand_in: true });
    const advices = await get(testKey, `/v1/network/advices?card=${card.id}&kind=stand_in`);
    expect(advices.json.data).toHaveLength(1);
    const advice = advices.json.data[0];
    expect(advice).toMatchObject({ object: 'network_advice', authorization: standIn.json.id, decision: { approved: true, amount: 30_000 } });
    expect(['pending', 'retrying']).toContain(advice.status);

    expect((await post(testKey, '/v1/test_helpers/network', { outage: false })).json.outage).toBe(false);
    // Sent again now rather than after its backoff.
    const retried = await post(testKey, `/v1/network/advices/${advice.id}/retry`);
    expect([200, 400]).toContain(retried.status);
    if (retried.status === 400) expect(retried.json.error.code).toBe('already_delivered');
    const open = await until('the difference recorded', () => get(testKey, `/v1/network/discrepancies?status=open&card=${card.id}`), (r) => r.json.data?.length === 1);
    const difference = open.json.data[0];
    expect(difference).toMatchObject({ object: 'network_discrepancy', kind: 'network_declined', authorization: standIn.json.id, advice: advice.id, local: { approved: true, response_code: '00' }, network: { approved: false, response_code: '43' }, amount: 30_000, currency: 'IDR' });
    expect((await get(testKey, `/v1/network/discrepancies/${difference.id}`)).json).toEqual(difference);
    const delivered = await get(testKey, `/v1/network/advices?card=${card.id}&status=delivered`);
    expect(delivered.json.data.map((d: { authorization: string }) => d.authorization)).toEqual([standIn.json.id, online.json.id]);
    expect(delivered.json.data[0].rrn).toMatch(/^\d{12}$/);
    expect((await post(testKey, `/v1/network/advices/${advice.id}/retry`)).json.error.code).toBe('already_delivered');

    expect((await post(cardsOnly, `/v1/network/discrepancies/${difference.id}/resolve`, { resolution: 'keep' })).status).toBe(403);
    expect((await post(testKey, `/v1/network/discrepancies/${difference.id}/resolve`, { resolution: 'refund' })).json.error.param).toBe('resolution');
    const resolved = await post(testKey, `/v1/network/discrepancies/${difference.id}/resolve`, { resolution: 'reverse_authorization', note: 'stolen card, reported at the network' });
    expect(resolved.json).toMatchObject({ status: 'resolved', resolution: 'reverse_authorization' });
    expect((await get(testKey, `/v1/authorizations/${standIn.json.id}`)).json.status).toBe('reversed');
    expect((await post(testKey, `/v1/network/discrepancies/${difference.id}/resolve`, { resolution: 'keep' })).json.error.code).toBe('already_resolved');
    expect((await get(testKey, '/v1/network/discrepancies/ndis_missing')).status).toBe(404);

    // The network's daily file has both approvals it saw.
    const today = new Date((await get(testKey, '/v1/test_helpers/clock')).json.now).toISOString().slice(0, 10);
    const file = await post(testKey, '/v1/test_helpers/settlement_files', { date: today, format: 'csv' });
    expect(file.json).toMatchObject({ object: 'settlement_file', format: 'csv' });
    expect(file.json.content).toContain(online.json.id);
    expect(file.json.content).toContain(standIn.json.id);
  });

  it('shows card changes waiting for the network, and a person sends one again', async () => {
    expect((await post(testKey, '/v1/test_helpers/network', { outage: true })).status).toBe(200);
    try {
      const card = await toppedUpCard('Sari');
      const waiting = await until('a failed attempt recorded', () => get(testKey, `/v1/network/outbox?card=${card.id}`), (r) => r.json.data.some((m: { attempts: number }) => m.attempts > 0));
      const message = waiting.json.data.find((m: { attempts: number }) => m.attempts > 0);
      expect(message).toMatchObject({ object: 'network_message', card: card.id, status: 'retrying' });
      expect(message.last_error).toBeTruthy();
      const summary = await get(testKey, '/v1/network/outbox/summary');
      expect(summary.json.retrying + summary.json.pending).toBeGreaterThanOrEqual(1);
      const again = await post(testKey, `/v1/network/outbox/${message.id}/retry`);
      expect(again.json).toMatchObject({ id: message.id, status: 'pending' });
      expect((await post(testKey, '/v1/network/outbox/obx_missing/retry')).status).toBe(404);
      expect((await get(cardsOnly, '/v1/network/outbox')).status).toBe(403);
      expect((await get(liveKey, '/v1/network/outbox')).json.data).toEqual([]);
    } finally {
      await post(testKey, '/v1/test_helpers/network', { outage: false });
    }
  });

  it('a live counter purchase with no network configured is decided locally (only the sandbox network ships)', async () => {
    const unknownCard = await post(liveKey, '/v1/network/authorizations', { card: 'card_x', amount: 100, merchant: MERCHANT });
    expect(unknownCard.status).toBe(404);
    expect(unknownCard.json.error.param).toBe('card');
    expect((await post(testKey, '/v1/network/authorizations', { card: 'card_x', amount: 100, merchant: MERCHANT, stand_in: true })).json.error.param).toBe('stand_in');
  });
});
