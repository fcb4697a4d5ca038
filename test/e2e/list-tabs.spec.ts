import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { hostEnv } from './support/host-env.js';
import { rpc } from './support/rpc.js';

/**
 * The list tabs (earning rules, tiers, branches, the rewards catalogue, campaigns), "try it" in the
 * spending rules, and the settings sections with a confirmation (API keys, webhooks, staff) and the
 * audit log, as the owner uses them: an empty tab says what to add, a form in a dialog adds a row, a
 * row's action changes it, and anything that cannot be undone asks first. After the thin slice,
 * which set the owner's PIN.
 */
test.describe.serial('list tabs and settings', () => {
  let context: BrowserContext;
  let page: Page;
  let programId = '';
  const problems: string[] = [];

  test.beforeAll(async ({ browser }) => {
    const { baseURL } = hostEnv();
    context = await browser.newContext({ baseURL, locale: 'en-US', timezoneId: 'Asia/Jakarta', viewport: { width: 1360, height: 860 } });
    expect((await context.request.post('/session', { data: { pin: '2468' } })).ok()).toBe(true);
    const program = await rpc<{ id: string }>(context.request, 'program-create', { name: 'Teh Manis Club', kind: 'loyalty', currency: 'IDR', timezone: 'Asia/Jakarta' });
    programId = program.id;
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
  });

  test.afterAll(async () => {
    expect(problems).toEqual([]);
    await context.close();
  });

  test('earning rules: empty state, add a rule, archive it', async () => {
    await page.goto(`/#/programs/${programId}?tab=earning`);
    await expect(page.getByText('No earning rules yet')).toBeVisible();
    await page.getByRole('button', { name: 'New rule' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New earning rule' });
    await dialog.getByLabel('Name').fill('1 point per Rp 10.000');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByText('Rule “1 point per Rp 10.000” added.')).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: '1 point per Rp 10.000' });
    await expect(row).toContainText('Active');
    await page.screenshot({ path: 'test-results/list-tabs-earning.png' });
    await row.getByRole('button', { name: 'Archive' }).click();
    await expect(row).toContainText('Archived');
  });

  test('tiers: add one from a spend threshold, archive it', async () => {
    await page.goto(`/#/programs/${programId}?tab=tiers`);
    await expect(page.getByText('No tiers yet')).toBeVisible();
    await page.getByRole('button', { name: 'New tier' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New tier' });
    await dialog.getByLabel('Name').fill('Silver');
    await dialog.getByLabel('Starts at').fill('500000');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByText('Tier “Silver” added.', { exact: false })).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: 'Silver' });
    await expect(row).toContainText('Rp 500.000');
    await page.screenshot({ path: 'test-results/list-tabs-tiers.png' });
    await row.getByRole('button', { name: 'Archive' }).click();
    await expect(row).toContainText('Archived');
  });

  test('branches: a bad form is refused by field, a good one adds the branch', async () => {
    await page.goto(`/#/programs/${programId}?tab=branches`);
    await page.getByRole('button', { name: 'New branch' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New branch' });
    await dialog.getByLabel('Name').fill('Teh Manis Dago');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByLabel(/^Merchant id/)).toHaveAttribute('aria-invalid', 'true');
    await dialog.getByLabel(/^Merchant id/).fill('TM-BDG-DAGO1');
    await dialog.getByLabel('City').fill('Bandung');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByText('Branch “Teh Manis Dago” added.')).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: 'TM-BDG-DAGO1' })).toContainText('Bandung, ID');
  });

  test('spending rules: a purchase tried under an edited limit is declined with its reason, and nothing is written', async () => {
    const r = context.request;
    const holder = await rpc<{ id: string }>(r, 'cardholder-create', { name: 'Rina Wijaya', phone: '+6281298765432' });
    const card = await rpc<{ id: string }>(r, 'card-create', { program: programId, cardholder: holder.id, type: 'virtual' });
    await rpc(r, 'top-up-create', { card: card.id, amount: 50_000_000 });
    await page.goto(`/#/rules?card=${card.id}`);
    await expect(page.getByTestId('rules-target')).toContainText('Rina Wijaya');
    const tryIt = page.getByRole('region', { name: 'Try it' });
    await tryIt.getByLabel(/^Where/).selectOption({ label: 'Teh Manis Dago' });
    await tryIt.getByLabel('Purchase amount').fill('150000');
    await tryIt.getByRole('button', { name: 'Try' }).click();
    await expect(tryIt.getByTestId('try-it-result')).toContainText('Approved');
    // The same purchase under a Rp 100.000 limit typed in the editor, not saved.
    await page.getByRole('button', { name: 'Add a limit' }).click();
    await page.getByRole('textbox', { name: 'Amount', exact: true }).fill('100000');
    await tryIt.getByRole('button', { name: 'Try' }).click();
    const result = tryIt.getByTestId('try-it-result');
    await expect(result).toContainText('Declined');
    await expect(result).toContainText('above the card’s spending limit');
    await page.screenshot({ path: 'test-results/list-tabs-try-it.png', fullPage: true });
    const written = await rpc<{ data: unknown[] }>(r, 'authorization-list', { card: card.id });
    expect(written.data).toEqual([]);
  });

  test('catalogue: add a free drink, archive it and make it available again', async () => {
    await page.goto(`/#/rewards?program=${programId}&tab=catalogue`);
    await expect(page.getByText('No rewards yet')).toBeVisible();
    await page.getByRole('button', { name: 'New reward' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New reward' });
    // Sent without a name: a field to fill in, not the schema's "Too small: expected string…".
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByText('Fill in name: it is required.')).toBeVisible();
    await expect(dialog).not.toContainText('Too small');
    await dialog.getByLabel('Name').fill('Teh Manis Gratis');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByText('Reward “Teh Manis Gratis” added.')).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: 'Teh Manis Gratis' });
    await expect(row).toContainText('Available');
    await row.getByRole('button', { name: 'Archive' }).click();
    await expect(row).toContainText('Archived');
    await row.getByRole('button', { name: 'Make available' }).click();
    await expect(row).toContainText('Available');
    await page.screenshot({ path: 'test-results/list-tabs-catalogue.png' });
  });

  test('campaigns: add one with a budget, pause and resume it', async () => {
    await page.goto(`/#/rewards?program=${programId}&tab=campaigns`);
    await expect(page.getByText('No campaigns yet')).toBeVisible();
    await page.getByRole('button', { name: 'New campaign' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New campaign' });
    await dialog.getByLabel('Name').fill('Double points Ramadan');
    await dialog.getByLabel('Starts').fill('2026-01-01');
    await dialog.getByLabel('Ends').fill('2030-12-31');
    await dialog.getByLabel(/^Budget in points/).fill('5000');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByText('Campaign “Double points Ramadan” created.')).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: 'Double points Ramadan' });
    await expect(row).toContainText('0 of 5.000 points');
    await row.getByRole('button', { name: 'Pause' }).click();
    await expect(row).toContainText('Paused');
    await row.getByRole('button', { name: 'Resume' }).click();
    await expect(row).toContainText('Running');
    await page.screenshot({ path: 'test-results/list-tabs-campaigns.png' });
  });

  test('API keys: the secret is shown once; revoking asks first, and Cancel keeps the key', async () => {
    await page.goto('/#/settings?tab=keys');
    await page.getByRole('button', { name: 'Create key' }).click();
    const form = page.getByRole('dialog', { name: 'Create an API key' });
    await form.getByLabel(/^Name/).fill('Kasir POS');
    await form.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByTestId('new-secret')).toHaveText(/^kartu_test_/);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Kasir POS' });
    await row.getByRole('button', { name: 'Revoke' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke key Kasir POS?' });
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toBeHidden();
    await expect(row).toContainText('Active');
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog', { name: 'Revoke key Kasir POS?' }).getByRole('button', { name: 'Revoke' }).click();
    await expect(row).toContainText('Revoked');
  });

  test('webhooks: an endpoint is added with its signing secret, and deleted after confirming', async () => {
    await page.goto('/#/settings?tab=webhooks');
    await page.getByRole('button', { name: 'Add address' }).click();
    const form = page.getByRole('dialog', { name: 'Add a webhook address' });
    await form.getByLabel(/^Address/).fill('http://127.0.0.1:9911/kartu-e2e');
    await form.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByRole('dialog', { name: 'Signing secret' })).toContainText('whsec_');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    const row = page.getByRole('row').filter({ hasText: '127.0.0.1:9911/kartu-e2e' });
    await row.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this address?' });
    await expect(confirm).toContainText('http://127.0.0.1:9911/kartu-e2e');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect(row).toHaveCount(0);
  });

  test('staff: disabling a member asks first; enabling again does not', async () => {
    await page.goto('/#/settings?tab=staff');
    await page.getByRole('button', { name: 'Add staff member' }).click();
    const form = page.getByRole('dialog', { name: 'Add a staff member' });
    await form.getByLabel('Name').fill('Wulan Barista');
    await form.getByLabel('PIN').fill('86420');
    await form.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByText('Wulan Barista can now sign in with their PIN.')).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: 'Wulan Barista' });
    await row.getByRole('button', { name: 'Disable' }).click();
    const confirm = page.getByRole('dialog', { name: 'Disable Wulan Barista?' });
    await expect(confirm).toContainText('signed out at once');
    await page.screenshot({ path: 'test-results/list-tabs-staff-confirm.png' });
    await confirm.getByRole('button', { name: 'Disable' }).click();
    await expect(row).toContainText('Disabled');
    await row.getByRole('button', { name: 'Enable' }).click();
    await expect(row).toContainText('Active');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });

  test('audit log: who revoked the key, and the chain checks out', async () => {
    await page.goto('/#/settings?tab=audit');
    const revoked = page.getByRole('row').filter({ hasText: 'API key revoked' }).first();
    // Said in words; the command's name and the object's id are tooltips, not text on the row.
    await expect(revoked).not.toContainText('key-revoke');
    await expect(revoked.getByTitle('Command: key-revoke')).toBeVisible();
    await expect(revoked).toContainText('API key');
    await expect(revoked).not.toContainText('key_');
    await expect(revoked).toContainText('Owner');
    await expect(revoked).toContainText('Done');
    await page.getByRole('button', { name: 'Check the log' }).click();
    await expect(page.getByText(/The log is intact: [\d,]+ entries/)).toBeVisible();
    await page.screenshot({ path: 'test-results/list-tabs-audit.png' });
  });
});
