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

/** A CSV of `n` people, each row padded with a long note, so the file is a few megabytes. */
function bigCsv(n: number): Buffer {
  const lines = ['Name,Email,Notes'];
  const pad = 'x'.repeat(200);
  for (let i = 0; i < n; i++) lines.push(`Big Person ${i},big${i}@example.com,Note ${i} ${pad}`);
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

const uploads = () => {
  const dir = path.join(app.dataDir, 'uploads');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
};

describe('a big file goes to the back end in chunks, end to end in Chromium through browser mode', () => {
  it('a 6 MB CSV is sent in chunks with "Sending the file", previewed, imported, and its upload removed', async () => {
    const w = await openPage(browser, app);
    const { page } = w;
    await passFirstRun(page);
    await page.getByRole('link', { name: 'Your data' }).click();
    const card = page.locator('section', { has: page.getByRole('heading', { name: /Import contacts from a spreadsheet/ }) });
    await card.getByRole('button', { name: 'Choose a CSV file' }).waitFor();

    const rows = 25_000;
    const bytes = bigCsv(rows);
    expect(bytes.length).toBeGreaterThan(5.5 * 1024 * 1024);
    // Every call the page makes, to see the chunks go by.
    const calls: string[] = [];
    page.on('request', (r) => {
      const m = /\/api\/([^?]+)/.exec(r.url());
      if (m?.[1]) calls.push(m[1]);
    });
    await card.locator('input[type=file]').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: bytes });
    await card.getByText(`${rows.toLocaleString('en')} rows · Spreadsheet`).waitFor();
    expect(calls.filter((c) => c === 'uploads.begin')).toHaveLength(1);
    expect(calls.filter((c) => c === 'uploads.append')).toHaveLength(2);
    expect(calls).toContain('csv.preview');
    // The preview keeps the upload for the import.
    expect(uploads()).toHaveLength(1);

    await card.getByRole('button', { name: `Import ${rows.toLocaleString('en')} rows` }).click();
    await card.getByText(`${rows.toLocaleString('en')} contacts added.`).waitFor({ timeout: 60_000 });
    expect(uploads()).toEqual([]);
    expectClean(w);
    await w.context.close();
  });

  it('shows "Sending the file" while the chunks go, and "Choose another file" drops the upload', async () => {
    const w = await openPage(browser, app);
    const { page } = w;
    await passFirstRun(page);
    await page.getByRole('link', { name: 'Your data' }).click();
    const card = page.locator('section', { has: page.getByRole('heading', { name: /Import contacts from a spreadsheet/ }) });
    await card.getByRole('button', { name: 'Choose a CSV file' }).waitFor();
    // Slow the chunks down so the bar can be seen.
    await page.route('**/api/uploads.append', async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
    await card.locator('input[type=file]').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: bigCsv(25_000) });
    await card.getByRole('status').getByText(/Sending the file \d+%/).waitFor();
    await card.getByText('25,000 rows · Spreadsheet').waitFor();
    expect(uploads()).toHaveLength(1);
    await card.getByRole('button', { name: 'Choose another file' }).click();
    await expect.poll(() => uploads()).toEqual([]);
    expectClean(w);
    await w.context.close();
  });
});
