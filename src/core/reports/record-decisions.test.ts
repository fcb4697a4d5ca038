import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CASHIER, OWNER, testEngine, type TestEngine } from '../testing/test-engine.js';
import { AuthorizationQueue } from '../authorization/authorization-queue.js';
import { prepaidCard, purchase } from '../authorization/testing/auth-fixtures.js';
import { computeChanged } from './record.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => {
  await engine.close();
});
const send = <K extends Parameters<TestEngine['bus']['send']>[0]>(name: K, input: unknown) => engine.bus.send(name, input as never, OWNER);

/** Every report table, as rows, for comparing what the write path kept with a rebuild from scratch. */
function reportTables(): Record<string, unknown[]> {
  const sqlite = engine.database.sqlite;
  const names = (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'report_%' AND name <> 'report_settings' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
  const out: Record<string, unknown[]> = {};
  for (const name of names) {
    const rows = sqlite.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>;
    out[name] = rows.map(({ updated_at: _u, ...rest }) => JSON.stringify(rest)).sort();
  }
  return out;
}

describe('report facts of new decisions, written from the decision rows', () => {
  it('equal what recomputing from the database gives, for group commits and single commands alike', async () => {
    const { program, card, holder } = await prepaidCard(engine, { topUp: 5_000_000, program: { fees: { per_transaction: 500, fx_bps: 200 } } });
    await send('fx-rate-set', { base: 'USD', quote: 'IDR', rate: '16250.5' });
    await send('risk-policy-update', { program: program.id, thresholds: { flag: 1 } });
    await send('rewards-member-enroll', { cardholder: holder.id, program: program.id });
    const number = (await send('card-reveal', { id: card.id })).number;

    // A first purchase at home, so the one abroad below scores (new country) and is flagged.
    const first = await engine.bus.send('authorization-create', purchase(card.id, 10_000), CASHIER);
    const queue = new AuthorizationQueue(engine);
    const decided = await Promise.all([
      queue.submit(purchase(card.id, 30_000), CASHIER),
      queue.submit(purchase(card.id, 9_000_000), CASHIER), // declined: insufficient funds
      queue.submit(purchase(card.id, 100, { currency: 'USD', merchant: { name: 'Shop SG', mcc: '5411', country: 'SG', city: 'Singapore' } }), CASHIER),
      queue.submit({ number: `${number.slice(0, -4)}0000`, amount: 1_000, merchant: { name: 'X', mcc: '5814', country: 'ID' } } as never, CASHIER), // not ours
      queue.submit(purchase(card.id, 0), CASHIER), // 13 invalid amount
    ]);
    await queue.close();
    const single = await engine.bus.send('authorization-create', purchase(card.id, 12_345, { client_id: 'one' }), CASHIER);
    await engine.bus.send('authorization-create', purchase(card.id, 12_345, { client_id: 'one' }), CASHIER); // a replay records nothing new
    expect(decided.map((d) => d.decline_reason)).toEqual([null, "insufficient_funds", null, "card_unknown", "invalid_amount"]);

    const ids = [first, ...decided, single].map((d) => d.id);
    const changed = await engine.services.db.transaction().execute((trx) => computeChanged(trx, ids, engine.clock.now().toISOString()));
    expect(changed).toEqual([]);
    const kept = reportTables();
    expect(kept.report_facts).toHaveLength(6); // the number Kartu did not issue is not reported
    expect(kept.report_facts!.filter((f) => (JSON.parse(f as string) as { risk_flag: number }).risk_flag === 1).length).toBeGreaterThan(0);
    await send('reports-rebuild', {});
    expect(reportTables()).toEqual(kept);
  });
});
