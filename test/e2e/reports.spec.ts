import { readFileSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { hostEnv } from './support/host-env.js';
import { rpc, rpcError } from './support/rpc.js';

/** Today's date in Jakarta plus `days`, YYYY-MM-DD. */
function jakartaDay(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
}

/**
 * Issue 10's reports on screen, in Chromium against the real headless host (after the thin slice,
 * which set the owner's PIN): a program of its own with tiers, a campaign, two members' purchases
 * and a decline. The owner opens Reports and sees the spending (charts, the hour x weekday heat
 * map, the top cards), narrows it by card and by tier, downloads a report as XLSX and CSV, reads
 * the loyalty figures (tiers, movements, liability in money, campaign results), maps ledger
 * accounts to their own codes (a bad code refused on its row) and downloads the journal. Saves
 * screenshots under test-results/ (reports-owner, reports-loyalty, reports-accounting).
 */
test.describe.serial('reports', () => {
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  test.beforeAll(async ({ browser }) => {
    const { baseURL } = hostEnv();
    context = await browser.newContext({ baseURL, locale: 'en-US', timezoneId: 'Asia/Jakarta', viewport: { width: 1360, height: 860 }, acceptDownloads: true });
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
    // Bronze from the first rupiah, Silver from Rp 100.000 of spend; a Rp 10.000 discount for 10
    // points values a point at Rp 1.000 (the liability in money); a campaign running this week.
    await rpc(r, 'tier-create', { program: program.id, name: 'Bronze', threshold: 0 });
    await rpc(r, 'tier-create', { program: program.id, name: 'Silver', threshold: 10_000_000 });
    await rpc(r, 'reward-create', { program: program.id, name: 'Potongan Rp 10.000', kind: 'fixed_discount', points_cost: 10, value: { amount_minor: 1_000_000 } });
    await rpc(r, 'campaign-create', { program: program.id, name: 'Bonus minggu ini', starts_on: jakartaDay(-3), ends_on: jakartaDay(3), effect: { bonus_points: 5 }, per_member_limit: 1 });
    const holder = await rpc<{ id: string }>(r, 'cardholder-create', { name: 'Budi Santoso', phone: '+6281299990001' });
    const card = await rpc<{ id: string }>(r, 'card-create', { program: program.id, cardholder: holder.id, type: 'virtual' });
    await rpc(r, 'rewards-member-enroll', { cardholder: holder.id, program: program.id });
    await rpc(r, 'top-up-create', { card: card.id, amount: 100_000_000, client_id: 'reports-e2e-top-up' });
    const merchant = { id: branch.merchant_id, name: branch.name, mcc: branch.mcc, country: branch.country, city: branch.city };
    // Budi: Rp 50.000 + Rp 75.000 at Bronze (now Silver) + Rp 25.000 at Silver = Rp 150.000; an amount of 0 is declined (invalid_amount).
    for (const [i, amount] of [5_000_000, 7_500_000, 2_500_000].entries()) {
      const auth = await rpc<{ id: string; approved: boolean; decline_reason?: string }>(r, 'authorization-create', { card: card.id, amount, currency: 'IDR', merchant, client_id: `reports-e2e-${i}` });
      expect(auth.approved, JSON.stringify(auth).slice(0, 400)).toBe(true);
      await rpc(r, 'authorization-capture', { id: auth.id, client_id: `reports-e2e-${i}-c` });
    }
    const declined = await rpc<{ approved: boolean }>(r, 'authorization-create', { card: card.id, amount: 0, currency: 'IDR', merchant, client_id: 'reports-e2e-declined' });
    expect(declined.approved).toBe(false);
    // Sari: one Rp 20.000 purchase at Bronze. The program: Rp 170.000 in 4 purchases, 4 of 5 approved.
    const sari = await rpc<{ id: string }>(r, 'cardholder-create', { name: 'Sari Dewi', phone: '+6281299990002' });
    const sariCard = await rpc<{ id: string }>(r, 'card-create', { program: program.id, cardholder: sari.id, type: 'virtual' });
    await rpc(r, 'rewards-member-enroll', { cardholder: sari.id, program: program.id });
    await rpc(r, 'top-up-create', { card: sariCard.id, amount: 10_000_000, client_id: 'reports-e2e-top-up-2' });
    const sariAuth = await rpc<{ id: string; approved: boolean }>(r, 'authorization-create', { card: sariCard.id, amount: 2_000_000, currency: 'IDR', merchant, client_id: 'reports-e2e-sari' });
    expect(sariAuth.approved).toBe(true);
    await rpc(r, 'authorization-capture', { id: sariAuth.id, client_id: 'reports-e2e-sari-c' });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
  });

  test.afterAll(async () => {
    expect(problems).toEqual([]);
    await context.close();
  });

  const tab = (name: string) => page.getByRole('tablist', { name: 'Reports' }).getByRole('tab', { name });

  test('the owner opens Reports, sees the spending total, the charts and the heat map, and exports the transactions as CSV', async () => {
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Reports' }).click();
    await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
    await page.getByLabel('Program', { exact: true }).selectOption({ label: 'Warung Laporan Rewards' });
    // The filters are in the address: a report can be bookmarked.
    await expect(page).toHaveURL(/#\/reports\?.*program=prog_/);

    await expect(page.getByTestId('report-spending-total')).toHaveText(/Rp\s?170[.,]000/);
    await expect(page.getByText('4 purchases', { exact: true })).toBeVisible();
    // The per-day chart is drawn by recharts: an SVG with the area of the spending in it.
    const chart = page.getByTestId('spending-chart');
    await expect(chart.locator('svg.recharts-surface').last()).toBeVisible();
    await expect(chart.locator('.recharts-area-area')).toHaveCount(1);
    await page.getByRole('group', { name: 'Show per' }).getByRole('button', { name: 'Week' }).click();
    await expect(page.getByRole('heading', { name: 'Net spending per week' })).toBeVisible();
    await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();
    await expect(page.getByTestId('report-spending').getByRole('cell', { name: 'Warung Laporan Kemang' }).first()).toBeVisible();

    // The heat map: a table of 7 weekdays x 24 hours, coloured by purchases; every slot says its figures in words.
    const heat = page.getByTestId('spending-heatmap');
    const grid = heat.getByRole('table');
    await expect(grid.getByRole('rowheader')).toHaveCount(7);
    await expect(grid.getByRole('columnheader')).toHaveCount(24);
    await expect(grid.locator('td[data-step]')).toHaveCount(168);
    const hottest = grid.locator('td[data-step="5"]');
    await expect(hottest.first()).toBeVisible();
    await expect(hottest.first()).toHaveAccessibleName(/^\w+day \d\d:00–\d\d:00: \d+ purchases?, Rp\s?\d/);
    await expect(grid.locator('td[data-step="0"]').first()).toHaveAccessibleName(/^\w+day \d\d:00–\d\d:00: 0 purchases, Rp\s?0$/);
    await expect(heat.getByText(/^Busiest: \w+day \d\d:00–\d\d:00/)).toBeVisible();
    const purchasesInSlots = await grid.locator('td[data-step]').evaluateAll((cells) => cells.reduce((sum, c) => sum + Number(/: (\d+) purchase/.exec(c.textContent ?? '')?.[1] ?? 0), 0));
    expect(purchasesInSlots).toBe(4);
    await heat.getByRole('button', { name: 'Net spending' }).click();
    await expect(heat.getByRole('button', { name: 'Net spending' })).toHaveAttribute('aria-pressed', 'true');
    await expect(heat.getByRole('table', { name: /Net spending/ })).toBeVisible();

    // Ranked by card and by cardholder.
    const byCard = page.getByTestId('report-by-card');
    await expect(byCard.getByRole('row').nth(1)).toContainText('Budi Santoso');
    await expect(byCard.getByRole('row').nth(1)).toContainText(/Rp\s?150[.,]000/);
    await expect(byCard.getByRole('row').nth(2)).toContainText('Sari Dewi');
    await expect(page.getByTestId('report-by-cardholder').getByRole('row').nth(1)).toContainText('Budi Santoso');

    // The page scrolls inside its main area: a tall window shows the whole tab in one picture.
    await page.setViewportSize({ width: 1360, height: 3000 });
    await page.screenshot({ path: 'test-results/reports-owner.png' });
    await page.setViewportSize({ width: 1360, height: 860 });

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV', exact: true }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^kartu-transactions-.*\.csv$/);
    await expect(page.getByText(/\.csv saved \(4 rows\)/)).toBeVisible();
    const workbook = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export XLSX', exact: true }).click();
    const xlsx = await workbook;
    expect(xlsx.suggestedFilename()).toMatch(/^kartu-transactions-.*\.xlsx$/);
    expect(readFileSync((await xlsx.path())!).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  test('the card and tier filters narrow every report; a report downloads as a real XLSX workbook', async () => {
    const total = page.getByTestId('report-spending-total');
    // A card by its holder's name: the figures are that card's.
    await page.getByPlaceholder('Last 4 digits, name or phone').fill('Sari');
    await page.getByRole('list', { name: 'Matching cards' }).getByRole('button', { name: /Sari Dewi/ }).click();
    await expect(page.getByTestId('report-card-filter')).toContainText('Sari Dewi');
    await expect(page).toHaveURL(/card=card_/);
    await expect(total).toHaveText(/Rp\s?20[.,]000/);
    await expect(page.getByTestId('report-by-card').getByRole('row')).toHaveCount(2);
    await page.getByRole('button', { name: 'Remove the card filter' }).click();
    await expect(total).toHaveText(/Rp\s?170[.,]000/);
    // Or from the ranking: only this card.
    await page.getByRole('button', { name: /Show the reports for card •••• \d{4} only/ }).first().click();
    await expect(total).toHaveText(/Rp\s?150[.,]000/);
    await tab('Authorizations').click();
    await expect(page.getByTestId('report-approval-rate')).toHaveText('75%');
    await page.getByRole('button', { name: 'Remove the card filter' }).click();
    await expect(page.getByTestId('report-approval-rate')).toHaveText('80%');
    await expect(page.getByTestId('declines-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();

    // The tier when the purchase was made: Budi's last purchase was his first at Silver.
    await tab('Spending').click();
    await page.getByLabel(/^Tier/).selectOption({ label: 'Silver' });
    await expect(page).toHaveURL(/tier=tier_/);
    await expect(total).toHaveText(/Rp\s?25[.,]000/);
    await expect(page.getByText('1 purchase', { exact: true })).toBeVisible();
    await page.getByLabel(/^Tier/).selectOption({ label: 'Bronze' });
    await expect(total).toHaveText(/Rp\s?145[.,]000/);
    await page.getByLabel(/^Tier/).selectOption({ label: 'All tiers' });
    await expect(total).toHaveText(/Rp\s?170[.,]000/);

    // XLSX of a report: a zip (PK), with a workbook and a sheet per table of the report.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export By category as Excel (XLSX)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^kartu-spending-by-category-.*\.xlsx$/);
    const bytes = readFileSync((await file.path())!);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(bytes.includes(Buffer.from('PK\u0005\u0006', 'latin1'))).toBe(true);
    expect(bytes.includes(Buffer.from('xl/workbook.xml'))).toBe(true);
    await expect(page.getByTestId('report-by-category').getByRole('status')).toHaveText('Saved ✓');
    // And its CSV: the table on screen.
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export By category as CSV' }).click();
    const csv = readFileSync((await (await csvDownload).path())!, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toContain('net_minor');
    expect(csv).toContain('5812');
  });

  test('in Indonesian, with rupiah as people write it; an empty period says so', async () => {
    const filtered = page.url();
    await tab('Spending').click();
    await page.getByLabel('Language').selectOption('id');
    await expect(page.getByRole('heading', { name: 'Laporan', level: 1 })).toBeVisible();
    await expect(page.getByRole('tablist', { name: 'Laporan' }).getByRole('tab', { name: 'Belanja' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('report-spending-total')).toHaveText(/^Rp\s?170\.000$/);
    await expect(page.getByText('4 pembelian', { exact: true })).toBeVisible();
    const grid = page.getByTestId('spending-heatmap').getByRole('table');
    await expect(grid.getByRole('rowheader', { name: 'Sen', exact: true })).toBeVisible();
    await expect(grid.locator('td[data-step="5"]').first()).toHaveAccessibleName(/^\w+ \d\d\.00–\d\d\.00: \d+ pembelian, Rp\s?\d{1,3}(\.\d{3})*$/);
    // The engine names categories in English only: in Indonesian the branch's 5812 is named by its group.
    const byCategory = page.getByTestId('report-by-category');
    await expect(byCategory).toContainText('Restoran 5812');
    await expect(byCategory).not.toContainText('Eating places');
    await page.setViewportSize({ width: 1360, height: 1400 });
    await page.screenshot({ path: 'test-results/reports-id.png' });
    await page.setViewportSize({ width: 1360, height: 860 });

    await page.getByLabel('Dari', { exact: true }).fill('2020-01-01');
    await page.getByLabel('Sampai', { exact: true }).fill('2020-01-31');
    await expect(page.getByTestId('report-spending-total')).toHaveText(/^Rp\s?0$/);
    await expect(page.getByTestId('spending-heatmap')).toContainText('Tidak ada pembelian dalam periode ini.');
    await expect(page.getByTestId('spending-heatmap').getByRole('table')).toHaveCount(0);
    await expect(page.getByTestId('report-by-card')).toContainText('Tidak ada pembelian dalam periode ini.');
    await page.getByLabel('Bahasa').selectOption('en');
    await page.goto(filtered);
    await expect(page.getByTestId('report-spending-total')).toHaveText(/Rp\s?170[.,]000/);
    await expect(page.getByTestId('report-by-category')).toContainText('Eating places and Restaurants 5812');
  });

  test('loyalty: tiers and their movements, points, the liability in money and the campaign results', async () => {
    await tab('Loyalty').click();
    await expect(page.getByTestId('report-members')).toHaveText('2');
    await expect(page.getByTestId('tier-chart').locator('.recharts-bar-rectangle')).toHaveCount(2);
    const tiers = page.getByTestId('report-tiers');
    await expect(tiers.getByRole('row', { name: /Silver/ })).toContainText('1');
    const moves = page.getByTestId('report-tier-movements');
    await expect(moves.getByRole('row', { name: /Bronze Silver 1/ })).toBeVisible();
    await expect(moves).toContainText('1 up · 0 down');
    // Points at the catalogue's Rp 1.000 a point: the money owed matches the points outstanding.
    const points = Number((await page.getByTestId('report-liability-panel').getByText(/^\d+ points$/).textContent())!.replace(/\D/g, ''));
    expect(points).toBeGreaterThanOrEqual(16);
    await expect(page.getByTestId('report-liability-points')).toHaveText(new RegExp(`Rp\\s?${points}[.,]000`));
    await expect(page.getByTestId('report-liability')).toHaveText(new RegExp(`Rp\\s?${points}[.,]000`));
    const campaign = page.getByTestId('report-campaigns').getByRole('row', { name: /Bonus minggu ini/ });
    await expect(campaign).toBeVisible();
    await expect(campaign.getByRole('cell').nth(1)).toHaveText('2');
    await page.setViewportSize({ width: 1360, height: 2400 });
    await page.screenshot({ path: 'test-results/reports-loyalty.png' });
    await page.setViewportSize({ width: 1360, height: 860 });

    // Corporate cards are reported for a corporate program, or with all programs.
    await expect(tab('Corporate cards')).toHaveCount(0);
    await page.getByLabel('Program', { exact: true }).selectOption({ label: 'All programs' });
    await tab('Corporate cards').click();
    await expect(page.getByTestId('report-corporate-table')).toBeVisible();
  });

  test('accounting: the owner maps ledger accounts to their codes (a bad code is refused on its row) and downloads the journal', async () => {
    await tab('Accounting').click();
    const mapping = page.getByTestId('account-mapping');
    await expect(mapping.getByRole('rowheader', { name: /fees_income/ })).toBeVisible();
    await mapping.getByLabel('Account code for fees_income').fill('4-100');
    await mapping.getByLabel('Account name for fees_income').fill('Pendapatan biaya');
    await mapping.getByLabel('Account code for issuer_cash').fill('1-100 Kas!');
    await mapping.getByRole('button', { name: 'Save mapping' }).click();
    const bad = mapping.getByLabel('Account code for issuer_cash');
    await expect(bad).toHaveAttribute('aria-invalid', 'true');
    await expect(bad).toHaveAccessibleDescription('Use only letters, digits, spaces and . _ - / : (at most 40).');
    await expect(mapping.getByText('Nothing was saved: correct the highlighted field.')).toBeVisible();
    // Refused as a whole: nothing was written.
    const before = await rpc<{ accounts: Array<{ ledger_code: string; currency: string | null; account_code: string; mapped: boolean }> }>(context.request, 'account-mapping-get', {});
    expect(before.accounts.find((a) => a.ledger_code === 'fees_income')?.mapped).toBe(false);
    await page.setViewportSize({ width: 1360, height: 1800 });
    await page.screenshot({ path: 'test-results/reports-accounting.png' });
    await page.setViewportSize({ width: 1360, height: 860 });

    await bad.fill('1-100');
    await mapping.getByRole('button', { name: 'Save mapping' }).click();
    await expect(mapping.getByText('Account mapping saved.')).toBeVisible();
    await expect(bad).not.toHaveAttribute('aria-invalid', 'true');
    const after = await rpc<typeof before>(context.request, 'account-mapping-get', {});
    expect(after.accounts.find((a) => a.ledger_code === 'fees_income' && a.currency === null)).toMatchObject({ account_code: '4-100', mapped: true });
    expect(after.accounts.find((a) => a.ledger_code === 'issuer_cash' && a.currency === null)).toMatchObject({ account_code: '1-100', mapped: true });

    // The journal with the mapped codes, balanced; then Xero's bank statement of the cash account.
    const journal = page.getByTestId('journal-export');
    await journal.getByRole('button', { name: 'This month' }).click();
    const download = page.waitForEvent('download');
    await journal.getByRole('button', { name: 'Download journal' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^kartu-journal-.*\.csv$/);
    const lines = readFileSync((await file.path())!, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/debit.*credit|credit.*debit/);
    expect(lines.some((l) => l.includes('1-100'))).toBe(true);
    await expect(page.getByTestId('journal-result')).toContainText(/: balanced\./);
    await journal.getByText('Xero bank statement CSV').click();
    const xero = page.waitForEvent('download');
    await journal.getByRole('button', { name: 'Download journal' }).click();
    const xeroFile = await xero;
    expect(xeroFile.suggestedFilename()).toMatch(/^kartu-xero-issuer_cash-idr-.*\.csv$/);
    expect(readFileSync((await xeroFile.path())!, 'utf8')).toMatch(/^\*Date,\*Amount,Payee,Description,Reference/);
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
