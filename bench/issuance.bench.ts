import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openKartu } from '../src/core/kartu.js';
import { SYSTEM_ACTOR } from '../src/core/bus/actor.js';
import { isMain, report, withTempDir, type BenchFigure } from './harness.js';

/** Issue 3: 10,000 virtual cards with encryption < 5 s; lookup by number among 100,000 cards < 1 ms. */
export async function run(): Promise<BenchFigure[]> {
  return withTempDir(async (dir) => {
    const kartu = await openKartu({ dataDir: join(dir, 'data') });
    const bus = kartu.sandbox.bus;
    const program = await bus.send('program-create', { name: 'Bench', kind: 'loyalty', currency: 'IDR' }, SYSTEM_ACTOR);
    const holders: string[] = [];
    for (let i = 0; i < 1_000; i++) {
      holders.push((await bus.send('cardholder-create', { name: `Member ${i}`, phone: `+62812${String(i).padStart(8, '0')}` }, SYSTEM_ACTOR)).id);
    }
    const CARDS = 10_000;
    const ONE_BY_ONE = 1_000;
    const numbers: string[] = [];
    // One command, one durable commit each: what a counter does.
    const singleStart = performance.now();
    for (let i = 0; i < ONE_BY_ONE; i++) {
      await bus.send('card-create', { program: program.id, cardholder: holders[i % holders.length] as string, type: 'virtual' }, SYSTEM_ACTOR);
    }
    const singleMs = (performance.now() - singleStart) / ONE_BY_ONE;
    // Bulk issuance: the same command, 500 to a commit (bus.batch), as an import or a company roll-out does.
    const load = loadavg()[0] as number;
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    for (let from = 0; from < CARDS; from += 500) {
      await bus.batch(SYSTEM_ACTOR, async (send) => {
        for (let i = from; i < from + 500; i++) {
          await send('card-create', { program: program.id, cardholder: holders[i % holders.length] as string, type: 'virtual' });
        }
      });
    }
    const issueMs = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    const issueCpuMs = (cpu.user + cpu.system) / 1000;

    // Grow to 100,000 cards with the same row shape, then look numbers up through the fingerprint.
    const sqlite = kartu.sandbox.database.sqlite;
    const vault = kartu.sandbox.services.vault;
    const template = sqlite.prepare('SELECT * FROM cards LIMIT 1').get() as Record<string, unknown>;
    const insert = sqlite.prepare(
      `INSERT INTO cards (${Object.keys(template).join(',')}) VALUES (${Object.keys(template).map((k) => '@' + k).join(',')})`,
    );
    const fill = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const number = `627180${String(i).padStart(9, '0')}`;
        numbers.push(number);
        insert.run({ ...template, id: `card_bench${String(i).padStart(10, '0')}`, fingerprint: vault.fingerprint(number), number_encrypted: vault.encrypt(number), last4: number.slice(-4) });
      }
    });
    for (let i = 0; i < 89_000; i += 10_000) fill(i, Math.min(i + 10_000, 89_000));
    const total = (sqlite.prepare('SELECT COUNT(*) AS n FROM cards').get() as { n: number }).n;
    const LOOKUPS = 2_000;
    const lookupStart = performance.now();
    for (let i = 0; i < LOOKUPS; i++) {
      const number = numbers[(i * 7919) % numbers.length] as string;
      await bus.send('card-find-by-number', { number }, SYSTEM_ACTOR);
    }
    const lookupMs = (performance.now() - lookupStart) / LOOKUPS;
    await kartu.close();
    return report('Card issuance (issue 3)', [
      { name: `issue ${CARDS.toLocaleString()} virtual cards in bulk (encrypted, durable)`, value: issueMs / 1000, unit: 's', target: '< 5 s', pass: issueMs < 5000 },
      { name: 'bulk issuance rate', value: (CARDS / issueMs) * 1000, unit: 'cards/s' },
      // On a shared machine the wall time follows the load; CPU time per card is the figure to compare.
      { name: 'bulk issuance CPU time per card (user + system)', value: (issueCpuMs * 1000) / CARDS, unit: 'us' },
      { name: 'bulk issuance: CPU time / wall time (1 = a whole core)', value: issueCpuMs / issueMs, unit: '' },
      { name: 'load average (1 min) when bulk issuance started', value: load, unit: '' },
      { name: 'one card, one commit (counter): time per card', value: singleMs, unit: 'ms' },
      { name: `look a card up by full number among ${total.toLocaleString()} cards`, value: lookupMs, unit: 'ms', target: '< 1 ms', pass: lookupMs < 1 },
    ]);
  });
}

if (isMain(import.meta.url)) await run();
