import { defineConfig, devices } from '@playwright/test';

/**
 * Browser tests: the renderer (built by `npm run build:web`) in Debian's Chromium against a real
 * headless host started by the global setup on a free port and an empty temporary data folder.
 * `npx playwright install` cannot download here, hence the system browser.
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  globalSetup: './test/e2e/support/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // The thin slice starts from an empty data folder and sets the owner's PIN; the journeys sign in with it.
  projects: [
    { name: 'thin-slice', testMatch: 'thin-slice.spec.ts' },
    { name: 'journeys', testMatch: 'journeys.spec.ts', dependencies: ['thin-slice'] },
    { name: 'reports', testMatch: 'reports.spec.ts', dependencies: ['thin-slice'] },
    { name: 'network', testMatch: 'network.spec.ts', dependencies: ['thin-slice'] },
    { name: 'list-tabs', testMatch: 'list-tabs.spec.ts', dependencies: ['thin-slice'] },
    { name: 'cardholders', testMatch: 'cardholders.spec.ts', dependencies: ['thin-slice'] },
    { name: 'backup', testMatch: 'backup.spec.ts', dependencies: ['thin-slice'] },
  ],
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1360, height: 860 },
    locale: 'en-US',
    timezoneId: 'Asia/Jakarta',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.KARTU_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
