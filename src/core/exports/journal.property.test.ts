import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TZDate } from '@date-fns/tz';
import { testEngine, OWNER, type TestEngine } from '../testing/test-engine.js';
import { actionArb, runActions, setupWorld } from '../reports/testing/report-world.js';
import { addDays } from '../reports/zone-time.js';
import { parseJournalCsv } from './journal-parse.js';
import { XERO_COLUMNS } from './journal.js';

/**
 * The journal export on random histories (purchases across Jakarta midnight, partial captures,
 * refunds, reversals, top-ups, fees, cashback), for random periods: every period balances per
 * currency, re-importing the generic CSV gives back the ledger's own totals per account (computed
 * here straight from ledger_transfers with date-fns' zone arithmetic), consecutive periods add up
 * to the whole, and Xero's statement of an account moves by the account's net change.
 */
function zoneStart(day: string, zone: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, zone).getTime()).toISOString();
}

type Totals = Map<string, { debit: number; credit: number }>;

/** Debits and credits per ledger account and currency of the money posted in [from, to] local days. */
function ledgerTotals(engine: TestEngine, zone: string, from: string, to: string): Totals {
  const rows = engine.database.sqlite
    .prepare("SELECT debit_account_id AS d, credit_account_id AS c, amount, currency FROM ledger_transfers WHERE kind IN ('posted', 'post_pending') AND created_at >= ? AND created_at < ?")
    .all(zoneStart(from, zone), zoneStart(addDays(to, 1), zone)) as Array<{ d: string; c: string; amount: number; currency: string }>;
  const out: Totals = new Map();
  const add = (account: string, currency: string, debit: number, credit: number) => {
    const t = out.get(`${account}|${currency}`) ?? { debit: 0, credit: 0 };
    t.debit += debit;
    t.credit += credit;
    out.set(`${account}|${currency}`, t);
  };
  for (const r of rows) {
    if (r.amount === 0) continue;
    add(r.d, r.currency, r.amount, 0);
    add(r.c, r.currency, 0, r.amount);
  }
  return out;
}

function importedTotals(csv: string): Totals {
  const parsed = parseJournalCsv(csv);
  expect(parsed.errors).toEqual([]);
  for (const c of parsed.currencies) expect(c.balanced, `${c.currency} balances`).toBe(true);
  const out: Totals = new Map();
  for (const l of parsed.lines) {
    const t = out.get(`${l.ledger_account}|${l.currency}`) ?? { debit: 0, credit: 0 };
    t.debit += l.debit;
    t.credit += l.credit;
    out.set(`${l.ledger_account}|${l.currency}`, t);
  }
  return out;
}

describe('journal export against the ledger', () => {
  it('balances, re-imports to the ledger totals, adds up over periods, and Xero follows the account', async () => {
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 30, maxLength: 60 }), fc.integer({ min: 1, max: 1_000_000 }), fc.nat(), fc.nat(), fc.nat(), async (actions, seed, a, b, c) => {
        const engine = await testEngine({ start: new Date('2025-11-15T10:00:00Z'), seed });
        try {
          const world = await setupWorld(engine, 5);
          await runActions(engine, world, actions);
          const send = (name: string, input: Record<string, unknown>) => engine.bus.execute(name, input, OWNER) as Promise<any>;
          const zone = (await send('account-mapping-get', {})).timezone as string;
          const days = (engine.database.sqlite.prepare('SELECT min(created_at) AS a, max(created_at) AS b FROM ledger_transfers').get() as { a: string; b: string });
          const first = addDays(days.a.slice(0, 10), -1);
          const span = Math.max(1, Math.round((Date.parse(days.b) - Date.parse(days.a)) / 86_400_000) + 2);
          const cut = [a % span, b % span, c % span].sort((x, y) => x - y).map((n) => addDays(first, n));
          const [from, middle, to] = cut as [string, string, string];

          const whole = await send('journal-export', { from, to });
          expect(whole.debit_minor).toBe(whole.credit_minor);
          const imported = importedTotals(whole.content);
          expect(imported).toEqual(ledgerTotals(engine, zone, from, to));
          if (imported.size > 0) nonEmpty++;

          // [from, middle] and [middle + 1, to] hold the same lines as [from, to].
          if (middle < to) {
            const left = importedTotals((await send('journal-export', { from, to: middle })).content);
            const right = importedTotals((await send('journal-export', { from: addDays(middle, 1), to })).content);
            const sum: Totals = new Map();
            for (const part of [left, right]) {
              for (const [k, v] of part) {
                const t = sum.get(k) ?? { debit: 0, credit: 0 };
                sum.set(k, { debit: t.debit + v.debit, credit: t.credit + v.credit });
              }
            }
            expect(sum).toEqual(imported);
          }

          // Xero: the issuer's cash (top-ups) as a bank statement, in IDR major units.
          const xero = await send('journal-export', { from, to, format: 'xero', account: 'issuer_cash', currency: 'IDR' });
          const [header, ...body] = (xero.files as Array<{ content: string }>).flatMap((f, i) => f.content.replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(i === 0 ? 0 : 1));
          expect(header).toBe(XERO_COLUMNS.join(','));
          let cents = 0;
          for (const line of body.filter((l) => l.length > 0)) {
            const [date, amount] = line.split(',');
            expect(date).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
            expect(amount).toMatch(/^-?\d+\.\d{2}$/);
            cents += Math.round(Number(amount) * 100);
          }
          const cash = [...ledgerTotals(engine, zone, from, to)].filter(([k]) => k.startsWith('issuer_cash:') && k.endsWith('|IDR')).reduce((s, [, v]) => s + v.debit - v.credit, 0);
          expect(cents).toBe(cash);
        } finally {
          await engine.close();
        }
      }),
      { numRuns: 5, seed: 20261126 },
    );
    expect(nonEmpty).toBeGreaterThan(1);
  }, 180_000);

  it('refuses a period that ends before it starts, naming the parameter, and writes nothing', async () => {
    const engine = await testEngine();
    try {
      const error = await engine.bus.execute('journal-export', { from: '2026-03-02', to: '2026-03-01' }, OWNER).then(() => null, (e: unknown) => e as { code: string; param: string });
      expect(error).toMatchObject({ code: 'parameter_invalid', param: 'from' });
    } finally {
      await engine.close();
    }
  });
});
