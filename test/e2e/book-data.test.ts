import fs from 'node:fs';
import path from 'node:path';
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

/** A call straight to the back end, as another window would make it (a change the page did not make). */
async function call(method: string, input: unknown): Promise<unknown> {
  const token = new URL(app.url).searchParams.get('token') ?? '';
  const res = await fetch(`${app.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  const result = (await res.json()) as { ok: boolean; value?: unknown; error?: unknown };
  if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** The contacts list as the page shows it, one text per row. */
async function contactRows(page: Page): Promise<string> {
  await page.goto(`${app.origin}/#/contacts`);
  await page.locator('.contact-row').first().waitFor();
  await expect.poll(() => page.locator('.contact-row .row-skeleton').count()).toBe(0);
  return (await page.locator('.contact-row').allTextContents()).join(' | ');
}

const shots = path.resolve('test-results');

describe('the whole book out and back, and backups, in Chromium', () => {
  it('exports the book as JSON and imports it again (replace), after a backup, and shows the same contacts', async () => {
    const w = await openPage(browser, app);
    const { page } = w;
    await passFirstRun(page);
    await call('contacts.create', { name: 'Ana Lima', emails: [{ label: 'work', value: 'ana@example.com' }], tags: ['VIP'] });
    await call('contacts.create', { name: 'Ben Okafor' });

    await page.goto(`${app.origin}/#/data`);
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'The whole book as JSON' }) });
    await card.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Export the book (.json)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^rapport-book-\d{4}-\d{2}-\d{2}\.json$/);
    const file = path.join(app.dataDir, download.suggestedFilename());
    await download.saveAs(file);
    const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as { format: string; tables: { contacts: { rows: unknown[] } } };
    expect(exported.format).toBe('rapport-book');
    expect(exported.tables.contacts.rows).toHaveLength(2);
    await page.getByText(/Exported the whole book \(2 contacts\)/).waitFor();

    // A change after the export, from elsewhere: the import puts the book back as exported.
    await call('contacts.create', { name: 'Cleo After' });

    await card.getByLabel('Choose a Rapport JSON export').setInputFiles(file);
    await expect.poll(() => card.getByRole('radio', { name: /Replace this book/ }).isChecked()).toBe(true);
    await card.getByRole('button', { name: 'Import…' }).click();
    const confirm = card.getByRole('alertdialog', { name: 'Import this book?' });
    await expect.poll(() => confirm.textContent()).toMatch(/A backup of the current book is made first/);
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'book-data-import-confirm.png') });
    await confirm.getByRole('button', { name: 'Back up and replace' }).click();

    // The window reloads on the new book and says what happened.
    await page.getByText(/Imported rapport-book-.*: 2 contacts\./).waitFor({ timeout: 30_000 });
    await page.getByText(/The book before is kept as the backup before-import-/).first().waitFor();
    const backups = page.locator('section', { has: page.getByRole('heading', { name: 'Backups' }) });
    await backups.locator('tr', { hasText: 'Before an import' }).first().waitFor();

    const rows = await contactRows(page);
    expect(rows).toContain('Ana Lima');
    expect(rows).toContain('Ben Okafor');
    expect(rows).not.toContain('Cleo After');
    expectClean(w);
    await w.context.close();
  });

  it('backs up now, restores the backup after a change, and keeps the book before aside', async () => {
    const w = await openPage(browser, app);
    const { page } = w;
    await passFirstRun(page);
    await page.goto(`${app.origin}/#/data`);
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'Backups' }) });
    await card.getByRole('button', { name: 'Back up now' }).click();
    const manual = card.locator('tr', { hasText: 'Made by you' });
    await manual.first().waitFor();
    await page.getByText(/Backed up: manual-/).waitFor();
    expect(await manual.count()).toBe(1);

    await call('contacts.create', { name: 'Dora Later' });

    await manual.getByRole('button', { name: /^Restore the backup of/ }).click();
    const confirm = card.getByRole('alertdialog', { name: /^Restore the backup of/ });
    await expect.poll(() => confirm.textContent()).toMatch(/your current book is kept aside as a backup/);
    // Keyboard: the safe choice has the focus.
    expect(await confirm.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === document.activeElement)).toBe(true);
    await confirm.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'book-data-restore-confirm.png') });
    await confirm.getByRole('button', { name: 'Restore this backup' }).click();

    await page.getByText(/Restored manual-.*: 2 contacts\./).waitFor({ timeout: 30_000 });
    await card.locator('tr', { hasText: 'Before a restore' }).first().waitFor();
    const rows = await contactRows(page);
    expect(rows).not.toContain('Dora Later');
    expect(rows).toContain('Ana Lima');
    expect(rows).toContain('Ben Okafor');
    expectClean(w);
    await w.context.close();
  });

  it('shows where the data and the backups live, in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const w = await openPage(browser, app, { colorScheme: scheme });
      const { page } = w;
      await passFirstRun(page);
      await page.goto(`${app.origin}/#/settings`);
      const data = page.locator('section', { has: page.getByRole('heading', { name: 'Your data' }) });
      await data.getByText(path.join(app.dataDir, 'backups')).waitFor();
      await data.getByRole('link', { name: /Import, export and backups/ }).click();
      await page.getByRole('heading', { name: 'Backups' }).waitFor();
      await page.locator('.backups-table tr').nth(2).waitFor();
      await page.screenshot({ path: path.join(shots, `book-data-${scheme}.png`) });
      // The screen scrolls inside its page: the list of backups is further down.
      await page.locator('.page').evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await page.screenshot({ path: path.join(shots, `book-data-${scheme}-backups.png`) });
      expectClean(w);
      await w.context.close();
    }
  });
});
