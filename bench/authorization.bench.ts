import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { Engine as RulesEngine } from 'json-rules-engine';
import { openEngine, type Engine } from '../src/core/engine.js';
import { SYSTEM_ACTOR } from '../src/core/bus/actor.js';
import { manualClock } from '../src/core/kernel/clock.js';
import { seededRandom } from '../src/core/kernel/random.js';
import { createCardVault } from '../src/core/security/card-vault.js';
import { AuthorizationQueue } from '../src/core/authorization/authorization-queue.js';
import { riskHook, setRiskHook } from '../src/core/authorization/risk-hook.js';
import { AuthorizationSession } from '../src/core/authorization/authorization-session.js';
import { evaluateRules, type DecisionFacts } from '../src/core/authorization/rules.js';
import { computeWindows } from '../src/core/authorization/windows.js';
import { normalizeControls } from '../src/core/controls/spending-controls.js';
import { NO_CAPS, NO_FEES } from '../src/core/programs/program.js';
import { businessHoursClock, isMain, latenciesAtRate, percentile, report, withTempDir, type BenchFigure } from './harness.js';

/**
 * Issue 4's speed targets, each against a baseline measured in the same run on the same disk:
 * (a) durable decisions with group commit vs bare better-sqlite3 single-row FULL commits (>= 5x),
 *     and p99 decision latency at 1,000 decisions/s offered (< 5 ms);
 * (b) Kartu's in-memory rule evaluation vs json-rules-engine on the same controls (>= 20x);
 * (c) a card with 100,000 past authorizations decides within 20% of a new card's time.
 */
export const MERCHANT = { id: 'MRC-1', name: 'Bench Mart', mcc: '5411', country: 'ID', city: 'Jakarta' };
const CONTROLS = {
  spending_limits: [
    { amount: 5_000_000_000, interval: 'daily' as const },
    { amount: 50_000_000_000, interval: 'monthly' as const },
    { amount: 1_000_000_000, interval: 'per_authorization' as const },
  ],
  blocked_categories: ['gambling'],
  allowed_countries: ['ID', 'SG', 'MY'],
  velocity_limits: [{ count: 100_000, interval: 'daily' as const }],
};

/** A debit program and `cards` funded cards with the controls above (the group-commit runs' cards). */
export async function setup(engine: Engine, cards: number): Promise<string[]> {
  const bus = engine.bus;
  const program = await bus.send('program-create', { name: 'Bench debit', kind: 'debit', currency: 'IDR' }, SYSTEM_ACTOR);
  const ids: string[] = [];
  for (let from = 0; from < cards; from += 250) {
    await bus.batch(SYSTEM_ACTOR, async (send) => {
      for (let i = from; i < Math.min(cards, from + 250); i++) {
        const holder = await send('cardholder-create', {
          name: `Bench ${i}`,
          phone: `+62812${String(i).padStart(8, '0')}`,
          birth_date: '1990-05-17',
          national_id: `3171011705900${String((i % 999) + 1).padStart(3, '0')}`,
          address: { line1: 'Jl. Sudirman 1', city: 'Jakarta', country: 'ID' },
        });
        const card = await send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual', spending_controls: CONTROLS });
        await send('top-up-create', { card: card.id, amount: 1_000_000_000_000 });
        ids.push(card.id);
      }
    });
  }
  return ids;
}

/** Bare single-row FULL commits: their rate, and each commit's latency (the floor under any durable answer). */
export function bareCommits(path: string, count: number): { perSecond: number; latencies: number[] } {
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const latencies: number[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    insert.run(`row ${i}`);
    latencies.push(performance.now() - t0);
  }
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return { perSecond: count / seconds, latencies: latencies.sort((a, b) => a - b) };
}

/**
 * A coffee-shop purchase: Rp 20.000-69.000. The throughput runs spread them over 2,000 cards (a few
 * each, as a busy chain sees); `tiny` is the adversarial case: Rp 100 purchases hammering 200 cards,
 * which the risk engine rightly treats as card testing and raises an alert for on every decision.
 */
export const coffee = (i: number): number => 2_000_000 + (i % 50) * 100_000;
const tiny = (i: number): number => 10_000 + (i % 50) * 100;

export async function groupCommitThroughput(queue: AuthorizationQueue, cards: string[], total: number, inflight: number, amountOf: (i: number) => number = coffee): Promise<{ perSecond: number; approved: number }> {
  let next = 0;
  let approved = 0;
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const a = await queue.submit({ card: cards[i % cards.length], amount: amountOf(i), merchant: MERCHANT }, SYSTEM_ACTOR);
      if (a.approved) approved++;
    }
  };
  await Promise.all(Array.from({ length: inflight }, worker));
  return { perSecond: total / ((performance.now() - start) / 1000), approved };
}

/** Offers `rate` decisions/s for `seconds` (harness.ts latenciesAtRate: no coordinated omission). */
function latencyAtRate(queue: AuthorizationQueue, cards: string[], rate: number, seconds: number): Promise<number[]> {
  return latenciesAtRate(rate, seconds, (i) => queue.submit({ card: cards[i % cards.length], amount: coffee(i), merchant: MERCHANT }, SYSTEM_ACTOR));
}

async function partA(dir: string): Promise<BenchFigure[]> {
  const bareRun = bareCommits(join(dir, 'bare.db'), 3_000);
  const bare = bareRun.perSecond;
  const path = join(dir, 'a.db');
  const engine = await openEngine({ mode: 'test', path, clock: businessHoursClock(), vault: createCardVault(new Uint8Array(32).fill(3)), random: seededRandom(1), backgroundCheckpoints: true });
  // The write-ahead log's file, sampled through the run: it must stay bounded under steady load
  // (db/wal-gate.ts), not grow with every decision.
  const walBytes = (): number => {
    try {
      return statSync(`${path}-wal`).size;
    } catch {
      return 0;
    }
  };
  let largestWal = 0;
  const walSampler = setInterval(() => (largestWal = Math.max(largestWal, walBytes())), 100);
  try {
    const cards = await setup(engine, 2_000);
    const queue = new AuthorizationQueue(engine);
    await groupCommitThroughput(queue, cards, 1_000, 256); // warm-up
    const total = Number(process.env.KARTU_BENCH_DECISIONS ?? 20_000);
    const grouped = await groupCommitThroughput(queue, cards, total, 512);
    // The same with the default risk hook (scores 0, no I/O): the decision engine's own capacity,
    // to tell its cost from the installed risk engine's.
    const installed = riskHook();
    setRiskHook(null);
    const bare_engine = await groupCommitThroughput(queue, cards, Math.min(total, 10_000), 512);
    setRiskHook(installed);
    const testing = await groupCommitThroughput(queue, cards.slice(0, 200), Math.min(total, 10_000), 512, tiny);
    const single = performance.now();
    for (let i = 0; i < 500; i++) await engine.bus.send('authorization-create', { card: cards[i % cards.length]!, amount: coffee(i), merchant: MERCHANT }, SYSTEM_ACTOR);
    const singlePerSecond = 500 / ((performance.now() - single) / 1000);
    const latencies = await latencyAtRate(queue, cards, 1_000, Number(process.env.KARTU_BENCH_SECONDS ?? 5));
    await queue.close();
    const check = await engine.bus.send('ledger-check', {}, SYSTEM_ACTOR);
    largestWal = Math.max(largestWal, walBytes());
    return [
      { name: 'bare better-sqlite3 single-row FULL commits', value: bare, unit: 'commits/s' },
      { name: 'authorization-create through the bus (one commit each)', value: singlePerSecond, unit: 'decisions/s' },
      { name: 'durable decisions with group commit (AuthorizationQueue)', value: grouped.perSecond, unit: 'decisions/s' },
      { name: 'group commit vs bare FULL commits', value: grouped.perSecond / bare, unit: 'x', target: '>= 5x', pass: grouped.perSecond / bare >= 5 },
      { name: 'same, default risk hook (decision engine alone)', value: bare_engine.perSecond, unit: 'decisions/s' },
      { name: 'card-testing traffic (an alert on every decision)', value: testing.perSecond, unit: 'decisions/s' },
      { name: 'decision engine alone vs bare FULL commits', value: bare_engine.perSecond / bare, unit: 'x' },
      { name: 'decisions per commit (largest batch)', value: queue.stats.largestBatch, unit: 'decisions' },
      // A durable answer waits for at least one commit, often for the one in flight and then its
      // own: the disk's own commit latency is the floor under the p99 figure.
      { name: 'one bare FULL commit, p50', value: percentile(bareRun.latencies, 50), unit: 'ms' },
      { name: 'one bare FULL commit, p99 (floor for a durable answer)', value: percentile(bareRun.latencies, 99), unit: 'ms' },
      { name: 'p50 decision latency at 1,000/s offered', value: percentile(latencies, 50), unit: 'ms' },
      { name: 'p99 decision latency at 1,000/s offered', value: percentile(latencies, 99), unit: 'ms', target: '< 5 ms', pass: percentile(latencies, 99) < 5 },
      { name: 'ledger balances after the run (1 = ok)', value: check.ok ? 1 : 0, unit: '', pass: check.ok },
      { name: 'WAL file, largest seen during the group-commit runs', value: largestWal / 1_000_000, unit: 'MB' },
    ];
  } finally {
    clearInterval(walSampler);
    await engine.close();
  }
}

/** The same controls as data for json-rules-engine: one rule per check, decline events with the code. */
function jsonRules(controls: ReturnType<typeof normalizeControls>): RulesEngine {
  const engine = new RulesEngine([], { allowUndefinedFacts: true });
  const blocked: string[] = [];
  for (let mcc = 7800; mcc <= 7802; mcc++) blocked.push(String(mcc));
  blocked.push('7995');
  engine.addRule({ name: 'blocked_categories', priority: 90, conditions: { all: [{ fact: 'mcc', operator: 'in', value: blocked }] }, event: { type: 'decline', params: { code: '57' } } });
  engine.addRule({ name: 'allowed_countries', priority: 80, conditions: { all: [{ fact: 'country', operator: 'notIn', value: controls.allowed_countries ?? [] }] }, event: { type: 'decline', params: { code: '62' } } });
  for (const limit of controls.spending_limits) {
    const fact = limit.interval === 'per_authorization' ? 'amount' : `${limit.interval}_total`;
    engine.addRule({ name: `limit_${limit.interval}`, priority: 70, conditions: { all: [{ fact, operator: 'greaterThan', value: limit.amount }] }, event: { type: 'decline', params: { code: '61' } } });
  }
  for (const limit of controls.velocity_limits) {
    engine.addRule({ name: `velocity_${limit.interval}`, priority: 60, conditions: { all: [{ fact: `${limit.interval}_count_next`, operator: 'greaterThan', value: limit.count }] }, event: { type: 'decline', params: { code: '65' } } });
  }
  engine.addRule({ name: 'funds', priority: 50, conditions: { all: [{ fact: 'shortfall', operator: 'greaterThan', value: 0 }] }, event: { type: 'decline', params: { code: '51' } } });
  return engine;
}

async function partB(): Promise<BenchFigure[]> {
  const controls = normalizeControls(CONTROLS);
  const at = new Date('2026-03-02T03:00:00Z');
  const windows = computeWindows(at, 'Asia/Jakarta', 1);
  const usage = new Map([
    [windows.keys.daily, new Map([['5411', { amount: 250_000, count: 3 }], ['5814', { amount: 80_000, count: 2 }]])],
    [windows.keys.monthly, new Map([['5411', { amount: 2_500_000, count: 30 }]])],
  ]);
  const facts = (amount: number): DecisionFacts => ({
    card: { status: 'active', cancellation_reason: null, program_kind: 'debit' },
    cardholderStatus: 'active',
    expired: false,
    expiryMismatch: false,
    controls,
    caps: NO_CAPS,
    fees: NO_FEES,
    amount,
    crossCurrency: false,
    merchant: { id: MERCHANT.id, name: MERCHANT.name, mcc: MERCHANT.mcc, country: MERCHANT.country, city: MERCHANT.city },
    locationId: null,
    windows: windows.keys,
    local: windows.local,
    usage,
    lockedMerchant: null,
    available: 10_000_000,
    partialSupported: false,
  });
  // Several rounds each, the median round: a shared machine's hiccups (other processes, GC) land
  // in one round, not in the figure.
  const N = 5_000;
  const ROUNDS = 7;
  let approved = 0;
  for (let i = 0; i < 2_000; i++) evaluateRules(facts(10_000 + i)); // warm-up
  const kartuRounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    for (let i = 0; i < N; i++) if (evaluateRules(facts(10_000 + (i % 1_000))).approved) approved++;
    kartuRounds.push(((performance.now() - start) * 1000) / N);
  }
  const kartuUs = percentile(kartuRounds.sort((a, b) => a - b), 50);

  const rules = jsonRules(controls);
  const jsonFacts = (amount: number) => ({
    amount,
    mcc: MERCHANT.mcc,
    country: MERCHANT.country,
    daily_total: 330_000 + amount,
    weekly_total: 330_000 + amount,
    monthly_total: 2_500_000 + amount,
    daily_count_next: 6,
    shortfall: amount - 10_000_000,
  });
  const M = 500;
  let jsonApproved = 0;
  for (let i = 0; i < 200; i++) await rules.run(jsonFacts(10_000 + i));
  const jsonRounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    for (let i = 0; i < M; i++) if ((await rules.run(jsonFacts(10_000 + (i % 1_000)))).events.length === 0) jsonApproved++;
    jsonRounds.push(((performance.now() - start) * 1000) / M);
  }
  const jsonUs = percentile(jsonRounds.sort((a, b) => a - b), 50);
  if (approved !== N * ROUNDS || jsonApproved !== M * ROUNDS) throw new Error(`the two evaluators disagree (${approved}/${N * ROUNDS} vs ${jsonApproved}/${M * ROUNDS})`);
  return [
    { name: 'Kartu rules (in memory, with trace)', value: kartuUs, unit: 'µs/decision' },
    { name: 'json-rules-engine, same controls', value: jsonUs, unit: 'µs/decision' },
    { name: 'Kartu vs json-rules-engine', value: jsonUs / kartuUs, unit: 'x', target: '>= 20x', pass: jsonUs / kartuUs >= 20 },
  ];
}

/** 100,000 past authorizations spread over 200 days, written through the real decision path. */
async function partC(): Promise<BenchFigure[]> {
  const clock = manualClock(new Date('2026-03-02T03:00:00Z'));
  const engine = await openEngine({ mode: 'test', path: ':memory:', clock, vault: createCardVault(new Uint8Array(32).fill(4)), random: seededRandom(2) });
  try {
    const [oldCard, newCard] = await setup(engine, 2);
    const HISTORY = Number(process.env.KARTU_BENCH_HISTORY ?? 100_000);
    const startMs = clock.now().getTime() - 200 * 86_400_000;
    const stepMs = Math.floor((200 * 86_400_000) / HISTORY);
    const services = engine.services;
    for (let from = 0; from < HISTORY; from += 5_000) {
      await services.db.transaction().execute(async (trx) => {
        const session = new AuthorizationSession({ ...services, db: trx });
        for (let i = from; i < from + 5_000; i++) {
          clock.set(new Date(startMs + i * stepMs));
          await session.authorize({ card: oldCard, amount: 1_000 + (i % 90) * 100, merchant: { ...MERCHANT, mcc: i % 3 === 0 ? '5814' : '5411' } });
        }
        await session.flush();
      });
    }
    clock.set(new Date('2026-03-02T03:00:00Z'));
    const history = (engine.database.sqlite.prepare('SELECT COUNT(*) AS n FROM authorizations WHERE card_id = ?').get(oldCard) as { n: number }).n;
    // Alternating blocks; each block's CPU time per decision (wall time too). CPU time is what the
    // decision costs; wall time on a shared machine also carries other processes' load.
    const blocks = { old: [] as number[], fresh: [] as number[], oldWall: [] as number[], freshWall: [] as number[] };
    const BLOCK = 250;
    for (let round = 0; round < 10; round++) {
      for (const which of (round % 2 ? ['old', 'fresh'] : ['fresh', 'old']) as Array<'old' | 'fresh'>) {
        const card = which === 'old' ? oldCard! : newCard!;
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        for (let i = 0; i < BLOCK; i++) await engine.bus.send('authorization-create', { card, amount: 1_000, merchant: MERCHANT }, SYSTEM_ACTOR);
        const cpu = process.cpuUsage(cpu0);
        if (round < 2) continue; // warm-up
        blocks[which].push((cpu.user + cpu.system) / BLOCK);
        blocks[which === 'old' ? 'oldWall' : 'freshWall'].push(((performance.now() - t0) * 1000) / BLOCK);
      }
    }
    const median = (xs: number[]): number => percentile([...xs].sort((a, b) => a - b), 50);
    const ratio = median(blocks.old) / median(blocks.fresh);
    return [
      { name: 'past authorizations on the old card', value: history, unit: 'rows' },
      { name: 'decision CPU, card with the history (median block)', value: median(blocks.old), unit: 'µs' },
      { name: 'decision CPU, new card (median block)', value: median(blocks.fresh), unit: 'µs' },
      { name: 'decision wall time, card with the history / new card', value: median(blocks.oldWall) / median(blocks.freshWall), unit: 'x' },
      { name: 'old card vs new card (CPU per decision)', value: ratio, unit: 'x', target: '<= 1.2x', pass: ratio <= 1.2 },
    ];
  } finally {
    await engine.close();
  }
}

/** KARTU_BENCH_PARTS=abc (default) picks the parts to run. */
export async function run(): Promise<BenchFigure[]> {
  const parts = process.env.KARTU_BENCH_PARTS ?? 'abc';
  const figures: BenchFigure[] = [];
  // (b) first: the evaluator measured with only its own facts' shape seen by the JIT. After (a)
  // has run the whole engine, the call sites are polymorphic and the figure says more about V8's
  // inline caches than about the rules (2 µs alone, 12 µs after (a) on the same machine).
  if (parts.includes('b')) figures.push(...(await partB()));
  if (parts.includes('a')) figures.push(...(await withTempDir((dir) => partA(dir))));
  if (parts.includes('c')) figures.push(...(await partC()));
  return report('Authorization (issue 4)', figures);
}

if (isMain(import.meta.url)) await run();
