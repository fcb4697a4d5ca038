import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine, OWNER, type TestEngine } from '../testing/test-engine.js';
import { nikFor } from '../testing/fixtures.js';
import { recordForReports } from './record.js';

/**
 * The corporate report's limits: each employee card's limits against what the authorization
 * engine has counted in the current window (its usage counters), per category where the limit has
 * categories, for several employees read together.
 */
let engine: TestEngine;
const send = (name: string, input: Record<string, unknown>) => engine.bus.execute(name, input, OWNER) as Promise<any>;
const SUPPLIER = { name: 'Toko Biji Kopi', mcc: '5149', country: 'ID', id: 'SUP-0001' };
const CAFE = { name: 'Kopi Kenangan', mcc: '5814', country: 'ID', id: 'CAFE-0002' };
let program: string;
const cards: string[] = [];

beforeAll(async () => {
  engine = await testEngine({ start: new Date('2026-03-10T03:00:00Z') });
  const company = await send('cardholder-create', { type: 'company', name: 'PT Kopi Nusantara', email: 'finance@kopi.co.id' });
  program = (await send('program-create', { name: 'Buyers', kind: 'corporate', currency: 'IDR', timezone: 'Asia/Jakarta' })).id;
  await send('company-funding-create', { company: company.id, amount: 100_000_000, currency: 'IDR' });
  const limits = { spending_limits: [{ amount: 5_000_000, interval: 'monthly' }, { amount: 2_000_000, interval: 'monthly', categories: ['suppliers'] }, { amount: 900_000, interval: 'per_authorization' }] };
  for (const [i, name] of ['Budi Santoso', 'Sari Dewi', 'Andi Wijaya'].entries()) {
    const employee = await send('cardholder-create', {
      name, company: company.id, email: `buyer${i}@kopi.co.id`, phone: `+62812987654${i}0`, birth_date: '1990-05-17',
      national_id: nikFor('1990-05-17', 7 + i), address: { line1: 'Jl. Sudirman 1', city: 'Jakarta', country: 'ID' },
    });
    cards.push((await send('card-create', { program, cardholder: employee.id, type: 'virtual', spending_controls: limits })).id);
  }
  for (const [k, card] of cards.entries()) {
    for (let n = 0; n <= k; n++) {
      const a = await send('authorization-create', { card, amount: 300_000 + 10_000 * n, merchant: SUPPLIER });
      if (n % 2 === 0) await send('authorization-capture', { id: a.id });
      await send('authorization-create', { card, amount: 150_000, merchant: CAFE });
    }
  }
  // As the authorization write does once wired (see record.ts): the facts of every decision.
  const ids = (engine.database.sqlite.prepare('SELECT id FROM authorizations').all() as Array<{ id: string }>).map((r) => r.id);
  await engine.services.db.transaction().execute((trx) => recordForReports({ db: trx, clock: engine.clock }, ids));
}, 60_000);

afterAll(async () => {
  await engine?.close();
});

describe('corporate report limits', () => {
  it('show each card\'s use of its limits as the authorization engine counts it', async () => {
    const report = await send('report-corporate', { program, from: '2026-03-01', to: '2026-03-31' });
    expect(report.rows).toHaveLength(3);
    const sqlite = engine.database.sqlite;
    let checked = 0;
    for (const row of report.rows) {
      for (const limit of row.limits) {
        const account = (sqlite.prepare('SELECT account_id FROM cards WHERE id = ?').get(limit.card) as { account_id: string }).account_id;
        if (limit.interval === 'per_authorization') {
          expect(limit.used_minor).toBeNull();
          continue;
        }
        const usage = sqlite.prepare('SELECT mcc, amount FROM usage_counters WHERE account_id = ? AND window_key = ?').all(account, limit.window) as Array<{ mcc: string; amount: number }>;
        const used = usage.filter((u) => !limit.categories || u.mcc === SUPPLIER.mcc).reduce((s, u) => s + u.amount, 0);
        expect(used).toBeGreaterThan(0);
        expect(limit.used_minor, `${row.name} ${limit.interval} ${limit.categories}`).toBe(used);
        expect(limit.remaining_minor).toBe(Math.max(0, limit.limit_minor - used));
        checked++;
      }
      // Spend per category: captured money only (the holds that were not captured are not spend).
      const captured = sqlite.prepare("SELECT coalesce(sum(t.amount), 0) AS n FROM transactions t WHERE t.card_id IN (SELECT value FROM json_each(?)) AND t.type = 'capture'").get(JSON.stringify(row.cards)) as { n: number };
      expect(row.net_minor).toBe(captured.n);
    }
    expect(checked).toBe(6);
  });

  it('name each category by its code, description and group, per employee and in total', async () => {
    const report = await send('report-corporate', { program, from: '2026-03-01', to: '2026-03-31' });
    // 5149 is in the suppliers range but not named by the ISO list: the screens name it by its group.
    type Category = { mcc: string; category: string; group: string | null };
    const total = (report.categories as Category[]).find((c) => c.mcc === SUPPLIER.mcc);
    expect(total).toMatchObject({ mcc: '5149', category: 'MCC 5149', group: 'suppliers' });
    const rows = report.rows as Array<{ by_category: Category[] }>;
    expect(rows.filter((r) => r.by_category.length > 0)).toHaveLength(3);
    for (const row of rows) for (const c of row.by_category) expect(c).toMatchObject({ mcc: SUPPLIER.mcc, category: 'MCC 5149', group: 'suppliers' });
  });
});
