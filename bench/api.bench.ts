import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startHost } from '../src/host/start-host.js';
import { SYSTEM_ACTOR } from '../src/core/bus/actor.js';
import type { CreatedApiKey } from '../src/core/api-keys/api-key.js';
import { isMain, report, withTempDir, type BenchFigure } from './harness.js';

/**
 * Issue 7: sandbox authorizations through the REST API >= 3,000/s with p99 < 20 ms, and at least
 * 40% of a bare node:http endpoint's request rate, measured by autocannon on loopback in this run.
 */
const DURATION_S = Number(process.env.KARTU_BENCH_SECONDS ?? 5);
const CONNECTIONS = 32;

async function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

export async function run(): Promise<BenchFigure[]> {
  // Baseline: a bare node:http hello endpoint.
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"hello":"world"}');
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const barePort = (bare.address() as AddressInfo).port;
  const baseline = await cannon({ url: `http://127.0.0.1:${barePort}/`, connections: CONNECTIONS, duration: DURATION_S });
  await new Promise((resolve) => bare.close(resolve));

  return withTempDir(async (dir) => {
    const host = await startHost({ dataDir: join(dir, 'data'), port: 0, print: () => {}, rateLimitPerSecond: 1_000_000 });
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
    let next = 0;
    const result = await cannon({
      url: `http://127.0.0.1:${host.port}/v1/test_helpers/authorizations`,
      connections: CONNECTIONS,
      duration: DURATION_S,
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      requests: [{ setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] as string }) }],
    });
    const approved = ((await bus.execute('authorization-list', { limit: 1, approved: true }, SYSTEM_ACTOR)) as { data: unknown[] }).data.length;
    await host.close();
    const rate = result.requests.average;
    const ratio = rate / baseline.requests.average;
    return report('Card Issuance API (issue 7)', [
      { name: 'bare node:http hello endpoint (baseline)', value: baseline.requests.average, unit: 'req/s' },
      { name: 'sandbox authorizations through the API', value: rate, unit: 'req/s', target: '>= 3,000/s', pass: rate >= 3000 },
      { name: 'authorization p99 latency', value: result.latency.p99, unit: 'ms', target: '< 20 ms', pass: result.latency.p99 < 20 },
      { name: 'share of the bare endpoint rate', value: ratio * 100, unit: '%', target: '>= 40%', pass: ratio >= 0.4 },
      { name: 'non-2xx answers', value: result.non2xx, unit: 'answers', pass: result.non2xx === 0 && approved > 0 },
    ]);
  });
}

if (isMain(import.meta.url)) await run();
