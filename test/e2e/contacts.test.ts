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


describe('contacts, end to end in Chromium through browser mode', () => {
  it('creates, finds, edits, deletes and undoes a contact', async () => {
    const w = await openPage(browser, app);
    const { page } = w;
    // The home screen is Today: go to the contacts.
    await page.goto(`${app.url}#/contacts`);
    await page.getByText('Your people live here').waitFor();
    // The first run asks for the book's currency and locale; the suggestion is fine here.
    await page.getByRole('dialog', { name: 'Welcome to Rapport' }).waitFor();
    await page.getByRole('button', { name: 'Start my book' }).click();
    await page.getByRole('dialog', { name: 'Welcome to Rapport' }).waitFor({ state: 'detached' });

    // New contact from the keyboard; a bad email is refused and shown beside its field.
    await page.keyboard.press('n');
    await page.getByRole('dialog', { name: 'New contact' }).waitFor();
    await page.fill('#field-name', 'Ana Lima');
    await page.getByRole('button', { name: 'Add email' }).click();
    await page.getByLabel('Email 1', { exact: true }).fill('ana@example');
    await page.getByRole('button', { name: 'Add contact' }).click();
    await expect.poll(() => page.locator('#err-emails-0').textContent()).toContain('Enter an email address');
    expect(await page.getByLabel('Email 1', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Email 1', { exact: true }).fill('ana@example.com');
    await page.getByRole('button', { name: 'Add phone' }).click();
    await page.getByLabel('Phone 1', { exact: true }).fill('+1 (555) 010-2030');
    await page.fill('#field-tags', 'vip,');
    await page.fill('#field-notes', 'Loves oat flat whites.');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'Ana Lima', level: 1 }).waitFor();
    expect(page.url()).toMatch(/#\/contacts\/\d+$/);

    // A business, and a person who works there.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Open the command palette' }).click();
    await page.getByPlaceholder('Find a contact, or type a command…').fill('new business');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'New business' }).waitFor();
    await page.fill('#field-name', 'Café Lumen');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Café Lumen', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New contact' }).first().click();
    await page.fill('#field-name', 'Ben Okafor');
    await page.getByLabel('Works at').selectOption({ label: 'Café Lumen' });
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'Ben Okafor', level: 1 }).waitFor();
    await page.locator('.who').getByRole('link', { name: 'Café Lumen' }).waitFor();

    // Find: search as you type across names, business names, emails and phone digits.
    const search = page.getByLabel('Search contacts');
    const listed = () => page.locator('.contact-row .name').allTextContents();
    await search.fill('lum');
    await expect.poll(listed).toEqual(expect.arrayContaining(['Café Lumen', 'Ben Okafor']));
    expect(await listed()).not.toContain('Ana Lima');
    await search.fill('cafe');
    await expect.poll(listed).toContain('Café Lumen');
    await search.fill('5550102');
    await expect.poll(listed).toEqual(['Ana Lima']);
    await search.fill('ana@ex');
    await expect.poll(listed).toEqual(['Ana Lima']);
    await search.press('Enter');
    await page.getByRole('heading', { name: 'Ana Lima', level: 1 }).waitFor();

    // Edit with the keyboard: E opens the form, Enter saves.
    await page.locator('#contact-detail').focus();
    await page.keyboard.press('e');
    await page.getByRole('dialog', { name: 'Edit Ana Lima' }).waitFor();
    await page.fill('#field-name', 'Ana Lima-Souza');
    await page.selectOption('#field-stage', 'customer');
    await page.fill('#field-cadence', '0');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('#err-cadenceDays').textContent()).toContain('at least every 1 day');
    await page.fill('#field-cadence', '30');
    await page.locator('#field-name').press('Enter');
    await page.getByRole('heading', { name: 'Ana Lima-Souza', level: 1 }).waitFor();
    await page.getByText('Every 30 days').waitFor();
    await search.fill('');
    await expect.poll(listed).toEqual(['Ana Lima-Souza', 'Ben Okafor', 'Café Lumen']);

    // Delete to the trash, then Undo from the toast.
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Moved Ana Lima-Souza to the trash').waitFor();
    await expect.poll(listed).toEqual(['Ben Okafor', 'Café Lumen']);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(listed).toEqual(['Ana Lima-Souza', 'Ben Okafor', 'Café Lumen']);

    // Delete again and restore from the trash screen.
    await page.locator('.contact-row', { hasText: 'Ben Okafor' }).click();
    await page.getByRole('heading', { name: 'Ben Okafor', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(listed).toEqual(['Ana Lima-Souza', 'Café Lumen']);
    await page.getByRole('link', { name: /Trash/ }).click();
    await page.getByRole('table', { name: 'Items in the trash' }).waitFor();
    await page.getByRole('button', { name: 'Restore Ben Okafor' }).click();
    await page.getByText('The trash is empty').waitFor();
    await page.getByRole('link', { name: /Contacts/ }).first().click();
    await expect.poll(listed).toEqual(['Ana Lima-Souza', 'Ben Okafor', 'Café Lumen']);

    await page.screenshot({ path: 'test-results/contacts.png' });
    await expectClean(w);
    await w.context.close();
  });

  it('moves through the list and opens a contact from the command palette with the keyboard', async () => {
    const w = await openPage(browser, app);
    const { page } = w;
    await page.goto(`${app.url}#/contacts`);
    await page.locator('.contact-row').first().waitFor();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search contacts');
    await page.keyboard.press('ArrowDown');
    await page.getByRole('heading', { name: 'Ana Lima-Souza', level: 1 }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('heading', { name: 'Ben Okafor', level: 1 }).waitFor();

    await page.keyboard.press('Control+k');
    await page.keyboard.type('caf');
    await page.locator('.palette').getByRole('option', { name: 'Café Lumen', exact: true }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Café Lumen', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'People' }).getByText('Ben Okafor').waitFor();

    // The palette also acts on the contact it found: log an interaction with Ben.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('ben');
    await page.locator('.palette').getByRole('option', { name: 'Log interaction with Ben Okafor' }).click();
    await page.getByRole('dialog', { name: 'Log an interaction' }).waitFor();
    await page.getByRole('heading', { name: 'Ben Okafor', level: 1 }).waitFor();
    await page.keyboard.press('Escape');
    await expectClean(w);
    await w.context.close();
  });

  it('follows the system theme, and the manual override wins', async () => {
    const w = await openPage(browser, app, { colorScheme: 'dark' });
    const { page } = w;
    await page.goto(`${app.url}#/contacts`);
    await page.locator('.contact-row').first().waitFor();
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe('rgb(23, 26, 25)');
    await page.screenshot({ path: 'test-results/contacts-dark.png' });
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: /Light/ }).click();
    await expect.poll(background).toBe('rgb(255, 255, 255)');
    await page.getByRole('radio', { name: /Follow the system/ }).click();
    await expect.poll(background).toBe('rgb(23, 26, 25)');
    await page.getByText(app.dataDir).first().waitFor();
    await expectClean(w);
    await w.context.close();
  });
});
