import { describe, expect, it } from 'vitest';
import { businessFigures, DAY, rfmScores, type BuyerSums, type RfmSegment } from '../../shared/scoring/index';
import { generateBook } from '../bench/generate-records';
import { openTestBook, T0, type TestBook } from '../helpers/book';

// The tests run in Europe/Paris (test/helpers pins it): UTC+1 in November, after the clocks went
// back on 25 October 2026.
const utc = (y: number, m: number, d: number, h = 12, min = 0) => Date.UTC(y, m - 1, d, h, min);

async function person(t: TestBook, name: string, source = '') {
  return (await t.ok('contacts.create', { kind: 'person', name, source })).id;
}

/**
 * The worked example of scoring.md, spread over three months, with what must not count beside it:
 * a contact in the trash with records and a referral, a purchase in the trash, a purchase dated
 * next week, and referrals pending, lost and to a name.
 */
async function workedExample(t: TestBook) {
  await t.ok('settings.update', { currency: 'EUR', locale: 'en-GB' });
  const ana = await person(t, 'Ana Lima', 'Instagram');
  const ben = await person(t, 'Ben Ode', 'referral');
  const cy = await person(t, 'Cy Park', ' Referral ');
  const zed = await person(t, 'Zed Quinn', 'instagram');

  // Ana, in November: 120 minutes with a 10.00 lunch, 100.00 of purchases.
  await t.ok('interactions.create', { contactId: ana, channel: 'in_person', direction: 'outbound', occurredAt: utc(2026, 11, 14), minutes: 120, cost: 1000 });
  await t.ok('purchases.create', { contactId: ana, occurredAt: utc(2026, 11, 14), amount: 10000 });
  const gone = await t.ok('purchases.create', { contactId: ana, occurredAt: utc(2026, 11, 15), amount: 99900 });
  await t.ok('purchases.delete', { id: gone.id });
  await t.ok('purchases.create', { contactId: ana, occurredAt: T0 + 5 * DAY, amount: 77700 }); // next week: not yet
  // Ben: 60 minutes in October; 120.00 at 23:30 on 31 October Paris time (22:30 UTC), and 80.00
  // at 00:30 on 1 November Paris time (23:30 UTC on 31 October): one in each local month.
  await t.ok('interactions.create', { contactId: ben, channel: 'phone', direction: 'outbound', occurredAt: utc(2026, 10, 20), minutes: 60 });
  await t.ok('purchases.create', { contactId: ben, occurredAt: utc(2026, 10, 31, 22, 30), amount: 12000 });
  await t.ok('purchases.create', { contactId: ben, occurredAt: utc(2026, 10, 31, 23, 30), amount: 8000 });
  // Cy, in September: 80.00.
  await t.ok('purchases.create', { contactId: cy, occurredAt: utc(2026, 9, 15, 10), amount: 8000 });
  // Half an hour posting on Instagram, tied to no contact.
  await t.ok('timeEntries.create', { activity: 'Posting', source: 'instagram', startedAt: utc(2026, 11, 2, 10), minutes: 30 });

  await t.ok('referrals.create', { referrerId: ana, referredId: ben, referredAt: utc(2026, 10, 1), status: 'converted' });
  await t.ok('referrals.create', { referrerId: ben, referredId: cy, referredAt: utc(2026, 9, 1), status: 'converted', thanked: true });
  await t.ok('referrals.create', { referrerId: ana, referredName: 'Dora', referredAt: utc(2026, 11, 1), status: 'pending' });
  await t.ok('referrals.create', { referrerId: cy, referredName: 'Eli', referredAt: utc(2026, 11, 1), status: 'lost' });

  // Zed had everything, then went to the trash: none of it counts.
  await t.ok('interactions.create', { contactId: zed, channel: 'phone', direction: 'outbound', occurredAt: utc(2026, 11, 3), minutes: 100, cost: 500 });
  await t.ok('purchases.create', { contactId: zed, occurredAt: utc(2026, 11, 3), amount: 50000 });
  await t.ok('timeEntries.create', { contactId: zed, startedAt: utc(2026, 10, 3), minutes: 45 });
  await t.ok('referrals.create', { referrerId: zed, referredName: 'Yan', referredAt: utc(2026, 11, 1), status: 'pending' });
  await t.ok('nps.create', { contactId: zed, score: 10, answeredAt: utc(2026, 11, 3) });
  await t.ok('contacts.delete', { id: zed });

  // NPS: Ana's latest answer is a 6 (detractor), Ben and Cy promoters; Ana's earlier 9 does not count.
  await t.ok('nps.create', { contactId: ana, score: 9, answeredAt: utc(2026, 11, 1) });
  await t.ok('nps.create', { contactId: ana, score: 6, answeredAt: utc(2026, 11, 20) });
  await t.ok('nps.create', { contactId: ben, score: 10, answeredAt: utc(2026, 11, 5) });
  await t.ok('nps.create', { contactId: cy, score: 9, answeredAt: utc(2026, 10, 5) });
  return { ana, ben, cy, zed };
}

describe('insights.get on a hand-made book', () => {
  it("gives the worked example's business and sources, months, segments, quadrants, NPS and referrals", async () => {
    const t = openTestBook();
    const { ana, ben, cy } = await workedExample(t);
    const v = await t.ok('insights.get', {});

    // The business (scoring.md): 210 minutes, invested div(210 * 5000, 60) + 1000 = 18500, return 38000.
    expect(v.business).toMatchObject({ minutes: 210, costs: 1000, revenue: 38000, invested: 18500, return: 38000, contacts: 3, buyers: 3 });
    expect(v.business.ror).toBeCloseTo(2.054, 3);
    expect(v.asOf).toBe(T0);
    expect(v.windowDays).toBeNull();

    // Sources: "Instagram" 11000 + div(30 * 5000, 60) = 13500 against 10000; " Referral " is "referral".
    const instagram = v.bySource.find((s) => s.source === 'instagram')!;
    expect(instagram).toMatchObject({ label: 'Instagram', contacts: 1, untiedMinutes: 30, invested: 13500, return: 10000 });
    expect(instagram.ror).toBeCloseTo(0.741, 3);
    const referral = v.bySource.find((s) => s.source === 'referral')!;
    expect(referral).toMatchObject({ contacts: 2, invested: 5000, return: 28000, ror: 5.6 });
    expect(v.bySource.map((s) => s.source)).toEqual(['instagram', 'referral']); // by invested, highest first

    // Months, local: Cy's September, Ben's October (60 minutes, the 23:30 purchase), November (the rest).
    expect(v.byMonth).toEqual([
      { month: '2026-09', start: new Date(2026, 8, 1).getTime(), minutes: 0, costs: 0, revenue: 8000, return: 8000, invested: 0, ror: null },
      { month: '2026-10', start: new Date(2026, 9, 1).getTime(), minutes: 60, costs: 0, revenue: 12000, return: 12000, invested: 5000, ror: 2.4 },
      { month: '2026-11', start: new Date(2026, 10, 1).getTime(), minutes: 150, costs: 1000, revenue: 18000, return: 18000, invested: 13500, ror: 18000 / 13500 },
    ]);

    // RFM among Ana, Ben and Cy (n = 3): scores 1, 3, 5 for distinct keys, 2 for the tie of two lowest.
    // Ana: 10 days, 1 purchase (tied with Cy), 100.00 → R5 F2 M3 → regular.
    // Ben: 23 days, 2 purchases, 200.00 → R3 F5 M5 → frequent.
    // Cy: 69 days, 1 purchase, 80.00 → R1 F2 M1 → lapsed.
    const segments = Object.fromEntries(v.segments.map((s) => [s.segment, s]));
    expect(v.segments.map((s) => s.segment)).toEqual(['top', 'frequent', 'atRisk', 'new', 'lapsed', 'regular']);
    expect(segments.regular).toEqual({ segment: 'regular', count: 1, revenue: 10000 });
    expect(segments.frequent).toEqual({ segment: 'frequent', count: 1, revenue: 20000 });
    expect(segments.lapsed).toEqual({ segment: 'lapsed', count: 1, revenue: 8000 });
    expect(segments.top!.count + segments.atRisk!.count + segments.new!.count).toBe(0);
    // The contact page agrees.
    expect((await t.ok('figures.contact', { id: ben })).rfm?.segment).toBe('frequent');

    // Quadrants: buying median of 10000, 20000, 8000 is 10000 (Ana, Ben high-buying); referring
    // median of 12000 and 4000 is 8000 (Ana high-referring). Ana a champion, Ben affluent, Cy a miser.
    expect(v.quadrantMedians).toEqual({ buying: 10000, referring: 8000 });
    expect(Object.fromEntries(v.quadrants.map((q) => [q.quadrant, q.count]))).toEqual({ champions: 1, affluents: 1, advocates: 0, misers: 1 });

    // NPS: promoters Ben and Cy, detractor Ana (her latest): div(100 * (2 - 1), 3) = 33. Zed is in the trash.
    expect(v.nps).toEqual({ promoters: 2, passives: 0, detractors: 1, answers: 3, nps: 33 });

    // The referral engine: Zed's referral is gone with Zed.
    expect(v.referrals).toMatchObject({
      total: 4,
      converted: 2,
      pending: 1,
      lost: 1,
      chains: 1,
      longestChain: 2,
      referredContacts: 2,
      referredCustomers: 2,
      meanReturnReferred: 16000, // (Ben 24000 + Cy 8000) / 2
      meanReturnOthers: 22000, // Ana
    });
    expect(v.referrals.conversionRate).toBeCloseTo(2 / 3, 12);
    expect(v.referrals.referralRate).toBeCloseTo(2 / 3, 12);
    expect(v.referrals.topAdvocates).toEqual([
      { id: ana, name: 'Ana Lima', referred: 1, referralReturn: 12000 },
      { id: ben, name: 'Ben Ode', referred: 1, referralReturn: 4000 },
    ]);

    // The scatter: everyone with time or return; Cy has no time, so nobody to mark but the timed.
    expect(v.scatter.ids).toEqual([ana, ben, cy]);
    expect(v.scatter.minutes).toEqual([120, 60, 0]);
    expect(v.scatter.totalReturn).toEqual([22000, 24000, 8000]);
    expect(v.scatter.invested).toEqual([11000, 5000, 0]);
  });

  it('marks stars and time sinks, and follows a write', async () => {
    const t = openTestBook();
    const { ana, ben, cy } = await workedExample(t);
    // Gus: five hours at events this month, nothing bought.
    const gus = await person(t, 'Gus Ray', 'Event');
    await t.ok('interactions.create', { contactId: gus, channel: 'event', direction: 'outbound', occurredAt: utc(2026, 11, 10), minutes: 300 });
    const v = await t.ok('insights.get', {});
    // With time: Ana (110.00 an hour), Ben (240.00 an hour), Gus (300 minutes, ROR 0): the top
    // quarter of three is one contact. Ben is the star, Gus the time sink.
    expect(v.scatter).toMatchObject({ withTime: 3, starMinReturnPerHour: 24000, sinkMinMinutes: 300, stars: 1, sinks: 1 });
    expect(v.scatter.ids).toEqual([ana, ben, cy, gus]);
    expect(v.scatter.marks).toEqual([0, 1, 0, 2]);
    expect(v.highlights).toEqual({
      stars: [{ id: ben, name: 'Ben Ode', minutes: 60, totalReturn: 24000, invested: 5000 }],
      sinks: [{ id: gus, name: 'Gus Ray', minutes: 300, totalReturn: 0, invested: 25000 }],
    });
    // The business now: 510 minutes → 42500 + 1000 invested.
    expect(v.business).toMatchObject({ minutes: 510, invested: 43500, return: 38000 });
    expect(v.bySource.find((s) => s.source === 'event')).toMatchObject({ label: 'Event', contacts: 1, invested: 25000, return: 0, ror: 0 });
    expect(v.byMonth.at(-1)).toMatchObject({ month: '2026-11', minutes: 450 });

    // Gus to the trash and back: out of every chart, then in again.
    await t.ok('contacts.delete', { id: gus });
    const without = await t.ok('insights.get', {});
    expect(without.business.minutes).toBe(210);
    expect(without.byMonth.at(-1)).toMatchObject({ minutes: 150 });
    expect(without.scatter.ids).toEqual([ana, ben, cy]);
    await t.ok('contacts.restore', { id: gus });
    expect((await t.ok('insights.get', {})).byMonth.at(-1)).toMatchObject({ minutes: 450 });

    // Moving Ben's October interaction into November moves its hour.
    const timeline = await t.ok('contacts.timeline', { contactId: ben, limit: 50 });
    const call = timeline.items.find((i) => i.kind === 'interaction')!;
    await t.ok('interactions.update', { id: call.record.id, occurredAt: utc(2026, 11, 12) });
    const moved = await t.ok('insights.get', {});
    expect(moved.byMonth.map((m) => m.minutes)).toEqual([0, 0, 510]);
  });

  it('keeps to the window: months from its start, the same sums as the business', async () => {
    const t = openTestBook();
    await workedExample(t);
    await t.ok('settings.update', { windowDays: 30 });
    const v = await t.ok('insights.get', {});
    // From midnight on 25 October in Paris (22:00 UTC the day before, still summer time): Ben's
    // October interaction and Cy's September purchase are out.
    expect(v.windowDays).toBe(30);
    expect(v.windowStart).toBe(Date.UTC(2026, 9, 24, 22));
    expect(v.byMonth.map((m) => [m.month, m.minutes, m.costs, m.revenue])).toEqual([
      ['2026-10', 0, 0, 12000],
      ['2026-11', 150, 1000, 18000],
    ]);
    expect(v.business).toMatchObject({ minutes: 150, costs: 1000, revenue: 30000, buyers: 2 });
    // NPS: Cy's October 5 answer is before the window.
    expect(v.nps).toMatchObject({ promoters: 1, detractors: 1, answers: 2, nps: 0 });
  });

  it('an empty book has empty charts', async () => {
    const t = openTestBook();
    const v = await t.ok('insights.get', {});
    expect(v.business).toEqual({ minutes: 0, invested: 0, return: 0, ror: null, costs: 0, revenue: 0, contacts: 0, buyers: 0 });
    expect(v.byMonth).toEqual([]);
    expect(v.bySource).toEqual([]);
    expect(v.scatter).toEqual({ ids: [], minutes: [], totalReturn: [], invested: [], marks: [], withTime: 0, starMinReturnPerHour: null, sinkMinMinutes: null, stars: 0, sinks: 0 });
    expect(v.highlights).toEqual({ stars: [], sinks: [] });
    expect(v.segments.every((s) => s.count === 0)).toBe(true);
    expect(v.nps.nps).toBeNull();
    expect(v.referrals).toMatchObject({ total: 0, conversionRate: null, referralRate: null, chains: 0, meanReturnReferred: null, topAdvocates: [] });
  });
});

describe('insights.get on a generated book', () => {
  it('agrees with sums taken straight from the records', async () => {
    const t = openTestBook();
    generateBook(t.db, { size: { contacts: 3000 }, now: T0, seed: 11 });
    // Some contacts to the trash through the API, so their records must drop out everywhere.
    const trashed = t.db.prepare('SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY id LIMIT 25 OFFSET 100').pluck().all() as number[];
    for (const id of trashed) await t.ok('contacts.delete', { id });
    const v = await t.ok('insights.get', {});

    // Straight from the records: live records of live contacts (and time tied to nobody), up to now.
    const sum = (sql: string) => (t.db.prepare(sql).pluck().get(T0) as number | null) ?? 0;
    const live = 'contact_id IN (SELECT id FROM contacts WHERE deleted_at IS NULL)';
    const minutes =
      sum(`SELECT sum(minutes) FROM interactions WHERE deleted_at IS NULL AND occurred_at <= ? AND ${live}`) +
      sum(`SELECT sum(minutes) FROM time_entries WHERE deleted_at IS NULL AND started_at <= ? AND (contact_id IS NULL OR ${live})`);
    const costs = sum(`SELECT sum(cost) FROM interactions WHERE deleted_at IS NULL AND occurred_at <= ? AND ${live}`);
    const revenue = sum(`SELECT sum(amount) FROM purchases WHERE deleted_at IS NULL AND occurred_at <= ? AND ${live}`);
    expect(v.business).toMatchObject({ costs, revenue, ...businessFigures({ minutes, costs, revenue }, { hourlyRate: 5000, grossMarginPct: 100 }) });
    expect(minutes).toBeGreaterThan(0);

    // Months add up to the business, and each month is the records of its local calendar month.
    const total = (k: 'minutes' | 'costs' | 'revenue') => v.byMonth.reduce((s, m) => s + m[k], 0);
    expect([total('minutes'), total('costs'), total('revenue')]).toEqual([minutes, costs, revenue]);
    const monthOf = (at: number) => {
      const d = new Date(at);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
    };
    const byMonth = new Map<string, number>();
    for (const { at, amount } of t.db
      .prepare(`SELECT occurred_at AS at, amount FROM purchases WHERE deleted_at IS NULL AND occurred_at <= ? AND ${live}`)
      .all(T0) as { at: number; amount: number }[]) {
      byMonth.set(monthOf(at), (byMonth.get(monthOf(at)) ?? 0) + amount);
    }
    for (const m of v.byMonth) expect(m.revenue, m.month).toBe(byMonth.get(m.month) ?? 0);

    // Segments: every buying customer in exactly one, as the scoring module ranks them.
    expect(v.segments.reduce((s, x) => s + x.count, 0)).toBe(v.business.buyers);
    const buyers = t.db
      .prepare('SELECT contact_id AS id, revenue, positive_count AS positiveCount, last_positive_at AS lastPositiveAt FROM contact_figures WHERE positive_count > 0')
      .all() as BuyerSums[];
    expect(buyers.length).toBe(v.business.buyers);
    const expected = new Map<RfmSegment, number>();
    for (const s of rfmScores(buyers, T0)) expected.set(s.segment, (expected.get(s.segment) ?? 0) + 1);
    for (const s of v.segments) expect(s.count, s.segment).toBe(expected.get(s.segment) ?? 0);
    // Quadrants: every buyer is a champion, an affluent or a miser, or an advocate when it refers well.
    const inQuadrant = v.quadrants.reduce((s, q) => s + q.count, 0);
    expect(inQuadrant).toBeGreaterThanOrEqual(v.business.buyers);

    // Sources hold every contact once; at 100 % margin their return is the business's.
    expect(v.bySource.reduce((s, x) => s + x.contacts, 0)).toBe(v.business.contacts);
    expect(v.bySource.reduce((s, x) => s + x.return, 0)).toBe(v.business.return);

    // The scatter: every contact with time or return; stars paid back, sinks did not.
    const shown = t.db.prepare('SELECT count(*) FROM contact_figures WHERE minutes > 0 OR total_return <> 0').pluck().get() as number;
    expect(v.scatter.ids.length).toBe(shown);
    v.scatter.marks.forEach((mark, i) => {
      if (mark === 1) expect(v.scatter.totalReturn[i]!).toBeGreaterThanOrEqual(v.scatter.invested[i]!);
      if (mark === 2) expect(v.scatter.totalReturn[i]!).toBeLessThan(v.scatter.invested[i]!);
      if (mark !== 0) expect(v.scatter.minutes[i]!).toBeGreaterThan(0);
    });
    expect(v.scatter.stars + v.scatter.sinks).toBeGreaterThan(0);
    expect(trashed.some((id) => v.scatter.ids.includes(id))).toBe(false);
    // The side lists: the best stars by return per hour, the biggest sinks by hours, five each.
    const perHour = (h: { totalReturn: number; minutes: number }) => (h.totalReturn * 60) / h.minutes;
    expect(v.highlights.stars).toHaveLength(5);
    expect(v.highlights.sinks).toHaveLength(5);
    const starsPerHour = v.scatter.ids.map((_, i) => i).filter((i) => v.scatter.marks[i] === 1).map((i) => perHour({ totalReturn: v.scatter.totalReturn[i]!, minutes: v.scatter.minutes[i]! }));
    expect(perHour(v.highlights.stars[0]!)).toBe(Math.max(...starsPerHour));
    expect(v.highlights.sinks[0]!.minutes).toBe(Math.max(...v.scatter.minutes.filter((_, i) => v.scatter.marks[i] === 2)));
    expect(v.highlights.sinks.every((h) => h.name !== '')).toBe(true);

    // Referrals: each one in one status; the referred customers among the buyers.
    const r = v.referrals;
    expect(r.converted + r.pending + r.lost).toBe(r.total);
    expect(r.referredCustomers).toBeLessThanOrEqual(v.business.buyers);
    expect(r.longestChain).toBeGreaterThanOrEqual(1);
    expect(r.topAdvocates.length).toBeGreaterThan(0);
    expect(v.nps.promoters + v.nps.passives + v.nps.detractors).toBe(v.nps.answers);

    // After a full recompute, the same charts.
    await t.ok('figures.recompute', {});
    expect(await t.ok('insights.get', {})).toEqual(v);
  });
});

describe('NPS: of two answers of one contact at the same instant, the one recorded last counts', () => {
  it('on the contact page and in Insights, whatever the order of scores, the trash or later edits', async () => {
    const t = openTestBook();
    const at = utc(2026, 11, 20, 15);
    const scoreOf = async (id: number) => (await t.ok('figures.contact', { id })).nps?.score;
    const answer = async (contactId: number, score: number, answeredAt = at) => (await t.ok('nps.create', { contactId, score, answeredAt })).id;

    // A detractor's 3, then a 10 at the same instant: a promoter. And the other way round.
    const ana = await person(t, 'Ana Lima');
    await answer(ana, 3);
    await answer(ana, 10);
    const ben = await person(t, 'Ben Ode');
    await answer(ben, 10);
    await answer(ben, 3);
    // Cy's first answer goes to the trash and comes back: restoring it does not record it again.
    const cy = await person(t, 'Cy Park');
    const cyFirst = await answer(cy, 10);
    await answer(cy, 1);
    await t.ok('nps.delete', { id: cyFirst });
    await t.ok('nps.restore', { id: cyFirst });
    // Dee's earlier answer is moved onto the instant of her later one: moving it corrects it, it
    // does not record it again, so her later answer still counts.
    const dee = await person(t, 'Dee Roy');
    const deeFirst = await answer(dee, 9, at - DAY);
    await answer(dee, 2);
    await t.ok('nps.update', { id: deeFirst, answeredAt: at, note: 'the date was wrong' });

    expect(await scoreOf(ana)).toBe(10);
    expect(await scoreOf(ben)).toBe(3);
    expect(await scoreOf(cy)).toBe(1);
    expect(await scoreOf(dee)).toBe(2);
    // Insights: Ana a promoter; Ben, Cy and Dee detractors: div(100 * (1 - 3), 4) = -50.
    expect((await t.ok('insights.get', {})).nps).toEqual({ promoters: 1, passives: 0, detractors: 3, answers: 4, nps: -50 });
    // A full recompute changes nothing.
    await t.ok('figures.recompute', {});
    expect(await scoreOf(cy)).toBe(1);
  });
});
