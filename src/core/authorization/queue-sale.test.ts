import { describe, expect, it, vi } from 'vitest';
import { CASHIER, tableCounts } from '../testing/test-engine.js';
import { prepaidCard, purchase } from './testing/auth-fixtures.js';
import { engineWithQueue } from './testing/queue-harness.js';

/**
 * A sale (single-message purchase, ISO 8583 0200) through the queue: decided and, when approved,
 * captured by the authorization-capture command in the SAME group commit, so a caller told
 * "approved" holds a sale that is durable as a whole.
 */
const t = engineWithQueue();
const send = t.send;

describe('AuthorizationQueue.sell', () => {
  it('captures approved sales in the commit that decides them, many sales per commit', async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 1_000_000 });
    const commits = t.queue.stats.commits;
    const sold = await Promise.all(Array.from({ length: 12 }, (_, i) => t.queue.sell(purchase(card.id, 10_000 + i), CASHIER, '0200')));
    expect(t.queue.stats.commits - commits).toBeLessThan(12);
    for (const { authorization, capture } of sold) {
      expect(authorization.approved).toBe(true);
      expect(capture).toMatchObject({ type: 'capture', amount: authorization.amount, authorization: authorization.id });
      expect(await send('authorization-get', { id: authorization.id })).toMatchObject({ status: 'closed', pending_amount: 0, captured_amount: authorization.amount });
    }
    const total = sold.reduce((sum, s) => sum + s.authorization.amount, 0);
    expect(await send('balance-get', { card: card.id })).toMatchObject({ available: 1_000_000 - total, pending: 0 });
    expect((await send('ledger-check', {})).ok).toBe(true);
  });

  it('writes the decision before its capture: events in order, the capture audited as its caller', async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 100_000 });
    const { authorization, capture } = await t.queue.sell(purchase(card.id, 25_000), CASHIER, '0200');
    const events = t.engine.database.sqlite.prepare('SELECT type, object_id FROM events WHERE object_id IN (?, ?) ORDER BY id').all(authorization.id, capture!.id) as Array<{ type: string; object_id: string }>;
    expect(events.map((e) => e.type)).toEqual(['authorization.created', 'transaction.created', 'authorization.updated']);
    const audit = t.engine.database.sqlite.prepare("SELECT actor_id, object_id, outcome FROM audit_log WHERE action = 'authorization-capture'").all();
    expect(audit).toEqual([{ actor_id: CASHIER.id, object_id: capture!.id, outcome: 'ok' }]);
    expect((await send('audit-verify', {})).ok).toBe(true);
  });

  it('does not capture a declined sale, and a repeated sale is decided and captured once', async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 30_000 });
    const declined = await t.queue.sell(purchase(card.id, 50_000), CASHIER, '0200');
    expect(declined).toMatchObject({ authorization: { approved: false, decline_reason: 'insufficient_funds' }, capture: null });
    const request = purchase(card.id, 20_000, { client_id: 'iso:1:T1:000042:x' });
    const first = await t.queue.sell(request, CASHIER, '0200');
    const again = await t.queue.sell(request, CASHIER, '0200');
    expect(again.authorization.id).toBe(first.authorization.id);
    expect(again.capture).toBeNull(); // already captured by the first
    const captures = (await send('transaction-list', { card: card.id, type: 'capture', limit: 10 })) as { data: unknown[] };
    expect(captures.data).toHaveLength(1);
    expect(await send('balance-get', { card: card.id })).toMatchObject({ available: 10_000 });
  });

  it('undoes a capture that fails alone: its approval keeps its hold, the batch commits the rest', async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 500_000 });
    const bus = t.engine.bus;
    const real = bus.runHeld.bind(bus);
    let calls = 0;
    // The second capture of the batch fails after it has written (a disk or constraint error).
    bus.runHeld = async (...args: Parameters<typeof real>) => {
      const output = await real(...args);
      if (++calls === 2) throw new Error('simulated failure after the capture wrote');
      return output;
    };
    try {
      const sold = await Promise.all([10_000, 20_000, 30_000].map((amount) => t.queue.sell(purchase(card.id, amount), CASHIER, '0200')));
      expect(sold.map((s) => s.authorization.approved)).toEqual([true, true, true]);
      expect(sold.map((s) => s.capture === null)).toEqual([false, true, false]);
      expect(await send('authorization-get', { id: sold[1]!.authorization.id })).toMatchObject({ status: 'pending', pending_amount: 20_000, captured_amount: 0 });
      // Every decision has its report fact, the one whose capture failed included.
      const facts = t.engine.database.sqlite.prepare('SELECT authorization_id, purchases FROM report_facts WHERE card_id = ? ORDER BY authorization_id').all(card.id) as Array<{ authorization_id: string; purchases: number }>;
      expect(facts.map((f) => [f.authorization_id, f.purchases])).toEqual(sold.map((s, i) => [s.authorization.id, i === 1 ? 0 : 1]).sort());
      expect(await send('balance-get', { card: card.id })).toMatchObject({ available: 440_000, pending: 20_000 });
      const events = t.engine.database.sqlite.prepare("SELECT count(*) AS n FROM events WHERE type = 'transaction.created'").get() as { n: number };
      expect(events.n).toBe(2);
      expect((await send('ledger-check', {})).ok).toBe(true);
      // The queue's session forgot what the failed capture had written: the next sale is right.
      const next = await t.queue.sell(purchase(card.id, 440_000), CASHIER, '0200');
      expect(next.capture).not.toBeNull();
      expect(await send('balance-get', { card: card.id })).toMatchObject({ available: 0, pending: 20_000 });
    } finally {
      bus.runHeld = real;
    }
  });

  it('fails the whole batch when the decisions before a capture cannot be written: each request is then decided (and sold) alone', async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 100_000 });
    const queue = t.queue as unknown as { writeDecisions(...args: unknown[]): Promise<unknown> };
    const spy = vi.spyOn(queue, 'writeDecisions').mockImplementationOnce(async () => {
      throw new Error('simulated failure writing the batch');
    });
    try {
      const sold = await Promise.all([10_000, 20_000].map((amount) => t.queue.sell(purchase(card.id, amount), CASHIER, '0200')));
      expect(t.queue.stats.fallbacks).toBe(1);
      expect(sold.map((s) => [s.authorization.approved, s.capture?.amount ?? null])).toEqual([
        [true, 10_000],
        [true, 20_000],
      ]);
      expect(await send('balance-get', { card: card.id })).toMatchObject({ available: 70_000, pending: 0 });
      expect((await send('ledger-check', {})).ok).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses a bad sale and writes nothing: wrong fields, a bad amount, no permission, an unknown card', async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 50_000 });
    const before = await tableCounts(t.engine);
    await expect(t.queue.sell({ ...(purchase(card.id, 1_000) as object), tip: 500 }, CASHIER, '0200')).rejects.toMatchObject({ type: 'invalid_request_error', param: 'tip' });
    await expect(t.queue.sell(purchase(card.id, -5), CASHIER, '0200')).rejects.toMatchObject({ type: 'invalid_request_error', param: 'amount' });
    await expect(t.queue.sell(purchase(card.id, 1_000), { type: 'api_key', id: 'key_r', scopes: ['authorizations:read'] }, '0200')).rejects.toMatchObject({ type: 'permission_error' });
    await expect(t.queue.sell(purchase('card_unknown', 1_000), CASHIER, '0200')).rejects.toMatchObject({ type: 'not_found', param: 'card' });
    expect(await tableCounts(t.engine)).toEqual(before);
  });
});
