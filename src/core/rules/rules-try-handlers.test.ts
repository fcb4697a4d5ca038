import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAFE, GROCER, prepaidCard } from '../authorization/testing/auth-fixtures.js';
import { CASHIER, OWNER, tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => {
  await engine.close();
});

describe('rules-try', () => {
  it('decides as the engine would, with the rule trace, and writes nothing', async () => {
    const { card } = await prepaidCard(engine, { topUp: 1_000_000 });
    const before = await tableCounts(engine);
    const approved = await engine.bus.send('rules-try', { card: card.id, amount: 250_000, merchant: CAFE }, OWNER);
    expect(approved).toMatchObject({ approved: true, response_code: '00', dry_run: true });
    expect(approved.trace.length).toBeGreaterThan(0);
    const proposed = await engine.bus.send('rules-try', { card: card.id, amount: 250_000, merchant: GROCER, spending_controls: { allowed_categories: ['5814'] } }, OWNER);
    expect(proposed).toMatchObject({ approved: false, response_code: '57' });
    const broke = await engine.bus.send('rules-try', { card: card.id, amount: 5_000_000, merchant: CAFE }, OWNER);
    expect(broke).toMatchObject({ approved: false, response_code: '51' });
    expect(await tableCounts(engine)).toEqual(before);
    const stillOpen = await engine.bus.send('card-get', { id: card.id }, OWNER);
    expect(stillOpen.spending_controls.allowed_categories).toBeNull();
  });

  it('is for managers, and refuses bad input', async () => {
    const { card } = await prepaidCard(engine, { topUp: 1_000_000 });
    await expect(engine.bus.send('rules-try', { card: card.id, amount: 1, merchant: CAFE }, CASHIER)).rejects.toMatchObject({ type: 'permission_error' });
    await expect(engine.bus.execute('rules-try', { card: card.id, amount: -1, merchant: CAFE }, OWNER)).rejects.toMatchObject({ param: 'amount' });
    await expect(engine.bus.execute('rules-try', { card: card.id, amount: 1, merchant: CAFE, spending_controls: { allowed_categories: ['12'] } }, OWNER)).rejects.toMatchObject({ param: 'spending_controls.allowed_categories.0' });
  });
});
