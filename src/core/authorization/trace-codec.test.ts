import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CASHIER, OWNER, testEngine, type TestEngine } from '../testing/test-engine.js';
import { prepaidCard, purchase } from './testing/auth-fixtures.js';
import { decodeTrace, encodeTrace } from './trace-codec.js';
import { traceLine, type TraceEntry } from './rules.js';
import type { Authorization } from './authorization.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => {
  await engine.close();
});

const storedTrace = (id: string): string => (engine.database.sqlite.prepare('SELECT trace FROM authorizations WHERE id = ?').get(id) as { trace: string }).trace;

describe('a decision’s trace as stored', () => {
  it('keeps what each rule found, reads back exactly as decided, in a fraction of the room', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000, card: { spending_controls: { spending_limits: [{ amount: 80_000, interval: 'daily', categories: ['5814'] }], velocity_limits: [{ count: 5, interval: 'daily' }], allowed_countries: ['ID'] } } });
    const approved = (await engine.bus.send('authorization-create', purchase(card.id, 30_000), CASHIER)) as Authorization;
    const declined = (await engine.bus.send('authorization-create', purchase(card.id, 60_000), CASHIER)) as Authorization;
    for (const decided of [approved, declined]) {
      const read = (await engine.bus.send('authorization-get', { id: decided.id }, OWNER)) as Authorization;
      expect(read.trace).toEqual(decided.trace);
      expect(read.trace.every((line) => line.key !== undefined && line.detail.length > 0)).toBe(true);
      const stored = storedTrace(decided.id);
      expect(stored.length).toBeLessThan(JSON.stringify(decided.trace).length / 2);
      expect(stored).not.toContain('detail');
    }
    const limit = declined.trace.find((line) => line.outcome === 'fail')!;
    expect(limit).toMatchObject({ rule: 'spending_limit', code: '61', reason: 'spending_limit', key: 'window_limit_over', values: { interval: 'daily', limit: 80_000, spent: 30_000, amount: 60_000, categories: '5814' } });
    // The English the API has always given.
    expect(limit.detail).toBe('daily limit 80000 on 5814: 30000 already used (holds included), 60000 more would exceed it');
  });

  it('reads a trace stored before keys existed as it was written', async () => {
    const { card } = await prepaidCard(engine, { topUp: 100_000 });
    const decided = (await engine.bus.send('authorization-create', purchase(card.id, 30_000), CASHIER)) as Authorization;
    const legacy: TraceEntry[] = [{ rule: 'card_status', outcome: 'pass', detail: 'the card is active' }, { rule: 'funds', outcome: 'fail', detail: '100 available, 200 needed', code: '51', reason: 'insufficient_funds' }];
    engine.database.sqlite.prepare('UPDATE authorizations SET trace = ? WHERE id = ?').run(JSON.stringify(legacy), decided.id);
    const read = (await engine.bus.send('authorization-get', { id: decided.id }, OWNER)) as Authorization;
    expect(read.trace).toEqual(legacy);
  });

  it('encodes and decodes every kind of line, a mixed trace and a key it does not know', () => {
    const lines = [
      traceLine('card_status', 'pass', 'card_active'),
      traceLine('card_status', 'fail', 'card_canceled', { reason: 'damaged' }, 'card_canceled'),
      traceLine('expiry', 'fail', 'card_expired', undefined, 'card_expired'),
      traceLine('funds', 'info', 'funds_not_checked'),
      traceLine('risk', 'skipped', 'skipped'),
      { rule: 'legacy', outcome: 'pass', detail: 'written long ago' } as TraceEntry,
    ];
    expect(decodeTrace(encodeTrace(lines))).toEqual(lines);
    expect(lines[1]).toMatchObject({ detail: 'the card is canceled (damaged)', code: '05', reason: 'card_canceled' });
    // A line from a newer version, whose key this one does not know, still says something.
    expect(decodeTrace(JSON.stringify([['new_rule', 'p', 'some_new_key']]))).toEqual([{ rule: 'new_rule', outcome: 'pass', detail: 'some_new_key' }]);
  });
});
