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

describe('vCard import, end to end in Chromium through browser mode', () => {
  it('imports a 2.1 file with quoted-printable and charsets, shows the contacts, and a second import updates them', async () => {
    const w = await openPage(browser, app, { colorScheme: 'dark' });
    const { page } = w;
    await passFirstRun(page);
    await page.getByRole('link', { name: 'Your data' }).click();
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'Import vCards' }) });
    await card.locator('input[type=file]').setInputFiles(fixture('vcard-30.vcf'));
    await card.getByText('vcard-30.vcf').waitFor();
    await card.getByRole('button', { name: 'Import the cards' }).click();
    await card.getByText('1 contact added, 1 business created from company names.').waitFor();
    await card.getByRole('button', { name: 'Import another file' }).click();

    await card.locator('input[type=file]').setInputFiles(fixture('vcard-21.vcf'));
    await card.getByRole('button', { name: 'Import the cards' }).click();
    await card.getByText(/2 contacts added/).waitFor();
    await card.getByText(/2 cards read from vcard-21\.vcf .*none skipped/).waitFor();
    await card.getByRole('button', { name: 'Import another file' }).click();

    // Again: the card with a UID is updated, not duplicated.
    await card.locator('input[type=file]').setInputFiles(fixture('vcard-30.vcf'));
    await card.getByRole('button', { name: 'Import the cards' }).click();
    await card.getByText('0 contacts added, 1 updated.').waitFor();

    await page.getByRole('link', { name: /Contacts/ }).click();
    await page.getByText('Jürgen Müller').click();
    await page.getByRole('heading', { name: 'Jürgen Müller', level: 1 }).waitFor();
    await page.getByText('Bäckerei Müller').first().waitFor();
    await page.getByText('juergen@mueller.example').first().waitFor();
    await page.getByRole('link', { name: /Contacts/ }).click();
    expect(await page.getByText("Dr. Siobhán O'Neil").count()).toBe(1);
    expectClean(w);
    await w.context.close();
  });
});
