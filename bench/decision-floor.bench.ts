import { join } from 'node:path';
import { openEngine } from '../src/core/engine.js';
import { seededRandom } from '../src/core/kernel/random.js';
import { createCardVault } from '../src/core/security/card-vault.js';
import { AuthorizationQueue } from '../src/core/authorization/authorization-queue.js';
import { bareCommits, groupCommitThroughput, setup } from './authorization.bench.js';
import { installWriteSwitch } from './statement-hook.js';
import { businessHoursClock, isMain, report, withTempDir, type BenchFigure } from './harness.js';

/**
 * Issue 4's group-commit target split in two: what the decision's writes cost, and what its logic
 * costs. The same run as the authorization bench's group commit (2,000 cards, 512 in flight, the
 * risk engine on), in alternating rounds: with every write, and with every INSERT and UPDATE
 * skipped at the driver (reads, the transaction and its durable COMMIT kept). Skipping writes is
 * sound for this measure only because the queue's session remembers what it staged (balances,
 * counters, risk state) for the next batch; nothing else reads in between.
 *
 * Read with bench/write-shape.bench.ts: the 5x target needs BOTH a durable decision of a few
 * B-trees AND decision logic of tens of microseconds, whichever of the two the code changes.
 */
const ROUNDS = 3;
const PER_ROUND = Number(process.env.KARTU_BENCH_FLOOR_DECISIONS ?? 5_000);

/** Every INSERT and UPDATE is a candidate. */
const isWrite = (sql: string): boolean => /^\s*(insert|update)/i.test(sql);

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export async function run(): Promise<BenchFigure[]> {
  const writes = installWriteSwitch(isWrite);
  try {
    return await withTempDir(async (dir) => {
      const engine = await openEngine({ mode: 'test', path: join(dir, 'a.db'), clock: businessHoursClock(), vault: createCardVault(new Uint8Array(32).fill(3)), random: seededRandom(1), backgroundCheckpoints: true });
      try {
        const cards = await setup(engine, 2_000);
        const queue = new AuthorizationQueue(engine);
        await groupCommitThroughput(queue, cards, 2_000, 512);
        const bare = bareCommits(join(dir, 'bare.db'), 3_000).perSecond;
        const rates = { full: [] as number[], logic: [] as number[] };
        const cpu = { full: [] as number[], logic: [] as number[] };
        for (let round = 0; round < ROUNDS; round++) {
          for (const kind of ['full', 'logic'] as const) {
            writes.skip = kind === 'logic';
            const start = process.cpuUsage();
            rates[kind].push((await groupCommitThroughput(queue, cards, PER_ROUND, 512)).perSecond);
            const used = process.cpuUsage(start);
            cpu[kind].push((used.user + used.system) / PER_ROUND);
            writes.skip = false;
          }
        }
        await queue.close();
        const full = median(rates.full);
        const logic = median(rates.logic);
        return report('Decision logic vs its writes, group commit (issue 4)', [
          { name: 'bare better-sqlite3 single-row FULL commits', value: bare, unit: 'commits/s' },
          { name: 'decisions with their writes (median of 3 rounds)', value: full, unit: `/s = ${(full / bare).toFixed(2)}x bare` },
          { name: '  CPU per decision', value: median(cpu.full), unit: 'µs' },
          { name: 'the same logic, INSERT/UPDATE skipped (median of 3)', value: logic, unit: `/s = ${(logic / bare).toFixed(2)}x bare` },
          { name: '  CPU per decision', value: median(cpu.logic), unit: 'µs' },
          { name: 'writes skipped in the logic-only rounds', value: writes.skipped, unit: 'statements' },
        ]);
      } finally {
        await engine.close();
      }
    });
  } finally {
    writes.restore();
  }
}

if (isMain(import.meta.url)) await run();
