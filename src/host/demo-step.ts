import type { Kartu } from '../core/kartu.js';

export interface DemoStepOptions {
  seed?: number;
  /** A smaller story (tests); default the full one. */
  members?: number;
  days?: number;
  print: (line: string) => void;
}

/** The demo is written only into an empty sandbox: a data directory in use is never touched. */
export async function sandboxIsEmpty(kartu: Kartu): Promise<boolean> {
  const db = kartu.sandbox.services.db;
  const program = await db.selectFrom('programs').select('id').limit(1).executeTakeFirst();
  const cardholder = await db.selectFrom('cardholders').select('id').limit(1).executeTakeFirst();
  return !program && !cardholder;
}

/**
 * `serve --demo`: fill an empty sandbox with the Kopi Nusantara story before the host answers,
 * printing progress. The generator is the core's (src/core/demo/generate-demo.ts); this is its one
 * call site, imported only when asked for.
 */
export async function runDemoStep(kartu: Kartu, options: DemoStepOptions): Promise<void> {
  const { print } = options;
  if (!(await sandboxIsEmpty(kartu))) {
    print('Demo: the sandbox already has data, so the demo story was not generated again.');
    return;
  }
  const started = performance.now();
  print('Demo: writing the Kopi Nusantara story into the sandbox...');
  const { generateDemo } = await import('../core/demo/generate-demo.js');
  // One line per phase and about every tenth of it: progress, not a flood.
  let lastPhase = '';
  let lastPercent = 0;
  const summary = await generateDemo(kartu, {
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.members !== undefined ? { members: options.members } : {}),
    ...(options.days !== undefined ? { days: options.days } : {}),
    onProgress: ({ phase, done, total }) => {
      const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
      if (phase === lastPhase && percent < 100 && percent - lastPercent < 10) return;
      if (phase === lastPhase && percent === lastPercent) return;
      lastPhase = phase;
      lastPercent = percent;
      print(`Demo: ${phase} ${percent}%`);
    },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  print(`Demo: done in ${seconds} s (${summary.programs} programs, ${summary.cardholders} cardholders, ${summary.cards} cards, ${summary.authorizations} authorizations).`);
}
