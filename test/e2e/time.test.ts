import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format, startOfWeek } from 'date-fns';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClean, launchBrowser, openPage, passFirstRun, startApp, type RunningApp } from './harness';

let app: RunningApp | null = null;
let browser: Browser;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-time-'));

beforeAll(async () => {
  app = await startApp(dataDir);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The API over HTTP with the app's token, as the page calls it: for setting the scene only. */
async function call(running: RunningApp, method: string, input: unknown): Promise<{ ok: boolean; value?: unknown }> {
  const token = new URL(running.url).searchParams.get('token') ?? '';
  const response = await fetch(`${running.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  return (await response.json()) as { ok: boolean; value?: unknown };
}


/** h:mm:ss on the running timer, in seconds. */
async function elapsedSeconds(page: Page): Promise<number> {
  const text = (await page.getByRole('timer').textContent()) ?? '';
  const [h, m, s] = text.split(':').map(Number) as [number, number, number];
  return h * 3600 + m * 60 + s;
}


describe('time, end to end in Chromium through browser mode', () => {
  it('runs the timer across a restart of the app, and adds time by hand to the week', async () => {
    if (!app) throw new Error('no app');
    await call(app, 'settings.update', { currency: 'EUR', locale: 'en-GB' });
    const ana = (await call(app, 'contacts.create', { name: 'Ana Lima' })).value as { id: number };

    let w = await openPage(browser, app);
    let page = w.page;
    await passFirstRun(page);
    await page.goto(`${app.origin}/#/contacts/${ana.id}`);
    await page.getByRole('heading', { name: 'Ana Lima', level: 1 }).waitFor();

    // Start the timer from the contact page's quick action (the top bar's button is in the banner).
    await page.locator('.detail').getByRole('button', { name: 'Start timer' }).click();
    const running = page.getByRole('group', { name: 'Running timer' });
    await running.getByRole('link', { name: 'Ana Lima' }).waitFor();
    expect(await page.getByRole('timer').textContent()).toMatch(/^0:00:0\d$/);

    // Visible and ticking on another screen.
    await page.getByRole('link', { name: 'Time', exact: true }).click();
    await page.getByRole('heading', { name: 'Time', level: 1 }).waitFor();
    await expect.poll(() => elapsedSeconds(page), { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    const beforeRestart = await elapsedSeconds(page);
    await expectClean(w);
    await w.context.close();

    // Quit the app and start it again on the same book.
    await app.stop();
    app = null;
    app = await startApp(dataDir);
    w = await openPage(browser, app);
    page = w.page;
    await page.goto(`${app.origin}/#/follow-ups`);
    await page.getByRole('group', { name: 'Running timer' }).getByRole('link', { name: 'Ana Lima' }).waitFor();
    await expect.poll(() => elapsedSeconds(page), { timeout: 5000 }).toBeGreaterThan(beforeRestart);

    // Stop: what is recorded depends on how long the restart took (under 30 s records nothing).
    const atStop = await elapsedSeconds(page);
    await page.getByRole('button', { name: 'Stop' }).click();
    const notice = page.getByRole('status').filter({ hasText: /Under 30 seconds: nothing recorded|Recorded \d+ min on Ana Lima/ });
    await notice.first().waitFor();
    const said = (await notice.first().textContent()) ?? '';
    if (atStop < 25) expect(said).toContain('Under 30 seconds: nothing recorded');
    if (atStop > 35) expect(said).toContain('Recorded');
    const recorded = Number(/Recorded (\d+) min/.exec(said)?.[1] ?? 0);
    const topStart = page.getByRole('banner').getByRole('button', { name: 'Start timer' });
    await topStart.waitFor();

    // The top bar starts one on an activity too; discarding it records nothing.
    await topStart.click();
    const pop = page.getByRole('dialog', { name: 'Start the timer' });
    await pop.getByRole('combobox', { name: 'Contact to time' }).waitFor();
    await pop.getByRole('button', { name: 'An activity' }).click();
    await pop.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => pop.locator('#err-timer-activity').textContent()).toContain('Choose a contact or name the activity');
    await pop.getByLabel('Activity').fill('Newsletter');
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: 'Running timer' }).getByText('Newsletter').waitFor();
    await page.getByRole('button', { name: 'Discard the timer' }).click();
    await topStart.waitFor();

    // The Time screen: add time by hand; a missing number of minutes is refused beside its field.
    await page.getByRole('link', { name: 'Time', exact: true }).click();
    await page.getByRole('heading', { name: 'Time', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Add time' }).first().click();
    const form = page.getByRole('dialog', { name: 'Add time' });
    await form.getByRole('button', { name: 'An activity' }).click();
    await form.getByLabel('Activity').fill('Posting on Instagram');
    await form.getByLabel('Source it works for').fill('Instagram');
    await form.getByRole('button', { name: 'Add time' }).click();
    await expect.poll(() => page.locator('#err-minutes').textContent()).toContain('Enter a number of minutes');
    expect(await form.getByLabel('Minutes').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Minutes').fill('1:30');
    await form.getByRole('button', { name: 'Add time' }).click();
    await form.waitFor({ state: 'detached' });

    // And 45 minutes on Ana on Monday of this week, at 09:00.
    const monday = startOfWeek(new Date(), { weekStartsOn: 1 });
    await page.getByRole('button', { name: 'Add time' }).first().click();
    const second = page.getByRole('dialog', { name: 'Add time' });
    await second.getByRole('combobox', { name: 'Contact' }).fill('Ana');
    await second.getByRole('option', { name: /Ana Lima/ }).click();
    await second.getByLabel('Date').fill(format(monday, 'yyyy-MM-dd'));
    await second.getByLabel('Start time').fill('09:00');
    await second.getByLabel('Minutes').fill('45');
    await page.keyboard.press('Control+Enter');
    await second.waitFor({ state: 'detached' });

    // The week: a row per contact and per activity, with totals per day and for the week.
    const sheet = page.locator('table.timesheet');
    const row = (label: string) => sheet.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: label }) });
    await row('Posting on Instagram').waitFor();
    const todayIndex = (new Date().getDay() + 6) % 7;
    const hm = (m: number) => `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
    await expect.poll(() => row('Posting on Instagram').locator('td').last().textContent()).toBe('1:30');
    await expect.poll(() => row('Ana Lima').locator('td').last().textContent()).toBe(hm(45 + recorded));
    const dayTotals = await sheet.locator('tfoot td').allTextContents();
    const expectedDays = [0, 0, 0, 0, 0, 0, 0];
    expectedDays[0] = (expectedDays[0] ?? 0) + 45;
    expectedDays[todayIndex] = (expectedDays[todayIndex] ?? 0) + 90 + recorded;
    expect(dayTotals).toEqual([...expectedDays.map((m) => (m ? hm(m) : '–')), hm(135 + recorded)]);

    // Delete an entry, then Undo brings it back.
    await page.getByRole('button', { name: 'Delete 1:30 on Posting on Instagram' }).click();
    await expect.poll(() => row('Posting on Instagram').count()).toBe(0);
    await page.getByRole('status').filter({ hasText: 'to the trash' }).getByRole('button', { name: 'Undo' }).click();
    await row('Posting on Instagram').waitFor();

    // [ goes back a week (empty), ] comes back.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('[');
    await page.getByText('No time recorded that week').waitFor();
    await page.keyboard.press(']');
    await row('Posting on Instagram').waitFor();

    await expectClean(w);
    await w.context.close();
  }, 120_000);
});
