import { cpSync, existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startHost, type Host } from '../src/host/start-host.js';
import { SYSTEM_ACTOR } from '../src/core/bus/actor.js';
import { idGenerator } from '../src/core/kernel/ids.js';
import { seededRandom } from '../src/core/kernel/random.js';
import type { Engine } from '../src/core/engine.js';
import { isMain, percentile, report, withTempDir, type BenchFigure } from './harness.js';

/**
 * Issue 8's two speed targets, in real Chromium (Debian's, through Playwright) against the headless
 * host that `npm run serve` runs, on the renderer `npm run build:web` built:
 * (a) the first screen of the demo data is interactive within 1.5 s of page load;
 * (b) the transactions list over 1,000,000 rows filters in under 200 ms (query time).
 *
 *   npm run build:web && npx tsx bench/desktop.bench.ts
 *
 * KARTU_DEMO_DIR: a data folder `npm run serve -- --demo` filled before, copied (generating the
 * demo story takes minutes); without it the demo is generated here. KARTU_BENCH_ROWS: the list's
 * size (default 1,000,000). KARTU_BENCH_ONLY=first|list: one of the two. KARTU_CHROMIUM: the
 * browser (default /usr/bin/chromium).
 */
const ROWS = Number(process.env.KARTU_BENCH_ROWS ?? 1_000_000);
const FIRST_SCREEN_TARGET_MS = 1_500;
const FILTER_TARGET_MS = 200;
/** The transactions screen's page size (hooks/use-infinite-list.ts). */
const PAGE = 100;
/** KARTU_RENDERER_DIR: another build (to compare two builds on the same data, at the same load). */
const RENDERER_DIR = resolve(process.env.KARTU_RENDERER_DIR ?? 'out/renderer');
/** The chain's branches: its loyalty cards work only there (closed loop). */
const BRANCHES = [
  { name: 'Kopi Nusantara Sudirman', merchant_id: 'KN-JKT-SDR01', mcc: '5814', city: 'Jakarta', country: 'ID' },
  { name: 'Kopi Nusantara Kemang', merchant_id: 'KN-JKT-KMG02', mcc: '5814', city: 'Jakarta', country: 'ID' },
  { name: 'Kopi Nusantara Braga', merchant_id: 'KN-BDG-BRG03', mcc: '5814', city: 'Bandung', country: 'ID' },
];

async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.KARTU_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/** A browser context signed in through the host's one-time link, in English. */
async function signedIn(browser: Browser, host: Host): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Asia/Jakarta', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(host.signInUrl);
  await page.evaluate("localStorage.setItem('kartu.lang', 'en')");
  return { context, page };
}

/**
 * Milliseconds from the start of navigation (performance.now() is 0 there) until the dashboard's
 * figures are on screen and the page answers input: the main thread has run a frame and a task.
 */
async function firstScreenMs(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.getByTestId('kpi-sales').filter({ hasText: /Rp/ }).waitFor();
  await page.getByRole('link', { name: 'Transactions' }).waitFor();
  return page.evaluate<number>('new Promise((done) => requestAnimationFrame(() => setTimeout(() => done(performance.now()), 0)))');
}

/**
 * Where a cold load's time went, seen from inside the page: when today's sales figure appeared
 * (a MutationObserver set up before the page's own script), when the script had run
 * (DOMContentLoaded), and the main thread's long tasks. The figures of the request timings are in
 * the performance timeline too.
 */
const WATCH_FIRST_FIGURE = `(() => {
  const w = window;
  w.__kartuBench = { figure: 0, longTasks: 0 };
  new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__kartuBench.longTasks += e.duration; }).observe({ type: 'longtask', buffered: true });
  new MutationObserver(() => {
    if (!w.__kartuBench.figure && /Rp/.test(document.querySelector('[data-testid=kpi-sales]')?.textContent ?? '')) w.__kartuBench.figure = performance.now();
  }).observe(document, { subtree: true, childList: true, characterData: true });
})()`;

interface LoadBreakdown {
  scriptDone: number;
  firstFigure: number;
  longTasks: number;
  firstData: number;
}

async function breakdownOf(page: Page): Promise<LoadBreakdown> {
  return page.evaluate<LoadBreakdown>(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const rpc = performance.getEntriesByType('resource').filter((r) => r.name.includes('/rpc/dashboard-summary') || r.name.includes('/rpc/report-spending-summary'));
    return { scriptDone: nav.domContentLoadedEventEnd, firstFigure: window.__kartuBench.figure, longTasks: window.__kartuBench.longTasks, firstData: rpc.length ? Math.min(...rpc.map((r) => r.responseEnd)) : 0 };
  })()`);
}

/** (a) The dashboard of the demo data, loaded cold (a new browser context: no cache) and again warm. */
async function firstScreen(browser: Browser): Promise<BenchFigure[]> {
  return withTempDir(async (dir) => {
    const dataDir = join(dir, 'data');
    const demoDir = process.env.KARTU_DEMO_DIR;
    if (demoDir && existsSync(demoDir)) cpSync(demoDir, dataDir, { recursive: true });
    const started = performance.now();
    const host = await startHost({ dataDir, port: 0, demo: true, rendererDir: RENDERER_DIR, print: () => undefined });
    const setupS = (performance.now() - started) / 1000;
    try {
      const { context, page } = await signedIn(browser, host);
      const state = await context.storageState();
      const cold: number[] = [];
      const parts: LoadBreakdown[] = [];
      for (let i = 0; i < 5; i++) {
        const fresh = await browser.newContext({ storageState: state, locale: 'en-US', timezoneId: 'Asia/Jakarta', viewport: { width: 1440, height: 900 } });
        await fresh.addInitScript(WATCH_FIRST_FIGURE);
        const freshPage = await fresh.newPage();
        cold.push(await firstScreenMs(freshPage, `${host.url}/#/dashboard`));
        parts.push(await breakdownOf(freshPage));
        await fresh.close();
      }
      const part = (pick: (b: LoadBreakdown) => number) => median(parts.map(pick));
      const warm: number[] = [];
      for (let i = 0; i < 5; i++) warm.push(await firstScreenMs(page, `${host.url}/?reload=${i}#/dashboard`));
      await context.close();
      const coldMedian = median(cold);
      return [
        { name: `demo data ready (${demoDir ? 'copied from KARTU_DEMO_DIR' : 'generated'})`, value: setupS, unit: 's' },
        { name: 'first screen interactive, cold load (median of 5)', value: coldMedian, unit: 'ms', target: `< ${FIRST_SCREEN_TARGET_MS} ms`, pass: coldMedian < FIRST_SCREEN_TARGET_MS },
        { name: '  cold loads', value: Math.max(...cold), unit: `ms max (${cold.map(Math.round).join(', ')})` },
        { name: '  cold: script run (DOMContentLoaded), median', value: part((b) => b.scriptDone), unit: 'ms' },
        { name: "  cold: today's figures answered by the host, median", value: part((b) => b.firstData), unit: 'ms' },
        { name: "  cold: today's sales on screen, median", value: part((b) => b.firstFigure), unit: 'ms' },
        { name: '  cold: main-thread long tasks until interactive, median', value: part((b) => b.longTasks), unit: 'ms' },
        { name: 'first screen interactive, reload (median of 5)', value: median(warm), unit: 'ms' },
      ];
    } finally {
      await host.close();
    }
  });
}

interface ListWorld {
  programs: string[];
  /** The member with the most purchases, and one who came once, a year ago. */
  regular: string;
  onceLongAgo: string;
  /** The card with the most purchases. */
  card: string;
}

/**
 * A few hundred real decisions through the bus (two programs, a frozen card, cards without money,
 * captures, reversals), then copied with new time-ordered ids up to ROWS rows, as a busy coffee
 * chain's year would be: every column as the engine wrote it, only the id and time changed (and
 * old holds closed). One member's only purchase is the oldest row of all.
 */
async function fillTransactions(engine: Engine): Promise<ListWorld> {
  const bus = engine.bus;
  const rewards = await bus.send('program-create', { name: 'Kopi Nusantara Rewards', kind: 'loyalty', currency: 'IDR', timezone: 'Asia/Jakarta' }, SYSTEM_ACTOR);
  const club = await bus.send('program-create', { name: 'Teh Manis Club', kind: 'loyalty', currency: 'IDR', timezone: 'Asia/Jakarta' }, SYSTEM_ACTOR);
  const branches: string[] = [];
  for (const branch of BRANCHES) branches.push((await bus.send('location-create', branch, SYSTEM_ACTOR)).id);
  const cards: Array<{ id: string; holder: string }> = [];
  let once = { id: '', holder: '' };
  await bus.batch(SYSTEM_ACTOR, async (send) => {
    for (let i = 0; i <= 400; i++) {
      const holder = await send('cardholder-create', { name: `Member ${i}`, phone: `+62813${String(i).padStart(8, '0')}` });
      const card = await send('card-create', { program: i % 10 === 0 ? club.id : rewards.id, cardholder: holder.id, type: 'virtual' });
      // Every 15th member forgot to load their card: declined for insufficient funds.
      if (i % 15 !== 0) await send('top-up-create', { card: card.id, amount: 500_000_000 });
      if (i === 400) once = { id: card.id, holder: holder.id };
      else cards.push({ id: card.id, holder: holder.id });
    }
  });
  await bus.send('card-update', { id: cards[7]!.id, status: 'inactive' }, SYSTEM_ACTOR);
  for (let i = 0; i < 600; i++) {
    const card = cards[i % cards.length]!;
    const decision = await bus.send('authorization-create', { card: card.id, amount: 2_500_000 + (i % 9) * 500_000, location: branches[i % branches.length]! }, SYSTEM_ACTOR);
    if (decision.approved && i % 97 === 0) await bus.send('authorization-reverse', { id: decision.id }, SYSTEM_ACTOR);
    else if (decision.approved && i % 3 === 0) await bus.send('authorization-capture', { id: decision.id }, SYSTEM_ACTOR);
  }

  const sqlite = engine.database.sqlite;
  const seeds = sqlite.prepare('SELECT * FROM authorizations ORDER BY id').all() as Array<Record<string, unknown>>;
  const columns = Object.keys(seeds[0]!);
  const insert = sqlite.prepare(`INSERT INTO authorizations (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
  // A year of history before the seeds, oldest first.
  const stepMs = Math.floor((365 * 86_400_000) / ROWS);
  let at = Date.parse(seeds[0]!.created_at as string) - (ROWS + 1) * stepMs;
  const clock = { now: () => new Date(at) };
  const ids = idGenerator(clock, seededRandom(8));
  const copies = ROWS - seeds.length;
  const insertChunk = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      at += stepMs;
      const seed = seeds[i % seeds.length]!;
      const iso = clock.now().toISOString();
      const who = i === 0 ? { card_id: once.id, cardholder_id: once.holder } : {};
      insert.run({ ...seed, ...who, id: ids.next('auth'), created_at: iso, updated_at: iso, expires_at: null, status: seed.status === 'pending' ? 'closed' : seed.status });
    }
  });
  for (let from = 0; from < copies; from += 20_000) insertChunk(from, Math.min(copies, from + 20_000));
  sqlite.exec('ANALYZE');
  const busiest = sqlite.prepare('SELECT card_id, cardholder_id, COUNT(*) AS n FROM authorizations GROUP BY card_id ORDER BY n DESC LIMIT 1').get() as { card_id: string; cardholder_id: string };
  return { programs: [rewards.id, club.id], regular: busiest.cardholder_id, onceLongAgo: once.holder, card: busiest.card_id };
}

/** The list's query as the screen sends it (its first page), timed in the host's process. */
async function queryMs(engine: Engine, filters: Record<string, unknown>, runs = 15): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await engine.bus.execute('authorization-list', { limit: PAGE, ...filters }, SYSTEM_ACTOR);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

/** In the browser: a filter chosen until the list's first row is the query's first match. */
async function uiFilterMs(page: Page, label: string, option: string, firstId: string): Promise<number> {
  const t0 = performance.now();
  await page.getByLabel(label, { exact: true }).selectOption(option);
  await page.locator(`[role="row"][data-index="0"][data-authorization-id="${firstId}"]`).waitFor();
  return performance.now() - t0;
}

async function firstMatch(engine: Engine, filters: Record<string, unknown>): Promise<string> {
  const page = (await engine.bus.execute('authorization-list', { limit: 1, ...filters }, SYSTEM_ACTOR)) as { data: Array<{ id: string }> };
  if (!page.data[0]) throw new Error(`No authorization matches ${JSON.stringify(filters)}`);
  return page.data[0].id;
}

/** (b) The transactions list over ROWS rows: each filter's query time, then the same in the screen. */
async function transactionsList(browser: Browser): Promise<BenchFigure[]> {
  return withTempDir(async (dir) => {
    const host = await startHost({ dataDir: join(dir, 'data'), port: 0, rendererDir: RENDERER_DIR, print: () => undefined });
    try {
      const engine = host.kartu.sandbox;
      const t0 = performance.now();
      const world = await fillTransactions(engine);
      const fillS = (performance.now() - t0) / 1000;
      const count = (engine.database.sqlite.prepare('SELECT COUNT(*) AS n FROM authorizations').get() as { n: number }).n;
      const cases: Array<[string, Record<string, unknown>]> = [
        ['no filter (newest first)', {}],
        ['program', { program: world.programs[1] }],
        ['declined only', { approved: false }],
        ['status reversed', { status: 'reversed' }],
        ['program + declined', { program: world.programs[0], approved: false }],
        ['card', { card: world.card }],
        ['cardholder (a regular)', { cardholder: world.regular }],
        ['cardholder who came once, a year ago (worst case)', { cardholder: world.onceLongAgo }],
        ['status expired (no row matches: worst case)', { status: 'expired' }],
      ];
      const figures: BenchFigure[] = [
        { name: `transactions list: ${count.toLocaleString('en-US')} authorizations written`, value: fillS, unit: 's' },
      ];
      let worst = 0;
      for (const [name, filters] of cases) {
        const times = await queryMs(engine, filters, name.includes('worst') ? 5 : 15);
        const p50 = percentile(times, 50);
        worst = Math.max(worst, p50);
        figures.push({ name: `query: ${name} (p50)`, value: p50, unit: `ms (p95 ${percentile(times, 95).toFixed(1)})`, target: `< ${FILTER_TARGET_MS} ms`, pass: p50 < FILTER_TARGET_MS });
      }

      const { context, page } = await signedIn(browser, host);
      await page.goto(`${host.url}/#/transactions`);
      await page.locator('[role="row"][data-index="0"]').waitFor();
      const ui: Array<[string, number]> = [];
      ui.push(['screen: Decision = Declined, until its first row shows', await uiFilterMs(page, 'Decision', 'declined', await firstMatch(engine, { approved: false }))]);
      ui.push(['screen: Decision back to all', await uiFilterMs(page, 'Decision', '', await firstMatch(engine, {}))]);
      ui.push(['screen: Status = Reversed', await uiFilterMs(page, 'Status', 'reversed', await firstMatch(engine, { status: 'reversed' }))]);
      ui.push(['screen: Status back to all', await uiFilterMs(page, 'Status', '', await firstMatch(engine, {}))]);
      ui.push(['screen: Program = Teh Manis Club', await uiFilterMs(page, 'Program', world.programs[1]!, await firstMatch(engine, { program: world.programs[1] }))]);
      await context.close();
      for (const [name, ms] of ui) figures.push({ name, value: ms, unit: 'ms (request, query, render)' });
      return figures;
    } finally {
      await host.close();
    }
  });
}

export async function run(): Promise<BenchFigure[]> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('No renderer build in out/renderer: run `npm run build:web` first.');
  const loadBefore = loadavg()[0] as number;
  const browser = await launch();
  try {
    const only = process.env.KARTU_BENCH_ONLY;
    const figures = [...(only === 'list' ? [] : await firstScreen(browser)), ...(only === 'first' ? [] : await transactionsList(browser))];
    figures.push({ name: 'load average (1 min) before / after, on this shared machine', value: loadBefore, unit: `/ ${(loadavg()[0] as number).toFixed(2)}` });
    return report('Desktop screens (issue 8)', figures);
  } finally {
    await browser.close();
  }
}

if (isMain(import.meta.url)) await run();
