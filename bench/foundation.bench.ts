import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSqliteDatabase } from '../src/core/db/open-sqlite.js';
import { openKartu } from '../src/core/kartu.js';
import { generateDemo } from '../src/core/demo/generate-demo.js';
import { isMain, report, withTempDir, type BenchFigure } from './harness.js';

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
    const kartu = await openKartu({ dataDir: join(dir, 'demo') });
    const start = performance.now();
    const summary = await generateDemo(kartu, { seed: 2026 });
    const demoMs = performance.now() - start;
    await kartu.close();
    return report('Foundation (issue 2)', [
      { name: 'open and migrate an empty database (median of 5)', value: openMs, unit: 'ms', target: '< 300 ms', pass: openMs < 300 },
      { name: `generate the demo (${summary.cardholders} cardholders, ${summary.authorizations} authorizations)`, value: demoMs / 1000, unit: 's', target: '< 15 s', pass: demoMs < 15_000 },
    ]);
  });
}

if (isMain(import.meta.url)) await run();
