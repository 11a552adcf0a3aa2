import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { damageOnePage } from '../helpers/disks';
import { callApp, expectAccessible, expectClean, launchBrowser, openPage, startApp, type RunningApp } from './harness';

let browser: Browser;
const apps: RunningApp[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  for (const app of apps) await app.stop();
});

async function start(dataDir?: string, env: Record<string, string> = {}): Promise<RunningApp> {
  const app = await startApp(dataDir, env);
  apps.push(app);
  return app;
}

const shots = path.resolve('test-results');

describe('a book that cannot be used, in Chromium', () => {
  it('says so plainly, offers the newest good backup, and restores it from the keyboard', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-damaged-'));
    const first = await start(dataDir);
    await callApp(first, 'settings.update', { currency: 'EUR', locale: 'en-GB' });
    for (let i = 0; i < 60; i++) await callApp(first, 'contacts.create', { name: `Customer ${i}`, notes: 'x'.repeat(300) });
    await callApp(first, 'backups.now', {});
    await callApp(first, 'contacts.create', { name: 'After the backup' });
    await first.stop();
    damageOnePage(path.join(dataDir, 'rapport.db'));

    const app = await start(dataDir);
    for (const scheme of ['light', 'dark'] as const) {
      const w = await openPage(browser, app, { colorScheme: scheme, viewport: { width: 900, height: 700 } });
      const { page } = w;
      await page.getByRole('heading', { name: 'Your book is damaged' }).waitFor();
      const offer = page.getByText(/The newest backup that passes its check is manual-.*\.db, made .*, with 60 contacts/);
      await offer.waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Your book is damaged');
      await page.screenshot({ path: path.join(shots, `recovery-${scheme}.png`), fullPage: true });
      await expectAccessible(page, `the recovery screen (${scheme})`);
      expectClean(w);
      if (scheme === 'light') await w.context.close();
      else {
        // By keyboard: the first button after the heading is "Restore this backup".
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
        if (focused !== 'Restore this backup') await page.getByRole('button', { name: 'Restore this backup' }).focus();
        await page.keyboard.press('Enter');
        await page.goto(`${app.origin}/#/contacts`);
        await page.locator('.contact-row').first().waitFor();
        const status = await callApp<{ problem: unknown }>(app, 'book.status', {});
        expect(status.problem).toBeNull();
        const list = await callApp<{ total: number }>(app, 'contacts.list', {});
        expect(list.total).toBe(60);
        const kept = fs.readdirSync(path.join(dataDir, 'backups')).filter((n) => n.startsWith('damaged-'));
        expect(kept).toHaveLength(1);
        expectClean(w);
        await w.context.close();
      }
    }
  });

  it('after a crash in the middle of a restore, the app says which book it is on', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-swap-'));
    const first = await start(dataDir, { RAPPORT_FAILPOINT: 'swap:kept' });
    await callApp(first, 'settings.update', { currency: 'EUR', locale: 'en-GB' });
    await callApp(first, 'contacts.create', { name: 'Ana Lima' });
    const backup = await callApp<{ file: string }>(first, 'backups.now', {});
    await callApp(first, 'contacts.create', { name: 'Ben Okafor' });
    await callApp(first, 'backups.restore', { file: backup.file }).catch(() => null);
    await new Promise<void>((resolve) => (first.process.exitCode !== null || first.process.signalCode !== null ? resolve() : first.process.once('exit', () => resolve())));

    const app = await start(dataDir);
    const w = await openPage(browser, app, { viewport: { width: 1366, height: 800 } });
    const { page } = w;
    const banner = page.getByRole('status').filter({ hasText: 'Rapport stopped while restoring the backup' });
    await banner.waitFor();
    await expect.poll(() => banner.textContent()).toMatch(/before the new book was in place: you are on your book as it was before/);
    await page.screenshot({ path: path.join(shots, 'swap-notice.png') });
    await banner.getByRole('button', { name: 'Got it' }).click();
    await banner.waitFor({ state: 'detached' });
    // It is said once: a reload in the same session does not repeat it.
    await page.reload();
    await page.locator('.sidebar').waitFor();
    expect(await page.getByText('Rapport stopped while restoring').count()).toBe(0);
    expect((await callApp<{ total: number }>(app, 'contacts.list', {})).total).toBe(2);
    expectClean(w);
    await w.context.close();
  });
});
