import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { openKartu } from '../core/kartu.js';
import { prepaidCard } from '../core/authorization/testing/auth-fixtures.js';
import { exportJournal } from './export-journal.js';
import { UsageError } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'kartu-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kartu export journal', () => {
  it('writes balanced journal lines with a header, in minor units, for the period', async () => {
    const kartu = await openKartu({ dataDir: dir });
    await prepaidCard(kartu.sandbox, { topUp: 150_000 });
    await kartu.close();
    const out: string[] = [];
    const io = { out: (line: string) => out.push(line), err: () => {}, readStdin: async () => '' };
    const today = new Date().toISOString().slice(0, 10);
    const far = '2030-12-31';
    expect(await exportJournal.run({ 'data-dir': dir, from: '2025-01-01', to: far, mode: 'test' }, [], io)).toBe(0);
    const rows = Papa.parse<Record<string, string>>(out.join('\n'), { header: true, skipEmptyLines: true }).data;
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['date', 'account', 'debit', 'credit', 'currency', 'reference']));
    const debit = rows.reduce((sum, r) => sum + Number(r.debit), 0);
    const credit = rows.reduce((sum, r) => sum + Number(r.credit), 0);
    expect(debit).toBe(credit);
    expect(debit).toBeGreaterThanOrEqual(150_000);
    expect(today <= far).toBe(true);
    await expect(exportJournal.run({ 'data-dir': dir, from: '2026-02-01', to: '2026-01-01' }, [], io)).rejects.toBeInstanceOf(UsageError);
    await expect(exportJournal.run({ 'data-dir': dir, from: '1/2/2026', to: '2026-01-01' }, [], io)).rejects.toBeInstanceOf(UsageError);
  });
});
