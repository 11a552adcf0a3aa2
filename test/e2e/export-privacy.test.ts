import fs from 'node:fs';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClean, launchBrowser, openPage, passFirstRun, startApp, type RunningApp } from './harness';

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

async function addContact(page: Page, name: string, notes = ''): Promise<void> {
  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog', { name: 'New contact' });
  await dialog.waitFor();
  await page.fill('#field-name', name);
  if (notes) await page.fill('#field-notes', notes);
  await page.keyboard.press('Control+Enter');
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

describe('exports and erasing, end to end in Chromium through browser mode', () => {
  it('exports the contacts list as CSV, then erases a contact from its page', async () => {
    const w = await openPage(browser, app);
    const { page } = w;
    await passFirstRun(page);
    await addContact(page, 'Zoë Dubois, "Zed"', '=SUM(1,2)');
    await addContact(page, 'Ana Lima');
    await addContact(page, 'Erin Erasable');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: /^Contacts/ }).click();
    await page.getByText('3 contacts').waitFor();

    // The list's Export menu: CSV of this list, saved as a download.
    await page.getByRole('button', { name: 'Export this list' }).click();
    const menu = page.getByRole('menu', { name: 'Export this list' });
    await menu.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), menu.getByRole('menuitem', { name: /CSV for a spreadsheet/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.map((r) => r['Name'])).toEqual(['Ana Lima', 'Erin Erasable', 'Zoë Dubois, "Zed"']);
    expect(parsed.data[2]!['Notes']).toBe("'=SUM(1,2)");
    await page.getByText('Saved contacts-').waitFor();

    // Erase Erin from her page: the dialog names her, warns, and wants her name typed.
    await page.locator('.contact-row', { hasText: 'Erin Erasable' }).click();
    await page.getByRole('heading', { name: 'Erin Erasable', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Erase for good…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase Erin Erasable for good' });
    await dialog.waitFor();
    await dialog.getByText('It cannot be undone').waitFor();
    await dialog.getByText(/backup/).first().waitFor();
    fs.mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/erase-dialog.png' });
    const erase = dialog.getByRole('button', { name: 'Erase for good' });
    expect(await erase.isDisabled()).toBe(true);
    await dialog.getByLabel(/Type Erin Erasable to confirm/).fill('Erin');
    expect(await erase.isDisabled()).toBe(true);
    await dialog.getByLabel(/Type Erin Erasable to confirm/).fill('Erin Erasable');
    await erase.click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Erin Erasable is erased for good.').waitFor();
    await page.getByText('2 contacts').waitFor();
    expect(await page.locator('.contact-row .name').allTextContents()).toEqual(['Ana Lima', 'Zoë Dubois, "Zed"']);
    // Not in the trash either: it is gone for good.
    await nav.getByRole('link', { name: /^Trash/ }).click();
    await page.getByText('The trash is empty').waitFor();
    expectClean(w);
  });
});
