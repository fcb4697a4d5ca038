import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startHost } from '../src/host/start-host.js';
import { SYSTEM_ACTOR } from '../src/core/bus/actor.js';
import type { CreatedApiKey } from '../src/core/api-keys/api-key.js';
import { businessHoursClock, isMain, report, withTempDir, type BenchFigure } from './harness.js';

/**
 * Issue 7: sandbox authorizations through the REST API >= 3,000/s with p99 < 20 ms, and at least
 * 40% of a bare node:http endpoint's request rate, measured by autocannon on loopback in this run.
 *
 * The load generator runs in a worker thread (autocannon `workers: 1`) for the baseline and the API
 * alike, as a real client is another process: in the server's own thread it would take half of the
 * server's CPU, and it could not send while a commit holds the thread, so half the connections
 * would always sit idle and group commits would be half as full.
 */
const DURATION_S = Number(process.env.KARTU_BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.KARTU_BENCH_CONNECTIONS ?? 32);
/** 0 puts the load generator in the server's own thread (the first version of this bench). */
const WORKERS = Number(process.env.KARTU_BENCH_WORKERS ?? 1);
const IDEMPOTENCY_SETUP = fileURLToPath(new URL('./api-bench-idempotency.cjs', import.meta.url));

async function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...(WORKERS > 0 ? { workers: WORKERS } : {}), ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

export async function run(): Promise<BenchFigure[]> {
  const loadBefore = loadavg()[0] as number;
  // Baseline: a bare node:http hello endpoint.
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"hello":"world"}');
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const barePort = (bare.address() as AddressInfo).port;
  const baseline = await cannon({ url: `http://127.0.0.1:${barePort}/` });
  await new Promise((resolve) => bare.close(resolve));

  return withTempDir(async (dir) => {
    const host = await startHost({ dataDir: join(dir, 'data'), port: 0, print: () => {}, rateLimitPerSecond: 1_000_000, kartu: { clock: businessHoursClock() } });
    const bus = host.kartu.sandbox.bus;
    const key = ((await bus.execute('key-create', { name: 'bench' }, SYSTEM_ACTOR)) as CreatedApiKey).secret;
    await bus.execute('location-create', { name: 'Bench Branch', merchant_id: 'BENCH-01', mcc: '5814', city: 'Jakarta', country: 'ID' }, SYSTEM_ACTOR);
    const program = (await bus.execute('program-create', { name: 'Bench', kind: 'loyalty', currency: 'IDR' }, SYSTEM_ACTOR)) as { id: string };
    const cards: string[] = [];
    for (let i = 0; i < 20; i++) {
      const holder = (await bus.execute('cardholder-create', { name: `Bench ${i}`, phone: `+6281900${String(i).padStart(6, '0')}` }, SYSTEM_ACTOR)) as { id: string };
      const card = (await bus.execute('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' }, SYSTEM_ACTOR)) as { id: string };
      await bus.execute('top-up-create', { card: card.id, amount: 1_000_000_000_000 }, SYSTEM_ACTOR);
      cards.push(card.id);
    }
    const bodies = cards.map((card) => JSON.stringify({ card, amount: 2_500_000, currency: 'IDR', merchant: { id: 'BENCH-01', name: 'Bench Branch', mcc: '5814', country: 'ID' } }));
    const request = {
      url: `http://127.0.0.1:${host.port}/v1/test_helpers/authorizations`,
      method: 'POST' as const,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    };
    const queue = host.authorizationQueues.test;
    const before = { ...queue.stats };
    const result = await cannon({ ...request, requests: bodies.map((body) => ({ body })) });
    const batched = { decisions: queue.stats.decisions - before.decisions, commits: queue.stats.commits - before.commits };
    // The same with an Idempotency-Key on every request (claim and stored answer group-committed too).
    const idempotent = await cannon({ ...request, requests: bodies.map((body) => ({ body, setupRequest: IDEMPOTENCY_SETUP })) });
    const approved = ((await bus.execute('authorization-list', { limit: 1, approved: true }, SYSTEM_ACTOR)) as { data: unknown[] }).data.length;
    const stored = (host.kartu.sandbox.database.sqlite.prepare('SELECT COUNT(*) AS n FROM idempotency_keys').get() as { n: number }).n;
    await host.close();
    const rate = result.requests.average;
    const ratio = rate / baseline.requests.average;
    return report('Card Issuance API (issue 7)', [
      { name: 'bare node:http hello endpoint (baseline)', value: baseline.requests.average, unit: 'req/s' },
      { name: 'sandbox authorizations through the API', value: rate, unit: 'req/s', target: '>= 3,000/s', pass: rate >= 3000 },
      { name: 'authorization p99 latency', value: result.latency.p99, unit: 'ms', target: '< 20 ms', pass: result.latency.p99 < 20 },
      { name: 'share of the bare endpoint rate', value: ratio * 100, unit: '%', target: '>= 40%', pass: ratio >= 0.4 },
      { name: 'non-2xx answers', value: result.non2xx, unit: 'answers', pass: result.non2xx === 0 && approved > 0 },
      { name: 'decisions per durable commit (group commit)', value: batched.decisions / Math.max(1, batched.commits), unit: '' },
      { name: 'with an Idempotency-Key on every request', value: idempotent.requests.average, unit: 'req/s' },
      { name: '  its p99 latency', value: idempotent.latency.p99, unit: 'ms' },
      { name: '  its share of the plain rate', value: (idempotent.requests.average / rate) * 100, unit: '%' },
      // Every answered request has its stored answer (some sent at the very end may be stored unanswered).
      { name: '  non-2xx answers; every answer stored', value: idempotent.non2xx, unit: 'answers', pass: idempotent.non2xx === 0 && stored >= idempotent['2xx'] && stored <= idempotent.requests.sent },
      { name: `load average (1 min) before / after; ${CONNECTIONS} connections, ${WORKERS} client thread(s)`, value: loadBefore, unit: `/ ${(loadavg()[0] as number).toFixed(2)}` },
    ]);
  });
}

if (isMain(import.meta.url)) await run();
