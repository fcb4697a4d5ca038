import { expect, test } from '@playwright/test';
import { installFakeBridge } from './support/fake-bridge.js';
import { COFFEE_LOGO_SVG, hostEnv } from './support/host-env.js';

/**
 * Issue 2's thin slice, in Chromium against a real `npm run serve` on an empty data folder:
 * sign in with the printed link, create a branded program, add a cardholder, issue a virtual card
 * and see it listed with its masked number.
 */
test.describe.serial('thin slice', () => {
  test('sign in by link, create a branded program, add a cardholder, issue a virtual card, see it listed', async ({ page }) => {
    const { tokenUrl, baseURL } = hostEnv();
    const problems: string[] = [];
    // Every failed request and script error is a problem, except the one refusal this test provokes.
    page.on('response', (response) => {
      const expected = response.status() === 400 && response.url().endsWith('/rpc/cardholder-create');
      if (response.status() >= 400 && !expected) problems.push(`${response.status()} ${response.url()}`);
    });
    page.on('pageerror', (error) => problems.push(error.message));

    await page.goto(tokenUrl);
    await expect(page).toHaveURL(`${baseURL}/`);
    await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
    await expect(page.getByTestId('mode-indicator')).toHaveText('SANDBOX');

    // A branded program, with the card face previewed as it is designed.
    await page.getByRole('link', { name: 'Programs' }).click();
    await expect(page.getByRole('heading', { name: 'Programs' })).toBeVisible();
    await expect(page.getByText('No programs yet')).toBeVisible();
    await page.getByRole('link', { name: 'New program' }).first().click();
    await page.getByLabel('Program name').fill('Kopi Nusantara Member');
    await page.getByLabel('Kind').selectOption('loyalty');
    await page.getByLabel('Currency').selectOption('IDR');
    await page.getByLabel('Name on the card').fill('Kopi Nusantara');
    await page.getByLabel('Main colour').fill('#6f4e37');
    await page.getByLabel('Second colour').fill('#c8a27a');
    await page.getByLabel('Logo (optional)').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: COFFEE_LOGO_SVG });
    // The picker speaks the app's language (not the browser's "Choose File / No file chosen") and names the file.
    await expect(page.getByText('logo.svg', { exact: true })).toBeVisible();
    await expect(page.getByText('Choose image…')).toBeVisible();
    const preview = page.getByRole('complementary', { name: 'Preview' });
    await expect(preview.getByRole('img')).toHaveAttribute('aria-label', /Kopi Nusantara/);
    await expect(preview.locator('stop').first()).toHaveAttribute('stop-color', '#6F4E37');
    await expect(preview.locator('image')).toHaveAttribute('href', /^data:image\/svg\+xml;base64,/);
    await page.screenshot({ path: 'test-results/program-designer.png' });
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByText('Program “Kopi Nusantara Member” created.')).toBeVisible();
    await expect(page.getByRole('cell', { name: /Kopi Nusantara Member/ })).toBeVisible();

    // A cardholder; a bad phone number is refused by name first.
    await page.getByRole('link', { name: 'Cardholders' }).click();
    await page.getByRole('link', { name: 'New cardholder' }).first().click();
    await page.getByLabel('Full name').fill('Siti Rahayu');
    await page.getByLabel(/^Phone/).fill('0812345');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByText(/Invalid phone/).first()).toBeVisible();
    // A field typed wrong is a form to check, not "Something went wrong".
    await expect(page.getByRole('alert').filter({ hasText: 'Check the form' })).toBeVisible();
    await expect(page.getByLabel(/^Phone/)).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel(/^Phone/).fill('+6281234567890');
    await page.getByLabel(/^E-mail/).fill('siti@example.co.id');
    await page.getByLabel(/^Birth date/).fill('1990-04-17');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByText('Cardholder “Siti Rahayu” added.')).toBeVisible();
    await expect(page.getByRole('cell', { name: /Siti Rahayu/ })).toBeVisible();

    // A virtual card: the confirmation names status, masked number and holder.
    await page.getByRole('link', { name: 'Cards', exact: true }).click();
    await expect(page.getByText('No cards yet')).toBeVisible();
    await page.getByRole('link', { name: 'Issue card' }).first().click();
    await page.getByLabel('Program', { exact: true }).selectOption({ label: 'Kopi Nusantara Member · Loyalty · IDR' });
    await page.getByLabel('Cardholder', { exact: true }).selectOption({ label: 'Siti Rahayu · +62 812-3456-7890' });
    await page.getByLabel('Virtual').check();
    await page.getByRole('button', { name: 'Issue card' }).click();
    await expect(page.getByRole('heading', { name: 'Card issued' })).toBeVisible();
    const issued = (await page.getByTestId('issued-number').textContent()) ?? '';
    expect(issued).toMatch(/^•••• \d{4}$/);
    await expect(page.getByText(`Card ${issued} issued to Siti Rahayu — status: Active.`)).toBeVisible();

    await page.getByRole('button', { name: 'See all cards' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Siti Rahayu' });
    await expect(row.getByTestId('masked-number')).toHaveText(issued);
    await expect(row).toContainText('Kopi Nusantara Member');
    await expect(row).toContainText('Active');
    // Nothing on the page shows more than the last 4 digits.
    expect(await page.locator('body').innerText()).not.toMatch(/\d{12,19}/);
    await page.screenshot({ path: 'test-results/thin-slice.png', fullPage: true });

    // Freezing asks first; the list then says Frozen.
    await row.getByRole('button', { name: `Freeze ${issued}` }).click();
    const dialog = page.getByRole('dialog', { name: `Freeze card ${issued}?` });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Freeze card' }).click();
    await expect(row).toContainText('Frozen');
    await expect(page.getByText(`Card ${issued} is now Frozen.`)).toBeVisible();

    // Live data is another database: going there asks first, and the sandbox card is not in it.
    await page.getByRole('group', { name: 'Choose sandbox or live data' }).getByRole('button', { name: 'Live' }).click();
    await page.getByRole('dialog', { name: 'Switch to live data?' }).getByRole('button', { name: 'Switch to live' }).click();
    await expect(page.getByTestId('mode-indicator')).toHaveText('LIVE');
    await expect(page.getByText('No cards yet')).toBeVisible();
    await page.getByRole('group', { name: 'Choose sandbox or live data' }).getByRole('button', { name: 'Sandbox' }).click();
    await expect(page.getByTestId('mode-indicator')).toHaveText('SANDBOX');
    await expect(page.getByRole('row').filter({ hasText: 'Siti Rahayu' })).toBeVisible();

    // The owner sets a PIN (no Settings screen for staff yet: straight through the RPC), for the next test.
    const session = await (await page.request.get(`${baseURL}/session`)).json();
    const set = await page.request.post(`${baseURL}/rpc/staff-update`, {
      headers: { 'X-Kartu-Mode': 'live' },
      data: { input: { id: session.result.staff.id, pin: '2468' } },
    });
    expect(set.ok()).toBe(true);

    expect(problems).toEqual([]);
  });

  test('staff sign in with their PIN; the app follows an Indonesian system language', async ({ browser }) => {
    const { baseURL } = hostEnv();
    const context = await browser.newContext({ locale: 'id-ID', baseURL });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Masuk' })).toBeVisible();
    await page.getByLabel('PIN staf').fill('1111');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await expect(page.getByText('PIN tidak tepat. Coba lagi, atau minta pemilik untuk mengaturnya ulang.')).toBeVisible();
    await expect(page.getByLabel('PIN staf')).toHaveAttribute('aria-invalid', 'true');
    await page.screenshot({ path: 'test-results/sign-in-wrong-pin.png' });

    // Wrong PINs are slowed down by the host: wait out the pause it asks for.
    await expect(async () => {
      await page.getByLabel('PIN staf').fill('2468');
      await page.getByRole('button', { name: 'Masuk' }).click();
      await expect(page.getByRole('navigation', { name: 'Navigasi utama' })).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByRole('link', { name: 'Dasbor' })).toBeVisible();
    await page.getByRole('link', { name: 'Kartu', exact: true }).click();
    await expect(page.getByRole('row').filter({ hasText: 'Siti Rahayu' })).toContainText('Dibekukan');
    await context.close();
  });

  test('the same screens over the desktop bridge (window.kartu named methods)', async ({ browser }) => {
    const { baseURL } = hostEnv();
    const context = await browser.newContext({ baseURL, locale: 'en-US' });
    const signIn = await context.request.post('/session', { data: { pin: '2468' } });
    expect(signIn.ok()).toBe(true);
    const page = await context.newPage();
    await installFakeBridge(page);
    await page.goto('/#/settings');
    await expect(page.getByText('the desktop app')).toBeVisible();

    // Keyboard: the first Tab reaches "Skip to content", which moves the focus past the navigation.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();

    await page.getByRole('link', { name: 'Cardholders' }).click();
    await page.getByRole('link', { name: 'New cardholder' }).first().click();
    await page.getByLabel('Full name').fill('Budi Santoso');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByText('Cardholder “Budi Santoso” added.')).toBeVisible();
    await expect(page.getByRole('cell', { name: /Siti Rahayu/ })).toBeVisible();
    const calls = await page.evaluate(() => (globalThis as unknown as { __bridgeCalls: string[] }).__bridgeCalls);
    expect(calls).toEqual(expect.arrayContaining(['cardholderCreate', 'cardholderList']));
    await context.close();
  });
});
