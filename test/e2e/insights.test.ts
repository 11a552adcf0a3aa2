import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InsightsView } from '../../shared/contract/index';
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

/** A call through the API, with the token from the address the app printed. */
async function call<T>(page: Page, method: string, input: unknown): Promise<T> {
  const token = new URL(app.url).searchParams.get('token');
  const response = await page.request.post(`${app.origin}/api/${method}`, { headers: { authorization: `Bearer ${token}` }, data: input });
  const result = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** How many pixels of a chart's canvas something was drawn on. */
function drawnPixels(page: Page, chart: string): Promise<number> {
  return page.locator(`[data-chart="${chart}"] canvas`).first().evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let drawn = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) drawn += 1;
    return drawn;
  });
}

/** The widths of a chart's bars, in pixels. */
function barWidths(page: Page, chart: string, selector: string): Promise<number[]> {
  return page.locator(`[data-chart="${chart}"] ${selector}`).evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect().width));
}

describe('Insights, end to end in Chromium through browser mode', () => {
  it('teaches on an empty book, loads the sample from there, and draws every chart', async () => {
    const w = await openPage(browser, app);
    const { page } = w;
    await passFirstRun(page);

    // An empty book: the screen says what it is for and offers the sample.
    await page.goto(`${app.url}#/insights`);
    await page.getByRole('heading', { name: 'Insights: what your relationships bring back' }).waitFor();
    await page.getByRole('button', { name: 'Load a sample café' }).click();

    // The charts come as the sample's 'changed' events reload the screen.
    const ror = page.getByTestId('business-ror');
    await ror.waitFor({ timeout: 60_000 });
    const view = await call<InsightsView>(page, 'insights.get', {});
    expect(view.business.contacts).toBeGreaterThan(100);
    expect(view.business.ror).not.toBeNull();
    // The headline is the business's ROR, two decimals, with its sentence.
    await expect.poll(() => ror.textContent()).toBe(view.business.ror!.toFixed(2));
    await page.getByText(`came back ${view.business.ror!.toFixed(2)} times`).waitFor();

    // The canvases: return against hours, and by month, each drawn and named.
    for (const chart of ['scatter', 'months']) {
      await page.locator(`[data-chart="${chart}"] canvas`).first().waitFor();
      await expect.poll(() => drawnPixels(page, chart), { message: `${chart} is drawn` }).toBeGreaterThan(2000);
      expect(await page.locator(`[data-chart="${chart}"] [role="img"]`).getAttribute('aria-label')).toBeTruthy();
    }
    const scatterName = await page.locator('[data-chart="scatter"] [role="img"]').getAttribute('aria-label');
    expect(scatterName).toContain(`${view.scatter.stars.toLocaleString('en-GB')} stars`);
    await page.getByText(/Stars \(\d[\d,]*\): paid back what you put in/).waitFor();
    await page.getByText(/Time sinks \(\d[\d,]*\): did not pay back/).waitFor();

    // The bar charts: a bar per source shown and per segment, the quadrants, NPS, the referral engine.
    const sources = await barWidths(page, 'sources', '.ins-bar');
    expect(sources.length).toBe(Math.min(10, view.bySource.filter((s) => s.invested !== 0 || s.return !== 0).length));
    expect(sources.filter((w) => w > 0).length).toBe(sources.length);
    const segments = await barWidths(page, 'segments', '.ins-bar');
    expect(segments.length).toBe(6);
    expect(Math.max(...segments)).toBeGreaterThan(50);
    const quadrants = await page.locator('[data-chart="quadrants"] .ins-quad-count').allTextContents();
    expect(quadrants.map((q) => Number(q.replace(/\D/g, ''))).sort((a, b) => a - b)).toEqual(view.quadrants.map((q) => q.count).sort((a, b) => a - b));
    const nps = view.nps.nps!;
    await expect.poll(() => page.locator('[data-chart="nps"] .ins-nps-score .num').textContent()).toBe(nps > 0 ? `+${nps}` : String(nps));
    expect((await barWidths(page, 'nps', '.ins-nps-bar span')).reduce((s, w) => s + w, 0)).toBeGreaterThan(50);
    await page.locator('[data-chart="referrals"] .ins-fig').first().waitFor();
    expect(await page.locator('[data-chart="referrals"] .ins-fig-value').first().textContent()).toBe(view.referrals.total.toLocaleString('en-GB'));
    expect(await page.locator('[data-chart="referrals"] .ins-advocates li').count()).toBe(view.referrals.topAdvocates.length);

    // Pointing at a point shows that contact's figures; a click opens the contact.
    const over = page.locator('[data-chart="scatter"] .u-over');
    const box = (await over.boundingBox())!;
    const tip = page.locator('.ins-tip');
    found: for (let y = 0.1; y < 0.95; y += 0.04) {
      for (let x = 0.03; x < 0.97; x += 0.015) {
        await page.mouse.move(box.x + box.width * x, box.y + box.height * y);
        if ((await tip.count()) > 0) break found;
      }
    }
    await tip.waitFor();
    await expect.poll(() => tip.locator('strong').textContent()).not.toBe('…');
    const name = (await tip.locator('strong').textContent())!;
    expect(await tip.textContent()).toContain('ROR');
    await page.mouse.down();
    await page.mouse.up();
    await page.waitForURL(/#\/contacts\/\d+$/);
    await page.getByRole('heading', { name, level: 1 }).waitFor();

    // A top advocate's link opens them too.
    await page.goBack();
    const advocate = view.referrals.topAdvocates[0]!;
    await page.locator('[data-chart="referrals"] .ins-advocates').getByRole('link', { name: advocate.name }).click();
    await page.waitForURL(new RegExp(`#/contacts/${advocate.id}$`));

    // Both themes draw: the dark one too.
    await page.goto(`${app.url}#/insights`);
    await call(page, 'settings.update', { theme: 'dark' });
    await page.reload();
    await page.locator('[data-chart="scatter"] canvas').first().waitFor();
    await expect.poll(() => drawnPixels(page, 'scatter')).toBeGreaterThan(2000);
    await call(page, 'settings.update', { theme: 'system' });

    expectClean(w);
  });
});
