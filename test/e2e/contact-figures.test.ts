import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactInsight, Settings } from '../../shared/contract/index';
import { formatMoney } from '../../shared/domain/money';
import { QUADRANT_LABELS, RFM_SEGMENT_LABELS } from '../../shared/scoring/index';
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

const DAY = 86_400_000;

/** The panel's figure by its name, as the owner reads it. */
const figure = (page: Page, name: string) => page.locator(`.cfp [data-figure="${name}"] dd`).first();

/** What the panel must show for the API's figures, formatted as the book formats money and ratios. */
function expected(insight: ContactInsight, currency: string, locale: string) {
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const ratio = (v: number) => new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
  const f = insight.figures;
  return {
    invested: money(f.invested),
    directReturn: money(f.directReturn),
    referralReturn: money(f.referralReturn),
    totalReturn: money(f.totalReturn),
    net: money(f.net),
    ror: f.ror === null ? '—' : ratio(f.ror),
    returnPerHour: f.returnPerHour === null ? '—' : money(Math.round(f.returnPerHour)),
  };
}

async function expectPanelMatches(page: Page, id: number, currency: string, locale: string): Promise<ContactInsight> {
  const insight = await call<ContactInsight>(page, 'figures.contact', { id });
  const want = expected(insight, currency, locale);
  for (const [name, text] of Object.entries(want)) {
    await expect.poll(() => figure(page, name).textContent(), { message: name }).toBe(text);
  }
  return insight;
}

describe("a contact's figures, end to end in Chromium through browser mode", () => {
  it('shows invested, return, ROR and segment exactly as figures.contact returns them, and follows new records', async () => {
    const w = await openPage(browser, app);
    const { page } = w;
    await passFirstRun(page);
    const settings = await call<Settings>(page, 'settings.get', {});
    const currency = settings.currency!;
    const locale = settings.locale ?? (await page.evaluate(() => navigator.language));

    // The worked example of scoring.md: Ana referred Ben (not thanked), Ben referred Cy (thanked).
    const now = Date.now();
    const ana = await call<{ id: number }>(page, 'contacts.create', { name: 'Ana Lima', source: 'Instagram', cadenceDays: 30 });
    const ben = await call<{ id: number }>(page, 'contacts.create', { name: 'Ben Okafor', source: 'referral' });
    const cy = await call<{ id: number }>(page, 'contacts.create', { name: 'Cy Tran', source: 'referral' });
    await call(page, 'interactions.create', { contactId: ana.id, channel: 'in_person', occurredAt: now - 20 * DAY, minutes: 120, cost: 1000 });
    await call(page, 'purchases.create', { contactId: ana.id, occurredAt: now - 20 * DAY, amount: 10000 });
    await call(page, 'interactions.create', { contactId: ben.id, channel: 'phone', occurredAt: now - 10 * DAY, minutes: 60 });
    await call(page, 'purchases.create', { contactId: ben.id, occurredAt: now - 10 * DAY, amount: 20000 });
    await call(page, 'purchases.create', { contactId: cy.id, occurredAt: now - 5 * DAY, amount: 8000 });
    await call(page, 'referrals.create', { referrerId: ana.id, referredId: ben.id, referredAt: now - 15 * DAY, status: 'converted' });
    await call(page, 'referrals.create', { referrerId: ben.id, referredId: cy.id, referredAt: now - 8 * DAY, status: 'converted', thanked: true });
    await call(page, 'nps.create', { contactId: ana.id, score: 9, answeredAt: now - 2 * DAY });

    await page.goto(`${app.url}#/contacts/${ana.id}`);
    await page.getByRole('heading', { name: 'Ana Lima', level: 1 }).waitFor();
    const insight = await expectPanelMatches(page, ana.id, currency, locale);

    // The worked example's numbers, to be sure the API and the panel agree on the right thing.
    expect(insight.figures).toMatchObject({ invested: 11000, directReturn: 10000, referralReturn: 12000, totalReturn: 22000, net: 11000, returnPerHour: 11000 });
    expect(insight.figures.ror).toBeCloseTo(2, 10);
    expect(await figure(page, 'ror').textContent()).toBe(new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(2));
    // The plain-words explanation on hover.
    expect(await page.locator('.cfp [data-figure="ror"]').getAttribute('title')).toBe(
      `Every hour and euro you put in came back ${new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(2)} times`,
    );
    expect(await page.locator('.cfp [data-figure="hours"] dd').textContent()).toBe('2 h');

    // RFM: three buying customers; the segment label is the API's.
    expect(insight.rfm).not.toBeNull();
    expect(await page.locator('.cfp [data-figure="segment"] .badge').textContent()).toBe(RFM_SEGMENT_LABELS[insight.rfm!.segment]);
    expect(await page.locator('.cfp [data-figure="segment"] [role="img"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual([
      `Recency ${insight.rfm!.r} of 5`,
      `Frequency ${insight.rfm!.f} of 5`,
      `Money ${insight.rfm!.m} of 5`,
    ]);
    expect(insight.quadrant).not.toBeNull();
    expect(await page.locator('.cfp [data-figure="quadrant"] .badge').textContent()).toBe(QUADRANT_LABELS[insight.quadrant!]);
    expect(await page.locator('.cfp [data-figure="nps"] dd').textContent()).toContain('9promoter');
    expect(await page.locator('.cfp [data-figure="cadence"] dd').textContent()).toMatch(/^Every 30 days; last touch 20 days ago; next due /);
    // On Today for the thank-you Ben's referral calls for.
    expect(await page.locator('.cfp [data-figure="today"] li span').allTextContents()).toEqual(insight.today!.reasons.map((r) => r.text));

    // A new purchase by Ben flows up to Ana's referral return: the panel follows without a reload.
    await call(page, 'purchases.create', { contactId: ben.id, occurredAt: now - DAY, amount: 5000 });
    const after = await expectPanelMatches(page, ana.id, currency, locale);
    expect(after.figures.referralReturn).toBe(14500);

    // A contact with nothing: no ROR, no return per hour, no purchases yet.
    const dee = await call<{ id: number }>(page, 'contacts.create', { name: 'Dee Novak' });
    await page.goto(`${app.url}#/contacts/${dee.id}`);
    await page.getByRole('heading', { name: 'Dee Novak', level: 1 }).waitFor();
    await expectPanelMatches(page, dee.id, currency, locale);
    expect(await figure(page, 'ror').textContent()).toBe('—');
    expect(await page.locator('.cfp [data-figure="segment"] dd').textContent()).toBe('No purchases yet');

    // Light and dark, for the record.
    await page.goto(`${app.url}#/contacts/${ana.id}`);
    await expectPanelMatches(page, ana.id, currency, locale);
    await page.screenshot({ path: 'test-results/contact-figures-light.png' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: 'test-results/contact-figures-dark.png' });

    expectClean(w);
    await w.context.close();
  });
});
