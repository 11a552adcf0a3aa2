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


/** Setup through the API, with the token from the address the app printed. */
async function call(page: Page, method: string, input: unknown): Promise<unknown> {
  const token = new URL(app.url).searchParams.get('token');
  const response = await page.request.post(`${app.origin}/api/${method}`, { headers: { authorization: `Bearer ${token}` }, data: input });
  const result = (await response.json()) as { ok: boolean; value?: unknown; error?: unknown };
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}


async function openContact(page: Page, id: number, name: string) {
  await page.goto(`${app.url}#/contacts/${id}`);
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

/** Records "referrer referred <name>" from the referrer's page, picking the contact from the search. */
async function addReferral(page: Page, referred: string) {
  const addButton = page.getByRole('button', { name: 'Add referral' });
  await addButton.waitFor();
  await addButton.click();
  const dialog = page.getByRole('dialog', { name: 'New referral' });
  await dialog.waitFor();
  await expect.poll(() => dialog.locator('#referral-referrer').inputValue()).not.toBe('');
  const field = dialog.getByLabel('Who they sent you');
  await field.fill(referred);
  await dialog.getByRole('option', { name: new RegExp(`^${referred}`) }).click();
  await dialog.getByRole('button', { name: `Unlink ${referred}` }).waitFor();
  await dialog.getByRole('button', { name: 'Converted' }).click();
  return dialog;
}

describe('referrals, end to end in Chromium through browser mode', () => {
  it('records a chain of three, shows it on the tree, and refuses a loop beside the field', async () => {
    const w = await openPage(browser, app);
    const { page } = w;
    await passFirstRun(page);
    const ids: Record<string, number> = {};
    for (const name of ['Ana Lima', 'Ben Okafor', 'Cy Tran']) ids[name] = ((await call(page, 'contacts.create', { name })) as { id: number }).id;

    // Ana referred Ben, from Ana's page: a subtle "Add referral" while she has none.
    await openContact(page, ids['Ana Lima']!, 'Ana Lima');
    await expect.poll(() => page.locator('.referral-tree-empty').count()).toBe(1);
    let dialog = await addReferral(page, 'Ben Okafor');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('tree').getByRole('treeitem', { name: 'Ben Okafor, converted' }).waitFor();

    // Ben referred Cy, from Ben's page (Enter saves from the notes with Ctrl).
    await openContact(page, ids['Ben Okafor']!, 'Ben Okafor');
    await page.locator('.referred-by').getByRole('link', { name: 'Ana Lima' }).waitFor();
    dialog = await addReferral(page, 'Cy Tran');
    await dialog.getByLabel('Notes').fill('Met at the book club');
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'hidden' });

    // Ana's page shows the tree Ana → Ben → Cy, with levels, and who still needs thanks.
    await openContact(page, ids['Ana Lima']!, 'Ana Lima');
    const tree = page.getByRole('tree');
    const ben = tree.getByRole('treeitem', { name: 'Ben Okafor, converted' });
    const cy = ben.getByRole('treeitem', { name: 'Cy Tran, converted' });
    await cy.waitFor();
    expect(await tree.getByRole('treeitem', { name: 'Ana Lima' }).getAttribute('aria-level')).toBe('1');
    expect(await ben.getAttribute('aria-level')).toBe('2');
    expect(await cy.getAttribute('aria-level')).toBe('3');
    expect(await ben.locator('> .tree-row .not-thanked').textContent()).toBe('not thanked yet');
    await ben.locator('> .tree-row').getByRole('button', { name: 'Mark thanked' }).click();
    await expect.poll(() => ben.locator('> .tree-row .not-thanked').count()).toBe(0);

    // Cy referred Ana would close a loop: refused, the message beside the field, nothing saved.
    await openContact(page, ids['Cy Tran']!, 'Cy Tran');
    dialog = await addReferral(page, 'Ana Lima');
    await page.keyboard.press('Enter');
    const error = dialog.locator('#err-referredId');
    await expect.poll(() => error.textContent()).toBe('That would make a loop: Ana Lima already brought Cy Tran (directly or through others)');
    expect(await dialog.getByLabel('Who they sent you').getAttribute('aria-invalid')).toBe('true');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(((await call(page, 'referrals.list', {})) as { total: number }).total).toBe(2);

    // The Referrals screen lists both, newest first, with the headline figures.
    await page.goto(`${app.url}#/referrals`);
    const rows = page.locator('.referrals-table tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().locator('.who-sent').textContent()).toBe('Ben OkaforCy Tran');
    const stats = page.getByLabel('Referral figures');
    expect(await stats.textContent()).toContain('100 %');

    // Delete with Undo.
    await rows.first().getByRole('button', { name: /Delete the referral of Cy Tran/ }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => rows.count()).toBe(2);

    await expectClean(w);
    await w.context.close();
  });
});
