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

const DAY = 86_400_000;

/** Setup and checks through the API, with the token from the address the app printed. */
async function call<T = unknown>(page: Page, method: string, input: unknown): Promise<T> {
  const token = new URL(app.url).searchParams.get('token');
  const response = await page.request.post(`${app.origin}/api/${method}`, { headers: { authorization: `Bearer ${token}` }, data: input });
  const result = (await response.json()) as { ok: boolean; value?: unknown; error?: unknown };
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

interface Figures {
  totalReturn: number;
  ror: number | null;
}
const figuresOf = async (page: Page, id: number) => (await call<{ figures: Figures }>(page, 'figures.contact', { id })).figures;

/** Four contacts whose figures differ: a good one, two time sinks, one with no time (no ROR). */
async function seed(page: Page): Promise<Record<string, number>> {
  const at = Date.now() - 3 * DAY;
  const ids: Record<string, number> = {};
  const plan: [string, number, number][] = [
    // name, minutes of interactions, purchases (minor units)
    ['Ana Lima', 120, 30000],
    ['Ben Okafor', 60, 2000],
    ['Cy Tran', 0, 8000],
    ['Dee Park', 30, 0],
  ];
  for (const [name, minutes, amount] of plan) {
    const { id } = await call<{ id: number }>(page, 'contacts.create', { name, stage: 'customer' });
    ids[name] = id;
    if (minutes) await call(page, 'interactions.create', { contactId: id, channel: 'phone', occurredAt: at, minutes });
    if (amount) await call(page, 'purchases.create', { contactId: id, occurredAt: at, amount, description: 'Order' });
  }
  return ids;
}

const rowNames = (page: Page) => page.locator('.contact-row .name').allTextContents();
const rowFigure = (page: Page, name: string, figure: string) => page.locator('.contact-row', { hasText: name }).locator(`[data-figure="${figure}"]`).textContent();
const pageRor = (page: Page) => page.locator('#contact-detail [data-figure="ror"] dd').textContent();

describe('scoring settings and the figures in the contacts list', () => {
  it('changing the hourly rate changes the ROR in the list and on the contact page; a bad rate changes nothing', async () => {
    const w = await openPage(browser, app);
    const { page } = w;
    await passFirstRun(page);
    const ids = await seed(page);
    const ana = ids['Ana Lima']!;
    const { locale } = await call<{ locale: string }>(page, 'settings.get', {});
    const ratio = (v: number | null) => (v === null ? '—' : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v));

    // The list sorted by ROR, and Ana's page beside it.
    await page.goto(`${app.url}#/contacts`);
    await page.locator('.contact-row').first().waitFor();
    await page.getByLabel('Sort by', { exact: true }).selectOption('ror');
    await page.getByRole('button', { name: /^Order: highest first/ }).waitFor();
    const before = await figuresOf(page, ana);
    expect(before.ror).toBe(3); // 300.00 against 2 hours at 50.00
    await expect.poll(() => rowFigure(page, 'Ana Lima', 'ror')).toBe(ratio(before.ror));
    await expect.poll(() => rowNames(page)).toEqual(['Ana Lima', 'Ben Okafor', 'Dee Park', 'Cy Tran']);
    await page.locator('.contact-row', { hasText: 'Ana Lima' }).click();
    await page.getByRole('heading', { name: 'Ana Lima', level: 1 }).waitFor();
    await expect.poll(() => pageRor(page)).toBe(ratio(before.ror));

    // Settings: the hourly rate doubles.
    await page.getByRole('link', { name: 'Settings' }).click();
    const rate = page.getByLabel(/^Hourly rate/);
    await rate.waitFor();
    await rate.fill('100');
    await page.locator('.scoring-settings').getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved the hourly rate; every figure is up to date').waitFor();
    const after = await figuresOf(page, ana);
    expect(after.ror).toBe(1.5);
    expect((await call<{ hourlyRate: number }>(page, 'settings.get', {})).hourlyRate).toBe(10000);

    // Back to the list (still sorted by ROR) and Ana's page: the new ROR, as figures.contact says.
    await page.getByRole('link', { name: /^Contacts/ }).click();
    await expect.poll(() => rowFigure(page, 'Ana Lima', 'ror')).toBe(ratio(after.ror));
    await page.locator('.contact-row', { hasText: 'Ana Lima' }).click();
    await page.getByRole('heading', { name: 'Ana Lima', level: 1 }).waitFor();
    await expect.poll(() => pageRor(page)).toBe(ratio(after.ror));

    // A bad rate shows the back end's message beside the field and changes nothing.
    await page.getByRole('link', { name: 'Settings' }).click();
    await rate.fill('-5');
    await page.locator('.scoring-settings').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#err-hourlyRate').textContent()).toContain('cannot be negative');
    expect(await rate.getAttribute('aria-invalid')).toBe('true');
    await rate.fill('a lot');
    await page.locator('.scoring-settings').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#err-hourlyRate').textContent()).toContain('Enter an amount, such as');
    expect((await call<{ hourlyRate: number }>(page, 'settings.get', {})).hourlyRate).toBe(10000);
    expect((await figuresOf(page, ana)).ror).toBe(1.5);
    await page.screenshot({ path: 'test-results/scoring-settings-error.png', fullPage: true });

    await expectClean(w);
    await w.context.close();
  });

  it('sorts by return as figures.contact has it, and "Time sinks" keeps only the contacts with a ROR below 1', async () => {
    const w = await openPage(browser, app, { colorScheme: 'dark' });
    const { page } = w;
    await passFirstRun(page);
    const rows = await call<{ rows: { id: number; name: string }[] }>(page, 'contacts.list', { limit: 100 });
    const figures = await Promise.all(rows.rows.map(async (r) => ({ name: r.name, ...(await figuresOf(page, r.id)) })));

    await page.goto(`${app.url}#/contacts`);
    await page.locator('.contact-row').first().waitFor();
    await page.getByLabel('Sort by', { exact: true }).selectOption('return');
    const byReturn = [...figures].sort((a, b) => b.totalReturn - a.totalReturn).map((f) => f.name);
    await expect.poll(() => rowNames(page)).toEqual(byReturn);
    // Highest first by default; the toggle reverses it.
    await page.getByRole('button', { name: /^Order: highest first/ }).click();
    await expect.poll(() => rowNames(page)).toEqual([...byReturn].reverse());
    await page.getByRole('button', { name: /^Order: lowest first/ }).click();
    await page.screenshot({ path: 'test-results/contacts-figures-dark.png' });

    await page.getByLabel('Filter by figures').selectOption({ label: 'Time sinks (ROR below 1)' });
    const sinks = figures.filter((f) => f.ror !== null && f.ror < 1).map((f) => f.name);
    expect(sinks.length).toBeGreaterThan(0);
    await expect.poll(async () => (await rowNames(page)).sort()).toEqual([...sinks].sort());
    await page.getByText(`${sinks.length} contacts match`).waitFor();
    // With the search: both filters hold.
    await page.getByLabel('Search contacts').fill('ben');
    await expect.poll(() => rowNames(page)).toEqual(['Ben Okafor']);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rowNames(page)).toHaveLength(figures.length);

    await expectClean(w);
    await w.context.close();
  });
});
