import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { hostEnv } from './support/host-env.js';
import { rpc, rpcError } from './support/rpc.js';

/**
 * Issue 8's journeys, in Chromium against the real headless host (after the thin slice, which set
 * the owner's PIN): a card issued at the counter, purchases until a tier upgrade, a free coffee
 * redeemed, a frozen card declined with its reason, a rule changed and replayed over history, and a
 * cashier kept out of the settings. Each saves a screenshot under test-results/.
 */
test.describe.serial('journeys', () => {
  let context: BrowserContext;
  let page: Page;
  let cardId = '';
  let programId = '';
  const problems: string[] = [];

  test.beforeAll(async ({ browser }) => {
    const { baseURL } = hostEnv();
    context = await browser.newContext({ baseURL, locale: 'en-US', timezoneId: 'Asia/Jakarta', viewport: { width: 1360, height: 860 } });
    expect((await context.request.post('/session', { data: { pin: '2468' } })).ok()).toBe(true);
    const r = context.request;
    // Kopi Nusantara's loyalty program as the story tells it: two branches, 1 point per Rp 10.000,
    // Bronze/Silver/Gold on spend, a free coffee at 100 points.
    await rpc(r, 'location-create', { name: 'Kopi Nusantara Sudirman', merchant_id: 'KN-JKT-SDR01', mcc: '5814', city: 'Jakarta', country: 'ID' });
    await rpc(r, 'location-create', { name: 'Kopi Nusantara Braga', merchant_id: 'KN-BDG-BRG03', mcc: '5814', city: 'Bandung', country: 'ID' });
    const program = await rpc<{ id: string }>(r, 'program-create', {
      name: 'Kopi Nusantara Rewards',
      kind: 'loyalty',
      currency: 'IDR',
      timezone: 'Asia/Jakarta',
      brand: { name: 'Kopi Nusantara', primary_color: '#6F4E37', secondary_color: '#A47551', text_color: '#FFF8EE' },
    });
    programId = program.id;
    await rpc(r, 'earning-rule-create', { program: program.id, type: 'spend', points: 1, unit_minor: 1_000_000, name: '1 point per Rp 10.000' });
    await rpc(r, 'tier-create', { program: program.id, name: 'Bronze', threshold: 0 });
    await rpc(r, 'tier-create', { program: program.id, name: 'Silver', threshold: 50_000_000 });
    await rpc(r, 'tier-create', { program: program.id, name: 'Gold', threshold: 200_000_000, benefits: { cashback_bps: 200 } });
    await rpc(r, 'reward-create', { program: program.id, name: 'Kopi Susu Gratis', kind: 'free_item', points_cost: 100, value: { item: 'Kopi Susu' } });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
  });

  test.afterAll(async () => {
    expect(problems).toEqual([]);
    await context.close();
  });

  test('a cashier issues a new member card at the counter in under 30 seconds, with its QR code', async () => {
    await page.goto('/#/counter');
    await page.getByLabel('Card program', { exact: true }).selectOption({ label: 'Kopi Nusantara Rewards' });
    await page.getByLabel('Branch', { exact: true }).selectOption({ label: 'Kopi Nusantara Sudirman' });
    await expect(page.getByLabel('Find a member')).toBeFocused();

    const started = Date.now();
    await page.keyboard.press('Alt+n');
    await page.getByLabel('Name', { exact: true }).fill('Dewi Lestari');
    await page.getByLabel(/^Phone/).fill('0812 7777 1234');
    await page.getByLabel(/^Birthday/).fill('1992-08-17');
    await page.getByLabel(/^Birthday/).press('Enter');
    await expect(page.getByRole('heading', { name: 'Card ready for Dewi Lestari' })).toBeVisible();
    expect(Date.now() - started).toBeLessThan(30_000);

    const qr = page.getByTestId('issued-card').getByRole('img', { name: /QR code of card •••• \d{4}/ });
    await expect(qr).toBeVisible();
    cardId = (await qr.getAttribute('data-payload')) ?? '';
    expect(cardId).toMatch(/^card_/);
    await expect(page.getByRole('button', { name: 'Print card' })).toBeVisible();
    await page.screenshot({ path: 'test-results/journey-1-issue-card.png' });

    // The phone as a cashier types it finds her again.
    await page.keyboard.press('F2');
    await page.getByLabel('Find a member').fill('0812-7777-1234');
    await page.getByLabel('Find a member').press('Enter');
    await expect(page.getByRole('heading', { name: 'Dewi Lestari' })).toBeVisible();
    await expect(page.getByTestId('member-tier')).toHaveText('Bronze');
  });

  test('purchases at the counter earn points until the member moves up a tier', async () => {
    await page.keyboard.press('Alt+t');
    await page.getByRole('textbox', { name: 'Amount', exact: true }).fill('1000000');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('counter-result')).toContainText('Topped up Rp 1.000.000');
    await expect(page.getByTestId('member-balance')).toHaveText('Rp 1.000.000');

    await page.keyboard.press('Alt+p');
    const amount = page.getByRole('textbox', { name: 'Amount', exact: true });
    await amount.fill('250.000');
    await expect(page.getByRole('button', { name: 'Charge Rp 250.000' })).toBeVisible();
    await amount.press('Enter');
    await expect(page.getByTestId('counter-result')).toContainText('Paid Rp 250.000');
    await expect(page.getByTestId('counter-result')).toContainText('+25 points');
    await expect(page.getByTestId('member-tier')).toHaveText('Bronze');

    await amount.fill('250000');
    await amount.press('Enter');
    await expect(page.getByTestId('counter-result')).toContainText('New tier: Silver!');
    await expect(page.getByTestId('member-tier')).toHaveText('Silver');
    await expect(page.getByTestId('member-points')).toHaveText('50');
    await page.screenshot({ path: 'test-results/journey-2-tier-upgrade.png' });

    for (let i = 0; i < 2; i++) {
      await amount.fill('250000');
      await amount.press('Enter');
      await expect(page.getByTestId('member-points')).toHaveText(String(75 + i * 25));
    }

    // The card network goes down: the counter still sells, deciding alone (stand-in), and says so.
    await rpc(context.request, 'top-up-create', { card: cardId, amount: 500_000 });
    await rpc(context.request, 'sandbox-network-set', { outage: true });
    try {
      await amount.fill('5000');
      await amount.press('Enter');
      await expect(page.getByTestId('counter-result')).toContainText('Paid Rp 5.000');
      await expect(page.getByTestId('counter-result')).toContainText('decided offline (stand-in)');
      await page.screenshot({ path: 'test-results/journey-2b-stand-in.png' });
    } finally {
      await rpc(context.request, 'sandbox-network-set', { outage: false });
    }
    const advices = await rpc<{ data: Array<{ kind: string }> }>(context.request, 'network-advice-list', { kind: 'stand_in', limit: 10 });
    expect(advices.data).toHaveLength(1);
    await expect(page.getByTestId('member-points')).toHaveText('100');
  });

  test('the member redeems a free coffee for 100 points', async () => {
    await page.keyboard.press('Alt+r');
    await page.getByRole('button', { name: 'Redeem Kopi Susu Gratis' }).click();
    await expect(page.getByTestId('counter-result')).toContainText('Redeemed: Kopi Susu Gratis');
    await expect(page.getByTestId('counter-result')).toContainText('0 points left');
    await expect(page.getByTestId('member-points')).toHaveText('0');
    await expect(page.getByRole('button', { name: 'Redeem Kopi Susu Gratis' })).toBeDisabled();
    await page.screenshot({ path: 'test-results/journey-3-free-coffee.png' });
  });

  test('the redemption is listed under the member’s name, not an id', async () => {
    await page.goto(`/#/rewards?program=${programId}&tab=redemptions`);
    const row = page.getByRole('row').filter({ hasText: 'Kopi Susu Gratis' }).first();
    await expect(row.getByRole('link', { name: 'Dewi Lestari' })).toHaveAttribute('href', /^#\/cardholders\/ch_/);
    await expect(row).not.toContainText('ch_');

    // Her page lists her last ten purchases and leads to all of them, filtered to her.
    await row.getByRole('link', { name: 'Dewi Lestari' }).click();
    await page.getByTestId('cardholder-transactions').getByRole('link', { name: 'See all transactions' }).click();
    await expect(page).toHaveURL(/#\/transactions\?cardholder=ch_/);
    await expect(page.getByRole('button', { name: /Dewi Lestari/ })).toBeVisible();
    await expect(page.getByRole('grid').getByRole('row').nth(1)).toContainText('Kopi Nusantara');

    // Its rule trace names the branch, not the engine's location id.
    await page.getByRole('grid').getByRole('row').nth(1).click();
    const trace = page.getByRole('list', { name: 'Rule trace' });
    await expect(trace.getByRole('listitem').filter({ hasText: 'own branch' })).toContainText(/Kopi Nusantara (Sudirman|Braga) is one of the business’s own branches/);
    await expect(trace).not.toContainText('loc_');
    // Its category is said in words with the code, not the bare code.
    await expect(page.getByText('Restaurants · 5814')).toBeVisible();
  });

  test('a frozen card is declined at the counter with the reason, the ISO code and the rule trace', async () => {
    await page.goto(`/#/cards/${cardId}`);
    await expect(page.getByRole('heading', { name: /•••• \d{4} · Dewi Lestari/ })).toBeVisible();
    // A loyalty card needs a name and a phone: what full KYC lacks is said, but not as this card's problem.
    await expect(page.getByTestId('kyc-missing')).toContainText('Enough for this card. Full KYC (debit, credit and corporate cards) still needs: national ID, address');
    await expect(page.getByTestId('kyc-missing')).not.toHaveClass(/danger-text/);
    await page.getByRole('button', { name: 'Freeze', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: /Freeze card/ });
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Freeze card' }).click();
    await expect(page.getByText(/is now Frozen/)).toBeVisible();

    // At the counter the card is scanned: the QR code carries the card id.
    await page.goto('/#/counter');
    await page.getByLabel('Find a member').fill(cardId);
    await page.getByLabel('Find a member').press('Enter');
    await expect(page.getByTestId('member-panel')).toContainText('purchases will be declined');
    const amount = page.getByRole('textbox', { name: 'Amount', exact: true });
    await amount.fill('25000');
    await amount.press('Enter');
    const result = page.getByTestId('counter-result');
    await expect(result).toContainText('Declined · Rp 25.000');
    await expect(result).toContainText('The card is frozen or not yet activated.');
    await expect(result).toContainText('ISO code 05');
    await result.getByText('Why this decision').click();
    await expect(result.getByRole('list', { name: 'Rule trace' }).getByRole('listitem').first()).toContainText('Card status');
    await page.screenshot({ path: 'test-results/journey-4-frozen-declined.png' });

    // The transactions list shows the decline and why.
    await page.goto('/#/transactions');
    await page.getByLabel('Decision').selectOption('declined');
    const row = page.getByRole('row').filter({ hasText: 'The card is frozen or not yet activated.' }).first();
    await row.click();
    await expect(page.getByTestId('decline-reason')).toContainText('The card is frozen or not yet activated. (ISO code 05)');
    // Beside the open detail the list still shows where each purchase was (the merchant had no width).
    const merchant = row.locator('.vtable__merchant .cell-strong');
    await expect(merchant).toHaveText(/^Kopi Nusantara /);
    expect((await merchant.boundingBox())?.width ?? 0).toBeGreaterThan(100);
    await page.getByRole('link', { name: /•••• \d{4}/ }).first().click();
    await page.getByRole('button', { name: 'Unfreeze' }).click();
    await expect(page.getByText(/is now Active/)).toBeVisible();
  });

  test('a manager changes a spending rule, replays it over past purchases and saves it', async () => {
    await page.goto(`/#/rules?card=${cardId}`);
    await expect(page.getByTestId('rules-target')).toContainText('Dewi Lestari');
    await page.getByRole('button', { name: 'Add a limit' }).click();
    await page.getByRole('textbox', { name: 'Amount', exact: true }).fill('100000');
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    const replay = page.getByTestId('replay-result');
    // The four Rp 250.000 purchases would now be above the limit (61); the frozen decline stays 05.
    await expect(replay).toContainText('4 would change');
    await expect(replay).toContainText('4 newly declined');
    // The badge says the decision in words, the reason beside it says why; the ISO code is only its tooltip.
    const newlyDeclined = replay.getByRole('row').filter({ hasText: 'This purchase is above the card’s spending limit.' });
    await expect(newlyDeclined).toHaveCount(4);
    await expect(newlyDeclined.first().locator('.badge--danger')).toHaveText('Declined');
    await expect(newlyDeclined.first().locator('.badge--danger')).toHaveAttribute('title', 'ISO code 61');
    await expect(replay).not.toContainText('Declined · ');
    await page.screenshot({ path: 'test-results/journey-5-rule-replay.png', fullPage: true });
    await page.getByRole('button', { name: 'Save rules' }).click();
    await expect(page.getByText('Rules saved. They apply to the next purchase.')).toBeVisible();

    await page.goto(`/#/cards/${cardId}`);
    await expect(page.getByTestId('controls-summary')).toContainText('Rp 100.000 per purchase');
  });

  test('a cashier signs in with a PIN, works the counter, and is kept out of the settings', async ({ browser }) => {
    await page.goto('/#/settings?tab=staff');
    await page.getByRole('button', { name: 'Add staff member' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a staff member' });
    await dialog.getByLabel('Name').fill('Rudi Kasir');
    await dialog.getByLabel('Role').selectOption('cashier');
    await dialog.getByLabel('PIN').fill('1357');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByText('Rudi Kasir can now sign in with their PIN.')).toBeVisible();

    const { baseURL } = hostEnv();
    const cashier = await browser.newContext({ baseURL, locale: 'en-US', timezoneId: 'Asia/Jakarta', viewport: { width: 1360, height: 860 } });
    const till = await cashier.newPage();
    await till.goto('/');
    await till.getByLabel('Staff PIN').fill('1357');
    await till.getByRole('button', { name: 'Sign in' }).click();
    await expect(till.getByRole('link', { name: 'Open counter mode' })).toBeVisible();
    const nav = till.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav.getByRole('link', { name: 'Counter mode' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Settings' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: 'Spending rules' })).toHaveCount(0);

    await till.goto('/#/settings');
    await expect(till.getByTestId('settings-blocked')).toContainText('Settings are for managers and owners');
    await till.screenshot({ path: 'test-results/journey-6-cashier-blocked.png' });

    // Programs are listed for the cashier, without a "New program" that only leads to a refusal.
    await till.goto('/#/programs');
    await expect(till.getByRole('cell', { name: /Kopi Nusantara Rewards/ })).toBeVisible();
    await expect(till.getByRole('link', { name: 'New program' })).toHaveCount(0);

    // Hidden is not the guard: the core refuses the cashier's rule change itself.
    const refused = await rpcError(cashier.request, 'card-update', { id: cardId, spending_controls: { spending_limits: [] } });
    expect(refused.status).toBe(403);
    expect(refused.error.code).toBe('insufficient_permissions');
    await cashier.close();
  });

  test('the first screen is interactive quickly after a page load', async () => {
    const started = Date.now();
    await page.goto('/#/dashboard');
    await expect(page.getByRole('link', { name: 'Transactions' })).toBeVisible();
    await expect(page.getByTestId('kpi-sales')).toHaveText(/^Rp\s/);
    const elapsed = Date.now() - started;
    console.log(`first screen interactive after ${elapsed} ms`);
    // The 1.5 s budget is measured on the demo data by support/readme-screenshots.ts; on this shared,
    // often overloaded machine the e2e run asserts it only when asked (KARTU_STRICT_TIMING=1).
    expect(elapsed).toBeLessThan(process.env.KARTU_STRICT_TIMING === '1' ? 1_500 : 10_000);
    await page.screenshot({ path: 'test-results/journey-dashboard.png' });
  });
});
