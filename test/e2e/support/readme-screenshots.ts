/**
 * The README's screenshots from the demo data (dashboard, card designer, counter mode), and the
 * first screen's time to interactive on that data. Not a test: run it when the screens change.
 *
 *   npm run build:web && npx tsx test/e2e/support/readme-screenshots.ts [docs/screenshots]
 *
 * It starts a host with --demo on a temporary copy of KARTU_DEMO_DIR when given (a data folder
 * `npm run serve -- --demo` filled before; generating the story takes a minute or more), otherwise
 * on a new folder. The demo story has no rewards set-up yet (earning rules, tiers, the free coffee);
 * the script adds the story's, as the owner would in Programs, before the counter shot. Reports are
 * NOT rebuilt first: the figures on the shots are the ones the authorization writes recorded.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type APIRequestContext, type Page } from '@playwright/test';
import { startHost } from '../../../src/host/start-host.js';

const outDir = resolve(process.argv[2] ?? 'docs/screenshots');
const VIEWPORT = { width: 1440, height: 900 };

async function call<T>(request: APIRequestContext, base: string, name: string, input: unknown): Promise<T> {
  const response = await request.post(`${base}/rpc/${name}`, { headers: { 'X-Kartu-Mode': 'test' }, data: { input } });
  const body = (await response.json()) as { ok: boolean; result: T; error?: unknown };
  if (!body.ok) throw new Error(`${name}: ${JSON.stringify(body.error)}`);
  return body.result;
}

/** Milliseconds from the start of navigation until the dashboard's figures are on screen and the page answers input. */
async function firstScreenMs(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.getByTestId('kpi-sales').filter({ hasText: /Rp/ }).waitFor();
  await page.getByRole('link', { name: 'Transactions' }).waitFor();
  // Interactive: a click on the navigation is handled (the main thread is free to answer it).
  return page.evaluate<number>('new Promise((done) => requestAnimationFrame(() => setTimeout(() => done(performance.now()), 0)))');
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'kartu-readme-'));
  if (process.env.KARTU_DEMO_DIR) cpSync(process.env.KARTU_DEMO_DIR, dataDir, { recursive: true });
  const host = await startHost({ dataDir, port: 0, demo: true, print: (line) => process.stdout.write(`${line}\n`) });
  const browser = await chromium.launch({
    executablePath: process.env.KARTU_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Asia/Jakarta', viewport: VIEWPORT });
    const page = await context.newPage();
    await page.goto(host.signInUrl);
    await page.evaluate("localStorage.setItem('kartu.lang', 'en')");
    const request = context.request;

    // First screen on the demo data: a few cold loads, the median printed.
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push(await firstScreenMs(page, `${host.url}/?t=${i}#/dashboard`));
    times.sort((a, b) => a - b);
    console.log(`first screen (dashboard, demo data) interactive after ${times.map((t) => Math.round(t)).join(', ')} ms; median ${Math.round(times[2]!)} ms`);

    await page.goto(`${host.url}/#/dashboard`);
    await page.getByText('Sales per day, last 30 days').waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(outDir, 'dashboard.png') });

    const programs = await call<{ data: Array<{ id: string; kind: string }> }>(request, host.url, 'program-list', { limit: 10 });
    const loyalty = programs.data.find((p) => p.kind === 'loyalty');
    if (!loyalty) throw new Error('The demo has no loyalty program.');
    await page.goto(`${host.url}/#/programs/${loyalty.id}?tab=design`);
    await page.getByRole('complementary', { name: 'Preview' }).waitFor();
    // The designer at work: a saved seasonal design loaded into the editor, previewed before saving.
    const load = page.getByRole('button', { name: 'Load into the editor' });
    if ((await load.count()) > 1) await load.nth(1).click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(outDir, 'card-designer.png') });

    const tiers = await call<{ data: unknown[] }>(request, host.url, 'tier-list', { program: loyalty.id });
    if (tiers.data.length === 0) {
      await call(request, host.url, 'earning-rule-create', { program: loyalty.id, type: 'spend', points: 1, unit_minor: 1_000_000, name: '1 poin per Rp 10.000' });
      await call(request, host.url, 'earning-rule-create', { program: loyalty.id, type: 'time_window', days: [1, 2, 3, 4, 5], start: '14:00', end: '17:00', multiplier: 2, name: 'Poin ganda sore hari' });
      await call(request, host.url, 'tier-create', { program: loyalty.id, name: 'Bronze', threshold: 0 });
      await call(request, host.url, 'tier-create', { program: loyalty.id, name: 'Silver', threshold: 100_000_000, benefits: { earn_multiplier: 1.25 } });
      await call(request, host.url, 'tier-create', { program: loyalty.id, name: 'Gold', threshold: 300_000_000, benefits: { earn_multiplier: 1.5, cashback_bps: 200 } });
      await call(request, host.url, 'reward-create', { program: loyalty.id, name: 'Kopi Susu Gratis', kind: 'free_item', points_cost: 100, value: { item: 'Kopi Susu' } });
    }
    const cards = await call<{ data: Array<{ id: string; status: string; cardholder_name: string }> }>(request, host.url, 'card-list', { program: loyalty.id, status: 'active', limit: 20 });
    const card = cards.data[5] ?? cards.data[0];
    if (!card) throw new Error('The demo has no active loyalty card.');
    await call(request, host.url, 'top-up-create', { card: card.id, amount: 20_000_000 });
    await page.goto(`${host.url}/#/counter`);
    await page.getByLabel('Card program', { exact: true }).selectOption(loyalty.id);
    await page.getByLabel('Find a member').fill(card.id);
    await page.getByLabel('Find a member').press('Enter');
    await page.getByTestId('member-panel').waitFor();
    const amount = page.getByRole('textbox', { name: 'Amount', exact: true });
    await amount.fill('45000');
    await amount.press('Enter');
    await page.getByTestId('counter-result').waitFor();
    await amount.fill('38000');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(outDir, 'counter-mode.png') });
    console.log(`Screenshots in ${outDir}: dashboard.png, card-designer.png, counter-mode.png`);
    await context.close();
  } finally {
    await browser.close();
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
