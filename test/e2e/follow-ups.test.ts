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


/** Calls the running app's API the way its page does (browser mode's HTTP door, with its token). */
async function callApi<T>(method: string, input: unknown): Promise<T> {
  const token = new URL(app.url).searchParams.get('token') ?? '';
  const response = await fetch(`${app.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: true; value: T } | { ok: false; error: unknown };
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}


/** The local date (the machine's time zone, as the app's) `days` from today, YYYY-MM-DD. */
function localDate(days = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const titlesIn = (page: Page, section: string) => page.locator(`#${section} .follow-up-row .title`).allTextContents();

describe('follow-ups, end to end in Chromium through browser mode', () => {
  it('plans a repeating follow-up for a contact, completes it, and the next one is planned 7 days after today', async () => {
    const w = await openPage(browser, app);
    const { page } = w;
    await passFirstRun(page);
    await page.getByRole('button', { name: 'New contact' }).first().waitFor();

    // A contact.
    await page.keyboard.press('n');
    await page.getByRole('dialog', { name: 'New contact' }).waitFor();
    await page.fill('#field-name', 'Ana Lima');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'Ana Lima', level: 1 }).waitFor();

    // From the contact's quick action where it has one, else from the Follow-ups screen.
    const quick = page.getByRole('button', { name: /^follow-up$/i });
    const fromContact = (await quick.count()) > 0;
    if (fromContact) {
      await quick.first().click();
    } else {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Follow-ups/ }).click();
      await page.getByText('Never forget to follow up').waitFor();
      await page.keyboard.press('f');
    }
    const dialog = page.getByRole('dialog', { name: 'New follow-up' });
    await dialog.waitFor();
    if (!fromContact) {
      await dialog.getByRole('combobox', { name: 'Contact' }).fill('Ana');
      await dialog.getByRole('option', { name: /Ana Lima/ }).click();
    }
    await expect.poll(() => dialog.locator('.chosen-contact').textContent()).toContain('Ana Lima');
    // A bad repeat is refused beside its field.
    await page.fill('#fu-title', 'Call back');
    await page.fill('#fu-date', localDate(0));
    await page.fill('#fu-repeat', '0');
    await page.locator('#fu-title').press('Enter');
    await expect.poll(() => page.locator('#err-fu-repeatDays').textContent()).toContain('Repeat at least every day');
    expect(await page.locator('#fu-repeat').getAttribute('aria-invalid')).toBe('true');
    await page.fill('#fu-repeat', '7');
    await page.locator('#fu-title').press('Enter');
    await dialog.waitFor({ state: 'hidden' });

    if (fromContact) await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Follow-ups/ }).click();
    await expect.poll(() => titlesIn(page, 'today')).toEqual(['Call back']);
    const row = page.locator('#today .follow-up-row').first();
    expect(await row.locator('.badge.repeat-badge').textContent()).toContain('every 7 days');
    expect(await row.getByRole('link', { name: 'Ana Lima' }).count()).toBe(1);
    expect(await row.locator('.when').textContent()).toBe('today');

    // Complete it from the keyboard: Space on its checkbox.
    await page.getByRole('checkbox', { name: 'Done: Call back' }).focus();
    await page.keyboard.press('Space');
    const nextDay = await page.evaluate(() => {
      const d = new Date();
      d.setDate(d.getDate() + 7);
      return new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(d.getFullYear(), d.getMonth(), d.getDate()));
    });
    await page.getByText(`Done. Next one on ${nextDay}`).waitFor();
    await expect.poll(() => titlesIn(page, 'done')).toEqual(['Call back']);
    await expect.poll(() => titlesIn(page, 'upcoming')).toEqual(['Call back']);
    expect(await page.locator('#today .section-empty').textContent()).toBe('Nothing due today.');
    expect(await page.locator('#upcoming .follow-up-row .when').first().textContent()).toBe(nextDay);
    const planned = await callApi<{ items: { title: string; dueDate: string; repeatDays: number }[] }>('followUps.list', { bucket: 'upcoming' });
    expect(planned.items).toEqual([expect.objectContaining({ title: 'Call back', dueDate: localDate(7), repeatDays: 7 })]);

    await expectClean(w);
    await w.context.close();
  });

  it('an overdue follow-up shows under Overdue with the sidebar count; snooze and delete with undo', async () => {
    const w = await openPage(browser, app);
    const { page } = w;
    await passFirstRun(page);
    await callApi('followUps.create', { title: 'Send the quote', dueDate: localDate(-3) });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Follow-ups/ }).click();
    await expect.poll(() => titlesIn(page, 'overdue')).toEqual(['Send the quote']);
    expect(await page.locator('#overdue .when').first().textContent()).toBe('3 days overdue');
    expect(await page.locator('#overdue .section-count').getAttribute('class')).toContain('bad');
    const navCount = () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Follow-ups/ }).locator('.count').textContent();
    await expect.poll(navCount).toBe('1');
    // The reminder reaches the page as an in-app notice (browser mode).
    await page.getByText('Follow up: Send the quote').waitFor();

    // Snooze until tomorrow: it leaves Overdue and the count.
    await page.getByRole('button', { name: 'Snooze Send the quote' }).click();
    await page.getByRole('menuitem', { name: /Tomorrow/ }).click();
    await expect.poll(() => titlesIn(page, 'overdue')).toEqual([]);
    expect(await titlesIn(page, 'upcoming')).toContain('Send the quote');
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Follow-ups/ }).locator('.count').count()).toBe(0);

    // Delete, then Undo.
    await page.getByRole('button', { name: 'Delete Send the quote' }).click();
    await expect.poll(() => titlesIn(page, 'upcoming')).not.toContain('Send the quote');
    await page.locator('.toast', { hasText: 'moved to the trash' }).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => titlesIn(page, 'upcoming')).toContain('Send the quote');

    await expectClean(w);
    await w.context.close();
  });
});
