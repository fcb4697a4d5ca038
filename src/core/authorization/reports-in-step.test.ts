import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CASHIER, OWNER, testEngine, type TestEngine } from '../testing/test-engine.js';
import { AuthorizationQueue } from './authorization-queue.js';
import { prepaidCard, purchase } from './testing/auth-fixtures.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => {
  await engine.close();
});

/** What the dashboard reads: today's spending and decisions, with no rebuild in between. */
async function today(program: string) {
  const summary = (await engine.bus.send('report-spending-summary', { program } as never, OWNER)) as { totals: { purchases: number; gross_minor: number; refunds_minor: number } };
  const decisions = (await engine.bus.send('report-authorizations', { program, period: 'day' } as never, OWNER)) as { rows: Array<{ approved: number; declined: number }> };
  return {
    ...summary.totals,
    approved: decisions.rows.reduce((n, r) => n + r.approved, 0),
    declined: decisions.rows.reduce((n, r) => n + r.declined, 0),
  };
}

describe('reports follow every write of an authorization, in the same commit', () => {
  it('decisions (bus and group commit), captures, refunds and reversals show at once', async () => {
    const { program, card } = await prepaidCard(engine, { topUp: 100_000 });
    const one = await engine.bus.send('authorization-create', purchase(card.id, 30_000), CASHIER);
    const queue = new AuthorizationQueue(engine);
    const [two, refused] = await Promise.all([queue.submit(purchase(card.id, 20_000), CASHIER), queue.submit(purchase(card.id, 90_000), CASHIER)]);
    await queue.close();
    expect([one.approved, two.approved, refused.approved]).toEqual([true, true, false]);
    expect(await today(program.id)).toMatchObject({ approved: 2, declined: 1 });

    const captured = await engine.bus.send('authorization-capture', { id: one.id }, CASHIER);
    await engine.bus.send('authorization-capture', { id: two.id, amount: 15_000 }, CASHIER);
    expect(await today(program.id)).toMatchObject({ purchases: 2, gross_minor: 45_000, refunds_minor: 0 });

    await engine.bus.send('transaction-refund', { id: captured.id, amount: 10_000 }, OWNER);
    expect(await today(program.id)).toMatchObject({ gross_minor: 45_000, refunds_minor: 10_000 });
  });
});
