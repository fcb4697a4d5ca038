import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKartu, type Kartu } from '../../kartu.js';
import { manualClock } from '../../kernel/clock.js';
import { seededRandom } from '../../kernel/random.js';
import { CASHIER, MANAGER, OWNER, TEST_KEY, tableCounts } from '../../testing/test-engine.js';
import { prepaidCard, purchase } from '../../authorization/testing/auth-fixtures.js';
import { deliverNetworkQueues } from '../outbox/worker.js';
import { formatSettlementFile } from './settlement-file.js';
import type { Engine } from '../../engine.js';

const dir = mkdtempSync(join(tmpdir(), 'kartu-settlement-'));
const clock = manualClock(new Date('2026-03-02T03:00:00Z'));
let kartu: Kartu;
let engine: Engine;
let cardId: string;
let last4: string;
beforeAll(async () => {
  kartu = await openKartu({ dataDir: dir, clock, random: seededRandom(5), cardDataKey: TEST_KEY });
  engine = kartu.sandbox;
  const { card } = await prepaidCard(engine, { topUp: 10_000_000 });
  cardId = card.id;
  last4 = card.last4;
  await deliverNetworkQueues(engine.services, kartu.sandboxNetwork);
});
afterAll(async () => {
  await kartu.close();
  rmSync(dir, { recursive: true, force: true });
});

const buy = async (amount: number) => engine.bus.send('network-authorize', purchase(cardId, amount), CASHIER);

describe('settlement import', () => {
  it('captures matched pending authorizations from the sandbox network file, records the rest, and a second import changes nothing', async () => {
    const p1 = await buy(10_000);
    const p2 = await buy(20_000);
    const p3 = await buy(30_000);
    const p4 = await buy(40_000);
    await deliverNetworkQueues(engine.services, kartu.sandboxNetwork);
    await engine.bus.send('authorization-reverse', { id: p3.id }, OWNER);
    await engine.bus.send('authorization-capture', { id: p4.id }, OWNER);

    const file = await engine.bus.send('test-helper-settlement-file', { date: '2026-03-02' }, MANAGER);
    expect(file.records).toBe(4);
    const again = await engine.bus.send('test-helper-settlement-file', { date: '2026-03-02' }, MANAGER);
    expect(again.content).toBe(file.content); // deterministic

    await expect(engine.bus.send('settlement-import', { content: file.content }, CASHIER)).rejects.toMatchObject({ type: 'permission_error' });
    const imported = await engine.bus.send('settlement-import', { content: file.content }, MANAGER);
    expect(imported).toMatchObject({ format: 'sandbox', file_id: file.file_id, records: 4, matched: 3, captured: 2, exceptions: 1, duplicate: false, total_amount: { IDR: 100_000 } });
    for (const p of [p1, p2]) {
      const a = await engine.bus.send('authorization-get', { id: p.id }, OWNER);
      expect(a).toMatchObject({ status: 'closed', captured_amount: p.amount, pending_amount: 0 });
    }
    const items = await engine.bus.send('settlement-item-list', { import: imported.id, limit: 10 }, MANAGER);
    const byAuth = new Map(items.data.map((i) => [i.authorization, i]));
    expect(byAuth.get(p1.id)).toMatchObject({ outcome: 'captured', status: 'matched' });
    expect(byAuth.get(p3.id)).toMatchObject({ outcome: 'exception', problem: 'already_reversed', status: 'open' });
    expect(byAuth.get(p4.id)).toMatchObject({ outcome: 'already_settled', status: 'matched' });

    const before = await tableCounts(engine);
    const twice = await engine.bus.send('settlement-import', { content: file.content }, MANAGER);
    expect(twice).toMatchObject({ id: imported.id, duplicate: true });
    expect(await tableCounts(engine)).toEqual(before);
    expect((await engine.bus.send('settlement-import-list', { limit: 10 }, MANAGER)).data).toHaveLength(1);

    const open = await engine.bus.send('settlement-item-list', { status: 'open', limit: 10 }, MANAGER);
    expect(open.data.map((i) => i.problem)).toEqual(['already_reversed']);
    await expect(engine.bus.send('settlement-item-resolve', { id: open.data[0]!.id, resolution: 'capture' }, MANAGER)).rejects.toMatchObject({ code: 'nothing_to_capture', param: 'resolution' });
    const resolved = await engine.bus.send('settlement-item-resolve', { id: open.data[0]!.id, resolution: 'written_off', note: 'cleared after our reversal; claim raised' }, MANAGER);
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'written_off', resolved_by: 'staff:staff_manager' });
    await expect(engine.bus.send('settlement-item-resolve', { id: resolved.id, resolution: 'dismiss' }, MANAGER)).rejects.toMatchObject({ code: 'not_open' });
  });

  it('puts seeded mismatches in the file on request: an amount that differs and an unknown authorization', async () => {
    clock.advance(86_400_000);
    const p = await buy(50_000);
    await buy(60_000);
    await deliverNetworkQueues(engine.services, kartu.sandboxNetwork);
    const file = await engine.bus.send('test-helper-settlement-file', { date: '2026-03-03', mismatches: 2, seed: 7 }, MANAGER);
    expect(file.records).toBe(3);
    const imported = await engine.bus.send('settlement-import', { content: file.content }, MANAGER);
    expect(imported).toMatchObject({ records: 3, matched: 1, captured: 1, exceptions: 2 });
    const problems = (await engine.bus.send('settlement-item-list', { import: imported.id, status: 'open', limit: 10 }, MANAGER)).data.map((i) => i.problem).sort();
    expect(problems).toEqual(['amount_differs', 'unknown_authorization']);
    expect(p.amount).toBe(50_000);
  });

  it('reads the documented CSV: matches by RRN, refunds, keeps a smaller cleared amount for a person who captures it', async () => {
    clock.advance(86_400_000);
    const a = await buy(70_000);
    const b = await buy(80_000);
    await deliverNetworkQueues(engine.services, kartu.sandboxNetwork);
    const advices = await engine.bus.send('network-advice-list', { limit: 100 }, MANAGER);
    const rrnOfA = advices.data.find((x) => x.authorization === a.id)!.rrn!;
    const row = { card_last4: last4, currency: 'IDR', merchant_id: 'MRC-CAFE-01', settled_at: '2026-03-05T02:00:00Z', interchange_fee: 0 };
    const csv = formatSettlementFile([
      { record_id: 'ACQ-1', type: 'capture', authorization: null, rrn: rrnOfA, amount: 70_000, ...row },
      { record_id: 'ACQ-2', type: 'capture', authorization: b.id, rrn: null, amount: 75_000, ...row },
      { record_id: 'ACQ-3', type: 'refund', authorization: null, rrn: rrnOfA, amount: 5_000, ...row },
    ]);
    const imported = await engine.bus.send('settlement-import', { content: csv }, MANAGER);
    expect(imported).toMatchObject({ format: 'csv', records: 3, matched: 2, captured: 2, exceptions: 1 });
    expect(imported.file_id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await engine.bus.send('authorization-get', { id: a.id }, OWNER)).toMatchObject({ captured_amount: 70_000, refunded_amount: 5_000 });
    const item = (await engine.bus.send('settlement-item-list', { import: imported.id, status: 'open', limit: 10 }, MANAGER)).data[0]!;
    expect(item).toMatchObject({ problem: 'amount_differs', authorization: b.id, amount: 75_000, line: 3 });
    const captured = await engine.bus.send('settlement-item-resolve', { id: item.id, resolution: 'capture', note: 'no tip' }, MANAGER);
    expect(captured.transaction).toMatch(/^txn_/);
    expect(await engine.bus.send('authorization-get', { id: b.id }, OWNER)).toMatchObject({ status: 'closed', captured_amount: 75_000, reversed_amount: 5_000 });
    // The same CSV again (its content hash is its id): nothing changes. Under another id, its records are skipped.
    expect(await engine.bus.send('settlement-import', { content: csv }, MANAGER)).toMatchObject({ id: imported.id, duplicate: true });
    const other = await engine.bus.send('settlement-import', { content: csv, file_id: 'ACQ-2026-03-04-B' }, MANAGER);
    expect(other).toMatchObject({ duplicate: false, matched: 0, exceptions: 0, skipped: 3 });
  });

  it("keeps a record whose last 4 digits are not the authorization's card for a person, and posts nothing for it", async () => {
    clock.advance(86_400_000);
    const a = await buy(90_000);
    const b = await buy(15_000);
    await deliverNetworkQueues(engine.services, kartu.sandboxNetwork);
    const other = last4 === '9999' ? '0001' : String(Number(last4) + 1).padStart(4, '0');
    const row = { currency: 'IDR', merchant_id: 'MRC-CAFE-01', settled_at: '2026-03-06T02:00:00Z', interchange_fee: 0 };
    const first = formatSettlementFile([{ record_id: 'L4-1', type: 'capture', authorization: b.id, rrn: null, card_last4: last4, amount: 15_000, ...row }]);
    await engine.bus.send('settlement-import', { content: first }, MANAGER);
    const before = await engine.bus.send('authorization-get', { id: b.id }, OWNER);
    const transactionsBefore = (await tableCounts(engine)).transactions;
    const csv = formatSettlementFile([
      // The right authorization id and amount, another card: not captured.
      { record_id: 'L4-2', type: 'capture', authorization: a.id, rrn: null, card_last4: other, amount: 90_000, ...row },
      // A refund of a captured purchase, another card: not refunded.
      { record_id: 'L4-3', type: 'refund', authorization: b.id, rrn: null, card_last4: other, amount: 5_000, ...row },
    ]);
    const imported = await engine.bus.send('settlement-import', { content: csv }, MANAGER);
    expect(imported).toMatchObject({ records: 2, matched: 0, captured: 0, exceptions: 2 });
    const items = (await engine.bus.send('settlement-item-list', { import: imported.id, problem: 'card_differs', limit: 10 }, MANAGER)).data;
    expect(items.map((i) => [i.record_id, i.status, i.outcome, i.transaction])).toEqual([
      ['L4-3', 'open', 'exception', null],
      ['L4-2', 'open', 'exception', null],
    ]);
    expect(items[1]!.detail).toContain(`ending ${other}`);
    expect(items[1]!.detail).toContain(`ending ${last4}`);
    expect(await engine.bus.send('authorization-get', { id: a.id }, OWNER)).toMatchObject({ status: 'pending', pending_amount: 90_000, captured_amount: 0 });
    expect(await engine.bus.send('authorization-get', { id: b.id }, OWNER)).toMatchObject({ captured_amount: before.captured_amount, refunded_amount: before.refunded_amount });
    expect((await tableCounts(engine)).transactions).toBe(transactionsBefore);
    // A person who checked with the network that the purchase is this card's captures it.
    const resolved = await engine.bus.send('settlement-item-resolve', { id: items[1]!.id, resolution: 'capture', note: 'acquirer confirmed a typo in the last 4' }, MANAGER);
    expect(resolved.transaction).toMatch(/^txn_/);
    expect(await engine.bus.send('authorization-get', { id: a.id }, OWNER)).toMatchObject({ status: 'closed', captured_amount: 90_000 });
  });

  it("spoils a record's last 4 digits as the third seeded mismatch", async () => {
    clock.advance(86_400_000);
    await buy(11_000);
    await buy(12_000);
    await buy(13_000);
    await deliverNetworkQueues(engine.services, kartu.sandboxNetwork);
    const date = clock.now().toISOString().slice(0, 10);
    const file = await engine.bus.send('test-helper-settlement-file', { date, mismatches: 3, seed: 11 }, MANAGER);
    const imported = await engine.bus.send('settlement-import', { content: file.content }, MANAGER);
    const problems = (await engine.bus.send('settlement-item-list', { import: imported.id, status: 'open', limit: 10 }, MANAGER)).data.map((i) => i.problem).sort();
    expect(problems).toContain('card_differs');
    expect(problems).toContain('unknown_authorization');
    expect(imported.exceptions).toBe(problems.length);
  });

  it('refuses a file with bad rows whole, naming every line, and writes nothing', async () => {
    const good = { record_id: 'BAD-1', type: 'capture' as const, authorization: 'auth_x', rrn: null, card_last4: '1234', amount: 100, currency: 'IDR', merchant_id: 'M', settled_at: '2026-03-05T02:00:00Z', interchange_fee: 0 };
    const csv = formatSettlementFile([good, { ...good, record_id: 'BAD-2', amount: 0 }, { ...good, record_id: 'BAD-3', settled_at: 'yesterday' }]);
    const before = await tableCounts(engine);
    const error = await engine.bus.send('settlement-import', { content: csv }, MANAGER).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'settlement_file_invalid', param: 'content' });
    expect((error as Error).message).toContain('line 3 amount');
    expect((error as Error).message).toContain('line 4 settled_at');
    expect((error as { details: { problems: unknown[] } }).details.problems).toHaveLength(2);
    await expect(engine.bus.send('settlement-import', { content: '{"format":"other"}' }, MANAGER)).rejects.toMatchObject({ code: 'settlement_file_invalid' });
    await expect(engine.bus.send('settlement-import', { content: csv, extra: 1 } as never, MANAGER)).rejects.toMatchObject({ param: 'extra' });
    expect(await tableCounts(engine)).toEqual(before);
  });

  it('test helpers are refused on live data', async () => {
    await expect(kartu.live.bus.send('test-helper-settlement-file', {}, OWNER)).rejects.toMatchObject({ code: 'sandbox_only' });
  });
});
