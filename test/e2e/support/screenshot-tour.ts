/**
 * Screenshots of every screen for a person to look at (not a test): starts a host on a temporary
 * data folder (with --demo data when KARTU_TOUR_DEMO=1), signs in with the link, and saves
 * one PNG per screen and language into the folder given as the first argument.
 *
 *   npm run build:web && npx tsx test/e2e/support/screenshot-tour.ts test-results/tour
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { startHost } from '../../../src/host/start-host.js';

const outDir = resolve(process.argv[2] ?? 'test-results/tour');
const demo = process.env.KARTU_TOUR_DEMO === '1';
const SCREENS = ['dashboard', 'counter', 'programs', 'programs/new', 'cardholders', 'cardholders/new', 'cards', 'cards/new', 'transactions', 'rewards', 'rules', 'settings', 'settings?tab=staff', 'settings?tab=network'];

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'kartu-tour-'));
  const host = await startHost({ dataDir, port: 0, demo, print: () => undefined });
  const browser = await chromium.launch({
    executablePath: process.env.KARTU_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    for (const locale of ['en-US', 'id-ID']) {
      const context = await browser.newContext({ locale, timezoneId: 'Asia/Jakarta', viewport: { width: 1360, height: 860 } });
      const page = await context.newPage();
      if (locale === 'en-US') {
        await page.goto(`${host.url}/`);
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: join(outDir, `sign-in-${locale}.png`) });
        await page.goto(host.signInUrl);
        await context.storageState({ path: join(dataDir, 'state.json') });
      } else {
        await context.addCookies((await browser.newContext({ storageState: join(dataDir, 'state.json') }).then((c) => c.cookies())) as never);
      }
      for (const screen of SCREENS) {
        await page.goto(`${host.url}/#/${screen}`);
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(outDir, `${screen.replace(/[/?=]/g, '-')}-${locale}.png`), fullPage: true });
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`Screenshots in ${outDir}`);
}

await main();
