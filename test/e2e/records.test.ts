import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
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

/** A call to the app's API, as the page makes it, for what the screen does not show. */
async function call<T = unknown>(page: Page, running: RunningApp, method: string, input: unknown): Promise<T> {
  const token = new URL(running.url).searchParams.get('token');
  const response = await page.request.post(`${running.origin}/api/${method}`, { headers: { authorization: `Bearer ${token}` }, data: input });
  const result = (await response.json()) as { ok: boolean; value?: unknown; error?: unknown };
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

describe('amounts read the way the book writes them', () => {
  it('records "4,80" as 4,80 € in a German book, and refuses it beside the field in an American one', async () => {
    // A book of its own: the first run picks the locale here.
    const own = await startApp();
    try {
      for (const scheme of ['light', 'dark'] as const) {
        const w = await openPage(browser, own, { colorScheme: scheme });
        const { page } = w;
        if (scheme === 'light') {
          const welcome = page.getByRole('dialog', { name: 'Welcome to Rapport' });
          await welcome.waitFor();
          await page.getByLabel('Find a currency').fill('euro');
          await page.getByLabel('Find a language and region').fill('deutschland');
          expect(await page.getByLabel('Language and region for numbers and dates').inputValue()).toBe('de-DE');
          await expect.poll(async () => plain(await page.getByTestId('money-preview').textContent())).toContain('1.234,56 €');
          await page.getByRole('button', { name: 'Start my book' }).click();
          await welcome.waitFor({ state: 'detached' });
          await page.keyboard.press('n');
          await page.getByRole('dialog', { name: 'New contact' }).waitFor();
          await page.fill('#field-name', 'Jonas Weber');
          await page.keyboard.press('Control+Enter');
        } else {
          await page.goto(`${own.url}#/contacts`);
          await page.locator('.contact-row', { hasText: 'Jonas Weber' }).click();
        }
        await page.getByRole('heading', { name: 'Jonas Weber', level: 1 }).waitFor();
        const contact = (await call<{ rows: { id: number }[] }>(page, own, 'contacts.list', {})).rows[0]!;
        const purchases = async () => (await call<{ items: { kind: string; record: { amount: number } }[] }>(page, own, 'contacts.timeline', { contactId: contact.id })).items.filter((i) => i.kind === 'purchase').map((i) => i.record.amount);
        const timeline = page.getByRole('region', { name: 'Timeline' });

        if (scheme === 'light') {
          // de-DE: "4,80" is four euros eighty, and the field says so before anything is saved.
          await page.locator('#contact-detail').focus();
          await page.keyboard.press('p');
          const buy = page.getByRole('dialog', { name: 'Record a purchase' });
          await buy.waitFor();
          const field = page.locator('#field-amount');
          await field.pressSequentially('4,80');
          await expect.poll(async () => plain(await page.getByTestId('reads-amount').textContent())).toBe('Records 4,80 €');
          expect(await field.getAttribute('aria-describedby')).toBe('reads-amount');
          fs.mkdirSync('test-results', { recursive: true });
          await buy.screenshot({ path: 'test-results/amount-records-de-DE.png' });
          await page.keyboard.press('Enter');
          await buy.waitFor({ state: 'detached' });
          await expect.poll(async () => plain(await timeline.locator('.tl-item[data-kind="purchase"] .tl-amount').first().textContent())).toBe('4,80 €');
          expect(await purchases()).toEqual([480]);

          // The same book in en-US (Settings' Book card has the same picker): there "4,80" is not an amount.
          await page.getByRole('link', { name: 'Settings' }).click();
          await page.getByLabel('Find a language and region').fill('united states');
          expect(await page.getByLabel('Language and region for numbers and dates').inputValue()).toBe('en-US');
          await page.locator('section', { has: page.getByRole('heading', { name: 'Book' }) }).getByRole('button', { name: 'Save' }).click();
          await page.getByText('Saved the book’s currency and locale').waitFor();
          expect((await call<{ locale: string }>(page, own, 'settings.get', {})).locale).toBe('en-US');
          await page.goto(`${own.url}#/contacts`);
          await page.locator('.contact-row', { hasText: 'Jonas Weber' }).click();
          await page.getByRole('heading', { name: 'Jonas Weber', level: 1 }).waitFor();
        }

        // en-US: "4,80" is refused beside the field, read to a screen reader, and nothing is recorded.
        await page.locator('#contact-detail').focus();
        await page.keyboard.press('p');
        const buy = page.getByRole('dialog', { name: 'Record a purchase' });
        await buy.waitFor();
        const field = page.locator('#field-amount');
        await field.pressSequentially('4,80');
        // Typing on could still make it 4,800: no refusal yet, and no "Records" line either.
        expect(await page.getByTestId('reads-amount').count()).toBe(0);
        await page.keyboard.press('Enter');
        const refusal = 'Write 4.80 for €4.80, or 480 for €480.00: here “,” only separates thousands, as in 1,234,567.50.';
        await expect.poll(() => page.locator('#err-amount').textContent()).toBe(refusal);
        expect(await field.getAttribute('aria-invalid')).toBe('true');
        expect(await field.getAttribute('aria-describedby')).toBe('err-amount');
        expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
        await buy.screenshot({ path: `test-results/amount-refused-en-US-${scheme}.png` });
        expect(await buy.isVisible()).toBe(true);
        expect(await purchases()).toEqual([480]);

        // Mended as the message says, the line shows what will be recorded, and it is.
        await field.fill('4.80');
        await expect.poll(() => page.getByTestId('reads-amount').textContent()).toBe('Records €4.80');
        await expect.poll(() => page.locator('#err-amount').count()).toBe(0);
        await buy.screenshot({ path: `test-results/amount-records-en-US-${scheme}.png` });
        await page.keyboard.press('Escape');
        await buy.waitFor({ state: 'detached' });
        expect(await purchases()).toEqual([480]);
        await expectClean(w);
        await w.context.close();
      }
    } finally {
      await own.stop();
    }
  });
});
