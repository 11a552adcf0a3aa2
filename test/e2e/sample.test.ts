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

/** The number in the contacts list's summary ("312 contacts"). */
const listed = (text: string | null) => Number((/^([\d,.\s\u00a0\u202f]+) contacts?\b/.exec(text ?? '')?.[1] ?? 'NaN').replace(/[^\d]/g, ''));

describe('the sample business, end to end in Chromium through browser mode', () => {
  it('loads the sample café on first run, shows hundreds of contacts, and removes it from Settings', async () => {
    const w = await openPage(browser, app);
    const { page } = w;
    const nav = page.getByRole('navigation', { name: 'Main' });

    // First run: the currency, then the sample café instead of an empty book.
    const welcome = page.getByRole('dialog', { name: 'Welcome to Rapport' });
    await welcome.waitFor();
    await welcome.locator('#field-currency').selectOption('EUR');
    await welcome.locator('#field-locale').selectOption('en-GB');
    const loadCafe = welcome.getByRole('button', { name: 'Load a sample café' });
    await loadCafe.waitFor();
    // Note every progress bar the page ever shows: the load may be over in a blink.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenProgress: string[] }).seenProgress = seen;
      new MutationObserver(() => {
        for (const bar of document.querySelectorAll('progress')) {
          const label = bar.getAttribute('aria-label') ?? '';
          if (!seen.includes(label)) seen.push(label);
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    fs.mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/sample-first-run.png' });
    // From the keyboard: focus the button and press Enter.
    await loadCafe.focus();
    await page.keyboard.press('Enter');
    await welcome.waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByText(/Loaded the sample café: \d+ contacts with two years of history/).waitFor();
    expect(await page.evaluate(() => (window as unknown as { seenProgress: string[] }).seenProgress)).toContain('Loading the sample café');

    // The contacts list shows hundreds of them, searchable.
    await nav.getByRole('link', { name: /^Contacts/ }).click();
    const summary = page.locator('.list-summary > span').first();
    await expect.poll(async () => listed(await summary.textContent()), { timeout: 10_000 }).toBeGreaterThan(250);
    await expect.poll(() => page.locator('.contact-row').count()).toBeGreaterThan(8);
    const navCount = await nav.getByRole('link', { name: /^Contacts/ }).locator('.count').textContent();
    expect(Number((navCount ?? '').replace(/\D/g, ''))).toBeGreaterThan(250);

    // Settings says what is loaded; the question to remove it can be dismissed from the keyboard.
    await nav.getByRole('link', { name: 'Settings' }).click();
    const card = page.getByRole('region', { name: 'Sample business' });
    await card.getByText('The sample café is loaded').waitFor();
    const removeButton = card.getByRole('button', { name: 'Remove the sample' });
    await removeButton.click();
    const question = page.getByRole('alertdialog', { name: 'Remove the sample café?' });
    await question.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keep it');
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Remove the sample');
    await removeButton.click();
    await page.screenshot({ path: 'test-results/sample-settings.png', fullPage: true });
    await question.getByRole('button', { name: 'Remove for good' }).click();
    await page.getByText('Removed the sample café for good').waitFor();
    // The card offers a sample again: the book is empty.
    await card.getByRole('button', { name: 'Load a sample consultancy' }).waitFor();

    // The contacts list is empty.
    await nav.getByRole('link', { name: /^Contacts/ }).click();
    await page.getByText('Your people live here').waitFor();
    await expect.poll(async () => summary.textContent()).toBe('0 contacts');
    expect(await page.locator('.contact-row').count()).toBe(0);

    expectClean(w);
    await w.context.close();
  });

  it('loads from Settings in the dark theme too', async () => {
    const w = await openPage(browser, app, { colorScheme: 'dark' });
    const { page } = w;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const card = page.getByRole('region', { name: 'Sample business' });
    await card.getByRole('button', { name: 'Load a sample consultancy' }).click();
    await card.getByText('The sample consultancy is loaded').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: 'test-results/sample-settings-dark.png', fullPage: true });
    expectClean(w);
    await w.context.close();
  });
});
