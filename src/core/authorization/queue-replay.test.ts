import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CASHIER, OWNER, testEngine, type TestEngine } from '../testing/test-engine.js';
import { AuthorizationQueue } from './authorization-queue.js';
import { GROCER, prepaidCard, purchase } from './testing/auth-fixtures.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => {
  await engine.close();
});
const send = <K extends Parameters<TestEngine['bus']['send']>[0]>(name: K, input: unknown) => engine.bus.send(name, input as never, OWNER);

describe('AuthorizationQueue (group commit)', () => {
  it('decides concurrent requests in shared commits, each seeing the ones before it', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000, card: { spending_controls: { spending_limits: [{ amount: 60_000, interval: 'daily' }] } } });
    const queue = new AuthorizationQueue(engine);
    const seen: string[] = [];
    engine.events.subscribe((e) => seen.push(e.type));
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => queue.submit(purchase(card.id, 10_000, { client_id: `q-${i}` }), CASHIER)));
    expect(results.map((r) => r.approved)).toEqual([true, true, true, true, true, true, false, false, false, false]);
    expect(results.slice(6).every((r) => r.decline_reason === 'spending_limit')).toBe(true);
    expect(queue.stats.commits).toBe(1);
    expect(queue.stats.largestBatch).toBe(10);
    expect(seen.filter((t) => t === 'authorization.created')).toHaveLength(10);
    expect(await send('balance-get', { card: card.id })).toMatchObject({ available: 40_000, pending: 60_000 });
    expect((await send('authorization-list', { card: card.id, limit: 100 })).data).toHaveLength(10);
    expect((await send('ledger-check', {})).ok).toBe(true);
    await queue.close();
  });

  it('a failing request is refused alone; its neighbours commit', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000 });
    const queue = new AuthorizationQueue(engine);
    const outcomes = await Promise.allSettled([
      queue.submit(purchase(card.id, 1_000, { client_id: 'dup' }), OWNER),
      queue.submit(purchase('card_nope', 1_000), OWNER),
      queue.submit(purchase(card.id, 1_000, { currency: 'USD' }), OWNER), // no rate: refused
      queue.submit(purchase(card.id, 2_000, { client_id: 'dup' }), OWNER), // same id, other amount
      queue.submit(purchase(card.id, -1), OWNER), // refused before queueing
      queue.submit(purchase(card.id, 3_000), OWNER),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[3] as PromiseRejectedResult).reason).toMatchObject({ code: 'exists_with_different_amount' });
    expect(await send('balance-get', { card: card.id })).toMatchObject({ pending: 4_000 });
    expect((await send('ledger-check', {})).ok).toBe(true);
    await queue.close();
  });

  it('checks permissions for each caller', async () => {
    const queue = new AuthorizationQueue(engine);
    await expect(queue.submit(purchase('card_x', 1_000), { type: 'api_key', id: 'key_r', scopes: ['authorizations:read'] })).rejects.toMatchObject({ type: 'permission_error' });
  });

  it('keeps the event loop turning while answered callers resubmit at once', async () => {
    const { card } = await prepaidCard(engine, { topUp: 10_000_000 });
    const queue = new AuthorizationQueue(engine, { maxBatch: 4 });
    // Callers that submit again as soon as they are answered (as a busy terminal would) must not
    // keep the queue in microtasks: a timer has to get its turn and stop them.
    let stop = false;
    setTimeout(() => {
      stop = true;
    }, 5);
    let decided = 0;
    const caller = async (): Promise<void> => {
      while (!stop) {
        await queue.submit(purchase(card.id, 1_000), CASHIER);
        // Without the turn, the timer never runs: stop the callers rather than spin forever.
        if (++decided > 5_000) throw new Error('the stop timer never got its turn');
      }
    };
    await Promise.all(Array.from({ length: 8 }, caller));
    expect(stop).toBe(true);
    expect(decided).toBeGreaterThan(0);
    expect(queue.stats.decisions).toBe(decided);
    await queue.close();
  }, 20_000);
});

describe('rules-replay', () => {
  it('reports which past decisions a proposed rule would change, writing nothing', async () => {
    const { card } = await prepaidCard(engine, { topUp: 1_000_000 });
    const made = [];
    for (const amount of [10_000, 20_000, 30_000]) made.push(await send('authorization-create', purchase(card.id, amount)));
    made.push(await send('authorization-create', { card: card.id, amount: 5_000, merchant: GROCER }));
    await send('card-update', { id: card.id, spending_controls: { blocked_categories: ['groceries'] } });
    const blocked = await send('authorization-create', { card: card.id, amount: 5_000, merchant: GROCER });
    expect(blocked.approved).toBe(false);
    const replay = await send('rules-replay', { card: card.id, spending_controls: { spending_limits: [{ amount: 40_000, interval: 'daily' }] } });
    expect(replay).toMatchObject({ object: 'rules_replay', evaluated: 5, newly_declined: 1, newly_approved: 1 });
    const byId = new Map(replay.data.map((d) => [d.authorization, d]));
    // The third purchase (30,000 after 30,000 spent) would exceed a 40,000 daily limit...
    expect(byId.get(made[2]!.id)).toMatchObject({ before: { approved: true, response_code: '00' }, after: { approved: false, response_code: '61', decline_reason: 'spending_limit' } });
    // ...and the grocery purchase declined by the old category rule would pass without it.
    expect(byId.get(blocked.id)).toMatchObject({ before: { approved: false, response_code: '57' }, after: { approved: true, response_code: '00' } });
    expect(replay.changed).toBe(2);
    await expect(send('rules-replay', { spending_controls: {} })).rejects.toMatchObject({ param: 'card' });
  });
});
