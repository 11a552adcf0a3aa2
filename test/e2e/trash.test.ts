import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClean, launchBrowser, openPage, startApp, type RunningApp } from './harness';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});


// Intl separates the symbol and groups with non-breaking spaces.
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

describe('the trash, end to end in Chromium through browser mode', () => {
  it('lists a deleted interaction and purchase, restores one, deletes one for good, and empties', async () => {
    const w = await openPage(browser, app);
    const { page } = w;

    // First run: euros.
    const welcome = page.getByRole('dialog', { name: 'Welcome to Rapport' });
    await welcome.waitFor();
    await page.getByLabel('Find a currency').fill('euro');
    expect(await page.getByLabel('Currency', { exact: true }).inputValue()).toBe('EUR');
    await welcome.locator('#field-locale').selectOption('fr-FR');
    await page.getByRole('button', { name: 'Start my book' }).click();
    await welcome.waitFor({ state: 'detached' });

    // A contact, a phone call (L) and a purchase (P).
    await page.keyboard.press('n');
    await page.getByRole('dialog', { name: 'New contact' }).waitFor();
    await page.fill('#field-name', 'Chloé Martin');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'Chloé Martin', level: 1 }).waitFor();
    await page.locator('#contact-detail').focus();
    await page.keyboard.press('l');
    const log = page.getByRole('dialog', { name: 'Log an interaction' });
    await log.waitFor();
    await page.keyboard.press('2');
    await page.fill('#field-note', 'Asked about the spring menu');
    await page.keyboard.press('Enter');
    await log.waitFor({ state: 'detached' });
    const timeline = page.getByRole('region', { name: 'Timeline' });
    const interaction = timeline.locator('.tl-item[data-kind="interaction"]');
    await interaction.waitFor();

    await page.locator('#contact-detail').focus();
    await page.keyboard.press('p');
    const buy = page.getByRole('dialog', { name: 'Record a purchase' });
    await buy.waitFor();
    await page.fill('#field-amount', '12,50');
    await page.keyboard.press('Enter');
    await buy.waitFor({ state: 'detached' });
    const purchase = timeline.locator('.tl-item[data-kind="purchase"]');
    await purchase.waitFor();

    // Both to the trash from the timeline.
    await interaction.hover();
    await interaction.getByRole('button', { name: 'Delete interaction' }).click();
    await expect.poll(() => interaction.count()).toBe(0);
    await purchase.hover();
    await purchase.getByRole('button', { name: 'Delete purchase' }).click();
    await expect.poll(() => purchase.count()).toBe(0);

    // The trash lists them, newest first, with the amount in euros and a link to the contact.
    await page.getByRole('link', { name: /Trash/ }).click();
    const table = page.getByRole('table', { name: 'Items in the trash' });
    await table.waitFor();
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).getAttribute('data-kind')).toBe('purchase');
    expect(plain(await rows.nth(0).textContent())).toContain('12,50 €');
    expect(await rows.nth(1).textContent()).toContain('Phone call with Chloé Martin');
    await rows.nth(1).getByRole('link', { name: 'Chloé Martin' }).waitFor();

    // Restore the call: it leaves the trash and is back on the timeline.
    await page.getByRole('button', { name: 'Restore Phone call with Chloé Martin' }).click();
    await page.getByText('Restored “Phone call with Chloé Martin”').waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().getByRole('link', { name: 'Chloé Martin' }).click();
    await page.getByRole('heading', { name: 'Chloé Martin', level: 1 }).waitFor();
    await interaction.waitFor();
    expect(await interaction.textContent()).toContain('Asked about the spring menu');

    // Delete it again, and this time for good (after an inline confirm).
    await interaction.hover();
    await interaction.getByRole('button', { name: 'Delete interaction' }).click();
    await expect.poll(() => interaction.count()).toBe(0);
    await page.getByRole('link', { name: /Trash/ }).click();
    await table.waitFor();
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByRole('button', { name: 'Delete Phone call with Chloé Martin for good' }).click();
    const confirm = page.getByRole('group', { name: 'Delete Phone call with Chloé Martin for good?' });
    await confirm.getByText('Delete for good?').waitFor();
    await confirm.getByRole('button', { name: 'Delete for good' }).click();
    await page.getByText('Deleted “Phone call with Chloé Martin” for good').waitFor();
    await expect.poll(() => rows.count()).toBe(1);

    // Empty the trash: the confirm says how many go.
    await page.getByRole('button', { name: 'Empty trash' }).click();
    const emptying = page.getByRole('group', { name: 'Empty the trash?' });
    await emptying.getByText('Delete all 1 item for good?').waitFor();
    await emptying.getByRole('button', { name: 'Delete 1 item' }).click();
    await page.getByText('The trash is empty').waitFor();

    // Neither comes back on the timeline.
    await page.getByRole('link', { name: /Contacts/ }).first().click();
    await page.locator('.contact-row', { hasText: 'Chloé Martin' }).click();
    await page.getByRole('heading', { name: 'Chloé Martin', level: 1 }).waitFor();
    await page.getByText('Nothing on the timeline yet').waitFor();

    fs.mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/trash.png' });
    await expectClean(w);
    await w.context.close();
  });
});
