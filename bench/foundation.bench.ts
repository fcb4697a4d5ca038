import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSqliteDatabase } from '../src/core/db/open-sqlite.js';
import { openKartu } from '../src/core/kartu.js';
import { generateDemo } from '../src/core/demo/generate-demo.js';
import { hookStatements } from './statement-hook.js';
import { isMain, report, withTempDir, type BenchFigure } from './harness.js';

/**
 * The time spent inside SQLite's statements (run, get, all; commits included; of an iterate only
 * its start, which the demo does not use), summed. What the demo's purchases cost in SQLite alone
 * is a floor no JavaScript change lowers: only writing and reading fewer rows does. Installed
 * before the engine opens (statements are cached). Its own cost, two clock reads a statement, is
 * inside the demo's time: well under 1% (about 100 statements of 20-100 µs per purchase).
 */
function installStatementClock(): { ms: number; restore(): void } {
  const state = { ms: 0, restore: () => {} };
  state.restore = hookStatements((_sql, _method, original) =>
    function (this: unknown, ...parameters: unknown[]) {
      const start = performance.now();
      try {
        return original.apply(this as never, parameters);
      } finally {
        state.ms += performance.now() - start;
      }
    });
  return state;
}

/** "Tens of thousands" of purchases, at the least. */
const TENS_OF_THOUSANDS = 20_000;

/** Issue 2: opening + migrating an empty database < 300 ms; generating the demo data < 15 s. */
export async function run(): Promise<BenchFigure[]> {
  return withTempDir(async (dir) => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      const opened = await openSqliteDatabase({ path: join(dir, `empty-${i}.db`) });
      times.push(performance.now() - start);
      await opened.close();
    }
    times.sort((a, b) => a - b);
    const openMs = times[2] as number;
    const statements = installStatementClock();
    const kartu = await openKartu({ dataDir: join(dir, 'demo') });
    const start = performance.now();
    let summary: Awaited<ReturnType<typeof generateDemo>>;
    let sqliteMs: number;
    try {
      statements.ms = 0;
      summary = await generateDemo(kartu, { seed: 2026 });
      sqliteMs = statements.ms;
    } finally {
      statements.restore();
    }
    const demoMs = performance.now() - start;
    await kartu.close();
    const perAuthorization = demoMs / summary.authorizations;
    const sqlitePerAuthorization = sqliteMs / summary.authorizations;
    return report('Foundation (issue 2)', [
      { name: 'open and migrate an empty database (median of 5)', value: openMs, unit: 'ms', target: '< 300 ms', pass: openMs < 300 },
      { name: `generate the demo (${summary.cardholders} cardholders, ${summary.authorizations} authorizations)`, value: demoMs / 1000, unit: 's', target: '< 15 s', pass: demoMs < 15_000 },
      { name: '  per authorization (a purchase: decision, capture, earning, reports, events)', value: perAuthorization, unit: 'ms' },
      { name: '  of which inside SQLite statements', value: sqlitePerAuthorization, unit: 'ms' },
      { name: `  ${TENS_OF_THOUSANDS.toLocaleString('en')} purchases at this run's rate would take`, value: (perAuthorization * TENS_OF_THOUSANDS) / 1000, unit: 's', target: '< 15 s', pass: perAuthorization * TENS_OF_THOUSANDS < 15_000 },
      { name: `  ${TENS_OF_THOUSANDS.toLocaleString('en')} purchases in SQLite statements alone (with free JavaScript)`, value: (sqlitePerAuthorization * TENS_OF_THOUSANDS) / 1000, unit: 's', target: '< 15 s', pass: sqlitePerAuthorization * TENS_OF_THOUSANDS < 15_000 },
    ]);
  });
}

if (isMain(import.meta.url)) await run();
