import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { openEngine, type Engine } from '../src/core/engine.js';
import { SYSTEM_ACTOR } from '../src/core/bus/actor.js';
import { seededRandom } from '../src/core/kernel/random.js';
import { silentLogger } from '../src/core/kernel/logger.js';
import { createCardVault } from '../src/core/security/card-vault.js';
import { AuthorizationQueue } from '../src/core/authorization/authorization-queue.js';
import { buildTransactionRequest } from '../src/core/network/iso8583/acquirer-messages.js';
import { packFrame } from '../src/core/network/iso8583/codec.js';
import { startIsoServer } from '../src/host/iso8583/iso-server.js';
import { isoHandlerFor } from '../src/host/iso-wiring.js';
import { businessHoursClock, isMain, percentile, report, withTempDir, type BenchFigure } from './harness.js';

/**
 * Issue 6: the ISO 8583 port with the REAL engine — a file database (WAL, synchronous=FULL),
 * decisions through the AuthorizationQueue (group commit), the host's wiring — answering 0100s
 * from several TCP connections on loopback. Target: at least 5,000 authorizations/s with p99
 * under 10 ms.
 *
 * The acquirers run in a worker thread (plain JavaScript, frames built here beforehand), so the
 * load generator does not share the event loop with the port. Two phases:
 *  (1) capacity: each connection keeps WINDOW requests in flight (closed loop): the most the port
 *      answers per second, and latency under that saturation;
 *  (2) the target: 5,000/s OFFERED on a schedule across the connections (open loop), latency from
 *      each request's scheduled send time, so a stall is not hidden (no coordinated omission).
 *      PASS needs the offered rate kept up with and p99 < 10 ms.
 * The machine is shared: the load average before and after is printed with the figures.
 *
 *   npx tsx bench/iso8583-port.bench.ts      (or: npm run bench -- iso8583-port)
 *   env: KARTU_BENCH_CONNECTIONS (8), KARTU_BENCH_RATE (5000), KARTU_BENCH_SECONDS (5), KARTU_BENCH_DECISIONS (40000)
 */
const CONNECTIONS = Number(process.env.KARTU_BENCH_CONNECTIONS ?? 8);
const RATE = Number(process.env.KARTU_BENCH_RATE ?? 5_000);
const SECONDS = Number(process.env.KARTU_BENCH_SECONDS ?? 5);
const CLOSED_TOTAL = Number(process.env.KARTU_BENCH_DECISIONS ?? 40_000);
const WINDOW = 32;
/** Many cards, as at a real port: 5,000/s over a few hundred cards would be a card-testing attack to the risk engine. */
const CARDS = Number(process.env.KARTU_BENCH_CARDS ?? 2_000);

const MERCHANT = { name: 'Kopi Nusantara Braga', city: 'Bandung', country: 'ID' };

async function setup(engine: Engine): Promise<Array<{ pan: string; expiry: string }>> {
  const program = await engine.bus.send('program-create', { name: 'Bench prepaid', kind: 'prepaid', currency: 'IDR' }, SYSTEM_ACTOR);
  const cards: Array<{ pan: string; expiry: string }> = [];
  for (let from = 0; from < CARDS; from += 250) {
  await engine.bus.batch(SYSTEM_ACTOR, async (send) => {
    for (let i = from; i < Math.min(CARDS, from + 250); i++) {
      const holder = await send('cardholder-create', { name: `Bench ${i}`, phone: `+62812${String(i).padStart(8, '0')}` });
      const card = await send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' });
      await send('top-up-create', { card: card.id, amount: 200_000_000 }); // the prepaid cap; far more than the run spends
      const revealed = await send('card-reveal', { id: card.id });
      cards.push({ pan: revealed.number, expiry: `${String(revealed.exp_year).slice(2)}${String(revealed.exp_month).padStart(2, '0')}` });
    }
  });
  }
  return cards;
}

/**
 * Frames per connection: 0100 purchases, each with its own STAN per terminal (so none is a repeat),
 * spread over MERCHANTS merchants as a real port's traffic is (one merchant taking thousands of
 * cards a second is what the risk engine calls card testing, and it would say so for every one).
 */
const MERCHANTS = 200;
function frames(cards: Array<{ pan: string; expiry: string }>, perConnection: number, phase: number, kind: 'authorization' | 'financial' = 'authorization'): ArrayBuffer[][] {
  const at = new Date();
  return Array.from({ length: CONNECTIONS }, (_, c) =>
    Array.from({ length: perConnection }, (_, i) => {
      const card = cards[(c * 7 + i) % cards.length]!;
      // Rp 25.000-49.500: a coffee shop's tickets, not the tiny probes the risk engine watches for.
      const frame = packFrame(
        buildTransactionRequest({
          kind,
          pan: card.pan, expiry: card.expiry, amountMinor: 2_500_000 + (i % 50) * 50_000, currencyNumeric: '360', stan: (i + 1) % 1_000_000, at,
          mcc: '5814', acquirerId: '60379912', terminalId: `B${phase}T${String(c).padStart(4, '0')}`, merchantId: `KN${String((c * 31 + i) % MERCHANTS).padStart(5, '0')}`, merchant: MERCHANT,
        }),
      );
      return frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength) as ArrayBuffer;
    }),
  );
}

/**
 * The acquirers: one socket per connection; answers come back in request order on a connection,
 * so each is paired with the oldest unanswered request (FIFO). Latency in ms per answer. What was
 * decided is counted from the database afterwards.
 */
const LOAD_GENERATOR = `
const { workerData, parentPort } = require('node:worker_threads');
const { connect } = require('node:net');
const { performance } = require('node:perf_hooks');
const { port, connections, mode, window, rate } = workerData;
const latencies = [];
let answered = 0;
const start = performance.now();
let open = connections.length;
const finish = () => { if (--open === 0) parentPort.postMessage({ latencies, answered, elapsedMs: performance.now() - start }); };
connections.forEach((list, c) => {
  const socket = connect({ port, host: '127.0.0.1', noDelay: true });
  const sentAt = [];
  let next = 0, head = 0, buffered = Buffer.alloc(0);
  const perConnRate = rate / connections.length;
  const send = (due) => { socket.write(Buffer.from(list[next++])); sentAt.push(due === undefined ? performance.now() : due); };
  socket.on('connect', () => {
    if (mode === 'closed') { while (next < list.length && next < window) send(); return; }
    const t0 = performance.now() + (c * 1000) / rate; // connections staggered
    const tick = () => {
      const now = performance.now();
      socket.cork();
      while (next < list.length && t0 + (next * 1000) / perConnRate <= now) send(t0 + (next * 1000) / perConnRate);
      socket.uncork();
      if (next < list.length) setTimeout(tick, 0.5);
    };
    tick();
  });
  socket.on('data', (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    let offset = 0;
    while (buffered.length - offset >= 2) {
      const length = buffered.readUInt16BE(offset);
      if (buffered.length - offset - 2 < length) break;
      offset += 2 + length;
      latencies.push(performance.now() - sentAt[head++]);
      answered++;
      if (mode === 'closed' && next < list.length) send();
    }
    buffered = offset === buffered.length ? Buffer.alloc(0) : buffered.subarray(offset);
    if (head === list.length) socket.end();
  });
  socket.on('close', finish);
  socket.on('error', (e) => { console.error('load generator:', e.message); });
});
`;

interface LoadResult {
  latencies: number[];
  answered: number;
  elapsedMs: number;
}

function drive(port: number, connections: ArrayBuffer[][], mode: 'closed' | 'open'): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_GENERATOR, { eval: true, workerData: { port, connections, mode, window: WINDOW, rate: RATE } });
    worker.once('message', (m: LoadResult) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/** The same decisions submitted straight to the queue: what the engine alone does on this machine now. */
async function engineAlone(queue: AuthorizationQueue, cards: Array<{ pan: string; expiry: string }>, total: number): Promise<number> {
  let next = 0;
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const card = cards[(i * 13) % cards.length]!;
      await queue.submit(
        {
          number: card.pan, exp_month: Number(card.expiry.slice(2)), exp_year: 2000 + Number(card.expiry.slice(0, 2)), amount: 2_500_000 + (i % 50) * 50_000, currency: 'IDR',
          merchant: { id: `KN${String(i % MERCHANTS).padStart(5, '0')}`, name: MERCHANT.name, mcc: '5814', country: 'ID', city: MERCHANT.city }, entry_mode: 'chip', client_id: `bench-direct-${i}`,
        },
        SYSTEM_ACTOR,
      );
    }
  };
  await Promise.all(Array.from({ length: 256 }, worker));
  return total / ((performance.now() - start) / 1000);
}

async function measure(dir: string): Promise<BenchFigure[]> {
  const loadBefore = loadavg();
  const engine = await openEngine({ mode: 'test', path: join(dir, 'sandbox.db'), clock: businessHoursClock(), vault: createCardVault(new Uint8Array(32).fill(6)), random: seededRandom(6), backgroundCheckpoints: true });
  const queue = new AuthorizationQueue(engine);
  const wiring = isoHandlerFor(engine, silentLogger, queue);
  const server = await startIsoServer({ port: 0, handler: wiring.handler, maxPipelined: 1_024 });
  try {
    const cards = await setup(engine);
    const warm = await drive(server.port, frames(cards, 250, 0), 'closed'); // warm-up: JIT, caches, WAL
    const commitsBefore = queue.stats.commits;
    const cpu0 = process.cpuUsage();
    const direct = await engineAlone(queue, cards, Math.min(CLOSED_TOTAL, 10_000));
    const cpuDirect = process.cpuUsage(cpu0);
    const directCpuUs = (cpuDirect.user + cpuDirect.system) / Math.min(CLOSED_TOTAL, 10_000);

    const cpu1 = process.cpuUsage();
    const closed = await drive(server.port, frames(cards, Math.ceil(CLOSED_TOTAL / CONNECTIONS), 1), 'closed');
    const cpuClosed = process.cpuUsage(cpu1);
    const portCpuUs = (cpuClosed.user + cpuClosed.system) / closed.answered;
    const closedLat = closed.latencies.sort((a, b) => a - b);
    const closedRate = closed.answered / (closed.elapsedMs / 1000);
    const commits = queue.stats.commits - commitsBefore;

    const open = await drive(server.port, frames(cards, Math.ceil((RATE * SECONDS) / CONNECTIONS), 2), 'open');
    const openLat = open.latencies.sort((a, b) => a - b);
    const achieved = open.answered / (open.elapsedMs / 1000);
    const p99 = percentile(openLat, 99);
    const keptUp = achieved >= RATE * 0.97;

    // (3) Sales: 0200s, each decided and, when approved, captured in the same commit (AuthorizationQueue.sell).
    const commitsBeforeSales = queue.stats.commits;
    const sales = await drive(server.port, frames(cards, Math.ceil(Math.min(CLOSED_TOTAL, 10_000) / CONNECTIONS), 3, 'financial'), 'closed');
    const salesRate = sales.answered / (sales.elapsedMs / 1000);
    const salesLat = sales.latencies.sort((a, b) => a - b);
    const salesPerCommit = sales.answered / Math.max(1, queue.stats.commits - commitsBeforeSales);

    await queue.drain();
    const check = await engine.bus.send('ledger-check', {}, SYSTEM_ACTOR);
    const captured = (engine.database.sqlite.prepare("SELECT COUNT(*) AS n FROM transactions WHERE type = 'capture'").get() as { n: number }).n;
    const stored = engine.database.sqlite.prepare('SELECT COUNT(*) AS n, SUM(approved) AS approved FROM authorizations').get() as { n: number; approved: number };
    const alerts = (engine.database.sqlite.prepare('SELECT COUNT(*) AS n FROM risk_alerts').get() as { n: number }).n;
    if (process.env.KARTU_BENCH_DEBUG) console.log(queue.stats, engine.database.sqlite.prepare('SELECT kind, title, COUNT(*) AS n FROM risk_alerts GROUP BY 1 ORDER BY 3 DESC LIMIT 5').all(), engine.database.sqlite.prepare('SELECT decline_reason, COUNT(*) AS n FROM authorizations WHERE approved = 0 GROUP BY 1 ORDER BY 2 DESC').all());
    const answeredAll = warm.answered + closed.answered + open.answered + sales.answered + Math.min(CLOSED_TOTAL, 10_000);
    const loadAfter = loadavg();
    return [
      { name: `machine: ${cpus().length} cores, load average before (1/5/15 min)`, value: loadBefore[0]!, unit: `${loadBefore.map((l) => l.toFixed(2)).join(' / ')}` },
      { name: '(0) baseline: the same queue without TCP (256 in flight)', value: direct, unit: 'auth/s' },
      { name: `(1) capacity: ${CONNECTIONS} connections x ${WINDOW} in flight`, value: closedRate, unit: 'auth/s' },
      { name: '(1) port capacity vs the engine alone', value: closedRate / direct, unit: 'x' },
      // CPU time does not depend on how many other processes share the cores: what one idle core would give.
      { name: '(0) CPU per decision, engine alone', value: directCpuUs, unit: 'µs' },
      { name: '(1) CPU per decision through the port (incl. the acquirers thread)', value: portCpuUs, unit: 'µs' },
      { name: '(1) projected capacity on one idle core (1 s / CPU per decision)', value: 1e6 / portCpuUs, unit: 'auth/s' },
      { name: '(1) p50 / p99 latency at capacity', value: percentile(closedLat, 50), unit: `ms / ${percentile(closedLat, 99).toFixed(2)} ms` },
      { name: '(1) decisions per durable commit (mean)', value: commits > 0 ? closed.answered / commits : 0, unit: 'decisions' },
      { name: `(2) offered ${RATE.toLocaleString('en-US')}/s for ${SECONDS}s over ${CONNECTIONS} connections: answered`, value: achieved, unit: 'auth/s', target: `>= ${RATE}/s`, pass: keptUp },
      { name: '(2) p50 latency at the offered rate', value: percentile(openLat, 50), unit: 'ms' },
      { name: '(2) p99 latency at the offered rate', value: p99, unit: 'ms', target: '< 10 ms', pass: p99 < 10 },
      { name: '(2) max latency at the offered rate', value: openLat[openLat.length - 1] ?? 0, unit: 'ms' },
      { name: `(3) sales (0200, captured in the deciding commit): ${CONNECTIONS} connections x ${WINDOW} in flight`, value: salesRate, unit: 'sales/s' },
      { name: '(3) p50 / p99 latency of a sale', value: percentile(salesLat, 50), unit: `ms / ${percentile(salesLat, 99).toFixed(2)} ms` },
      { name: '(3) sales per durable commit (mean)', value: salesPerCommit, unit: 'sales' },
      { name: '(3) captures stored', value: captured, unit: `of ${sales.answered} sales answered` },
      { name: 'answers received (+ baseline) = authorizations stored (1 = yes)', value: answeredAll === stored.n ? 1 : 0, unit: `${stored.n} rows`, pass: answeredAll === stored.n },
      { name: 'approved', value: (stored.approved / Math.max(1, stored.n)) * 100, unit: '%' },
      { name: 'risk alerts raised by the run (the risk engine judged the load)', value: alerts, unit: 'alerts' },
      { name: 'ledger balances after the run (1 = ok)', value: check.ok ? 1 : 0, unit: '', pass: check.ok },
      { name: 'load average after (1/5/15 min)', value: loadAfter[0]!, unit: `${loadAfter.map((l) => l.toFixed(2)).join(' / ')}` },
    ];
  } finally {
    await server.close();
    await wiring.close();
    await engine.close();
  }
}

export async function run(): Promise<BenchFigure[]> {
  const started = performance.now();
  const figures = await withTempDir((dir) => measure(dir));
  figures.push({ name: 'bench wall time', value: (performance.now() - started) / 1000, unit: 's' });
  return report('ISO 8583 port with the real engine (issue 6)', figures);
}

if (isMain(import.meta.url)) await run();
