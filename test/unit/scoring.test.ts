import { describe, expect, test } from 'vitest';
import {
  DAY,
  DEFAULT_SCORING_SETTINGS,
  ReferralLoopError,
  businessFigures,
  businessSums,
  contactFigures,
  counts,
  daysSince,
  div,
  floorDiv,
  mulDiv,
  purchaseSums,
  sourceFigures,
  timeAndCostSums,
  todayList,
  windowStart,
  type ContactSums,
  type ScoringSettings,
} from '../../shared/scoring/index';

// A fixed clock: Tuesday 24 November 2026, 10:00 in Paris (UTC+1 in winter).
const NOW = Date.UTC(2026, 10, 24, 9);
// Local midnights in Europe/Paris, written out so the test pins the zone whatever the machine's.
const START_OF_TODAY = Date.UTC(2026, 10, 23, 23);
const END_OF_TODAY = Date.UTC(2026, 10, 24, 23);
const CLOCK = { now: NOW, startOfToday: START_OF_TODAY, endOfToday: END_OF_TODAY };
const daysAgo = (n: number) => NOW - n * DAY;

const S: ScoringSettings = { ...DEFAULT_SCORING_SETTINGS };

describe('div: half away from zero, exactly', () => {
  test.each<[number, number, number, string]>([
    // [p, q, expected, why]
    [5, 2, 3, '2.5 rounds away from zero'],
    [-5, 2, -3, '-2.5 rounds away from zero'],
    [-4, 2, -2, 'exact'],
    [4, 2, 2, 'exact'],
    [7, 3, 2, '2.33 rounds down'],
    [-7, 3, -2, '-2.33 rounds toward zero'],
    [8, 3, 3, '2.67 rounds up'],
    [-8, 3, -3, '-2.67 rounds away'],
    [0, 7, 0, 'zero'],
    [57750, 60, 963, 'scoring.md: 11 minutes at 52.50 an hour is 962.5, so 963, not 962'],
    [1, 1, 1, 'q = 1'],
    [9_007_199_254_740_991, 1, 9_007_199_254_740_991, 'the largest safe integer over 1'],
    [9_007_199_254_740_991, 2, 4_503_599_627_370_496, '…95.5 rounds up; 2|p| + q passes 2^53, so BigInt'],
    [-9_007_199_254_740_991, 2, -4_503_599_627_370_496, 'and down on the negative side'],
  ])('div(%i, %i) = %i (%s)', (p, q, expected) => {
    expect(div(p, q)).toBe(expected);
  });

  test('the rounding example of scoring.md, as a figure', () => {
    // 11 minutes at 52.50 an hour: div(11 * 5250, 60) = div(57750, 60) = 963.
    expect(mulDiv(11, 5250, 60)).toBe(963);
  });

  test('no negative zero', () => {
    // -1/3 = -0.33 rounds to 0, and it is +0, so figures compare and print as 0.
    expect(Object.is(div(-1, 3), 0)).toBe(true);
  });

  test('mulDiv stays exact past 2^53', () => {
    // 3,000,000,000,000,001 * 5 = 15,000,000,000,000,005 (not a double); / 10 = ...000.5 → ...001.
    expect(mulDiv(3_000_000_000_000_001, 5, 10)).toBe(1_500_000_000_000_001);
    expect(mulDiv(-3_000_000_000_000_001, 5, 10)).toBe(-1_500_000_000_000_001);
  });

  test('refuses what it cannot do exactly', () => {
    expect(() => div(1.5, 2)).toThrow(RangeError);
    expect(() => div(1, 0)).toThrow(RangeError);
    expect(() => div(1, -2)).toThrow(RangeError);
    expect(() => div(2 ** 53, 3)).toThrow(RangeError);
    // A result past 2^53 cannot be a stored figure: 2^52 * 4 / 2 = 2^53.
    expect(() => mulDiv(2 ** 52, 4, 2)).toThrow(RangeError);
  });

  test('floorDiv and daysSince floor toward minus infinity', () => {
    expect(floorDiv(7, 2)).toBe(3);
    expect(floorDiv(-7, 2)).toBe(-4);
    expect(floorDiv(-8, 2)).toBe(-4);
    // 23h59m ago is 0 days; exactly a day ago is 1; an hour ahead is -1.
    expect(daysSince(NOW - DAY + 60_000, NOW)).toBe(0);
    expect(daysSince(NOW - DAY, NOW)).toBe(1);
    expect(daysSince(NOW + 3_600_000, NOW)).toBe(-1);
    expect(daysSince(NOW, NOW)).toBe(0);
  });
});

describe('which records count', () => {
  test("at or before now; with a window, at or after its start, the local midnight N days before today's (both ends included)", () => {
    expect(counts(NOW, NOW, null)).toBe(true);
    expect(counts(NOW + 1, NOW, null)).toBe(false);
    expect(counts(Date.UTC(1990, 0, 1), NOW, null)).toBe(true);
    // 30 days before Tuesday 24 November is Sunday 25 October, the day summer time ends: its
    // midnight is 22:00 UTC the day before (UTC+2), not NOW - 30 days (10:00 local) nor 23:00 UTC.
    const oct25 = Date.UTC(2026, 9, 24, 22);
    expect(windowStart(NOW, 30)).toBe(oct25);
    expect(counts(oct25, NOW, 30)).toBe(true);
    expect(counts(oct25 - 1, NOW, 30)).toBe(false);
    expect(counts(NOW - 30 * DAY - 1, NOW, 30)).toBe(true);
    expect(counts(NOW + 1, NOW, 30)).toBe(false);
    expect(windowStart(NOW, null)).toBeNull();
  });

  test("the window's start depends on today's date alone and moves at local midnight", () => {
    const oct25 = Date.UTC(2026, 9, 24, 22);
    // Any instant of Tuesday 24 November (local), from its first millisecond to its last.
    for (const now of [START_OF_TODAY, NOW, NOW + 5 * 3_600_000, END_OF_TODAY - 1]) expect(windowStart(now, 30)).toBe(oct25);
    // Wednesday: Monday 26 October, in winter time (UTC+1).
    expect(windowStart(END_OF_TODAY, 30)).toBe(Date.UTC(2026, 9, 25, 23));
    // One day back from 00:00 on Monday 26 October is Sunday's midnight, 25 hours earlier.
    expect(windowStart(Date.UTC(2026, 9, 25, 23), 1)).toBe(oct25);
    // Spring: 29 March 2027 (summer time since the 28th) back 30 days is 27 February, UTC+1.
    expect(windowStart(Date.UTC(2027, 2, 29, 7), 30)).toBe(Date.UTC(2027, 1, 26, 23));
    // The day summer time starts lasts 23 hours; a day back from the next midnight is its midnight.
    expect(windowStart(Date.UTC(2027, 2, 28, 22), 1)).toBe(Date.UTC(2027, 2, 27, 23));
    // Across month and year ends, and a leap day.
    expect(windowStart(Date.UTC(2027, 0, 2, 12), 3)).toBe(Date.UTC(2026, 11, 29, 23));
    expect(windowStart(Date.UTC(2028, 2, 1, 12), 1)).toBe(Date.UTC(2028, 1, 28, 23));
    // Today itself is day 0 of the window: a one-day window is yesterday and today so far.
    expect(windowStart(NOW, 1)).toBe(START_OF_TODAY - DAY);
  });

  test('the sums of a contact over a 30-day window', () => {
    const interactions = [
      { occurredAt: daysAgo(5), minutes: 30, cost: 500 }, // counts
      { occurredAt: daysAgo(30), minutes: 10, cost: 100 }, // counts: exactly N days ago
      { occurredAt: daysAgo(31), minutes: 99, cost: 9900 }, // too old
      { occurredAt: NOW + 60_000, minutes: 77, cost: 7700 }, // in the future
    ];
    const timeEntries = [
      { startedAt: daysAgo(1), minutes: 45 }, // counts
      { startedAt: daysAgo(40), minutes: 600 }, // too old
    ];
    const purchases = [
      { occurredAt: daysAgo(20), amount: 5000 }, // counts, positive
      { occurredAt: daysAgo(10), amount: -1500 }, // a refund: counts in revenue, not as a purchase
      { occurredAt: daysAgo(2), amount: 3000 }, // counts, positive
      { occurredAt: daysAgo(60), amount: 100000 }, // too old
      { occurredAt: NOW + DAY, amount: 100000 }, // in the future
    ];
    // 30 + 10 + 45 minutes; 500 + 100 costs.
    expect(timeAndCostSums(interactions, timeEntries, NOW, 30)).toEqual({ minutes: 85, costs: 600 });
    // 5000 - 1500 + 3000 = 6500, two positive purchases from 20 to 2 days ago.
    expect(purchaseSums(purchases, NOW, 30)).toEqual({ revenue: 6500, positiveCount: 2, firstPositiveAt: daysAgo(20), lastPositiveAt: daysAgo(2) });
    // All time adds the old ones but never the future ones: 85 + 99 + 600 minutes, 600 + 9900 costs.
    expect(timeAndCostSums(interactions, timeEntries, NOW, null)).toEqual({ minutes: 784, costs: 10500 });
    expect(purchaseSums(purchases, NOW, null)).toEqual({ revenue: 106500, positiveCount: 3, firstPositiveAt: daysAgo(60), lastPositiveAt: daysAgo(2) });
  });
});

describe('the worked example of scoring.md', () => {
  // H = 5000, m = 100, a = 50, all time, currency exponent 2.
  const ANA = 1;
  const BEN = 2;
  const CY = 3;
  const ana = {
    ...timeAndCostSums([{ occurredAt: daysAgo(3), minutes: 120, cost: 1000 }], [], NOW, null),
    ...purchaseSums([{ occurredAt: daysAgo(3), amount: 10000 }], NOW, null),
  };
  const ben = {
    ...timeAndCostSums([{ occurredAt: daysAgo(2), minutes: 60, cost: 0 }], [], NOW, null),
    ...purchaseSums([{ occurredAt: daysAgo(2), amount: 20000 }], NOW, null),
  };
  const cy = purchaseSums([{ occurredAt: daysAgo(1), amount: 8000 }], NOW, null);
  const contacts: ContactSums[] = [
    { id: ANA, minutes: ana.minutes, costs: ana.costs, revenue: ana.revenue },
    { id: BEN, minutes: ben.minutes, costs: ben.costs, revenue: ben.revenue },
    { id: CY, minutes: 0, costs: 0, revenue: cy.revenue },
  ];
  const referrals = [
    { referrerId: ANA, referredId: BEN },
    { referrerId: BEN, referredId: CY },
  ];
  const [a, b, c] = contactFigures(contacts, referrals, S);

  test('Ana', () => {
    // invested = div(120 * 5000, 60) + 1000 = 10000 + 1000 = 11000
    expect(a!.timeCost).toBe(10000);
    expect(a!.invested).toBe(11000);
    // direct = div(10000 * 100, 100) = 10000
    expect(a!.directReturn).toBe(10000);
    // referral = div(50 * (20000 + 4000), 100) = 12000 (Ben's direct plus Ben's own credit)
    expect(a!.referralReturn).toBe(12000);
    // total 10000 + 12000 = 22000; net 22000 - 11000 = 11000; ROR 22000 / 11000 = 2
    expect(a!.totalReturn).toBe(22000);
    expect(a!.net).toBe(11000);
    expect(a!.ror).toBe(2);
    // per hour: 22000 * 60 / 120 = 11000
    expect(a!.returnPerHour).toBe(11000);
  });

  test('Ben', () => {
    // invested = div(60 * 5000, 60) = 5000; direct 20000; referral div(50 * 8000, 100) = 4000
    expect(b).toMatchObject({ invested: 5000, directReturn: 20000, referralReturn: 4000, totalReturn: 24000, net: 19000 });
    // ROR 24000 / 5000 = 4.8; per hour 24000 * 60 / 60 = 24000
    expect(b!.ror).toBe(4.8);
    expect(b!.returnPerHour).toBe(24000);
  });

  test('Cy', () => {
    // No time, no costs: invested 0, so no ROR; no minutes, so no return per hour. A leaf: referral 0.
    expect(c).toMatchObject({ invested: 0, directReturn: 8000, referralReturn: 0, totalReturn: 8000, net: 8000, ror: null, returnPerHour: null });
  });

  test('the business', () => {
    // 120 + 60 + 30 untied minutes = 210; invested div(210 * 5000, 60) + 1000 = 17500 + 1000 = 18500;
    // return div((10000 + 20000 + 8000) * 100, 100) = 38000; ROR 38000 / 18500 = 2.054...
    const biz = businessFigures(businessSums(contacts, 30), S);
    expect(biz).toMatchObject({ minutes: 210, invested: 18500, return: 38000 });
    expect(biz.ror).toBeCloseTo(2.054054, 5);
    expect(biz.ror!.toFixed(2)).toBe('2.05');
  });

  test('by source', () => {
    const sources = sourceFigures(
      [
        { source: 'Instagram', invested: a!.invested, directReturn: a!.directReturn },
        { source: 'referral', invested: b!.invested, directReturn: b!.directReturn },
        { source: 'referral ', invested: c!.invested, directReturn: c!.directReturn },
      ],
      [{ source: 'instagram', minutes: 30 }],
      S,
    );
    expect(sources.map((s) => s.source)).toEqual(['instagram', 'referral']);
    const [insta, referral] = sources;
    // instagram: Ana's 11000 + div(30 * 5000, 60) = 11000 + 2500 = 13500; return Ana's direct 10000;
    // ROR 10000 / 13500 = 0.7407...
    expect(insta).toMatchObject({ label: 'Instagram', contacts: 1, untiedMinutes: 30, invested: 13500, return: 10000 });
    expect(insta!.ror!.toFixed(2)).toBe('0.74');
    // referral: Ben 5000 + Cy 0 = 5000; return 20000 + 8000 = 28000 (direct only); ROR 5.6
    expect(referral).toMatchObject({ contacts: 2, invested: 5000, return: 28000, ror: 5.6 });
  });

  test('Today lists Ana, to thank Ben', () => {
    const list = todayList(
      [
        { id: ANA, name: 'Ana', totalReturn: a!.totalReturn, followUps: [], unthankedReferrals: [{ referredId: BEN, referredName: 'Ben' }], lapsing: null, cadence: null },
        // Ben thanked for Cy: no reason, so not on the list.
        { id: BEN, name: 'Ben', totalReturn: b!.totalReturn, followUps: [], unthankedReferrals: [], lapsing: null, cadence: null },
        { id: CY, name: 'Cy', totalReturn: c!.totalReturn, followUps: [], unthankedReferrals: [], lapsing: null, cadence: null },
      ],
      CLOCK,
      2,
    );
    expect(list).toHaveLength(1);
    const [entry] = list;
    // urgency 2.5; value 1 + log10(1 + 22000 / 100) = 1 + log10(221) = 3.3444; score 2.5 * 3.3444 = 8.361
    expect(entry!.id).toBe(ANA);
    expect(entry!.urgency).toBe(2.5);
    expect(entry!.value).toBeCloseTo(1 + Math.log10(221), 12);
    expect(entry!.value.toFixed(2)).toBe('3.34');
    expect(entry!.score.toFixed(2)).toBe('8.36');
    expect(entry!.reasons.map((r) => r.text)).toEqual(['referred Ben, not thanked yet']);
  });
});

describe('contact figures', () => {
  test('time and money round once, half away from zero; refunds can make returns negative', () => {
    // 11 minutes at 52.50: div(57750, 60) = 963. Revenue -1001 (refunds) at m = 35:
    // div(-35035, 100) = -350.35 → -350. Invested 963 + 200 = 1163; net -350 - 1163 = -1513.
    const [f] = contactFigures([{ id: 1, minutes: 11, costs: 200, revenue: -1001 }], [], { hourlyRate: 5250, grossMarginPct: 35, referralSharePct: 50 });
    expect(f).toMatchObject({ timeCost: 963, invested: 1163, directReturn: -350, totalReturn: -350, net: -1513 });
    // ROR -350 / 1163; per hour -350 * 60 / 11.
    expect(f!.ror).toBe(-350 / 1163);
    expect(f!.returnPerHour).toBe((-350 * 60) / 11);
  });

  test('a referred customer with refunds passes on negative credit', () => {
    // Kim refunded more than she bought: direct -300; her referrer gets div(50 * -300, 100) = -150.
    const [ref, kim] = contactFigures(
      [
        { id: 1, minutes: 0, costs: 0, revenue: 1000 },
        { id: 2, minutes: 0, costs: 0, revenue: -300 },
      ],
      [{ referrerId: 1, referredId: 2 }],
      S,
    );
    expect(ref!.referralReturn).toBe(-150);
    expect(ref!.totalReturn).toBe(850);
    expect(kim!.referralReturn).toBe(0);
  });

  test('credit shrinks by a at each step and rounds at each step', () => {
    // a = 33: chain 1 → 2 → 3, each with direct 1000 (m = 100).
    // 3: 1000. 2: 1000 + div(33 * 1000, 100) = 1000 + 330 = 1330.
    // 1: 1000 + div(33 * 1330, 100) = 1000 + div(43890, 100) = 1000 + 439 (438.9 → 439) = 1439.
    const figures = contactFigures(
      [1, 2, 3].map((id) => ({ id, minutes: 0, costs: 0, revenue: 1000 })),
      [
        { referrerId: 2, referredId: 3 },
        { referrerId: 1, referredId: 2 },
      ],
      { ...S, referralSharePct: 33 },
    );
    expect(figures.map((f) => f.totalReturn)).toEqual([1439, 1330, 1000]);
  });

  test('a negative invested (not possible from the app, but from a preview) gives no ROR', () => {
    const [f] = contactFigures([{ id: 1, minutes: 0, costs: -5, revenue: 100 }], [], S);
    expect(f!.ror).toBeNull();
  });

  test('referrals naming a contact not in the list (in the trash) are ignored; duplicates count once', () => {
    const [one] = contactFigures(
      [
        { id: 1, minutes: 0, costs: 0, revenue: 0 },
        { id: 2, minutes: 0, costs: 0, revenue: 1000 },
      ],
      [
        { referrerId: 1, referredId: 2 },
        { referrerId: 1, referredId: 2 },
        { referrerId: 1, referredId: 99 },
        { referrerId: 99, referredId: 1 },
      ],
      S,
    );
    // Only 1 → 2, once: div(50 * 1000, 100) = 500.
    expect(one!.referralReturn).toBe(500);
  });

  test('a loop is refused with a clear error', () => {
    const contacts = [1, 2, 3].map((id) => ({ id, minutes: 0, costs: 0, revenue: 100 }));
    const loop = [
      { referrerId: 1, referredId: 2 },
      { referrerId: 2, referredId: 3 },
      { referrerId: 3, referredId: 1 },
    ];
    expect(() => contactFigures(contacts, loop, S)).toThrow(ReferralLoopError);
    expect(() => contactFigures(contacts, [{ referrerId: 2, referredId: 2 }], S)).toThrow(/loop/);
  });

  test('a chain of 100,000 referrals, without running out of stack', () => {
    // Contact i referred i + 1; each bought 100 (m = 100, a = 50). From the leaf up:
    // 100, 100 + 50 = 150, 100 + 75 = 175, 100 + div(8750, 100) = 188 (87.5 → 88), 194, 197,
    // 100 + div(9850, 100) = 199 (98.5 → 99), 100 + div(9950, 100) = 200 (99.5 → 100), then 200 for good.
    const n = 100_000;
    const contacts = Array.from({ length: n }, (_, i) => ({ id: i + 1, minutes: 0, costs: 0, revenue: 100 }));
    const referrals = Array.from({ length: n - 1 }, (_, i) => ({ referrerId: i + 1, referredId: i + 2 }));
    const figures = contactFigures(contacts, referrals, S);
    expect(figures.slice(-10).map((f) => f.totalReturn)).toEqual([200, 200, 200, 199, 197, 194, 188, 175, 150, 100]);
    expect(figures[0]!.totalReturn).toBe(200);
  });

  test('a star of 100,000 referred customers', () => {
    // Contact 1 referred everyone else; each of them bought 3: credit div(50 * 3, 100) = 2 (1.5 → 2) each.
    const n = 100_000;
    const contacts = Array.from({ length: n }, (_, i) => ({ id: i + 1, minutes: 0, costs: 0, revenue: i === 0 ? 0 : 3 }));
    const referrals = Array.from({ length: n - 1 }, (_, i) => ({ referrerId: 1, referredId: i + 2 }));
    expect(contactFigures(contacts, referrals, S)[0]!.referralReturn).toBe(2 * (n - 1));
  });
});

describe('the business and sources', () => {
  test('the business costs its total time once, not the sum of rounded contact figures', () => {
    // Two contacts with 1 minute each at 50.00 an hour: each div(5000, 60) = 83 (83.3),
    // together 166; the business's 2 minutes cost div(10000, 60) = 167 (166.7).
    const contacts = [
      { id: 1, minutes: 1, costs: 0, revenue: 0 },
      { id: 2, minutes: 1, costs: 0, revenue: 0 },
    ];
    expect(contactFigures(contacts, [], S).map((f) => f.invested)).toEqual([83, 83]);
    expect(businessFigures(businessSums(contacts, 0), S)).toEqual({ minutes: 2, invested: 167, return: 0, ror: 0 });
  });

  test('the business return is revenue times margin, with no referral credit; no ROR without investment', () => {
    // revenue 999 at m = 50: div(49950, 100) = 499.5 → 500.
    expect(businessFigures({ minutes: 0, costs: 0, revenue: 999 }, { hourlyRate: 5000, grossMarginPct: 50 })).toEqual({ minutes: 0, invested: 0, return: 500, ror: null });
  });

  test('sources: trimmed and lower-cased, untied time summed per source then costed once', () => {
    const sources = sourceFigures(
      [
        { source: '  Walk-in', invested: 100, directReturn: 1000 },
        { source: 'WALK-IN ', invested: 200, directReturn: 500 },
        { source: '', invested: 50, directReturn: 70 },
      ],
      [
        // Two 1-minute entries on "Events": div((1 + 1) * 5000, 60) = div(10000, 60) = 167, not 83 + 83.
        { source: 'Events', minutes: 1 },
        { source: ' events', minutes: 1 },
        // Untied time naming no source belongs to no source, not to the contacts with none.
        { source: '  ', minutes: 600 },
      ],
      S,
    );
    expect(sources).toEqual([
      { source: '', label: '', contacts: 1, untiedMinutes: 0, invested: 50, return: 70, ror: 70 / 50 },
      { source: 'events', label: 'Events', contacts: 0, untiedMinutes: 2, invested: 167, return: 0, ror: 0 },
      { source: 'walk-in', label: 'Walk-in', contacts: 2, untiedMinutes: 0, invested: 300, return: 1500, ror: 5 },
    ]);
  });
});
