import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchFigure } from './harness.js';

/**
 * `npm run bench`: every bench/*.bench.ts in turn (or those named on the command line), each
 * comparing against a baseline measured in the same run. Prints figures; exits 0 (a bench is
 * information, not a test).
 */
const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((o) => name.includes(o)))
  .sort();
const missed: string[] = [];
for (const file of files) {
  const module = (await import(pathToFileURL(join(here, file)).href)) as { run?: () => Promise<BenchFigure[]> };
  if (!module.run) continue;
  try {
    const figures = await module.run();
    for (const f of figures) if (f.pass === false) missed.push(`${file}: ${f.name}`);
  } catch (error) {
    console.error(`${file} failed: ${(error as Error).stack}`);
    missed.push(`${file}: failed to run`);
  }
}
console.log(missed.length === 0 ? '\nAll targets met.' : `\nTargets missed:\n${missed.map((m) => `  - ${m}`).join('\n')}`);
