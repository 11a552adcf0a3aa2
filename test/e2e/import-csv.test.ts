import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
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

const fixture = (name: string) => path.join(import.meta.dirname, '../fixtures/import', name);

describe('CSV import, end to end in Chromium through browser mode', () => {
  it('previews a file, maps a column from the keyboard, imports, and reports the bad row by its line', async () => {
    const w = await openPage(browser, app);
    const { page } = w;
    await passFirstRun(page);
    await page.getByRole('link', { name: 'Your data' }).click();
    const card = page.locator('section', { has: page.getByRole('heading', { name: /Import contacts from a spreadsheet/ }) });
    await card.getByRole('button', { name: 'Choose a CSV file' }).waitFor();

    // Drop the file on the card's drop area (as a DataTransfer), as the owner would.
    const bytes = fs.readFileSync(fixture('bad-row.csv')).toString('base64');
    const dataTransfer = await page.evaluateHandle((b64) => {
      const dt = new DataTransfer();
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bin], 'bad-row.csv', { type: 'text/csv' }));
      return dt;
    }, bytes);
    await card.locator('.import-drop').dispatchEvent('drop', { dataTransfer });

    await card.getByText('4 rows · Spreadsheet').waitFor();
    expect(await card.getByLabel('Separator').inputValue()).toBe(',');
    // The suggested mapping, and one column changed from the keyboard: Notes → ignored.
    const notes = card.getByLabel(/^Notes/);
    expect(await notes.inputValue()).toBe('notes');
    await notes.focus();
    await notes.selectOption('ignore');
    expect(await card.getByLabel(/^Email/).inputValue()).toBe('email');

    await card.getByRole('radio', { name: /Merge/ }).check();
    await card.getByRole('button', { name: 'Import 4 rows' }).click();
    await card.getByText('3 contacts added.').waitFor();
    await card.getByText(/4 rows read from bad-row\.csv .*1 row was skipped/).waitFor();
    const skipped = card.getByRole('table');
    const cells = await skipped.locator('tbody tr').first().locator('td').allTextContents();
    expect(cells).toEqual(['5', 'Bad Email', 'Email "not-an-email": Enter an email address like ana@example.com']);

    // The report downloads as CSV.
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: /Download the skipped rows/ }).click()]);
    expect(download.suggestedFilename()).toBe('bad-row-skipped-rows.csv');
    const text = fs.readFileSync((await download.path()) ?? '', 'utf8');
    expect(text).toContain('5,Bad Email');

    // The contacts are in the book, the ignored notes not.
    await page.getByRole('link', { name: /Contacts/ }).click();
    await page.getByText('Good Two').click();
    await page.getByRole('heading', { name: 'Good Two', level: 1 }).waitFor();
    expect(await page.getByText('on two lines').count()).toBe(0);
    expectClean(w);
    await w.context.close();
  });

  it('a file that is not text is refused with a clear message, nothing imported', async () => {
    const w = await openPage(browser, app);
    const { page } = w;
    await passFirstRun(page);
    await page.getByRole('link', { name: 'Your data' }).click();
    const card = page.locator('section', { has: page.getByRole('heading', { name: /Import contacts from a spreadsheet/ }) });
    await card.locator('input[type=file]').setInputFiles({ name: 'photo.csv', mimeType: 'text/csv', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0a, 0, 0, 0]) });
    await card.getByRole('alert').getByText(/This is not a CSV file: it holds binary data \(line 2\)/).waitFor();
    expect(await card.getByRole('button', { name: 'Choose a CSV file' }).isEnabled()).toBe(true);
    expectClean(w);
    await w.context.close();
  });
});
