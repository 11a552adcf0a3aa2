import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DAY, midRankScores, rfmScores, type BuyerSums } from '../../shared/scoring/index';
import { referralChains } from '../../shared/scoring/referral-chains';
import { midRankScoresOfColumn, rfmScoresOfColumns } from '../../shared/scoring/rfm-columns';
import { MARK_NONE, MARK_SINK, MARK_STAR, starsAndTimeSinks, topQuarterThreshold } from '../../shared/scoring/stars';

const NOW = Date.UTC(2026, 10, 24, 9);
const RUNS = { numRuns: 300 };

describe('the top quarter', () => {
  test('is the ceil(n / 4) highest values and every tie of the lowest of them', () => {
    expect(topQuarterThreshold([])).toBeNull();
    expect(topQuarterThreshold([5])).toBe(5); // ceil(1/4) = 1: the one value
    expect(topQuarterThreshold([1, 2, 3, 4])).toBe(4); // ceil(4/4) = 1: the highest
    expect(topQuarterThreshold([3, 1, 5, 2, 4])).toBe(4); // ceil(5/4) = 2: the second highest
    expect(topQuarterThreshold([7, 7, 7, 7, 7, 7, 7, 7])).toBe(7);
    expect(topQuarterThreshold([-3, -1, -2])).toBe(-1);
  });

  test('agrees with a full sort on any list', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 200 }), (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        expect(topQuarterThreshold(values)).toBe(values.length === 0 ? null : sorted[values.length - Math.ceil(values.length / 4)]);
      }),
      RUNS,
    );
  });
});

describe('stars and time sinks', () => {
  test('a hand-made population of eight', () => {
    // minutes, total return, invested (at 50.00 an hour, no costs: invested = minutes * 5000 / 60).
    const rows: [number, number, number][] = [
      [60, 20000, 5000], // 0: ROR 4.00, 200.00 an hour          → star (top quarter by per hour)
      [120, 30000, 10000], // 1: ROR 3.00, 150.00 an hour        → neither: the top 2 of 7 per hour are 400.00 and 200.00
      [60, 6000, 5000], // 2: ROR 1.20, 60.00 an hour            → neither
      [600, 10000, 50000], // 3: ROR 0.20, 10 hours               → sink (top quarter by hours)
      [480, 0, 40000], // 4: ROR 0.00, 8 hours                    → sink (second of 2)
      [30, 0, 2500], // 5: ROR 0.00, half an hour                 → neither: little time
      [90, 60000, 7500], // 6: ROR 8.00, 400.00 an hour           → star (the highest per hour)
      [0, 5000, 0], // 7: no time: on the chart, never marked
    ];
    const result = starsAndTimeSinks(
      rows.map((r) => r[0]),
      rows.map((r) => r[1]),
      rows.map((r) => r[2]),
    );
    expect(result.withTime).toBe(7);
    // Per hour: 20000, 15000, 6000, 1000, 0, 0, 40000 → the 2 highest are 40000 and 20000.
    expect(result.starMinReturnPerHour).toBe(20000);
    // Minutes: 60, 120, 60, 600, 480, 30, 90 → the 2 highest are 600 and 480.
    expect(result.sinkMinMinutes).toBe(480);
    expect(result.marks).toEqual([MARK_STAR, MARK_NONE, MARK_NONE, MARK_SINK, MARK_SINK, MARK_NONE, MARK_STAR, MARK_NONE]);
    expect(result.stars).toBe(2);
    expect(result.sinks).toBe(2);
  });

  test('a long-time contact that pays back is not a sink, and a fast one that does not is not a star', () => {
    const result = starsAndTimeSinks([600, 10, 10, 10], [100000, 100, 100, 100], [50000, 1000, 1000, 1000]);
    // 600 minutes with ROR 2.00: top by hours but paid back → star by per hour (10000 vs 600).
    expect(result.marks).toEqual([MARK_STAR, MARK_NONE, MARK_NONE, MARK_NONE]);
  });

  test('nobody with time: no thresholds, no marks', () => {
    expect(starsAndTimeSinks([0, 0], [100, -50], [0, 0])).toEqual({
      marks: [0, 0],
      withTime: 0,
      starMinReturnPerHour: null,
      sinkMinMinutes: null,
      stars: 0,
      sinks: 0,
    });
  });
});

describe('RFM from columns', () => {
  test('midRankScoresOfColumn is midRankScores, small and huge keys alike', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 300 }),
          fc.array(fc.integer({ min: -(2 ** 45), max: 2 ** 45 }), { maxLength: 100 }),
          fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 60 }),
        ),
        (keys) => {
          expect(Array.from(midRankScoresOfColumn(keys))).toEqual(midRankScores(keys));
        },
      ),
      RUNS,
    );
  });

  test('rfmScoresOfColumns is rfmScores', () => {
    const buyer = fc.record({
      revenue: fc.integer({ min: -10_000, max: 1_000_000 }),
      positiveCount: fc.integer({ min: 1, max: 12 }),
      daysAgo: fc.integer({ min: 0, max: 900 }),
      minutesAgo: fc.integer({ min: 0, max: 1439 }),
    });
    fc.assert(
      fc.property(fc.array(buyer, { maxLength: 120 }), (rows) => {
        const buyers: BuyerSums[] = rows.map((r, i) => ({
          id: i + 1,
          revenue: r.revenue,
          positiveCount: r.positiveCount,
          lastPositiveAt: NOW - r.daysAgo * DAY - r.minutesAgo * 60_000,
        }));
        const expected = rfmScores(buyers, NOW);
        const got = rfmScoresOfColumns(
          buyers.map((b) => b.revenue),
          buyers.map((b) => b.positiveCount),
          buyers.map((b) => b.lastPositiveAt!),
          NOW,
        );
        expect(expected.map((s) => [s.r, s.f, s.m, s.segment])).toEqual(buyers.map((_, i) => [got.r[i], got.f[i], got.m[i], got.segments[i]]));
      }),
      RUNS,
    );
  });
});

describe('referral chains', () => {
  test('count trees by their roots and the longest path in links', () => {
    expect(referralChains([])).toEqual({ chains: 0, longestChain: 0 });
    // Ana → Ben → Cy, Ben → a name; Dee → Eve. Two chains, the longest Ana → Ben → Cy (2 links).
    const ANA = 1;
    const BEN = 2;
    const CY = 3;
    const DEE = 4;
    const EVE = 5;
    expect(
      referralChains([
        { referrerId: BEN, referredId: CY },
        { referrerId: ANA, referredId: BEN },
        { referrerId: BEN, referredId: null },
        { referrerId: DEE, referredId: EVE },
      ]),
    ).toEqual({ chains: 2, longestChain: 2 });
    // Cy brings a name: three links from Ana.
    expect(
      referralChains([
        { referrerId: ANA, referredId: BEN },
        { referrerId: BEN, referredId: CY },
        { referrerId: CY, referredId: null },
      ]),
    ).toEqual({ chains: 1, longestChain: 3 });
  });

  test('a chain of 10,000 and a loop (refused by the API) neither overflow nor hang', () => {
    const long = Array.from({ length: 10_000 }, (_, i) => ({ referrerId: i + 1, referredId: i + 2 }));
    expect(referralChains(long)).toEqual({ chains: 1, longestChain: 10_000 });
    const loop = [
      { referrerId: 1, referredId: 2 },
      { referrerId: 2, referredId: 1 },
    ];
    expect(referralChains(loop).chains).toBe(1);
  });
});
