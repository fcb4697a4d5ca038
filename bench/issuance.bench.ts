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
    // Enough cardholders that none reaches the network's cap of open cards in the three runs below.
    await bus.batch(SYSTEM_ACTOR, async (send) => {
      for (let i = 0; i < 2_000; i++) {
        holders.push((await send('cardholder-create', { name: `Member ${i}`, phone: `+62812${String(i).padStart(8, '0')}` })).id);
      }
    });
    const CARDS = 10_000;
    const PER_COMMAND = 500;
    const ONE_BY_ONE = 1_000;
    const numbers: string[] = [];
    // One command, one durable commit each: what a counter does.
    const singleStart = performance.now();
    for (let i = 0; i < ONE_BY_ONE; i++) {
      await bus.send('card-create', { program: program.id, cardholder: holders[i % holders.length] as string, type: 'virtual' }, SYSTEM_ACTOR);
    }
    const singleMs = (performance.now() - singleStart) / ONE_BY_ONE;
    /** Wall and CPU time of issuing CARDS cards in rounds of PER_COMMAND, and the load average when it started. */
    const timed = async (round: (from: number) => Promise<void>) => {
      const load = loadavg()[0] as number;
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      for (let from = 0; from < CARDS; from += PER_COMMAND) await round(from);
      const ms = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      return { ms, cpuMs: (cpu.user + cpu.system) / 1000, load };
    };
    const batchOf = (from: number) => Array.from({ length: PER_COMMAND }, (_, k) => ({ cardholder: holders[(from + k) % holders.length] as string, type: 'virtual' as const }));
    // Bulk issuance as an import or a company roll-out does it: card-create-bulk, 500 cards a command, one durable commit each.
    const bulk = await timed(async (from) => {
      await bus.send('card-create-bulk', { program: program.id, cards: batchOf(from) }, SYSTEM_ACTOR);
    });
    // The same cards through card-create, 500 commands to a commit (bus.batch): each card audited on its own.
    const batched = await timed(async (from) => {
      await bus.batch(SYSTEM_ACTOR, async (send) => {
        for (const card of batchOf(from)) await send('card-create', { program: program.id, ...card });
      });
    });

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
    const existing = (sqlite.prepare('SELECT COUNT(*) AS n FROM cards').get() as { n: number }).n;
    const toFill = 100_000 - existing;
    for (let i = 0; i < toFill; i += 10_000) fill(i, Math.min(i + 10_000, toFill));
    const total = (sqlite.prepare('SELECT COUNT(*) AS n FROM cards').get() as { n: number }).n;
    const LOOKUPS = 2_000;
    const lookupStart = performance.now();
    for (let i = 0; i < LOOKUPS; i++) {
      const number = numbers[(i * 7919) % numbers.length] as string;
      await bus.send('card-find-by-number', { number }, SYSTEM_ACTOR);
    }
    const lookupMs = (performance.now() - lookupStart) / LOOKUPS;
    await kartu.close();
    const n = CARDS.toLocaleString();
    return report('Card issuance (issue 3)', [
      { name: `issue ${n} virtual cards in bulk (card-create-bulk, ${PER_COMMAND} a command, encrypted, durable)`, value: bulk.ms / 1000, unit: 's', target: '< 5 s', pass: bulk.ms < 5000 },
      { name: '  rate', value: (CARDS / bulk.ms) * 1000, unit: 'cards/s' },
      // On a shared machine the wall time follows the load; CPU time per card is the figure to compare.
      { name: '  CPU time per card (user + system)', value: (bulk.cpuMs * 1000) / CARDS, unit: 'us' },
      { name: '  CPU time / wall time (1 = a whole core)', value: bulk.cpuMs / bulk.ms, unit: '' },
      { name: '  load average (1 min) when it started', value: bulk.load, unit: '' },
      { name: `the same ${n} through card-create, ${PER_COMMAND} commands a commit (bus.batch)`, value: batched.ms / 1000, unit: 's' },
      { name: '  CPU time per card (user + system)', value: (batched.cpuMs * 1000) / CARDS, unit: 'us' },
      { name: '  load average (1 min) when it started', value: batched.load, unit: '' },
      { name: 'one card, one commit (counter): time per card', value: singleMs, unit: 'ms' },
      { name: `look a card up by full number among ${total.toLocaleString()} cards`, value: lookupMs, unit: 'ms', target: '< 1 ms', pass: lookupMs < 1 },
    ]);
  });
}

if (isMain(import.meta.url)) await run();
