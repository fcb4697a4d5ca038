import fc from 'fast-check';
import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import { KartuError } from '../kernel/errors.js';
import { OWNER, testEngine, type TestEngine } from '../testing/test-engine.js';
import { CAFE, GROCER } from './testing/auth-fixtures.js';
import { basicCardholder } from '../testing/fixtures.js';

const DAILY = 60_000;
const WEEKLY = 150_000;
const CAP = 200_000;
const FEE = 100;

type Op =
  | { kind: 'top_up'; card: number; amount: number }
  | { kind: 'authorize'; card: number; amount: number; grocer: boolean; partial: boolean }
  | { kind: 'capture'; auth: number; part: number; final: boolean }
  | { kind: 'reverse'; auth: number; part: number }
  | { kind: 'refund'; txn: number; part: number }
  | { kind: 'increment'; auth: number; amount: number }
  | { kind: 'clock'; minutes: number }
  | { kind: 'expire' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('top_up' as const), card: fc.nat(2), amount: fc.integer({ min: 1, max: 120_000 }) }),
  { arbitrary: fc.record({ kind: fc.constant('authorize' as const), card: fc.nat(2), amount: fc.integer({ min: 0, max: 50_000 }), grocer: fc.boolean(), partial: fc.boolean() }), weight: 4 },
  fc.record({ kind: fc.constant('capture' as const), auth: fc.nat(50), part: fc.integer({ min: 1, max: 4 }), final: fc.boolean() }),
  fc.record({ kind: fc.constant('reverse' as const), auth: fc.nat(50), part: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('refund' as const), txn: fc.nat(50), part: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('increment' as const), auth: fc.nat(50), amount: fc.integer({ min: 1, max: 20_000 }) }),
  fc.record({ kind: fc.constant('clock' as const), minutes: fc.integer({ min: 1, max: 3 * 24 * 60 }) }),
  fc.constant({ kind: 'expire' as const }),
);

async function world(engine: TestEngine) {
  const program = await engine.bus.send('program-create', { name: 'Model', kind: 'prepaid', currency: 'IDR', caps: { balance: CAP }, fees: { per_transaction: FEE } }, OWNER);
  await engine.bus.send('authorization-hold-time-set', { seconds: 86_400 }, OWNER);
  const cards: string[] = [];
  for (let i = 0; i < 3; i++) {
    const holder = await basicCardholder(engine, `Member ${i}`, `+6281200000${i}00`);
    const card = await engine.bus.send(
      'card-create',
      { program: program.id, cardholder: holder.id, type: 'virtual', spending_controls: { spending_limits: [{ amount: DAILY, interval: 'daily' }, { amount: WEEKLY, interval: 'weekly' }] } },
      OWNER,
    );
    cards.push(card.id);
  }
  return cards;
}

/** The invariants, checked from the database after every step. */
async function checkInvariants(engine: TestEngine, cards: string[]): Promise<void> {
  const check = await engine.bus.send('ledger-check', {}, OWNER);
  expect(check.problems).toEqual([]);
  const sqlite = engine.database.sqlite;
  // Each hold resolves at most once (and only holds are resolved).
  const twice = sqlite.prepare('SELECT pending_id, COUNT(*) AS n FROM ledger_transfers WHERE pending_id IS NOT NULL GROUP BY pending_id HAVING n > 1').all();
  expect(twice).toEqual([]);
  for (const card of cards) {
    const balance = await engine.bus.send('balance-get', { card }, OWNER);
    // No stored-value balance below zero, holds included.
    expect(balance.available).toBeGreaterThanOrEqual(0);
    // The model: money in minus money out equals what the card holds (available + held).
    const row = sqlite.prepare('SELECT account_id FROM cards WHERE id = ?').get(card) as { account_id: string };
    const topUps = (sqlite.prepare("SELECT COALESCE(SUM(amount),0) AS n FROM funding_movements WHERE card_id = ? AND type = 'top_up'").get(card) as { n: number }).n;
    const txns = sqlite.prepare('SELECT type, amount, fees FROM transactions WHERE card_id = ?').all(card) as Array<{ type: string; amount: number; fees: string }>;
    const spent = txns.reduce((sum, t) => {
      const fees = JSON.parse(t.fees) as { transaction: number; fx: number };
      return t.type === 'capture' ? sum + t.amount + fees.transaction + fees.fx : sum - t.amount;
    }, 0);
    const issuance = (sqlite.prepare("SELECT COALESCE(SUM(collected_amount),0) AS n FROM fee_charges WHERE account_id = ?").get(row.account_id) as { n: number }).n;
    expect(balance.available + balance.pending).toBe(topUps - spent - issuance);
    // No limit is ever exceeded: approved, not released, per local day and week.
    const auths = sqlite.prepare('SELECT amount, reversed_amount, created_at FROM authorizations WHERE card_id = ? AND approved = 1').all(card) as Array<{ amount: number; reversed_amount: number; created_at: string }>;
    const days = new Map<string, number>();
    const weeks = new Map<string, number>();
    for (const a of auths) {
      const local = new TZDate(Date.parse(a.created_at), 'Asia/Jakarta');
      const day = `${local.getFullYear()}-${local.getMonth()}-${local.getDate()}`;
      const monday = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() - ((local.getDay() + 6) % 7), 'Asia/Jakarta');
      const week = `${monday.getFullYear()}-${monday.getMonth()}-${monday.getDate()}`;
      days.set(day, (days.get(day) ?? 0) + a.amount - a.reversed_amount);
      weeks.set(week, (weeks.get(week) ?? 0) + a.amount - a.reversed_amount);
    }
    for (const used of days.values()) expect(used).toBeLessThanOrEqual(DAILY);
    for (const used of weeks.values()) expect(used).toBeLessThanOrEqual(WEEKLY);
  }
}

async function apply(engine: TestEngine, cards: string[], step: Op): Promise<void> {
  const send = (name: string, input: unknown) => engine.bus.execute(name, input, OWNER);
  const auths = () => engine.database.sqlite.prepare('SELECT id, pending_amount FROM authorizations ORDER BY id').all() as Array<{ id: string; pending_amount: number }>;
  const pick = <T>(list: T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);
  switch (step.kind) {
    case 'top_up':
      await send('top-up-create', { card: cards[step.card], amount: step.amount });
      return;
    case 'authorize':
      await send('authorization-create', { card: cards[step.card], amount: step.amount, merchant: step.grocer ? GROCER : CAFE, partial_approval_supported: step.partial });
      return;
    case 'capture': {
      const a = pick(auths(), step.auth);
      if (a) await send('authorization-capture', { id: a.id, amount: Math.max(1, Math.floor((a.pending_amount * step.part) / 4)), final: step.final });
      return;
    }
    case 'reverse': {
      const a = pick(auths(), step.auth);
      if (a) await send('authorization-reverse', { id: a.id, amount: Math.max(1, Math.floor((a.pending_amount * step.part) / 4)) });
      return;
    }
    case 'refund': {
      const txns = engine.database.sqlite.prepare("SELECT id, amount, refunded_amount FROM transactions WHERE type = 'capture' ORDER BY id").all() as Array<{ id: string; amount: number; refunded_amount: number }>;
      const t = pick(txns, step.txn);
      if (t) await send('transaction-refund', { id: t.id, amount: Math.max(1, Math.floor(((t.amount - t.refunded_amount) * step.part) / 4)) });
      return;
    }
    case 'increment': {
      const a = pick(auths(), step.auth);
      if (a) await send('authorization-increment', { id: a.id, amount: step.amount });
      return;
    }
    case 'clock':
      engine.clock.advance(step.minutes * 60_000);
      return;
    case 'expire':
      await send('authorization-expire-stale', {});
      return;
  }
}

describe('ledger and limits under random workloads (fast-check)', () => {
  it('keeps debits = credits, limits, non-negative balances and once-only holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: process.env.KARTU_LONG ? 120 : 35 }), async (ops) => {
        const engine = await testEngine();
        try {
          const cards = await world(engine);
          for (const step of ops) {
            try {
              await apply(engine, cards, step);
            } catch (error) {
              // Refusals (nothing pending, above what is held, cap reached ...) are expected; nothing else is.
              if (!(error instanceof KartuError)) throw error;
            }
            await checkInvariants(engine, cards);
          }
        } finally {
          await engine.close();
        }
      }),
      { numRuns: process.env.KARTU_LONG ? 200 : 15, seed: process.env.KARTU_SEED ? Number(process.env.KARTU_SEED) : undefined },
    );
  }, 600_000);
});
