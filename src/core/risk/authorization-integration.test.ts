import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANAGER, OWNER, testEngine, type TestEngine } from '../testing/test-engine.js';
import { prepaidCard, CAFE, GROCER } from '../authorization/testing/auth-fixtures.js';
import type { KartuEvent } from '../events/event-store.js';

/** The risk domain behind authorization-create: scored inside the decision's own write. */
const MIN = 60_000;
let engine: TestEngine;
let events: KartuEvent[];

beforeEach(async () => {
  engine = await testEngine({ start: new Date('2026-03-02T03:00:00Z') });
  events = [];
  engine.events.subscribe((event) => events.push(event));
});
afterEach(async () => engine.close());

function authorize(card: string, amount: number, merchant: Record<string, unknown> = { ...CAFE }) {
  return engine.bus.send('authorization-create', { card, amount, merchant } as never, OWNER);
}

async function testingBurst(card: string) {
  const results = [];
  for (let i = 0; i < 3; i++) {
    results.push(await authorize(card, 100_000));
    engine.clock.advance(MIN);
  }
  return results;
}

describe('risk inside authorization-create', () => {
  it('a card-testing burst is approved but flagged, with the risk in the trace and an alert', async () => {
    const { card } = await prepaidCard(engine, { topUp: 50_000_000 });
    const [first, , third] = await testingBurst(card.id);
    expect(first).toMatchObject({ approved: true, risk_score: 0 });
    expect(third).toMatchObject({ approved: true, response_code: '00', risk_score: 45 });
    const risk = third!.trace.find((t) => t.rule === 'risk');
    expect(risk).toMatchObject({ outcome: 'pass' });
    expect(risk!.detail).toContain('card testing');
    // What the risk policy found, as data: the screens say it in the person's language.
    expect(risk).toMatchObject({ key: 'risk_flag', values: { score: 45, signals: expect.stringContaining('card_testing') } });
    expect(risk!.detail).toMatch(/^score 45: Risk score 45 \(.*card testing.*\) is at or above the flag threshold \d+: flagged\.$/);
    const alerts = await engine.bus.send('alert-list', { card: card.id, limit: 10 }, MANAGER);
    expect(alerts.data).toHaveLength(1);
    expect(alerts.data[0]).toMatchObject({ kind: 'authorization_risk', action: 'flag', authorization: third!.id, score: 45 });
    expect(events.filter((e) => e.type === 'alert.created').map((e) => e.data.object.id)).toEqual([alerts.data[0]!.id]);
  });

  it('with a decline policy the burst is declined with 59 suspected_fraud and nothing held', async () => {
    const { card, program } = await prepaidCard(engine, { topUp: 50_000_000 });
    await engine.bus.send('risk-policy-update', { program: program.id, thresholds: { decline: 40 } }, OWNER);
    const [, , third] = await testingBurst(card.id);
    expect(third).toMatchObject({ approved: false, response_code: '59', decline_reason: 'suspected_fraud', risk_score: 45, pending_amount: 0 });
    expect(third!.trace.at(-1)).toMatchObject({ rule: 'risk', outcome: 'fail', code: '59', key: 'risk_decline', values: { score: 45 } });
    const alert = (await engine.bus.send('alert-list', { card: card.id, limit: 10 }, MANAGER)).data[0];
    expect(alert).toMatchObject({ severity: 'high', action: 'decline', authorization: third!.id });
    expect(events.some((e) => e.type === 'alert.created' && e.data.object.severity === 'high')).toBe(true);
  });

  it('declines by earlier rules feed the card-testing and streak signals', async () => {
    const { card } = await prepaidCard(engine, { topUp: 1_000 });
    for (let i = 0; i < 3; i++) {
      expect(await authorize(card.id, 2_000_000)).toMatchObject({ approved: false, response_code: '51' });
      engine.clock.advance(MIN);
    }
    await engine.bus.send('top-up-create', { card: card.id, amount: 10_000_000 }, OWNER);
    const after = await authorize(card.id, 2_000_000);
    expect(after).toMatchObject({ approved: true });
    expect(after.risk_score).toBeGreaterThanOrEqual(45 + 15);
    const state = engine.database.sqlite.prepare('SELECT auth_count, declined_count, decline_streak FROM risk_card_state WHERE card_id = ?').get(card.id);
    expect(state).toEqual({ auth_count: 4, declined_count: 3, decline_streak: 0 });
  });

  it('Jakarta then Bandung minutes apart is flagged as impossible travel', async () => {
    const { card } = await prepaidCard(engine, { topUp: 50_000_000 });
    await authorize(card.id, 3_500_000, { ...CAFE });
    engine.clock.advance(6 * MIN);
    const second = await authorize(card.id, 4_200_000, { ...GROCER });
    expect(second).toMatchObject({ approved: true, risk_score: 45 });
    expect(second.trace.find((t) => t.rule === 'risk')!.detail).toContain('impossible travel');
  });

  it('a block-listed card number is declined at the last check', async () => {
    const { card } = await prepaidCard(engine, { topUp: 50_000_000 });
    const number = (await engine.bus.send('card-reveal', { id: card.id }, OWNER)).number;
    await engine.bus.send('blocklist-import', { name: 'CERT', source: 'Bank CERT', source_date: '2026-03-01', policy: 'decline', format: 'csv', kind: 'card', content: number, preview: false }, OWNER);
    const declined = await authorize(card.id, 3_500_000);
    expect(declined).toMatchObject({ approved: false, response_code: '59' });
    expect(declined.trace.at(-1)!.detail).toContain('block list "CERT"');
    expect(JSON.stringify(declined)).not.toContain(number);
  });
});
