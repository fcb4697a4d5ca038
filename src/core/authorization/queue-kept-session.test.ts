import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASHIER, OWNER, testEngine, type TestEngine } from '../testing/test-engine.js';
import { AuthorizationQueue } from './authorization-queue.js';
import { prepaidCard, purchase } from './testing/auth-fixtures.js';
import { engineWithQueue } from './testing/queue-harness.js';
import type { Authorization } from './authorization.js';
import { scheduleDeliveries, sendDueDeliveries } from '../webhooks/delivery.js';
import { PassWrites } from '../network/outbox/pass-writes.js';

/**
 * Captures, reversals, refunds, top-ups and withdrawals declare what they change of the state the
 * queue's session remembers (bus/define.ts `changesCards`, db/write-journal.ts), so the queue keeps
 * its session across them and forgets only the balances and counters they changed. These tests
 * check both halves: the session is kept, and no decision differs from one a fresh session makes.
 */
const t = engineWithQueue();
const send = t.send;

describe('the queue keeps its session across declared writes', () => {
  it('a top-up: kept, and the next decision sees the new balance', async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 10_000 });
    expect(await t.queue.submit(purchase(card.id, 10_000), CASHIER)).toMatchObject({ approved: true });
    const fresh = t.queue.stats.freshSessions;
    expect(await t.queue.submit(purchase(card.id, 5_000), CASHIER)).toMatchObject({ approved: false, decline_reason: 'insufficient_funds' });
    await send('top-up-create', { card: card.id, amount: 5_000 });
    expect(await t.queue.submit(purchase(card.id, 5_000), CASHIER)).toMatchObject({ approved: true });
    expect(t.queue.stats.freshSessions).toBe(fresh);
    expect(await send('balance-get', { card: card.id })).toMatchObject({ available: 0 });
  });

  it('a reversal and a capture: kept, and the day counters and balance are read again', async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 100_000, card: { spending_controls: { spending_limits: [{ amount: 50_000, interval: 'daily' }] } } });
    const first = await t.queue.submit(purchase(card.id, 40_000), CASHIER);
    const second = await t.queue.submit(purchase(card.id, 10_000), CASHIER);
    const fresh = t.queue.stats.freshSessions;
    expect(await t.queue.submit(purchase(card.id, 20_000), CASHIER)).toMatchObject({ approved: false, decline_reason: 'spending_limit' });
    await send('authorization-reverse', { id: first.id });
    expect(await t.queue.submit(purchase(card.id, 20_000), CASHIER)).toMatchObject({ approved: true });
    // A capture below the hold releases the rest from the counters.
    await send('authorization-capture', { id: second.id, amount: 4_000 });
    expect(await t.queue.submit(purchase(card.id, 26_000), CASHIER)).toMatchObject({ approved: true });
    expect(await t.queue.submit(purchase(card.id, 1), CASHIER)).toMatchObject({ approved: false, decline_reason: 'spending_limit' });
    expect(t.queue.stats.freshSessions).toBe(fresh);
    expect(await send('balance-get', { card: card.id })).toMatchObject({ available: 100_000 - 4_000 - 20_000 - 26_000 });
    expect((await send('ledger-check', {})).ok).toBe(true);
  });

  it("a redemption's stored-value credit: kept, and the next decision can spend it", async () => {
    const { card, holder, program } = await prepaidCard(t.engine, { topUp: 10_000 });
    await send('rewards-adjust', { cardholder: holder.id, program: program.id, points: 50, reason: 'welcome' });
    const reward = (await send('reward-create', { program: program.id, name: 'Saldo Rp 300', kind: 'stored_value', points_cost: 20, value: { amount_minor: 30_000 } })) as { id: string };
    expect(await t.queue.submit(purchase(card.id, 10_000), CASHIER)).toMatchObject({ approved: true });
    const fresh = t.queue.stats.freshSessions;
    await send('redemption-create', { cardholder: holder.id, program: program.id, reward: reward.id });
    expect(await t.queue.submit(purchase(card.id, 30_000), CASHIER)).toMatchObject({ approved: true });
    expect(await t.queue.submit(purchase(card.id, 1), CASHIER)).toMatchObject({ approved: false, decline_reason: 'insufficient_funds' });
    expect(t.queue.stats.freshSessions).toBe(fresh);
  });

  it('a command that declares nothing (a program setting) still ends the session', async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 10_000 });
    expect(await t.queue.submit(purchase(card.id, 1_000), CASHIER)).toMatchObject({ approved: true });
    const fresh = t.queue.stats.freshSessions;
    await send('authorization-hold-time-set', { seconds: 7_200 });
    expect(await t.queue.submit(purchase(card.id, 1_000), CASHIER)).toMatchObject({ approved: true });
    expect(t.queue.stats.freshSessions).toBe(fresh + 1);
  });

  it("a cardholder update or verification journals the person's cards: kept, and those cards are read again", async () => {
    const { card, holder } = await prepaidCard(t.engine, { topUp: 10_000 });
    const other = await prepaidCard(t.engine, { topUp: 10_000 });
    expect(await t.queue.submit(purchase(card.id, 1_000), CASHIER)).toMatchObject({ approved: true });
    expect(await t.queue.submit(purchase(other.card.id, 1_000), CASHIER)).toMatchObject({ approved: true });
    const fresh = t.queue.stats.freshSessions;
    await send('cardholder-update', { id: holder.id, status: 'inactive' });
    expect(await t.queue.submit(purchase(card.id, 1_000), CASHIER)).toMatchObject({ approved: false, decline_reason: 'cardholder_inactive' });
    expect(await t.queue.submit(purchase(other.card.id, 1_000), CASHIER)).toMatchObject({ approved: true });
    await send('cardholder-update', { id: holder.id, status: 'active' });
    expect(await t.queue.submit(purchase(card.id, 1_000), CASHIER)).toMatchObject({ approved: true });
    // A failed identity verification, and its reopening, the same way.
    await send('cardholder-verify', { id: holder.id, decision: 'rejected', reason: 'documents do not match' });
    expect(await t.queue.submit(purchase(card.id, 1_000), CASHIER)).toMatchObject({ approved: false, decline_reason: 'cardholder_verification_required' });
    await send('cardholder-verify', { id: holder.id, decision: 'reopen' });
    expect(await t.queue.submit(purchase(card.id, 1_000), CASHIER)).toMatchObject({ approved: true });
    expect(t.queue.stats.freshSessions).toBe(fresh);
  });

  it('a card update names its card: kept, and that card is read again', async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 10_000 });
    const other = (await prepaidCard(t.engine, { topUp: 10_000 })).card;
    expect(await t.queue.submit(purchase(card.id, 1_000), CASHIER)).toMatchObject({ approved: true });
    expect(await t.queue.submit(purchase(other.id, 1_000), CASHIER)).toMatchObject({ approved: true });
    const fresh = t.queue.stats.freshSessions;
    await send('card-update', { id: card.id, status: 'inactive' });
    expect(await t.queue.submit(purchase(card.id, 1_000), CASHIER)).toMatchObject({ approved: false, decline_reason: 'card_inactive' });
    await send('card-update', { id: card.id, status: 'active', spending_controls: { spending_limits: [{ amount: 1_500, interval: 'daily' }] } });
    expect(await t.queue.submit(purchase(card.id, 1_000), CASHIER)).toMatchObject({ approved: false, decline_reason: 'spending_limit' });
    expect(await t.queue.submit(purchase(other.id, 1_000), CASHIER)).toMatchObject({ approved: true });
    expect(t.queue.stats.freshSessions).toBe(fresh);
  });

  it('a declared command that is refused keeps the session true', async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 10_000 });
    expect(await t.queue.submit(purchase(card.id, 1_000), CASHIER)).toMatchObject({ approved: true });
    await expect(send('withdrawal-create', { card: card.id, amount: 1_000_000 })).rejects.toMatchObject({ type: 'invalid_request_error' });
    expect(await t.queue.submit(purchase(card.id, 9_000), CASHIER)).toMatchObject({ approved: true });
    expect(await t.queue.submit(purchase(card.id, 1), CASHIER)).toMatchObject({ approved: false, decline_reason: 'insufficient_funds' });
  });
});

describe('background writers declare themselves neutral', () => {
  it('webhook deliveries being scheduled and marked keep the session', async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 10_000 });
    // Nothing listens on port 9: the delivery fails and is marked for a retry (a second write).
    await send('webhook-endpoint-create', { url: 'http://127.0.0.1:9/hook', enabled_events: ['*'] });
    expect(await t.queue.submit(purchase(card.id, 1_000), CASHIER)).toMatchObject({ approved: true });
    const fresh = t.queue.stats.freshSessions;
    expect(await scheduleDeliveries(t.engine.services)).toBeGreaterThan(0);
    expect(await sendDueDeliveries(t.engine.services)).toMatchObject({ retrying: expect.any(Number) });
    expect(await t.queue.submit(purchase(card.id, 9_000), CASHIER)).toMatchObject({ approved: true });
    expect(t.queue.stats.freshSessions).toBe(fresh);
    expect((await t.engine.services.db.selectFrom('webhook_deliveries').select('status').execute()).map((r) => r.status)).toContain('retrying');
  });

  it("a network delivery pass's writes keep the session", async () => {
    const { card } = await prepaidCard(t.engine, { topUp: 10_000 });
    expect(await t.queue.submit(purchase(card.id, 1_000), CASHIER)).toMatchObject({ approved: true });
    const fresh = t.queue.stats.freshSessions;
    const writes = new PassWrites();
    writes.add((trx) => trx.insertInto('settings').values({ key: 'pass', value: '1' }).execute());
    await writes.commit(t.engine.services.db, t.engine.services.writes);
    expect(await t.queue.submit(purchase(card.id, 9_000), CASHIER)).toMatchObject({ approved: true });
    expect(t.queue.stats.freshSessions).toBe(fresh);
    // Without the notices it is a plain write, and the session ends.
    writes.add((trx) => trx.insertInto('settings').values({ key: 'pass-2', value: '1' }).execute());
    await writes.commit(t.engine.services.db);
    expect(await t.queue.submit(purchase(card.id, 1), CASHIER)).toMatchObject({ approved: false, decline_reason: 'insufficient_funds' });
    expect(t.queue.stats.freshSessions).toBe(fresh + 1);
  });
});

type Op =
  | { kind: 'decide'; card: number; amounts: number[] }
  | { kind: 'sell'; card: number; sales: Array<{ amount: number; sale: boolean }> }
  | { kind: 'top-up' | 'withdraw'; card: number; amount: number }
  | { kind: 'capture'; auth: number; share: number }
  | { kind: 'reverse'; auth: number }
  | { kind: 'refund'; capture: number }
  | { kind: 'wait'; minutes: number }
  | { kind: 'issue' }
  | { kind: 'decide-alone'; card: number; amount: number }
  | { kind: 'redeem'; card: number }
  | { kind: 'spend-exactly'; card: number; over: boolean }
  | { kind: 'cancel-redemption' }
  | { kind: 'adjust'; card: number; points: number }
  | { kind: 'update'; card: number; active: boolean; limit: number }
  | { kind: 'holder-update'; card: number; status: 'active' | 'inactive' | 'blocked' }
  | { kind: 'enroll'; card: number }
  | { kind: 'jobs'; days: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('decide' as const), card: fc.nat(4), amounts: fc.array(fc.integer({ min: 1, max: 40 }).map((n) => n * 5_000), { minLength: 1, maxLength: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sell' as const), card: fc.nat(4), sales: fc.array(fc.record({ amount: fc.integer({ min: 1, max: 40 }).map((n) => n * 5_000), sale: fc.boolean() }), { minLength: 1, maxLength: 4 }) }) },
  fc.record({ kind: fc.constantFrom('top-up' as const, 'withdraw' as const), card: fc.nat(2), amount: fc.integer({ min: 1, max: 30 }).map((n) => n * 10_000) }),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('capture' as const), auth: fc.nat(), share: fc.integer({ min: 1, max: 4 }) }) },
  fc.record({ kind: fc.constant('reverse' as const), auth: fc.nat() }),
  fc.record({ kind: fc.constant('refund' as const), capture: fc.nat() }),
  fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 600 }) }),
  fc.record({ kind: fc.constant('issue' as const) }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('redeem' as const), card: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('spend-exactly' as const), card: fc.nat(2), over: fc.boolean() }) },
  fc.record({ kind: fc.constant('cancel-redemption' as const) }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('adjust' as const), card: fc.nat(2), points: fc.integer({ min: 10, max: 60 }) }) },
  fc.record({ kind: fc.constant('decide-alone' as const), card: fc.nat(4), amount: fc.integer({ min: 1, max: 40 }).map((n) => n * 5_000) }),
  fc.record({ kind: fc.constant('update' as const), card: fc.nat(4), active: fc.boolean(), limit: fc.integer({ min: 1, max: 30 }).map((n) => n * 10_000) }),
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('holder-update' as const), card: fc.nat(4), status: fc.constantFrom('active' as const, 'active' as const, 'inactive' as const, 'blocked' as const) }) },
  fc.record({ kind: fc.constant('enroll' as const), card: fc.nat(4) }),
  fc.record({ kind: fc.constant('jobs' as const), days: fc.integer({ min: 0, max: 40 }) }),
);

/** Across all runs: the property must have exercised a reward's credit and purchases of exactly the balance. */
const coverage = { redeemed: 0, exact: 0, sold: 0, holderDeclined: 0 };

/** What a decision or a command answered, without its ids (each engine has its own). */
type Seen = Array<string | number | boolean | null>;

/**
 * Runs the ops on a fresh t.engine. `freshEveryBatch`: a raw write before each decision, which
 * declares nothing, so every batch starts with a fresh session (the reference).
 */
async function play(ops: Op[], freshEveryBatch: boolean): Promise<{ seen: Seen[]; balances: number[]; freshSessions: number; ledgerOk: boolean }> {
  const e = await testEngine({ seed: 7 });
  const q = new AuthorizationQueue(e);
  const run = <K extends Parameters<TestEngine['bus']['send']>[0]>(name: K, input: unknown) => e.bus.send(name, input as never, OWNER);
  try {
    const program = await run('program-create', { name: 'Kopi', kind: 'prepaid', currency: 'IDR' });
    // Every capture earns 5% cashback onto the card's funds: a second ledger write of the capture.
    await run('tier-create', { program: program.id, name: 'All', threshold: 0, benefits: { cashback_bps: 500 } });
    // Points on every capture, and a reward that credits the card's funds (a ledger write of a
    // rewards command).
    await run('earning-rule-create', { program: program.id, type: 'spend', points: 1, unit_minor: 5_000 });
    const reward = (await run('reward-create', { program: program.id, name: 'Saldo Rp 300', kind: 'stored_value', points_cost: 20, value: { amount_minor: 30_000 } })) as { id: string };
    const redemptions: string[] = [];
    const controls = { spending_limits: [{ amount: 250_000, interval: 'daily' }, { amount: 150_000, interval: 'per_authorization' }], velocity_limits: [{ count: 6, interval: 'daily' }] };
    const cards: string[] = [];
    const holders: string[] = [];
    let holder = '';
    for (let i = 0; i < 3; i++) {
      const made = await prepaidCard(e, { program: {}, card: { spending_controls: controls }, topUp: 120_000 });
      // Moved onto the rewards program so that its captures earn.
      await e.services.db.updateTable('cards').set({ program_id: program.id }).where('id', '=', made.card.id).execute();
      cards.push(made.card.id);
      holder = made.holder.id;
      holders.push(holder);
    }
    await q.submit(purchase(cards[0]!, 1_000), CASHIER);
    const approved: Authorization[] = [];
    const captures: string[] = [];
    const seen: Seen[] = [];
    const outcome = async (work: () => Promise<unknown>): Promise<unknown> => {
      try {
        return await work();
      } catch (error) {
        seen.push(['refused', (error as { code?: string }).code ?? String(error)]);
        return null;
      }
    };
    for (const o of ops) {
      if (o.kind === 'decide') {
        if (freshEveryBatch) await e.services.db.insertInto('settings').values({ key: 'reference', value: '1' }).onConflict((oc) => oc.column('key').doUpdateSet({ value: '2' })).execute();
        const decided = await Promise.all(o.amounts.map((amount) => q.submit(purchase(cards[o.card % cards.length]!, amount), CASHIER)));
        for (const d of decided) {
          seen.push([d.approved, d.response_code, d.decline_reason ?? null, d.amount, d.risk_score ?? null]);
          if (d.approved) approved.push(d);
        }
      } else if (o.kind === 'sell') {
        // Sales (decided and captured in the batch's commit) among plain decisions of the same batch.
        if (freshEveryBatch) await e.services.db.insertInto('settings').values({ key: 'reference', value: '1' }).onConflict((oc) => oc.column('key').doUpdateSet({ value: '2' })).execute();
        const card = cards[o.card % cards.length]!;
        const sold = await Promise.all(o.sales.map(({ amount, sale }) => (sale ? q.sell(purchase(card, amount), CASHIER, 'sale') : q.submit(purchase(card, amount), CASHIER).then((authorization) => ({ authorization, capture: null })))));
        for (const { authorization: d, capture } of sold) {
          seen.push(['sold', d.approved, d.response_code, d.decline_reason ?? null, d.amount, d.risk_score ?? null, capture?.amount ?? null]);
          if (capture) {
            captures.push(capture.id);
            coverage.sold++;
          } else if (d.approved) approved.push(d);
        }
      } else if (o.kind === 'top-up' || o.kind === 'withdraw') {
        await outcome(() => run(o.kind === 'top-up' ? 'top-up-create' : 'withdrawal-create', { card: cards[o.card], amount: o.amount }));
      } else if (o.kind === 'capture' && approved.length > 0) {
        const a = approved[o.auth % approved.length]!;
        const txn = (await outcome(() => run('authorization-capture', { id: a.id, amount: Math.max(1, Math.floor((a.amount * o.share) / 4)) }))) as { id: string } | null;
        if (txn) captures.push(txn.id);
      } else if (o.kind === 'reverse' && approved.length > 0) {
        await outcome(() => run('authorization-reverse', { id: approved[o.auth % approved.length]!.id }));
      } else if (o.kind === 'refund' && captures.length > 0) {
        await outcome(() => run('transaction-refund', { id: captures[o.capture % captures.length] }));
      } else if (o.kind === 'wait') {
        e.clock.advance(o.minutes * 60_000);
      } else if (o.kind === 'decide-alone') {
        // One decision through the bus, outside the queue (its own session and commit).
        const d = (await e.bus.send('authorization-create', purchase(cards[o.card % cards.length]!, o.amount), CASHIER)) as Authorization;
        seen.push(['alone', d.approved, d.response_code, d.decline_reason ?? null, d.amount, d.risk_score ?? null]);
        if (d.approved) approved.push(d);
      } else if (o.kind === 'spend-exactly') {
        // A purchase of exactly what the card has (or one more): decided right only if the
        // session's balance is the database's, every credit and debit of other commands included.
        const card = cards[o.card % cards.length]!;
        const { available } = (await run('balance-get', { card })) as { available: number };
        if (available > 0 && available <= 140_000) {
          const d = await q.submit(purchase(card, available + (o.over ? 1 : 0)), CASHIER);
          seen.push(['exactly', d.approved, d.response_code, d.decline_reason ?? null, d.amount, d.risk_score ?? null]);
          if (d.approved) approved.push(d);
          coverage.exact++;
        }
      } else if (o.kind === 'redeem') {
        const made = (await outcome(() => run('redemption-create', { cardholder: holders[o.card % holders.length], program: program.id, reward: reward.id }))) as { id: string } | null;
        if (made) {
          redemptions.push(made.id);
          seen.push(['redeemed']);
          coverage.redeemed++;
        }
      } else if (o.kind === 'cancel-redemption' && redemptions.length > 0) {
        await outcome(() => run('redemption-cancel', { id: redemptions.pop() }));
      } else if (o.kind === 'adjust') {
        await outcome(() => run('rewards-adjust', { cardholder: holders[o.card % holders.length], program: program.id, points: o.points, reason: 'goodwill' }));
      } else if (o.kind === 'issue') {
        // Refused while the cardholder is not active (a holder update may have blocked them).
        const card = (await outcome(() => run('card-create', { program: program.id, cardholder: holder, type: 'virtual', spending_controls: controls }))) as { id: string } | null;
        if (card) {
          cards.push(card.id);
          holders.push(holder);
          await run('top-up-create', { card: card.id, amount: 100_000 });
        }
      } else if (o.kind === 'holder-update') {
        // The person behind a card: an inactive or blocked cardholder's purchases are declined.
        await outcome(() => run('cardholder-update', { id: holders[o.card % holders.length], status: o.status }));
      } else if (o.kind === 'enroll') {
        await outcome(() => run('rewards-member-enroll', { cardholder: holders[o.card % holders.length], program: program.id }));
      } else if (o.kind === 'jobs') {
        // The scheduled rewards jobs, some days later (points may expire, tiers may change).
        e.clock.advance(o.days * 86_400_000);
        for (const job of ['rewards-run-birthday-job', 'rewards-expire-points', 'rewards-recompute-tiers'] as const) await outcome(() => run(job, {}));
      } else if (o.kind === 'update') {
        const id = cards[o.card % cards.length]!;
        await outcome(() => run('card-update', { id, status: o.active ? 'active' : 'inactive', spending_controls: { ...controls, spending_limits: [{ amount: o.limit, interval: 'daily' }] } }));
      }
    }
    const balances: number[] = [];
    for (const card of cards) balances.push((await run('balance-get', { card })).available);
    const ledgerOk = (await run('ledger-check', {})).ok;
    return { seen, balances, freshSessions: q.stats.freshSessions, ledgerOk };
  } finally {
    await q.close();
    await e.close();
  }
}

describe('a kept session decides as a fresh one would', () => {
  it('for any interleaving of decisions and sales with captures, reversals, refunds, top-ups, withdrawals, new cards, card and cardholder updates, enrolments, the rewards jobs and redemptions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 25 }), async (ops) => {
        const kept = await play(ops, false);
        coverage.holderDeclined += kept.seen.filter((entry) => entry.some((v) => typeof v === 'string' && v.startsWith('cardholder_'))).length;
        const reference = await play(ops, true);
        expect(kept.seen).toEqual(reference.seen);
        expect(kept.balances).toEqual(reference.balances);
        expect(kept.ledgerOk && reference.ledgerOk).toBe(true);
        // The point of the declarations: one session from the first batch to the last.
        expect(kept.freshSessions).toBe(1);
      }),
      { numRuns: 25 },
    );
    // Counted across all runs: each must have been reached at least once.
    expect(Math.min(coverage.redeemed, coverage.exact, coverage.sold, coverage.holderDeclined), JSON.stringify(coverage)).toBeGreaterThan(0);
  }, 120_000);
});
