import { describe, expect, it } from 'vitest';
import { OWNER, testEngine } from '../testing/test-engine.js';
import { up } from '../db/migrations/2026-11-26-16-report-facts-backfill.js';
import { prepaidCard, purchase } from '../authorization/testing/auth-fixtures.js';
import { startJobRunner } from '../jobs/job-runner.js';

/**
 * A database from before the authorization write recorded report facts: history the reports have
 * never seen. Migration 16 flags it; the background job rebuilds once and the figures appear.
 */
describe('report facts backfill (migration 2026-11-26-16 and the rebuild job)', () => {
  it('flags a database with unreported history, and the job fills the reports once', async () => {
    const engine = await testEngine();
    try {
      const { program, card } = await prepaidCard(engine, { topUp: 100_000 });
      const auth = await engine.bus.send('authorization-create', purchase(card.id, 25_000), OWNER);
      await engine.bus.send('authorization-capture', { id: auth.id }, OWNER);
      const summary = async () => ((await engine.bus.send('report-spending-summary', { program: program.id } as never, OWNER)) as { totals: { gross_minor: number } }).totals.gross_minor;
      expect(await summary()).toBe(25_000);
      const sqlite = engine.database.sqlite;
      // As such a database was: authorizations without facts or rollups.
      for (const table of ['report_facts', 'report_spend_cells', 'report_day_cells', 'report_heat_cells', 'report_card_cells']) sqlite.exec(`DELETE FROM ${table}`);
      expect(await summary()).toBe(0);

      await engine.services.db.transaction().execute((trx) => up(trx));
      expect(sqlite.prepare("SELECT value FROM settings WHERE key = 'reports.rebuild_needed'").get()).toEqual({ value: '1' });

      const runner = startJobRunner(engine, { tickMs: 3_600_000, jobs: [{ command: 'reports-rebuild-if-needed', everyMs: 0 }] });
      expect(await runner.runDue()).toEqual(['reports-rebuild-if-needed']);
      expect(await summary()).toBe(25_000);
      expect(sqlite.prepare("SELECT value FROM settings WHERE key = 'reports.rebuild_needed'").get()).toBeUndefined();
      // Nothing flagged: the job does nothing (and the migration on a database in step flags nothing).
      expect(await engine.bus.send('reports-rebuild-if-needed', {}, OWNER)).toEqual({ object: 'reports_rebuild_check', rebuilt: false });
      await engine.services.db.transaction().execute((trx) => up(trx));
      expect(sqlite.prepare("SELECT value FROM settings WHERE key = 'reports.rebuild_needed'").get()).toBeUndefined();
      await runner.stop();
    } finally {
      await engine.close();
    }
  });
});
