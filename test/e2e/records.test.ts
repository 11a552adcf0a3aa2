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

describe('records, end to end in Chromium through browser mode', () => {
  it('chooses the currency, logs an interaction, records a purchase and a refund, deletes and undoes', async () => {
    const w = await openPage(browser, app);
    const { page } = w;

    // First run: the book's currency and locale.
    const welcome = page.getByRole('dialog', { name: 'Welcome to Rapport' });
    await welcome.waitFor();
    await page.getByLabel('Find a currency').fill('euro');
    expect(await page.getByLabel('Currency', { exact: true }).inputValue()).toBe('EUR');
    // The locale is picked from a list of named regions, found by typing (in English or in French).
    await page.getByLabel('Find a language and region').fill('français france');
    expect(await page.getByLabel('Language and region for numbers and dates').inputValue()).toBe('fr-FR');
    await expect.poll(async () => plain(await page.getByTestId('money-preview').textContent())).toContain('1 234,56 €');
    await page.getByRole('button', { name: 'Start my book' }).click();
    await welcome.waitFor({ state: 'detached' });

    // A contact.
    await page.keyboard.press('n');
    await page.getByRole('dialog', { name: 'New contact' }).waitFor();
    await page.fill('#field-name', 'Chloé Martin');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'Chloé Martin', level: 1 }).waitFor();
    await page.getByText('Nothing on the timeline yet').waitFor();
    await page.getByText(/Added today, no interaction yet/).waitFor();

    // L: a phone call of 15 minutes with a note, from the keyboard.
    await page.locator('#contact-detail').focus();
    await page.keyboard.press('l');
    const log = page.getByRole('dialog', { name: 'Log an interaction' });
    await log.waitFor();
    await page.keyboard.press('2');
    expect(await page.getByRole('radio', { name: /Phone/ }).getAttribute('aria-checked')).toBe('true');
    await page.fill('#field-minutes', '15');
    await page.fill('#field-note', 'Asked about the spring menu');
    await page.keyboard.press('Enter');
    await log.waitFor({ state: 'detached' });
    const timeline = page.getByRole('region', { name: 'Timeline' });
    const interaction = timeline.locator('.tl-item[data-kind="interaction"]');
    await interaction.waitFor();
    expect(await interaction.textContent()).toContain('Phone');
    expect(await interaction.textContent()).toContain('15 min');
    expect(await interaction.textContent()).toContain('Asked about the spring menu');
    await page.getByText(/Last touch today/).waitFor();

    // P: a purchase of 12,50 €; a bad amount is refused beside its field first.
    await page.locator('#contact-detail').focus();
    await page.keyboard.press('p');
    const buy = page.getByRole('dialog', { name: 'Record a purchase' });
    await buy.waitFor();
    await page.fill('#field-amount', 'douze');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#err-amount').textContent()).toContain('Enter an amount');
    await page.fill('#field-amount', '12,50');
    await page.fill('#field-description', 'Flat white et croissant');
    await page.keyboard.press('Enter');
    await buy.waitFor({ state: 'detached' });
    const purchases = timeline.locator('.tl-item[data-kind="purchase"]');
    await expect.poll(async () => plain(await purchases.first().textContent())).toContain('12,50 €');

    // A refund shows as a negative amount, in the 'bad' colour.
    await page.getByRole('button', { name: /Purchase/ }).first().click();
    await buy.waitFor();
    await page.fill('#field-amount', '4,00');
    await page.getByLabel('This is a refund').check();
    await page.keyboard.press('Enter');
    await buy.waitFor({ state: 'detached' });
    await expect.poll(() => purchases.count()).toBe(2);
    const refund = timeline.locator('.tl-amount.negative');
    await expect.poll(async () => plain(await refund.textContent())).toBe('-4,00 €');

    // Delete the purchase: it leaves the timeline, and Undo brings it back.
    const sale = purchases.filter({ hasText: 'Flat white et croissant' });
    await sale.hover();
    await sale.getByRole('button', { name: 'Delete purchase' }).click();
    await page.getByText('Moved the purchase to the trash').waitFor();
    await expect.poll(() => purchases.count()).toBe(1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => purchases.count()).toBe(2);
    await expect.poll(async () => plain(await sale.textContent())).toContain('12,50 €');

    // Edit the interaction: the form opens with its values.
    await interaction.hover();
    await interaction.getByRole('button', { name: 'Edit interaction' }).click();
    await page.getByRole('dialog', { name: 'Edit interaction' }).waitFor();
    expect(await page.inputValue('#field-minutes')).toBe('15');
    await page.fill('#field-minutes', '20');
    await page.locator('#field-minutes').press('Enter');
    await expect.poll(async () => interaction.textContent()).toContain('20 min');

    fs.mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/records.png' });
    await expectClean(w);
    await w.context.close();
  });
});
