import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { testEngine, OWNER, CASHIER, tableCounts, type TestEngine } from '../testing/test-engine.js';
import { actionArb, runActions, setupWorld, type World } from '../reports/testing/report-world.js';
import { TZDate } from '@date-fns/tz';

/**
 * Exports on one generated history: transactions with the reports' filters (their money equals the
 * spending report's under the same filters), expenses with the fields staff filled in, a card's
 * monthly statement (its balance follows its lines; the PDF is a PDF), and scheduled exports that
 * write the same file as the command, catching up missed periods.
 */
let engine: TestEngine;
let world: World;
let folder: string;
const send = (name: string, input: Record<string, unknown>, actor = OWNER) => engine.bus.execute(name, input, actor) as Promise<any>;

/** CSV rows by column name (every column of the header is present in every row). */
function csvRows(content: string): Array<Record<string, string>> {
  return Papa.parse<Record<string, string>>(content.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
}

beforeAll(async () => {
  engine = await testEngine({ start: new Date('2025-11-15T10:00:00Z'), seed: 17 });
  world = await setupWorld(engine, 6);
  const actions = fc.sample(fc.array(actionArb, { minLength: 140, maxLength: 140 }), { numRuns: 1, seed: 23 })[0]!;
  await runActions(engine, world, actions.map((a) => (a.t === 'jump' ? { ...a, days: 1 + (a.days % 6) } : a)));
  folder = mkdtempSync(join(tmpdir(), 'kartu-exports-'));
}, 120_000);

afterAll(async () => {
  await engine?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('transactions export with the reports filters', () => {
  it('holds exactly the money of the spending report, filter by filter', async () => {
    const filterSets: Array<Record<string, string>> = [
      { from: '2025-11-01', to: '2026-06-30' },
      { from: '2025-11-01', to: '2026-06-30', program: world.prepaid },
      { from: '2025-11-01', to: '2026-06-30', branch: world.locations[0]! },
      { from: '2025-11-01', to: '2026-06-30', branch: 'MRC-GROC-01' },
      { from: '2025-11-01', to: '2026-06-30', program: world.program, tier: world.tiers[0]! },
      { from: '2025-11-01', to: '2026-06-30', card: world.members[0]!.card },
      { from: '2025-11-20', to: '2025-12-05' },
    ];
    let seen = 0;
    for (const f of filterSets) {
      const file = await send('transactions-export', { ...f, format: 'csv' });
      const rows = csvRows(file.content);
      expect(file.rows).toBe(rows.length);
      const summary = await send('report-spending-summary', f);
      const net = rows.reduce((s, r) => s + Number(r.amount_minor), 0);
      expect(net, JSON.stringify(f)).toBe(summary.totals.net_minor);
      expect(rows.filter((r) => r.type === 'capture').reduce((s, r) => s + Number(r.amount_minor), 0)).toBe(summary.totals.gross_minor);
      for (const r of rows) {
        expect((r.purchase_date ?? '') >= summary.filters.from && (r.purchase_date ?? '') <= summary.filters.to).toBe(true);
        if (f.card) expect(r.card).toBe(f.card);
        if (f.program) expect(r.program).toBe(f.program);
      }
      seen += rows.length;
    }
    expect(seen).toBeGreaterThan(10);
    const xlsx = await send('transactions-export', { from: '2025-11-01', to: '2026-06-30', format: 'xlsx' });
    expect(Buffer.from(xlsx.content, 'base64').subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('refuses an unknown branch-like filter field by name and a bad date', async () => {
    await expect(send('transactions-export', { from: '2025-11-01', place: 'x' })).rejects.toMatchObject({ code: expect.any(String) });
    await expect(send('transactions-export', { from: '2025-13-01' })).rejects.toMatchObject({ param: 'from' });
  });
});

describe('expense export', () => {
  it('carries the category, notes and receipt staff filled in, per employee', async () => {
    const txn = engine.database.sqlite.prepare("SELECT t.id, t.card_id FROM transactions t JOIN cards c ON c.id = t.card_id WHERE c.program_id = ? AND t.type = 'capture' ORDER BY t.id LIMIT 1").get(world.prepaid) as { id: string; card_id: string };
    expect(txn).toBeDefined();
    await send('transaction-annotate', { transaction: txn.id, category: 'Client meeting', notes: 'Coffee with PT Maju, 3 people', receipt_ref: 'receipts/2025-11/001.jpg' }, CASHIER);
    const file = await send('expense-export', { from: '2025-11-01', to: '2026-06-30', program: world.prepaid, format: 'csv' });
    const rows = csvRows(file.content);
    const row = rows.find((r) => r.transaction === txn.id)!;
    expect(row).toMatchObject({ category: 'Client meeting', notes: 'Coffee with PT Maju, 3 people', receipt_ref: 'receipts/2025-11/001.jpg' });
    // Unannotated rows fall back to the merchant's category; rows are grouped by employee.
    expect(rows.filter((r) => r.transaction !== txn.id).every((r) => (r.category ?? '').length > 0 && r.notes === '')).toBe(true);
    const names = rows.map((r) => r.cardholder_name ?? '');
    expect(names).toEqual([...names].sort((a, b) => (a ?? '').localeCompare(b ?? '')));
    expect(Object.keys(rows[0]!).slice(0, 3)).toEqual(['date', 'company_name', 'cardholder_name']);
  });

  it('refuses notes on a transaction that does not exist and writes nothing', async () => {
    const before = await tableCounts(engine);
    await expect(send('transaction-annotate', { transaction: 'txn_missing', notes: 'x' })).rejects.toMatchObject({ param: 'transaction' });
    expect(await tableCounts(engine)).toEqual(before);
  });
});

describe('monthly statement', () => {
  it('runs from the opening to the closing balance through its lines, and renders as PDF', async () => {
    const card = world.members.find((m) => m.program === world.program)!.card;
    const month = (engine.database.sqlite.prepare("SELECT substr(created_at, 1, 7) AS m FROM transactions WHERE card_id = ? GROUP BY m ORDER BY count(*) DESC LIMIT 1").get(card) as { m: string } | undefined)?.m ?? '2025-11';
    const s = await send('statement-get', { card, month });
    expect(s.object).toBe('statement');
    expect(s.balance).not.toBeNull();
    const moved = s.lines.reduce((sum: number, l: { amount_minor: number }) => sum + l.amount_minor, 0);
    expect(s.balance.closing_minor - s.balance.opening_minor).toBe(moved);
    expect(s.totals.net_minor).toBe(moved);
    expect(s.totals.fees_minor).toBe(s.lines.filter((l: { type: string }) => l.type === 'fee').reduce((sum: number, l: { amount_minor: number }) => sum + l.amount_minor, 0));
    // The closing balance is the card's funds at the end of the month, from the ledger itself.
    const [y, m] = month.split('-').map(Number) as [number, number];
    const end = new Date(new TZDate(y, m, 1, 'Asia/Jakarta').getTime()).toISOString();
    const account = (engine.database.sqlite.prepare('SELECT account_id FROM cards WHERE id = ?').get(card) as { account_id: string }).account_id;
    const ledger = engine.database.sqlite
      .prepare("SELECT coalesce(sum(CASE WHEN credit_account_id = ? THEN amount ELSE -amount END), 0) AS n FROM ledger_transfers WHERE kind IN ('posted', 'post_pending') AND (credit_account_id = ? OR debit_account_id = ?) AND created_at < ?")
      .get(`card:${account}`, `card:${account}`, `card:${account}`, end) as { n: number };
    expect(s.balance.closing_minor).toBe(ledger.n);
    expect(s.points).not.toBeNull();
    const pdf = await send('statement-render', { card, month, format: 'pdf' });
    const bytes = Buffer.from(pdf.content, 'base64');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toMatch(/%%EOF/);
    expect(pdf.filename).toMatch(/^statement-\d{4}-\d{4}-\d{2}\.pdf$/);
  });

  it('refuses a month that is not YYYY-MM and an unknown card', async () => {
    await expect(send('statement-get', { card: world.members[0]!.card, month: '2025-13' })).rejects.toMatchObject({ param: 'month' });
    await expect(send('statement-get', { card: 'card_missing', month: '2025-11' })).rejects.toMatchObject({ param: 'card' });
  });
});

describe('scheduled exports', () => {
  it('write each ended period to the folder, the same file as the command, and catch up', async () => {
    const schedule = await send('export-schedule-create', { report: 'transactions', format: 'csv', folder, every: 'day', filters: { program: world.program } });
    expect(schedule.status).toBe('active');
    const first = await send('exports-run-scheduled', {});
    expect(first.files).toEqual([]);
    engine.clock.advance(3 * 86_400_000);
    const run = await send('exports-run-scheduled', {});
    expect(run.errors).toEqual([]);
    expect(run.files.length).toBe(3);
    const written = readdirSync(folder).filter((f) => !f.startsWith('.')).sort();
    expect(written).toHaveLength(3);
    // The last file is what the command exports for that day.
    const last = written[written.length - 1]!;
    const day = /(\d{4}-\d{2}-\d{2})\.csv$/.exec(last)![1]!;
    const direct = await send('transactions-export', { program: world.program, from: day, to: day, format: 'csv' });
    expect(readFileSync(join(folder, last), 'utf8')).toBe(direct.content);
    expect((await send('exports-run-scheduled', {})).files).toEqual([]);
    const list = await send('export-schedule-list', {});
    expect(list.data.find((s: { id: string }) => s.id === schedule.id)).toMatchObject({ runs: 3, last_error: null });
  });

  it('refuse a folder that does not exist, naming it, and write nothing', async () => {
    const before = await tableCounts(engine);
    await expect(send('export-schedule-create', { report: 'journal', format: 'csv', folder: join(folder, 'nope'), every: 'month' })).rejects.toMatchObject({ code: 'folder_missing', param: 'folder' });
    await expect(send('export-schedule-create', { report: 'spending', format: 'xero', folder, every: 'month' })).rejects.toMatchObject({ param: 'format' });
    expect(await tableCounts(engine)).toEqual(before);
  });
});
