import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { testEngine, OWNER } from '../testing/test-engine.js';
import { up } from '../db/migrations/2026-11-26-13-report-total-cells.js';
import { actionArb, runActions, setupWorld } from './testing/report-world.js';

/**
 * Migration 2026-11-26-13 on a database that already holds facts: the card rollup comes back empty
 * with the branch right after the bucket in its key, the heat rollup empty, the database flagged;
 * reports say their figures wait for the rebuild, and the rebuild gives back the same figures.
 */
describe('migration 2026-11-26-13 (report total cells)', () => {
  it('reshapes the card rollup, flags the rebuild, and the rebuild restores every figure', async () => {
    const engine = await testEngine({ start: new Date('2025-11-15T10:00:00Z'), seed: 3 });
    try {
      const world = await setupWorld(engine, 4);
      const actions = fc.sample(fc.array(actionArb, { minLength: 60, maxLength: 60 }), { numRuns: 1, seed: 5 })[0]!;
      await runActions(engine, world, actions);
      const sqlite = engine.database.sqlite;
      const count = (table: string): number => (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      expect(count('report_facts')).toBeGreaterThan(5);
      const filters = { from: '2025-01-01', to: '2027-12-31' };
      const read = async () => ({
        cards: ((await engine.bus.execute('report-spending-by-card', { ...filters, limit: 1_000 }, OWNER)) as any).rows,
        heat: ((await engine.bus.execute('report-spending-heatmap', filters, OWNER)) as any).rows,
        notes: ((await engine.bus.execute('report-spending-heatmap', filters, OWNER)) as any).notes as string[],
      });
      const before = await read();
      expect(before.notes).toEqual([]);
      expect(before.cards.length).toBeGreaterThan(0);

      await engine.services.db.transaction().execute((trx) => up(trx));

      expect(count('report_card_cells')).toBe(0);
      expect(count('report_heat_cells')).toBe(0);
      const key = (sqlite.prepare("SELECT name FROM pragma_index_info((SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'report_card_cells'))").all() as Array<{ name: string }>).map((r) => r.name);
      expect(key).toEqual(['program_id', 'grain', 'bucket', 'place', 'mcc', 'card_id', 'tier']);
      expect(sqlite.prepare("SELECT value FROM settings WHERE key = 'reports.rebuild_needed'").get()).toEqual({ value: '1' });
      const stale = await read();
      expect(stale.notes.join(' ')).toMatch(/recomputed/);

      await engine.bus.execute('reports-rebuild', {}, OWNER);
      expect(sqlite.prepare("SELECT value FROM settings WHERE key = 'reports.rebuild_needed'").get()).toBeUndefined();
      expect(await read()).toEqual(before);
    } finally {
      await engine.close();
    }
  }, 60_000);

  it('leaves an empty database unflagged', async () => {
    const engine = await testEngine();
    try {
      await engine.services.db.transaction().execute((trx) => up(trx));
      expect(engine.database.sqlite.prepare("SELECT value FROM settings WHERE key = 'reports.rebuild_needed'").get()).toBeUndefined();
    } finally {
      await engine.close();
    }
  });
});
