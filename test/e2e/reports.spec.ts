import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { hostEnv } from './support/host-env.js';
import { rpc, rpcError } from './support/rpc.js';

/**
 * Issue 10's reports on screen, in Chromium against the real headless host (after the thin slice,
 * which set the owner's PIN): a program of its own with a few purchases and a decline, then the
 * owner opens Reports, chooses the program and sees the spending total, the charts, and exports
 * the transactions as CSV. Saves a screenshot under test-results/.
 */
test.describe.serial('reports', () => {
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  test.beforeAll(async ({ browser }) => {
    const { baseURL } = hostEnv();
    context = await browser.newContext({ baseURL, locale: 'en-US', timezoneId: 'Asia/Jakarta', viewport: { width: 1360, height: 860 } });
    expect((await context.request.post('/session', { data: { pin: '2468' } })).ok()).toBe(true);
    const r = context.request;
    const branch = await rpc<{ id: string; merchant_id: string; name: string; mcc: string; country: string; city: string }>(r, 'location-create', {
      name: 'Warung Laporan Kemang',
      merchant_id: 'WL-JKT-KMG01',
      mcc: '5812',
      city: 'Jakarta',
      country: 'ID',
    });
    const program = await rpc<{ id: string }>(r, 'program-create', {
      name: 'Warung Laporan Rewards',
      kind: 'loyalty',
      currency: 'IDR',
      timezone: 'Asia/Jakarta',
      brand: { name: 'Warung Laporan', primary_color: '#1F5F8B', secondary_color: '#3D8BBE', text_color: '#FFFFFF' },
    });
    await rpc(r, 'earning-rule-create', { program: program.id, type: 'spend', points: 1, unit_minor: 1_000_000, name: '1 point per Rp 10.000' });
    const holder = await rpc<{ id: string }>(r, 'cardholder-create', { name: 'Budi Santoso', phone: '+6281299990001' });
    const card = await rpc<{ id: string }>(r, 'card-create', { program: program.id, cardholder: holder.id, type: 'virtual' });
    await rpc(r, 'rewards-member-enroll', { cardholder: holder.id, program: program.id });
    await rpc(r, 'top-up-create', { card: card.id, amount: 100_000_000, client_id: 'reports-e2e-top-up' });
    const merchant = { id: branch.merchant_id, name: branch.name, mcc: branch.mcc, country: branch.country, city: branch.city };
    // Rp 50.000 + Rp 75.000 + Rp 25.000 captured = Rp 150.000; an amount of 0 is declined (invalid_amount).
    for (const [i, amount] of [5_000_000, 7_500_000, 2_500_000].entries()) {
      const auth = await rpc<{ id: string; approved: boolean; decline_reason?: string }>(r, 'authorization-create', { card: card.id, amount, currency: 'IDR', merchant, client_id: `reports-e2e-${i}` });
      expect(auth.approved, JSON.stringify(auth).slice(0, 400)).toBe(true);
      await rpc(r, 'authorization-capture', { id: auth.id, client_id: `reports-e2e-${i}-c` });
    }
    const declined = await rpc<{ approved: boolean }>(r, 'authorization-create', { card: card.id, amount: 0, currency: 'IDR', merchant, client_id: 'reports-e2e-declined' });
    expect(declined.approved).toBe(false);
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
  });

  test.afterAll(async () => {
    expect(problems).toEqual([]);
    await context.close();
  });

  test('the owner opens Reports, sees the spending total and the charts, and exports the transactions as CSV', async () => {
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Reports' }).click();
    await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
    await page.getByLabel('Program', { exact: true }).selectOption({ label: 'Warung Laporan Rewards' });

    await expect(page.getByTestId('report-spending-total')).toHaveText(/Rp\s?150[.,]000/);
    await expect(page.getByText('3 purchases')).toBeVisible();
    // The per-day chart is drawn by recharts: an SVG with the area of the spending in it.
    const chart = page.getByTestId('spending-chart');
    await expect(chart.locator('svg.recharts-surface').last()).toBeVisible();
    await expect(chart.locator('.recharts-area-area')).toHaveCount(1);
    await expect(page.getByTestId('report-spending').getByRole('cell', { name: 'Warung Laporan Kemang' }).first()).toBeVisible();
    // The decline shows in the authorizations: 3 of 4 approved, and its reason over time.
    await expect(page.getByTestId('report-approval-rate')).toHaveText('75%');
    await expect(page.getByTestId('declines-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
    await expect(page.getByTestId('report-members')).toHaveText('1');

    // The page scrolls inside its main area: a tall window shows every section in one picture.
    await page.setViewportSize({ width: 1360, height: 3000 });
    await page.screenshot({ path: 'test-results/reports-owner.png' });
    await page.setViewportSize({ width: 1360, height: 860 });

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^kartu-transactions-.*\.csv$/);
    await expect(page.getByText(/\.csv saved \(3 rows\)/)).toBeVisible();

    // Corporate cards are reported for a corporate program, or with all programs.
    await expect(page.getByRole('heading', { name: 'Corporate cards' })).toHaveCount(0);
    await page.getByLabel('Program', { exact: true }).selectOption({ label: 'All programs' });
    await expect(page.getByRole('heading', { name: 'Corporate cards', level: 2 })).toBeVisible();
    await expect(page.getByTestId('report-spending-total')).toHaveText(/^Rp\s/);
  });

  test('a cashier is not offered Reports, and the core refuses the figures to a cashier', async ({ browser }) => {
    await rpc(context.request, 'staff-create', { name: 'Sari Kasir', role: 'cashier', pin: '8642' }, 'live');
    const { baseURL } = hostEnv();
    const cashier = await browser.newContext({ baseURL, locale: 'en-US', timezoneId: 'Asia/Jakarta', viewport: { width: 1360, height: 860 } });
    expect((await cashier.request.post('/session', { data: { pin: '8642' } })).ok()).toBe(true);
    const till = await cashier.newPage();
    await till.goto('/');
    const nav = till.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav.getByRole('link', { name: 'Counter mode' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Reports' })).toHaveCount(0);
    await till.goto('/#/reports');
    await expect(till.getByTestId('reports-blocked')).toContainText('Your role does not allow this');
    // Hidden is not the guard: the core refuses a cashier the report itself.
    const refused = await rpcError(cashier.request, 'report-spending-summary', {});
    expect(refused.status).toBe(403);
    expect(refused.error.code).toBe('insufficient_permissions');
    await cashier.close();
  });
});
