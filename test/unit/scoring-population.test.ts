import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  DAY,
  cadenceOverdueDays,
  lapsingCheck,
  lastTouch,
  latestAtOrBefore,
  median,
  midRankScores,
  npsFigures,
  npsOfScores,
  purchaseSums,
  rfmScores,
  rfmSegment,
  valueQuadrants,
  type RfmSegment,
} from '../../shared/scoring/index';

const NOW = Date.UTC(2026, 10, 24, 9);
const daysAgo = (n: number) => NOW - n * DAY;

describe('RFM mid-rank scores', () => {
  test('a lone customer scores 3', () => {
    // n = 1, below 0, same 1: floor((5 * 1 + 1) / 2) = 3.
    expect(midRankScores([42])).toEqual([3]);
  });

  test('a tie across everyone scores 3', () => {
    // below 0, same n: floor((5n + 2n - 1) / 2n) = floor(3.5 - 1/2n) = 3.
    expect(midRankScores([7, 7, 7, 7])).toEqual([3, 3, 3, 3]);
    expect(midRankScores([-1, -1])).toEqual([3, 3]);
  });

  test('distinct keys give quintiles', () => {
    // n = 5, key i has below = i, same 1: floor((5 * (2i + 1) + 9) / 10) = i + 1.
    expect(midRankScores([50, 10, 40, 20, 30])).toEqual([5, 1, 4, 2, 3]);
    // n = 10: floor((10i + 24) / 20) = 1, 1, 2, 2, 3, 3, 4, 4, 5, 5.
    expect(midRankScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  test('ties share the mid-rank score', () => {
    // n = 4, keys 10, 20, 20, 30; 2n = 8.
    // 10: below 0, same 1 → floor((5 * 1 + 7) / 8) = floor(12 / 8) = 1
    // 20: below 1, same 2 → floor((5 * 4 + 7) / 8) = floor(27 / 8) = 3
    // 30: below 3, same 1 → floor((5 * 7 + 7) / 8) = floor(42 / 8) = 5
    expect(midRankScores([20, 30, 10, 20])).toEqual([3, 5, 1, 3]);
    // n = 3, keys 1, 1, 2: the ones have below 0, same 2 → floor((10 + 5) / 6) = 2;
    // the two has below 2, same 1 → floor((25 + 5) / 6) = 5.
    expect(midRankScores([1, 2, 1])).toEqual([2, 5, 2]);
  });

  test('no customers, no scores', () => {
    expect(midRankScores([])).toEqual([]);
    expect(rfmScores([], NOW)).toEqual([]);
  });
});

describe('RFM segments, first rule that matches', () => {
  test.each<[number, number, number, RfmSegment, string]>([
    [5, 5, 5, 'top', 'all three >= 4'],
    [4, 4, 4, 'top', 'the edge of top'],
    [4, 4, 3, 'frequent', 'M too low for top, F >= 4'],
    [1, 5, 1, 'frequent', 'F >= 4 wins over at risk'],
    [2, 3, 5, 'atRisk', 'R <= 2 and F >= 3'],
    [3, 3, 5, 'regular', 'R 3 is not at risk, not lapsed'],
    [5, 1, 1, 'new', 'F = 1 and R >= 4'],
    [4, 1, 5, 'new', 'the edge of new'],
    [3, 1, 5, 'regular', 'F = 1 but R only 3'],
    [2, 1, 5, 'lapsed', 'F = 1, R <= 2: not new, lapsed'],
    [1, 2, 2, 'lapsed', 'R <= 2, F < 3'],
    [4, 3, 4, 'regular', 'F 3 keeps it out of top'],
    [5, 2, 5, 'regular', 'everyone else'],
  ])('R %i F %i M %i → %s (%s)', (r, f, m, segment) => {
    expect(rfmSegment(r, f, m)).toBe(segment);
  });

  test('scores from the keys, among buying customers only', () => {
    const scores = rfmScores(
      [
        // last bought 1 day ago, 6 purchases, revenue 9000
        { id: 1, lastPositiveAt: daysAgo(1), positiveCount: 6, revenue: 9000 },
        // 5 days ago (R key -5), 1 purchase, 500
        { id: 2, lastPositiveAt: daysAgo(5), positiveCount: 1, revenue: 500 },
        // 5 and a half days ago: still 5 whole days, the same R key
        { id: 3, lastPositiveAt: daysAgo(5) - DAY / 2, positiveCount: 3, revenue: 2000 },
        // 200 days ago, 3 purchases, refunds bring revenue to -100
        { id: 4, lastPositiveAt: daysAgo(200), positiveCount: 3, revenue: -100 },
        // no positive purchase: no scores at all
        { id: 5, lastPositiveAt: null, positiveCount: 0, revenue: -300 },
      ],
      NOW,
    );
    // n = 4, 2n = 8.
    // R keys -1, -5, -5, -200: -200 → 1; the two -5 → below 1, same 2 → 3; -1 → 5.
    // F keys 6, 1, 3, 3: 1 → 1; the 3s → 3; 6 → 5.
    // M keys 9000, 500, 2000, -100: -100 → floor(12/8) = 1; 500 → floor((15 + 7)/8) = 2; 2000 → floor((25 + 7)/8) = 4; 9000 → 5.
    expect(scores).toEqual([
      { id: 1, r: 5, f: 5, m: 5, segment: 'top' },
      { id: 2, r: 3, f: 1, m: 2, segment: 'regular' },
      { id: 3, r: 3, f: 3, m: 4, segment: 'regular' },
      { id: 4, r: 1, f: 3, m: 1, segment: 'atRisk' },
    ]);
  });
});

describe('value quadrant', () => {
  test('medians: middle value, or the unrounded mean of the two middles', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, 2])).toBe(1.5);
  });

  test('even counts, compared without rounding', () => {
    const { buyingMedian, referringMedian, contacts } = valueQuadrants([
      // buying directReturn 400, 300, 200, 100 → median (200 + 300) / 2 = 250
      // positive referralReturn 20, 10, 30, 15 → sorted 10, 15, 20, 30 → median 17.5
      { id: 1, buying: true, directReturn: 400, referralReturn: 20 }, // 400 >= 250, 20 >= 17.5 → champions
      { id: 2, buying: true, directReturn: 300, referralReturn: 10 }, // 300 >= 250, 10 < 17.5 → affluents
      { id: 3, buying: true, directReturn: 200, referralReturn: 0 }, // 200 < 250, refers nothing → misers
      { id: 4, buying: true, directReturn: 100, referralReturn: 0 }, // misers
      { id: 5, buying: false, directReturn: 0, referralReturn: 30 }, // 30 >= 17.5, buys nothing → advocates
      { id: 6, buying: false, directReturn: 0, referralReturn: 15 }, // buys nothing, refers below the median → none
      { id: 7, buying: false, directReturn: 0, referralReturn: 0 }, // buys nothing, refers nothing → none
    ]);
    expect(buyingMedian).toBe(250);
    expect(referringMedian).toBe(17.5);
    expect(contacts.map((c) => c.quadrant)).toEqual(['champions', 'affluents', 'misers', 'misers', 'advocates', null, null]);
  });

  test('at the median counts as high; a median of 1.5 is not rounded to let 1 in', () => {
    // buying 1 and 2: median 1.5; 2 is high-buying, 1 is not (rounding 1.5 down to 1 would let it in).
    const half = valueQuadrants([
      { id: 1, buying: true, directReturn: 1, referralReturn: 0 },
      { id: 2, buying: true, directReturn: 2, referralReturn: 0 },
    ]);
    expect(half.contacts.map((c) => c.quadrant)).toEqual(['misers', 'affluents']);
    // buying 100, 200, 200, 300: median (200 + 200) / 2 = 200, and both 200s are at it.
    const tie = valueQuadrants([100, 200, 200, 300].map((d, i) => ({ id: i, buying: true, directReturn: d, referralReturn: 0 })));
    expect(tie.contacts.map((c) => c.quadrant)).toEqual(['misers', 'affluents', 'affluents', 'affluents']);
  });

  test('a buying customer with refunds beyond purchases is still a buying customer', () => {
    // directReturn -50 and 10: median -20; -50 is below → misers; 10 → affluents.
    const r = valueQuadrants([
      { id: 1, buying: true, directReturn: -50, referralReturn: 0 },
      { id: 2, buying: true, directReturn: 10, referralReturn: 0 },
    ]);
    expect(r.buyingMedian).toBe(-20);
    expect(r.contacts.map((c) => c.quadrant)).toEqual(['misers', 'affluents']);
  });
});

describe('lapsing', () => {
  const spanOf = (days: number[]) => purchaseSums(days.map((d) => ({ occurredAt: daysAgo(d), amount: 1000 })), NOW, null);

  test('needs at least two positive purchases', () => {
    expect(lapsingCheck(spanOf([400]), NOW)).toBeNull();
    expect(lapsingCheck(spanOf([]), NOW)).toBeNull();
    // A refund is not a purchase: one positive purchase is still one.
    const withRefund = purchaseSums(
      [
        { occurredAt: daysAgo(100), amount: 1000 },
        { occurredAt: daysAgo(50), amount: -1000 },
      ],
      NOW,
      null,
    );
    expect(lapsingCheck(withRefund, NOW)).toBeNull();
  });

  test('exactly twice the mean gap is not lapsing; one day more is', () => {
    // 48, 36, 24 days ago: g = (48 - 24) / 2 = 12; daysSince(last) = 24 = 2g → not > 2g.
    expect(lapsingCheck(spanOf([48, 36, 24]), NOW)).toEqual({ daysSinceLast: 24, meanGapDays: 12, lapsing: false });
    // 49, 37, 25 days ago: g = 12, 25 > 24 and >= 14 → lapsing.
    expect(lapsingCheck(spanOf([49, 37, 25]), NOW)).toEqual({ daysSinceLast: 25, meanGapDays: 12, lapsing: true });
  });

  test('13 days is not lapsing, however short the usual gap; 14 is', () => {
    // 23, 18, 13 days ago: g = 5, 13 > 10 but 13 < 14.
    expect(lapsingCheck(spanOf([23, 18, 13]), NOW)!.lapsing).toBe(false);
    // 24, 19, 14 days ago: g = 5, 14 > 10 and 14 >= 14.
    expect(lapsingCheck(spanOf([24, 19, 14]), NOW)!.lapsing).toBe(true);
  });

  test('the gap is unrounded', () => {
    // Purchases 31 days, 16 days and 12 hours ago: g = (31 - 0.5) / 2 = 15.25 days, not rounded;
    // daysSince(last) = 0 → not lapsing.
    const span = purchaseSums(
      [
        { occurredAt: daysAgo(31), amount: 1 },
        { occurredAt: daysAgo(16), amount: 1 },
        { occurredAt: NOW - DAY / 2, amount: 1 },
      ],
      NOW,
      null,
    );
    expect(lapsingCheck(span, NOW)).toEqual({ daysSinceLast: 0, meanGapDays: 15.25, lapsing: false });
    // 31 days later the last purchase is 31 days and 12 hours ago: daysSince 31 > 30.5 → lapsing.
    expect(lapsingCheck(span, NOW + 31 * DAY)).toEqual({ daysSinceLast: 31, meanGapDays: 15.25, lapsing: true });
  });

  test('only purchases that count: a window can leave too few', () => {
    // Purchases 100 and 60 days ago: a 90-day window keeps only one.
    const span = purchaseSums(
      [
        { occurredAt: daysAgo(100), amount: 500 },
        { occurredAt: daysAgo(60), amount: 500 },
      ],
      NOW,
      90,
    );
    expect(lapsingCheck(span, NOW)).toBeNull();
  });
});

describe('staying in touch', () => {
  const created = daysAgo(400);

  test('overdue by d = daysSince(last touch) - N when d > 0', () => {
    // Every 30 days, last interaction 35 days ago: d = 5.
    expect(cadenceOverdueDays({ cadenceDays: 30, lastInteractionAt: daysAgo(35), createdAt: created }, NOW)).toBe(5);
    // Exactly 30 days: d = 0, not overdue.
    expect(cadenceOverdueDays({ cadenceDays: 30, lastInteractionAt: daysAgo(30), createdAt: created }, NOW)).toBeNull();
    // 30 days and 23 hours: still 30 whole days.
    expect(cadenceOverdueDays({ cadenceDays: 30, lastInteractionAt: daysAgo(31) + 3_600_000, createdAt: created }, NOW)).toBeNull();
    // No cadence, never overdue.
    expect(cadenceOverdueDays({ cadenceDays: null, lastInteractionAt: daysAgo(999), createdAt: created }, NOW)).toBeNull();
  });

  test('no interaction: the creation time is the last touch', () => {
    // Created 400 days ago, every 7 days: d = 393.
    expect(lastTouch({ lastInteractionAt: null, createdAt: created })).toBe(created);
    expect(cadenceOverdueDays({ cadenceDays: 7, lastInteractionAt: null, createdAt: created }, NOW)).toBe(393);
  });

  test('the latest interaction at or before now, whatever the window', () => {
    // A future-dated interaction is not a touch; one 500 days ago still is (no window here).
    expect(latestAtOrBefore([daysAgo(500), daysAgo(40), NOW + DAY], NOW)).toBe(daysAgo(40));
    expect(latestAtOrBefore([NOW + 1], NOW)).toBeNull();
    expect(latestAtOrBefore([NOW], NOW)).toBe(NOW);
    const last = latestAtOrBefore([daysAgo(500)], NOW);
    // Every 365 days, last touch 500 days ago: d = 135.
    expect(cadenceOverdueDays({ cadenceDays: 365, lastInteractionAt: last, createdAt: created }, NOW)).toBe(135);
  });
});

describe('Net Promoter Score', () => {
  test('half away from zero, both ways', () => {
    // 1 promoter, 7 passives: 100 * 1 / 8 = 12.5 → 13.
    expect(npsOfScores([10, 7, 7, 7, 8, 8, 8, 8]).nps).toBe(13);
    // 1 detractor, 7 passives: -12.5 → -13.
    expect(npsOfScores([6, 7, 7, 7, 8, 8, 8, 8]).nps).toBe(-13);
    // 2 promoters, 1 passive, 3 detractors: 100 * -1 / 6 = -16.67 → -17.
    expect(npsOfScores([10, 9, 8, 0, 6, 3])).toEqual({ promoters: 2, passives: 1, detractors: 3, answers: 6, nps: -17 });
    // All promoters: 100. None: null.
    expect(npsOfScores([9, 10]).nps).toBe(100);
    expect(npsOfScores([])).toEqual({ promoters: 0, passives: 0, detractors: 0, answers: 0, nps: null });
  });

  test("each contact's latest answer that counts", () => {
    const answers = [
      { contactId: 1, score: 3, answeredAt: daysAgo(100), id: 1 },
      { contactId: 1, score: 10, answeredAt: daysAgo(10), id: 2 }, // Ana changed her mind: promoter
      { contactId: 2, score: 9, answeredAt: daysAgo(100), id: 3 },
      { contactId: 2, score: 2, answeredAt: daysAgo(20), id: 4 }, // Ben: detractor now
      { contactId: 2, score: 10, answeredAt: NOW + DAY, id: 5 }, // in the future: does not count
      { contactId: 3, score: 8, answeredAt: daysAgo(5), id: 7 },
      { contactId: 3, score: 0, answeredAt: daysAgo(5), id: 6 }, // same instant, lower id: recorded before
    ];
    // All time: promoter Ana, detractor Ben, passive Cy: 100 * 0 / 3 = 0.
    expect(npsFigures(answers, NOW, null)).toEqual({ promoters: 1, passives: 1, detractors: 1, answers: 3, nps: 0 });
    // 15-day window: Ben's answers are all older; Ana 10, Cy 8: 100 * 1 / 2 = 50.
    expect(npsFigures(answers, NOW, 15)).toEqual({ promoters: 1, passives: 1, detractors: 0, answers: 2, nps: 50 });
    // 3-day window: nobody answered: null.
    expect(npsFigures(answers, NOW, 3).nps).toBeNull();
  });

  test('a window falls back to the latest answer inside it', () => {
    // Ana answered 2 (50 days ago) then 10 (in the future): with a 60-day window, her 2 counts.
    const answers = [
      { contactId: 1, score: 2, answeredAt: daysAgo(50), id: 1 },
      { contactId: 1, score: 10, answeredAt: NOW + 1, id: 2 },
    ];
    expect(npsFigures(answers, NOW, 60).nps).toBe(-100);
  });

  test('of two answers at the same instant, the one recorded last (the higher id), in whatever order they come', () => {
    // Ana: a 3, then a 10 recorded at the same instant; Ben the other way round; Cy three at once.
    const answers = [
      { contactId: 1, score: 3, answeredAt: daysAgo(5), id: 10 },
      { contactId: 1, score: 10, answeredAt: daysAgo(5), id: 11 },
      { contactId: 2, score: 10, answeredAt: daysAgo(5), id: 12 },
      { contactId: 2, score: 3, answeredAt: daysAgo(5), id: 13 },
      { contactId: 3, score: 0, answeredAt: daysAgo(1), id: 16 },
      { contactId: 3, score: 8, answeredAt: daysAgo(1), id: 14 },
      { contactId: 3, score: 9, answeredAt: daysAgo(1), id: 15 },
    ];
    // Ana a promoter, Ben and Cy detractors: div(100 * (1 - 2), 3) = -33.
    const expected = { promoters: 1, passives: 0, detractors: 2, answers: 3, nps: -33 };
    fc.assert(
      fc.property(fc.shuffledSubarray(answers, { minLength: answers.length }), (shuffled) => {
        expect(npsFigures(shuffled, NOW, null)).toEqual(expected);
      }),
    );
  });
});
