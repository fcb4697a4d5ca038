import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KartuError } from '../kernel/errors.js';
import { CASHIER, MANAGER, OWNER, testEngine, type TestEngine } from '../testing/test-engine.js';
import { basicCardholder, loyaltyProgram } from '../testing/fixtures.js';
import { attempt, BANDUNG_BRANCH, JAKARTA_BRANCH, signal } from './testing/risk-harness.js';

const MIN = 60_000;
let engine: TestEngine;
let program: string;
let card: string;

beforeEach(async () => {
  engine = await testEngine({ start: new Date('2026-03-02T03:00:00Z') });
  program = (await loyaltyProgram(engine)).id;
  const holder = await basicCardholder(engine);
  card = (await engine.bus.send('card-create', { program, cardholder: holder.id, type: 'virtual' }, OWNER)).id;
});
afterEach(async () => engine.close());

/** Three Rp 1.000 probes a minute apart: the third is a card-testing burst (score 45). */
async function burst(cardId = card) {
  let last;
  for (let i = 0; i < 3; i++) {
    last = await attempt(engine, cardId, { amount: 100_000 });
    engine.clock.advance(MIN);
  }
  return last!;
}

describe('risk policy', () => {
  it('defaults to score and flag, never decline', async () => {
    const policy = await engine.bus.send('risk-policy-get', { program }, MANAGER);
    expect(policy).toMatchObject({ is_default: true, thresholds: { flag: 40, review: null, decline: null }, effective_tiny_amount_minor: 1_000_000, allow_list: [] });
    const { assessment } = await burst();
    expect(assessment).toMatchObject({ score: 45, action: 'flag' });
  });

  it('declines above the threshold when the merchant chooses to', async () => {
    await engine.bus.send('risk-policy-update', { program, thresholds: { decline: 60 } }, MANAGER);
    await attempt(engine, card, { amount: 100_000, merchant: JAKARTA_BRANCH });
    engine.clock.advance(MIN);
    await attempt(engine, card, { amount: 100_000, merchant: JAKARTA_BRANCH });
    engine.clock.advance(MIN);
    // Card testing (45) and impossible travel (45): 90.
    const { assessment, alertId } = await attempt(engine, card, { amount: 100_000, merchant: BANDUNG_BRANCH });
    expect(assessment).toMatchObject({ score: 90, action: 'decline' });
    expect(assessment.reason).toContain('at or above the decline threshold 60');
    expect(await engine.bus.send('alert-get', { id: alertId! }, MANAGER)).toMatchObject({ severity: 'high', action: 'decline', kind: 'authorization_risk' });
  });

  it('step-up: review above its threshold, with a high-severity alert', async () => {
    await engine.bus.send('risk-policy-update', { program, thresholds: { flag: 20, review: 40 } }, MANAGER);
    const { assessment, alertId } = await burst();
    expect(assessment.action).toBe('review');
    expect((await engine.bus.send('alert-get', { id: alertId! }, MANAGER)).severity).toBe('high');
  });

  it('refuses thresholds out of order, unknown fields and cashiers; writes the change to the trail', async () => {
    await expect(engine.bus.send('risk-policy-update', { program, thresholds: { flag: 70, decline: 50 } }, MANAGER)).rejects.toMatchObject({ param: 'thresholds.decline' });
    await expect(engine.bus.send('risk-policy-update', { program, thresholds: { decline: 100 } }, MANAGER)).rejects.toMatchObject({ param: 'thresholds.decline' });
    await expect(engine.bus.send('risk-policy-update', { program, weights: { banana: 3 } } as never, MANAGER)).rejects.toMatchObject({ code: 'parameter_unknown' });
    await expect(engine.bus.send('risk-policy-update', { program, thresholds: { decline: 80 } }, CASHIER)).rejects.toMatchObject({ type: 'permission_error' });
    await engine.bus.send('risk-policy-update', { program, thresholds: { decline: 80 }, disabled_signals: ['night_time'] }, MANAGER);
    const after = await engine.bus.send('risk-policy-get', { program }, MANAGER);
    expect(after).toMatchObject({ is_default: false, thresholds: { flag: 40, decline: 80 }, disabled_signals: ['night_time'] });
    const trail = await engine.bus.send('audit-list', { limit: 10 }, OWNER);
    // The bus audits what reached the handler: the out-of-order thresholds; schema and role refusals stop before.
    expect(trail.data.filter((e) => e.action === 'risk-policy-update').map((e) => e.outcome)).toEqual(['ok', 'refused']);
  });

  it('a switched-off signal weighs nothing', async () => {
    await engine.bus.send('risk-policy-update', { program, disabled_signals: ['card_testing'] }, MANAGER);
    const { assessment } = await burst();
    expect(signal(assessment, 'card_testing')).toMatchObject({ weight: 0 });
    expect(signal(assessment, 'card_testing').explanation).toContain('switched off');
    expect(assessment.action).toBe('none');
  });

  it('an allow-listed card is scored but not flagged or declined, until the exception ends', async () => {
    await engine.bus.send('risk-policy-update', { program, thresholds: { decline: 40 }, allow_list: { add: [{ card, reason: 'travelling with the owner', until: '2026-03-02T05:00:00Z' }] } }, MANAGER);
    const during = (await burst()).assessment;
    expect(during).toMatchObject({ score: 45, action: 'none', allowListed: true });
    expect(signal(during, 'allow_list').explanation).toContain('travelling with the owner');
    engine.clock.set(new Date('2026-03-02T06:00:00Z'));
    expect((await burst()).assessment).toMatchObject({ action: 'decline', allowListed: false });
    await engine.bus.send('risk-policy-update', { program, allow_list: { remove: [card] } }, MANAGER);
    expect((await engine.bus.send('risk-policy-get', { program }, MANAGER)).allow_list).toEqual([]);
  });

  it('refuses an allow-list card of another program', async () => {
    const other = await loyaltyProgram(engine, { name: 'Other' });
    const holder = await basicCardholder(engine, 'Andi', '+6281200000001');
    const foreign = await engine.bus.send('card-create', { program: other.id, cardholder: holder.id, type: 'virtual' }, OWNER);
    await expect(engine.bus.send('risk-policy-update', { program, allow_list: { add: [{ card: foreign.id, reason: 'x' }] } }, MANAGER)).rejects.toMatchObject({ param: 'allow_list.add.0.card' });
  });

  it('previews a score without recording it', async () => {
    const preview = await engine.bus.send('risk-score', { card, amount: 100_000, merchant: { ...JAKARTA_BRANCH, id: JAKARTA_BRANCH.id! } as never }, MANAGER);
    expect(preview).toMatchObject({ object: 'risk_assessment', score: 0, action: 'none' });
    expect(engine.database.sqlite.prepare('SELECT COUNT(*) AS n FROM risk_card_state').get()).toEqual({ n: 0 });
  });
});

describe('alerts and review', () => {
  it('a flagged authorization raises an alert with its signals and an alert.created event', async () => {
    const { alertId, authorizationId } = await burst();
    const alert = await engine.bus.send('alert-get', { id: alertId! }, MANAGER);
    expect(alert).toMatchObject({ kind: 'authorization_risk', severity: 'medium', status: 'open', card, authorization: authorizationId, score: 45, action: 'flag', occurrences: 1, comments: [] });
    expect(alert.card_last4).toMatch(/^\d{4}$/);
    expect(alert.title).toBe('Flagged: card testing');
    expect(alert.signals.map((s) => s.name)).toEqual(['card_testing']);
    const events = await engine.bus.send('event-list', { type: 'alert.created', limit: 10 } as never, OWNER) as unknown as { data: Array<{ data: { object: { id: string } } }> };
    expect(events.data.map((e) => e.data.object.id)).toEqual([alertId]);
    const list = await engine.bus.send('alert-list', { status: 'open', limit: 10 }, MANAGER);
    expect(list.data.map((a) => a.id)).toEqual([alertId]);
    expect((await engine.bus.send('alert-list', { severity: 'high', limit: 10 }, MANAGER)).data).toEqual([]);
  });

  it('assign and comment; a comment may not hold a card number', async () => {
    const { alertId } = await burst();
    await engine.bus.send('alert-assign', { id: alertId!, assignee: 'staff_manager' }, MANAGER);
    await engine.bus.send('alert-comment', { id: alertId!, body: 'Called the customer (+6281234567890): not them.' }, MANAGER);
    const number = (await engine.bus.send('card-reveal', { id: card }, OWNER)).number;
    await expect(engine.bus.send('alert-comment', { id: alertId!, body: `number ${number}` }, MANAGER)).rejects.toMatchObject({ param: 'body' });
    const alert = await engine.bus.send('alert-get', { id: alertId! }, MANAGER);
    expect(alert.assignee).toBe('staff_manager');
    expect(alert.comments?.map((c) => c.body)).toEqual(['Called the customer (+6281234567890): not them.']);
    expect((await engine.bus.send('alert-list', { assignee: 'staff_manager', limit: 5 }, MANAGER)).data).toHaveLength(1);
    await expect(engine.bus.send('alert-list', { limit: 5 }, CASHIER)).rejects.toMatchObject({ type: 'permission_error' });
  });

  it('confirming fraud can freeze the card, through the card rules, in the trail', async () => {
    const { alertId } = await burst();
    const resolved = await engine.bus.send('alert-resolve', { id: alertId!, resolution: 'fraud_confirmed', freeze_card: true, note: 'customer still has the card' }, MANAGER);
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { type: 'fraud_confirmed', note: 'customer still has the card', by: 'staff_manager', actions: { card: { result: 'frozen', status: 'inactive' } } } });
    expect((await engine.bus.send('card-get', { id: card }, OWNER)).status).toBe('inactive');
    const trail = await engine.bus.send('audit-list', { object_id: card, limit: 5 }, OWNER);
    expect(trail.data[0]).toMatchObject({ action: 'card-update', detail: { via: alertId } });
    await expect(engine.bus.send('alert-resolve', { id: alertId!, resolution: 'false_positive' }, MANAGER)).rejects.toMatchObject({ code: 'alert_resolved' });
    expect((await engine.bus.send('audit-verify', {}, OWNER)).ok).toBe(true);
  });

  it('confirming fraud can cancel the card as fraud, and mark the merchant', async () => {
    const { alertId } = await burst();
    await engine.bus.send('alert-resolve', { id: alertId!, resolution: 'fraud_confirmed', cancel_card: true, mark_merchant: true }, MANAGER);
    expect(await engine.bus.send('card-get', { id: card }, OWNER)).toMatchObject({ status: 'canceled', cancellation_reason: 'fraud' });
    const lists = await engine.bus.send('blocklist-list', { limit: 5 }, MANAGER);
    expect(lists.data[0]).toMatchObject({ name: 'Merchants confirmed in review', policy: 'flag', by_kind: { merchant: 1 } });
    // Another card at that merchant is now flagged by the list.
    const holder = await basicCardholder(engine, 'Dewi', '+6281200000002');
    const other = (await engine.bus.send('card-create', { program, cardholder: holder.id, type: 'virtual' }, OWNER)).id;
    expect((await attempt(engine, other, { amount: 5_000_000 })).assessment).toMatchObject({ action: 'flag', blockListHit: { kind: 'merchant', label: JAKARTA_BRANCH.id } });
  });

  it('a false positive teaches the card: the same pattern scores lower next time', async () => {
    const first = await burst();
    expect(first.assessment).toMatchObject({ score: 45, action: 'flag' });
    const resolved = await engine.bus.send('alert-resolve', { id: first.alertId!, resolution: 'false_positive', note: 'staff testing the till' }, MANAGER);
    expect(resolved.resolution?.actions).toEqual({ discounted_signals: ['card_testing'] });
    engine.clock.advance(60 * MIN);
    const again = await burst();
    expect(signal(again.assessment, 'card_testing')).toMatchObject({ weight: 23, value: { dismissed_before: 1 } });
    expect(again.assessment.action).toBe('none');
    expect(again.alertId).toBeNull();
    // Other cards are not affected.
    const holder = await basicCardholder(engine, 'Eka', '+6281200000003');
    const other = (await engine.bus.send('card-create', { program, cardholder: holder.id, type: 'virtual' }, OWNER)).id;
    expect((await burst(other)).assessment.score).toBe(45);
  });

  it('refuses card actions with a false positive, and freeze with cancel', async () => {
    const { alertId } = await burst();
    const id = alertId!;
    await expect(engine.bus.send('alert-resolve', { id, resolution: 'false_positive', freeze_card: true }, MANAGER)).rejects.toMatchObject({ param: 'freeze_card' });
    await expect(engine.bus.send('alert-resolve', { id, resolution: 'fraud_confirmed', freeze_card: true, cancel_card: true }, MANAGER)).rejects.toMatchObject({ param: 'cancel_card' });
    await expect(engine.bus.send('alert-resolve', { id: 'alrt_nope', resolution: 'false_positive' }, MANAGER)).rejects.toBeInstanceOf(KartuError);
    expect((await engine.bus.send('alert-get', { id }, MANAGER)).status).toBe('open');
  });
});

describe('unusual activity from the audit log', () => {
  it('many reveals by one actor within an hour raise one alert, bumped on repeats', async () => {
    const holder = await basicCardholder(engine, 'Fajar', '+6281200000004');
    const cards = [card];
    for (let i = 0; i < 11; i++) cards.push((await engine.bus.send('card-create', { program, cardholder: holder.id, type: 'virtual' }, OWNER)).id);
    for (const id of cards.slice(0, 9)) {
      await engine.bus.send('card-reveal', { id }, MANAGER);
      engine.clock.advance(2 * MIN);
    }
    expect(await engine.bus.send('risk-activity-scan', {}, OWNER)).toMatchObject({ alerts: [] });
    await engine.bus.send('card-reveal', { id: cards[9]! }, MANAGER);
    const scan = await engine.bus.send('risk-activity-scan', {}, OWNER);
    expect(scan.alerts).toHaveLength(1);
    const alert = await engine.bus.send('alert-get', { id: scan.alerts[0]! }, MANAGER);
    expect(alert).toMatchObject({ kind: 'unusual_activity', severity: 'high', occurrences: 1, detail: { pattern: 'many_reveals', count: 10, actor: { id: 'staff_manager' } } });
    await engine.bus.send('card-reveal', { id: cards[10]! }, MANAGER);
    const again = await engine.bus.send('risk-activity-scan', {}, OWNER);
    expect(again.alerts).toEqual([alert.id]);
    expect(await engine.bus.send('alert-get', { id: alert.id }, MANAGER)).toMatchObject({ occurrences: 2, detail: { count: 11 } });
  });

  it('the same number of reveals spread over hours raises nothing', async () => {
    for (let i = 0; i < 12; i++) {
      await engine.bus.send('card-reveal', { id: card }, MANAGER);
      engine.clock.advance(10 * MIN);
    }
    expect((await engine.bus.send('risk-activity-scan', {}, OWNER)).alerts).toEqual([]);
  });

  it('many refused requests by one actor raise an alert', async () => {
    for (let i = 0; i < 20; i++) {
      await engine.bus.send('risk-policy-update', { program, thresholds: { decline: 10, flag: 20 } }, MANAGER).catch(() => undefined);
    }
    const scan = await engine.bus.send('risk-activity-scan', {}, OWNER);
    expect(scan.alerts).toHaveLength(1);
    expect(await engine.bus.send('alert-get', { id: scan.alerts[0]! }, MANAGER)).toMatchObject({ detail: { pattern: 'many_refusals', count: 20 } });
  });
});
