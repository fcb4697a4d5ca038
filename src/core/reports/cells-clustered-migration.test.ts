import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { testEngine } from '../testing/test-engine.js';
import { up } from '../db/migrations/2026-11-26-14-report-cells-clustered.js';
import { actionArb, runActions, setupWorld } from './testing/report-world.js';

const ROLLUPS = ['report_spend_cells', 'report_day_cells', 'report_heat_cells', 'report_card_cells'];

/** Migration 2026-11-26-14: the rollups are clustered on their keys, with every row kept. */
describe('migration 2026-11-26-14 (clustered report rollups)', () => {
  it('stores each rollup in its key order and keeps its rows and key', async () => {
    const engine = await testEngine({ start: new Date('2025-11-15T10:00:00Z'), seed: 4 });
    try {
      const sqlite = engine.database.sqlite;
      for (const t of ROLLUPS) expect((sqlite.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(t) as { sql: string }).sql).toMatch(/WITHOUT ROWID/i);
      const world = await setupWorld(engine, 4);
      await runActions(engine, world, fc.sample(fc.array(actionArb, { minLength: 50, maxLength: 50 }), { numRuns: 1, seed: 8 })[0]!);
      const snapshot = () => Object.fromEntries(ROLLUPS.map((t) => [t, sqlite.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4, 5, 6, 7`).all()]));
      const keys = () => Object.fromEntries(ROLLUPS.map((t) => [t, sqlite.prepare(`SELECT name, pk FROM pragma_table_info('${t}') ORDER BY cid`).all()]));
      const before = snapshot();
      const keysBefore = keys();
      expect(before.report_card_cells!.length).toBeGreaterThan(0);
      // Run again on the migrated tables: a copy into the same shape.
      await engine.services.db.transaction().execute((trx) => up(trx));
      expect(snapshot()).toEqual(before);
      expect(keys()).toEqual(keysBefore);
    } finally {
      await engine.close();
    }
  }, 60_000);
});
