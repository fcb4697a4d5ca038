import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { testEngine } from '../testing/test-engine.js';
import { up } from '../db/migrations/2026-11-26-15-report-category-cells.js';
import { actionArb, runActions, setupWorld } from './testing/report-world.js';

/** Migration 2026-11-26-15 fills each card's category cells from its branch cells, as the write path keeps them. */
describe('migration 2026-11-26-15 (card category cells)', () => {
  it('adds the same category cells the write path would have written, and the cardholder index', async () => {
    const engine = await testEngine({ start: new Date('2025-11-15T10:00:00Z'), seed: 6 });
    try {
      const world = await setupWorld(engine, 4);
      await runActions(engine, world, fc.sample(fc.array(actionArb, { minLength: 50, maxLength: 50 }), { numRuns: 1, seed: 9 })[0]!);
      const sqlite = engine.database.sqlite;
      const categories = () => sqlite.prepare("SELECT * FROM report_card_cells WHERE place = '*' AND mcc <> '*' AND (purchases <> 0 OR gross_minor <> 0 OR refunds_minor <> 0) ORDER BY grain, bucket, mcc, card_id, tier").all();
      const written = categories();
      expect(written.length).toBeGreaterThan(0);
      // The database as it was before the migration.
      sqlite.exec("DELETE FROM report_card_cells WHERE place = '*' AND mcc <> '*'; DROP INDEX report_facts_cardholder_money; CREATE INDEX report_facts_cardholder_day ON report_facts (cardholder_id, day);");
      await engine.services.db.transaction().execute((trx) => up(trx));
      expect(categories()).toEqual(written);
      const index = sqlite.prepare("SELECT name FROM pragma_index_info('report_facts_cardholder_money')").all().map((r) => (r as { name: string }).name);
      expect(index).toEqual(['cardholder_id', 'day', 'program_id', 'gross_minor', 'refunds_minor']);
    } finally {
      await engine.close();
    }
  }, 60_000);
});
