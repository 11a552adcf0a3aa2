import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TodayView } from '../../shared/contract/index';
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

/** Setup through the API, with the token from the address the app printed. */
async function call<T = unknown>(page: Page, method: string, input: unknown): Promise<T> {
  const token = new URL(app.url).searchParams.get('token');
  const response = await page.request.post(`${app.origin}/api/${method}`, { headers: { authorization: `Bearer ${token}` }, data: input });
  const result = (await response.json()) as { ok: boolean; value?: unknown; error?: unknown };
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** A local calendar date (YYYY-MM-DD) some days from today: the app and the test share the machine's zone. */
function localDate(daysFromToday: number): string {
  const d = new Date();
  d.setDate(d.getDate() + daysFromToday);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const rowNames = (page: Page) => page.locator('.today-row .today-name').allTextContents();

describe('Today, end to end in Chromium through browser mode', () => {
  it('teaches on an empty book, then lists who to reach out to with the reasons in words, ranked as the API says', async () => {
    const w = await openPage(browser, app);
    const { page } = w;
    await passFirstRun(page);

    // The home screen is Today; an empty book teaches what it is for.
    await expect.poll(() => new URL(page.url()).hash).toBe('#/today');
    await page.getByRole('heading', { name: 'Your day starts here' }).waitFor();
    await page.getByRole('button', { name: 'Add your first contact' }).waitFor();
    await page.getByRole('group', { name: 'Load a sample business' }).waitFor();
    // Or bring them in from another tool's export: the link leads to the importers.
    await page.getByRole('link', { name: 'Import from a file' }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/data');
    await page.getByRole('heading', { name: /Import contacts from a spreadsheet/ }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'Your day starts here' }).waitFor();

    // A small book: Ana has a follow-up 3 days overdue; Ben sent Cy, who converted, and has not been thanked.
    const ana = await call<{ id: number }>(page, 'contacts.create', { name: 'Ana Lima' });
    const ben = await call<{ id: number }>(page, 'contacts.create', { name: 'Ben Okafor' });
    const cy = await call<{ id: number }>(page, 'contacts.create', { name: 'Cy Tran' });
    const followUp = await call<{ id: number }>(page, 'followUps.create', { contactId: ana.id, title: 'Send the quote', dueDate: localDate(-3) });
    await call(page, 'referrals.create', { referrerId: ben.id, referredId: cy.id, referredAt: Date.now() - 86_400_000, status: 'converted' });
    await call(page, 'purchases.create', { contactId: cy.id, occurredAt: Date.now() - 3_600_000, amount: 4000 });

    // Today hears the changes and lists both, in the API's order, with the API's words.
    const rows = page.locator('.today-row');
    await expect.poll(() => rows.count()).toBe(2);
    const api = await call<TodayView>(page, 'today.get', {});
    expect(api.total).toBe(2);
    expect(await rowNames(page)).toEqual(api.items.map((i) => i.name));
    // Ben's thank-you outranks Ana's overdue follow-up: urgency × value is 2.5 × 2.32 (credit for Cy's purchase) against 3.1 × 1.
    expect(api.items.map((i) => i.name)).toEqual(['Ben Okafor', 'Ana Lima']);
    for (const [i, item] of api.items.entries()) {
      expect(await rows.nth(i).locator('.reason-text').allTextContents()).toEqual(item.reasons.map((r) => r.text));
    }
    expect(await rows.nth(0).locator('.reason-text').textContent()).toBe('referred Cy Tran, not thanked yet');
    expect(await rows.nth(1).locator('.reason-text').textContent()).toBe('follow-up 3 days overdue');
    expect(await page.locator('.today-summary').textContent()).toContain('2 people to reach out to');

    // The follow-ups due column lists Ana's follow-up too.
    const due = page.getByRole('list', { name: 'Follow-ups due' });
    await due.getByText('Send the quote').waitFor();

    // The keyboard: j moves down, k up, Enter opens the contact.
    await page.locator('body').click({ position: { x: 5, y: 400 } });
    await page.keyboard.press('j');
    await expect.poll(() => rows.nth(1).getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('k');
    await expect.poll(() => rows.nth(0).getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ben Okafor', level: 1 }).waitFor();
    await page.goBack();
    await expect.poll(() => rows.count()).toBe(2);

    // L logs an interaction with the row under the cursor (the existing record form).
    await page.keyboard.press('l');
    const dialog = page.getByRole('dialog', { name: 'Log an interaction' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Completing the follow-up from Today takes that reason (and Ana, who had no other) off the list.
    await page.getByRole('button', { name: 'Done: Send the quote (Ana Lima)' }).click();
    await expect.poll(() => rowNames(page)).toEqual(['Ben Okafor']);
    const afterDone = await call<TodayView>(page, 'today.get', {});
    expect(afterDone.items.map((i) => i.name)).toEqual(['Ben Okafor']);
    const done = await call<{ items: { id: number }[] }>(page, 'followUps.list', { bucket: 'done' });
    expect(done.items.map((f) => f.id)).toContain(followUp.id);
    await expect.poll(() => due.count()).toBe(0);

    // Marking the thank-you done empties the list: Today says so.
    await rows.nth(0).getByRole('button', { name: 'Mark Ben Okafor thanked for referring Cy Tran' }).click();
    await page.getByRole('heading', { name: 'Nobody needs you today' }).waitFor();
    expect((await call<TodayView>(page, 'today.get', {})).total).toBe(0);
    const referrals = await call<{ items: { thanked: boolean }[] }>(page, 'referrals.list', {});
    expect(referrals.items.map((r) => r.thanked)).toEqual([true]);

    expectClean(w);
    await w.context.close();
  });

  it('lists the sample business with its reasons in the API order, and pages with "Show more"', async () => {
    const w = await openPage(browser, app, { colorScheme: 'dark' });
    const { page } = w;
    await passFirstRun(page);
    // The sample loads only into an empty book: clear the first test's contacts.
    const list = await call<{ rows: { id: number }[] }>(page, 'contacts.list', { limit: 50 });
    for (const row of list.rows) await call(page, 'contacts.delete', { id: row.id });
    await call(page, 'sample.load', { kind: 'cafe' });

    await page.goto(`${app.url}#/today`);
    const rows = page.locator('.today-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const api = await call<TodayView>(page, 'today.get', { limit: 50 });
    expect(api.total).toBeGreaterThan(0);
    await expect.poll(() => rows.count()).toBe(api.items.length);
    expect(await rowNames(page)).toEqual(api.items.map((i) => i.name));
    // Every row says why, in the API's words.
    expect(await rows.first().locator('.reason-text').allTextContents()).toEqual(api.items[0]!.reasons.map((r) => r.text));
    if (api.total > api.items.length) {
      await page.getByRole('button', { name: /^Show \d+ more/ }).click();
      await expect.poll(() => rows.count()).toBe(Math.min(api.total, 100));
    }
    await page.screenshot({ path: 'test-results/today-dark.png' });

    expectClean(w);
    await w.context.close();
  });
});
