import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CASHIER, testEngine, type TestEngine } from '../testing/test-engine.js';
import type { KartuEvent } from '../events/event-store.js';
import { AuthorizationQueue } from './authorization-queue.js';
import { prepaidCard, purchase } from './testing/auth-fixtures.js';

/**
 * The queue commits without waiting for the disk and answers once the WAL is synced
 * (db/wal-sync.ts). Here the sync is held back by the test to prove that nobody is answered, and
 * no event announced, before it; and that a failed sync answers nobody as approved.
 */
let dir: string;
let engine: TestEngine;
let queue: AuthorizationQueue;
let gates: Array<{ open(): void; fail(error: Error): void }>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kartu-queue-durable-'));
  engine = await testEngine({ path: join(dir, 'kartu.db') });
  gates = [];
  const real = engine.database.transactionSyncedLater.bind(engine.database);
  engine.database.transactionSyncedLater = async (work) => {
    const { value, durable } = await real(work);
    const held = new Promise<void>((resolve, reject) => gates.push({ open: resolve, fail: reject }));
    held.catch(() => undefined); // failed on purpose by a test; the queue's own handler sees it

    return { value, durable: durable.then(() => held) };
  };
  queue = new AuthorizationQueue(engine);
});
afterEach(async () => {
  for (const gate of gates) gate.open();
  await queue.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('AuthorizationQueue durability', () => {
  it('a committed decision is answered and announced only after its sync, while the next batch is decided meanwhile', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000 });
    const announced: KartuEvent[] = [];
    engine.events.subscribe((event) => announced.push(event));
    let answered = 0;
    const first = queue.submit(purchase(card.id, 30_000, { client_id: 'pos-1' }), CASHIER).then((a) => (answered++, a));
    while (gates.length < 1) await turn();
    // Committed (in the database) but not yet answered.
    expect(engine.database.sqlite.prepare("SELECT approved FROM authorizations WHERE client_id = 'pos-1'").pluck().get()).toBe(1);
    await turn();
    expect(answered).toBe(0);
    expect(announced.filter((e) => e.type.startsWith('authorization.'))).toHaveLength(0);

    // The next batch is decided and committed before the first is durable, and sees its hold.
    const second = queue.submit(purchase(card.id, 80_000, { client_id: 'pos-2' }), CASHIER);
    while (gates.length < 2) await turn();
    gates[0]!.open();
    expect(await first).toMatchObject({ approved: true, amount: 30_000 });
    expect(announced.some((e) => e.type === 'authorization.created')).toBe(true);
    gates[1]!.open();
    expect(await second).toMatchObject({ approved: false, decline_reason: 'insufficient_funds' });
  });

  it('when the disk does not confirm, nobody is told approved; a replay with the same client_id returns the decision', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000 });
    const attempt = queue.submit(purchase(card.id, 30_000, { client_id: 'pos-9' }), CASHIER);
    while (gates.length < 1) await turn();
    gates[0]!.fail(new Error('EIO'));
    await expect(attempt).rejects.toThrow('did not confirm');
    const replay = queue.submit(purchase(card.id, 30_000, { client_id: 'pos-9' }), CASHIER);
    while (gates.length < 2) await turn();
    gates[1]!.open();
    const decided = await replay;
    expect(decided).toMatchObject({ approved: true, amount: 30_000 });
    expect(engine.database.sqlite.prepare("SELECT COUNT(*) FROM authorizations WHERE client_id = 'pos-9'").pluck().get()).toBe(1);
  });

  it('a batch on a file database survives reopening, and synchronous is FULL again after it', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000 });
    const decisions = Promise.all(Array.from({ length: 5 }, (_, i) => queue.submit(purchase(card.id, 10_000, { client_id: `pos-r${i}` }), CASHIER)));
    let done = false;
    void decisions.then(() => (done = true));
    while (!done) {
      for (const gate of gates) gate.open();
      await turn();
    }
    expect((await decisions).every((a) => a.approved)).toBe(true);
    expect(engine.database.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    await queue.close();
    await engine.close();
    engine = await testEngine({ path: join(dir, 'kartu.db') });
    queue = new AuthorizationQueue(engine);
    expect(engine.database.sqlite.prepare("SELECT COUNT(*) FROM authorizations WHERE client_id LIKE 'pos-r%' AND approved = 1").pluck().get()).toBe(5);
  });
});
