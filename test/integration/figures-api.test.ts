import { describe, expect, it } from 'vitest';
import { makeTempDir, openTestBook, T0, type TestBook } from '../helpers/book';

const DAY = 86_400_000;

describe('figures: the worked example of scoring.md through the API', () => {
  it('gives Ana, Ben and Cy their figures, kept current write by write', async () => {
    const t = openTestBook();
    await t.ok('settings.update', { currency: 'EUR', locale: 'en-GB' });
    const ana = await t.ok('contacts.create', { kind: 'person', name: 'Ana Lima', source: 'Instagram' });
    const ben = await t.ok('contacts.create', { kind: 'person', name: 'Ben Ode', source: 'referral' });
    const cy = await t.ok('contacts.create', { kind: 'person', name: 'Cy Park', source: 'referral' });
    const at = T0 - 10 * DAY;
    await t.ok('interactions.create', { contactId: ana.id, channel: 'in_person', direction: 'outbound', occurredAt: at, minutes: 120, cost: 1000 });
    await t.ok('purchases.create', { contactId: ana.id, occurredAt: at, amount: 10000 });
    await t.ok('interactions.create', { contactId: ben.id, channel: 'phone', direction: 'outbound', occurredAt: at, minutes: 60 });
    await t.ok('purchases.create', { contactId: ben.id, occurredAt: at, amount: 20000 });
    await t.ok('purchases.create', { contactId: cy.id, occurredAt: at, amount: 8000 });
    await t.ok('referrals.create', { referrerId: ana.id, referredId: ben.id, referredAt: at, status: 'converted' });
    const benCy = await t.ok('referrals.create', { referrerId: ben.id, referredId: cy.id, referredAt: at, status: 'converted' });
    await t.ok('referrals.update', { id: benCy.id, thanked: true });
    await t.ok('timeEntries.create', { activity: 'Posting', source: 'instagram', startedAt: at, minutes: 30 });

    const a = await t.ok('figures.contact', { id: ana.id });
    expect(a.figures).toMatchObject({ invested: 11000, directReturn: 10000, referralReturn: 12000, totalReturn: 22000, net: 11000, ror: 2, returnPerHour: 11000 });
    const b = await t.ok('figures.contact', { id: ben.id });
    expect(b.figures).toMatchObject({ invested: 5000, directReturn: 20000, referralReturn: 4000, totalReturn: 24000, net: 19000, ror: 4.8, returnPerHour: 24000 });
    const c = await t.ok('figures.contact', { id: cy.id });
    expect(c.figures).toMatchObject({ invested: 0, totalReturn: 8000, ror: null, returnPerHour: null });

    const today = await t.ok('today.get', {});
    expect(today.items.map((i) => i.name)).toEqual(['Ana Lima']);
    expect(today.items[0]!.reasons[0]!.text).toBe('referred Ben Ode, not thanked yet');
    expect(today.items[0]!.score).toBeCloseTo(2.5 * (1 + Math.log10(221)), 10);

    // A purchase by Cy flows up two levels: Ben gets half, Ana a quarter.
    await t.ok('purchases.create', { contactId: cy.id, occurredAt: at, amount: 4000 });
    expect((await t.ok('figures.contact', { id: ben.id })).figures.referralReturn).toBe(6000);
    expect((await t.ok('figures.contact', { id: ana.id })).figures.referralReturn).toBe(13000);

    // Ben to the trash: Ana's credit through him is gone; back again, it returns.
    await t.ok('contacts.delete', { id: ben.id });
    expect((await t.ok('figures.contact', { id: ana.id })).figures.referralReturn).toBe(0);
    await t.ok('contacts.restore', { id: ben.id });
    expect((await t.ok('figures.contact', { id: ana.id })).figures.referralReturn).toBe(13000);

    // The hourly rate changes every figure.
    await t.ok('settings.update', { hourlyRate: 10000 });
    expect((await t.ok('figures.contact', { id: ana.id })).figures.invested).toBe(21000);

    // The full recompute gives the same table.
    const before = t.db.prepare('SELECT * FROM contact_figures ORDER BY contact_id').all();
    await t.ok('figures.recompute', {});
    expect(t.db.prepare('SELECT * FROM contact_figures ORDER BY contact_id').all()).toEqual(before);
  });
});

// The tests run in Europe/Paris (vitest.config.ts pins it): summer time ends on 25 October 2026
// and starts again on 28 March 2027. The window's start is a local midnight found on the calendar
// (scoring.md, "Which records count"), written out here in UTC so the test does not lean on the
// code it checks.
const PARIS_MIDNIGHT = {
  oct25: Date.UTC(2026, 9, 24, 22), // still summer time (UTC+2): the day the clocks go back
  oct26: Date.UTC(2026, 9, 25, 23),
  oct28: Date.UTC(2026, 9, 27, 23),
  feb26: Date.UTC(2027, 1, 25, 23),
  feb27: Date.UTC(2027, 1, 26, 23),
};

/** When the book is read, and the start of a 30-day window then. */
const MOMENTS: { label: string; at: number; windowStart: number }[] = [
  { label: 'Tue 24 Nov 10:00, when the book is written', at: T0, windowStart: PARIS_MIDNIGHT.oct25 },
  { label: 'five hours later, the same day', at: T0 + 5 * 3_600_000, windowStart: PARIS_MIDNIGHT.oct25 },
  { label: 'the last millisecond of that day', at: Date.UTC(2026, 10, 24, 22, 59, 59, 999), windowStart: PARIS_MIDNIGHT.oct25 },
  { label: 'midnight: Wed 25 Nov 00:00', at: Date.UTC(2026, 10, 24, 23), windowStart: PARIS_MIDNIGHT.oct26 },
  { label: 'Fri 27 Nov 08:00', at: Date.UTC(2026, 10, 27, 7), windowStart: PARIS_MIDNIGHT.oct28 },
  { label: 'Sun 28 Mar 2027 12:00, the 23-hour day summer time starts', at: Date.UTC(2027, 2, 28, 10), windowStart: PARIS_MIDNIGHT.feb26 },
  { label: 'Mon 29 Mar 2027 09:00, the day after', at: Date.UTC(2027, 2, 29, 7), windowStart: PARIS_MIDNIGHT.feb27 },
];

type Dated =
  | { kind: 'purchase'; who: number; at: number; amount: number }
  | { kind: 'interaction'; who: number; at: number; minutes: number; cost: number }
  | { kind: 'time'; who: number; at: number; minutes: number }
  | { kind: 'nps'; who: number; at: number; score: number };

/**
 * Records around every window start above: exactly at the midnight (counts), a millisecond before
 * (does not), a few hours after (where a start taken from the time of the last recompute would
 * fall), and some in between. Purchases and costs are distinct powers of two, so a sum says which counted.
 */
function windowRecords(): Dated[] {
  const records: Dated[] = [];
  let bit = 0;
  for (const m of Object.values(PARIS_MIDNIGHT)) {
    for (const at of [m - 1, m, m + 3 * 3_600_000, m + 11 * 3_600_000, m + 20 * 3_600_000]) {
      const amount = 2 ** bit++;
      records.push({ kind: 'purchase', who: 0, at, amount });
      records.push({ kind: 'interaction', who: 1, at, minutes: 30, cost: amount });
      records.push({ kind: 'time', who: 2, at, minutes: bit });
    }
    records.push({ kind: 'nps', who: 3, at: m - 1, score: 2 });
    records.push({ kind: 'nps', who: 2, at: m, score: 10 });
  }
  // A steady buyer (RFM, lapsing), a referral chain, and a few recent records.
  for (let d = 1; d <= 150; d += 9) records.push({ kind: 'purchase', who: 1, at: T0 - d * DAY, amount: 5000 + d });
  for (let d = 1; d <= 150; d += 13) records.push({ kind: 'purchase', who: 1, at: T0 + d * DAY, amount: 7000 + d });
  records.push({ kind: 'purchase', who: 3, at: T0 - 2 * DAY, amount: 12345 });
  return records;
}

const NAMES = ['Ana Lima', 'Ben Ode', 'Cy Park', 'Dee Roy'];

/** The same contacts, settings and records in any book, whatever its clock says. */
async function writeWindowBook(t: TestBook): Promise<number[]> {
  await t.ok('settings.update', { currency: 'EUR', locale: 'en-GB', windowDays: 30 });
  const ids: number[] = [];
  for (const name of NAMES) ids.push((await t.ok('contacts.create', { kind: 'person', name })).id);
  const id = (who: number) => ids[who]!;
  for (const r of windowRecords()) {
    if (r.kind === 'purchase') await t.ok('purchases.create', { contactId: id(r.who), occurredAt: r.at, amount: r.amount });
    else if (r.kind === 'interaction')
      await t.ok('interactions.create', { contactId: id(r.who), channel: 'phone', direction: 'outbound', occurredAt: r.at, minutes: r.minutes, cost: r.cost });
    else if (r.kind === 'time') await t.ok('timeEntries.create', { contactId: id(r.who), startedAt: r.at, minutes: r.minutes });
    else await t.ok('nps.create', { contactId: id(r.who), score: r.score, answeredAt: r.at });
  }
  await t.ok('referrals.create', { referrerId: id(0), referredId: id(1), referredAt: T0 - 40 * DAY, status: 'converted' });
  await t.ok('referrals.create', { referrerId: id(1), referredId: id(3), referredAt: T0 - 40 * DAY, status: 'converted', thanked: true });
  return ids;
}

/** Everything a reader sees of the figures, at the book's current clock. */
async function readEverything(t: TestBook, ids: number[]) {
  const contacts = [];
  for (const id of ids) contacts.push(await t.ok('figures.contact', { id }));
  return { contacts, today: await t.ok('today.get', {}), insights: await t.ok('insights.get', {}) };
}

describe('a rolling window: figures are a function of the records and of today alone', () => {
  it('a book reopened hours and days later reads exactly as a fresh book with the same records', async () => {
    const dir = makeTempDir();
    const first = openTestBook({ dir, start: T0 });
    const ids = await writeWindowBook(first);
    first.book.close();

    for (const moment of MOMENTS) {
      const reopened = openTestBook({ dir, start: moment.at });
      const fresh = openTestBook({ start: moment.at });
      expect(await writeWindowBook(fresh)).toEqual(ids);
      const seen = await readEverything(reopened, ids);
      expect(seen, moment.label).toEqual(await readEverything(fresh, ids));

      // And those figures are scoring.md's: at or after the local midnight 30 days before today's.
      const counted = (who: number, kind: Dated['kind']) =>
        windowRecords().filter((r) => r.who === who && r.kind === kind && r.at >= moment.windowStart && r.at <= moment.at);
      const sum = (records: Dated[], f: (r: Dated) => number) => records.reduce((s, r) => s + f(r), 0);
      const [ana, ben, cy] = seen.contacts;
      expect(ana!.asOf, moment.label).toBe(moment.at);
      expect(seen.today.asOf, moment.label).toBe(moment.at);
      expect(seen.insights.windowStart, moment.label).toBe(moment.windowStart);
      expect(ana!.figures.revenue, moment.label).toBe(sum(counted(0, 'purchase'), (r) => (r.kind === 'purchase' ? r.amount : 0)));
      expect(ben!.figures.costs, moment.label).toBe(sum(counted(1, 'interaction'), (r) => (r.kind === 'interaction' ? r.cost : 0)));
      expect(cy!.figures.minutes, moment.label).toBe(sum(counted(2, 'time'), (r) => (r.kind === 'time' ? r.minutes : 0)));
      // Cy answers 10 at each midnight, Dee 2 a millisecond before: each one's latest answer that
      // counts. On 27 November and 29 March, Cy's is the one exactly at the window's start.
      const latestNps = (who: number) => counted(who, 'nps').at(-1)?.at ?? null;
      expect(cy!.nps?.answeredAt ?? null, moment.label).toBe(latestNps(2));
      expect(seen.contacts[3]!.nps?.answeredAt ?? null, moment.label).toBe(latestNps(3));
      if (moment.windowStart === PARIS_MIDNIGHT.oct28 || moment.windowStart === PARIS_MIDNIGHT.feb27) {
        expect(cy!.nps?.answeredAt).toBe(moment.windowStart);
      }

      reopened.book.close();
      fresh.book.close();
    }
  });
});
