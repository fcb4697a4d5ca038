import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CASHIER, OWNER, testEngine, type TestEngine } from '../testing/test-engine.js';
import { AuthorizationQueue } from './authorization-queue.js';
import { prepaidCard, purchase } from './testing/auth-fixtures.js';
import { engineWithQueue } from './testing/queue-harness.js';

/**
 * The queue keeps its session's memory (cards, counters, balances, risk state) from one commit to
 * the next while nothing else writes. These tests change the database between batches in every
 * way that matters and check that the next decision sees it.
 */
const t = engineWithQueue();
const send = t.send;

describe('AuthorizationQueue memory between commits', () => {
  it('later batches count the earlier ones: limits and balances carry over without re-reading', async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 100_000, card: { spending_controls: { spending_limits: [{ amount: 70_000, interval: 'daily' }] } } });
    expect(await t.queue.submit(purchase(card.id, 40_000), CASHIER)).toMatchObject({ approved: true });
    expect(await t.queue.submit(purchase(card.id, 40_000), CASHIER)).toMatchObject({ approved: false, decline_reason: 'spending_limit' });
    expect(await t.queue.submit(purchase(card.id, 30_000), CASHIER)).toMatchObject({ approved: true });
    expect(await t.queue.submit(purchase(card.id, 1), CASHIER)).toMatchObject({ approved: false, decline_reason: 'spending_limit' });
    expect(t.queue.stats.commits).toBe(4);
    expect(await send('balance-get', { card: card.id })).toMatchObject({ available: 30_000, pending: 70_000 });
    expect((await send('ledger-check', {})).ok).toBe(true);
  });

  it('a command between batches (freeze, reversal, top-up) is seen by the next decision', async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 50_000, card: { spending_controls: { spending_limits: [{ amount: 60_000, interval: 'daily' }] } } });
    const first = await t.queue.submit(purchase(card.id, 50_000), CASHIER);
    expect(first).toMatchObject({ approved: true });
    expect(await t.queue.submit(purchase(card.id, 10_000), CASHIER)).toMatchObject({ approved: false, decline_reason: 'insufficient_funds' });

    await send('top-up-create', { card: card.id, amount: 20_000 });
    expect(await t.queue.submit(purchase(card.id, 10_000), CASHIER)).toMatchObject({ approved: true });
    expect(await t.queue.submit(purchase(card.id, 10_000), CASHIER)).toMatchObject({ approved: false, decline_reason: 'spending_limit' });

    // The reversal releases the hold and takes it out of the day's counters.
    await send('authorization-reverse', { id: first.id });
    expect(await t.queue.submit(purchase(card.id, 10_000), CASHIER)).toMatchObject({ approved: true });

    await send('card-update', { id: card.id, status: 'inactive' });
    expect(await t.queue.submit(purchase(card.id, 1_000), CASHIER)).toMatchObject({ approved: false, decline_reason: 'card_inactive' });
    expect((await send('ledger-check', {})).ok).toBe(true);
  });

  it('a block list imported between batches applies to the next decision on a remembered card', async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 50_000_000 });
    expect(await t.queue.submit(purchase(card.id, 3_500_000), CASHIER)).toMatchObject({ approved: true });
    const number = (await send('card-reveal', { id: card.id })).number;
    await send('blocklist-import', { name: 'CERT', source: 'Bank CERT', source_date: '2026-03-01', policy: 'decline', format: 'csv', kind: 'card', content: number, preview: false });
    expect(await t.queue.submit(purchase(card.id, 3_500_000), CASHIER)).toMatchObject({ approved: false, response_code: '59' });
  });

  it('a number first unknown is found once the card exists', async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 50_000 });
    const number = (await send('card-reveal', { id: card.id })).number;
    const other = `${number.slice(0, -4)}0000`;
    const byNumber = (n: string) => ({ number: n, amount: 1_000, merchant: { name: 'Warung', mcc: '5814', country: 'ID' } }) as never;
    expect(await t.queue.submit(byNumber(number), CASHIER)).toMatchObject({ approved: true, card: card.id });
    expect(await t.queue.submit(byNumber(other), CASHIER)).toMatchObject({ approved: false, decline_reason: 'card_unknown' });
    expect(await t.queue.submit(byNumber(number), CASHIER)).toMatchObject({ approved: true, card: card.id });
  });
});

describe('AuthorizationQueue memory and other processes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kartu-queue-memory-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a write by another connection to the same file is seen by the next decision', async () => {
    const path = join(dir, 'sandbox.db');
    const here = await testEngine({ path });
    const there = await testEngine({ path });
    const q = new AuthorizationQueue(here);
    try {
      const { card } = await prepaidCard(here, { topUp: 10_000 });
      expect(await q.submit(purchase(card.id, 10_000), CASHIER)).toMatchObject({ approved: true });
      expect(await q.submit(purchase(card.id, 5_000), CASHIER)).toMatchObject({ approved: false, decline_reason: 'insufficient_funds' });
      // Another process (e.g. the command-line tool) tops the card up, then cancels it.
      await there.bus.send('top-up-create', { card: card.id, amount: 5_000 }, OWNER);
      expect(await q.submit(purchase(card.id, 5_000), CASHIER)).toMatchObject({ approved: true });
      await there.bus.send('card-update', { id: card.id, status: 'canceled' } as never, OWNER);
      expect(await q.submit(purchase(card.id, 1), CASHIER)).toMatchObject({ approved: false, decline_reason: 'card_canceled' });
      expect((await here.bus.send('ledger-check', {}, OWNER)).ok).toBe(true);
    } finally {
      await q.close();
      await here.close();
      await there.close();
    }
  });
});

describe('stand-in is not a caller\'s to claim', () => {
  it('authorization-create refuses stand_in by name and writes nothing', async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 10_000 });
    await expect(send('authorization-create', { ...(purchase(card.id, 1_000) as object), stand_in: true })).rejects.toMatchObject({ type: 'invalid_request_error', param: 'stand_in' });
    await expect(t.queue.submit({ ...(purchase(card.id, 1_000) as object), stand_in: true }, CASHIER)).rejects.toMatchObject({ param: 'stand_in' });
    expect((await send('authorization-list', { card: card.id })).data).toHaveLength(0);
  });
});

describe('AuthorizationQueue and neutral writes', () => {
  const putSetting = (key: string) => (trx: TestEngine['services']['db']) => trx.insertInto('settings').values({ key, value: key }).execute();

  it('keeps its session across a write declared neutral, and only when nothing else wrote before it', async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 100_000 });
    expect(await t.queue.submit(purchase(card.id, 10_000), CASHIER)).toMatchObject({ approved: true });
    const fresh = t.queue.stats.freshSessions;

    await t.engine.database.transactionSyncedLater(putSetting('neutral-1'), { neutral: true });
    expect(await t.queue.submit(purchase(card.id, 10_000), CASHIER)).toMatchObject({ approved: true });
    expect(t.queue.stats.freshSessions).toBe(fresh);

    // Another write first (a raw one, which declares nothing): the neutral one after it cannot
    // vouch for the session.
    await t.engine.services.db.updateTable('cards').set({ status: 'inactive' }).where('id', '=', card.id).execute();
    await t.engine.database.transactionSyncedLater(putSetting('neutral-2'), { neutral: true });
    // ...and the fresh session saw it.
    expect(await t.queue.submit(purchase(card.id, 10_000), CASHIER)).toMatchObject({ approved: false, decline_reason: 'card_inactive' });
    expect(t.queue.stats.freshSessions).toBe(fresh + 1);
    await t.engine.services.db.updateTable('cards').set({ status: 'active' }).where('id', '=', card.id).execute();
    expect(await t.queue.submit(purchase(card.id, 10_000), CASHIER)).toMatchObject({ approved: true });
    expect(t.queue.stats.freshSessions).toBe(fresh + 2);

    // The same write not declared neutral ends the session.
    await t.engine.database.transactionSyncedLater(putSetting('plain'));
    expect(await t.queue.submit(purchase(card.id, 10_000), CASHIER)).toMatchObject({ approved: true });
    expect(t.queue.stats.freshSessions).toBe(fresh + 3);
  });
});
