import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { businessFigures, businessSums, contactFigures, div, midRankScores, mulDiv, referralCredit, type ContactSums, type ConvertedReferral } from '../../shared/scoring/index';

const RUNS = { numRuns: 300 };

/** p / q rounded half away from zero, the slow way, for small integers. */
const roundHalfAway = (p: number, q: number) => Math.sign(p) * Math.round(Math.abs(p) / q) + 0;

/** A random referral forest: node i may be referred by one node before it, so no loops; ids shuffled. */
const forestArb = fc
  .record({
    sums: fc.array(
      fc.record({
        minutes: fc.nat({ max: 100_000 }),
        costs: fc.nat({ max: 10_000_000 }),
        revenue: fc.integer({ min: -1_000_000, max: 100_000_000 }),
        parent: fc.option(fc.nat(), { nil: null }),
      }),
      { minLength: 1, maxLength: 40 },
    ),
    idBase: fc.integer({ min: 1, max: 1000 }),
    grossMarginPct: fc.integer({ min: 0, max: 100 }),
    referralSharePct: fc.integer({ min: 0, max: 99 }),
    hourlyRate: fc.integer({ min: 0, max: 100_000 }),
  })
  .map(({ sums, idBase, ...settings }) => {
    // Reverse the ids so referrers are not always the lower ids.
    const idOf = (i: number) => idBase + sums.length - 1 - i;
    const contacts: ContactSums[] = sums.map((s, i) => ({ id: idOf(i), minutes: s.minutes, costs: s.costs, revenue: s.revenue }));
    const referrals: ConvertedReferral[] = [];
    sums.forEach((s, i) => {
      if (i > 0 && s.parent !== null) referrals.push({ referrerId: idOf(s.parent % i), referredId: idOf(i) });
    });
    return { contacts, referrals, settings };
  });

describe('div, by property', () => {
  test('equals p / q rounded half away from zero, and is within 1/2 of it', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 1, max: 10_000 }), (p, q) => {
        const d = div(p, q);
        expect(d).toBe(roundHalfAway(p, q));
        expect(Math.abs(d - p / q)).toBeLessThanOrEqual(0.5);
      }),
      RUNS,
    );
  });

  test('is odd: div(-p, q) = -div(p, q)', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (p, q) => {
        expect(div(-p, q)).toBe(-div(p, q) + 0);
      }),
      RUNS,
    );
  });

  test('mulDiv agrees with BigInt arithmetic for large values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e15, max: 1e15 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        (a, b, q) => {
          const p = BigInt(a) * BigInt(b);
          const abs = p < 0n ? -p : p;
          const k = (2n * abs + BigInt(q)) / (2n * BigInt(q));
          if (k > BigInt(Number.MAX_SAFE_INTEGER)) expect(() => mulDiv(a, b, q)).toThrow(RangeError);
          else expect(BigInt(mulDiv(a, b, q))).toBe(p < 0n ? -k : k);
        },
      ),
      RUNS,
    );
  });
});

describe('referral credit, by property', () => {
  test("the credit from each referred customer is never larger in absolute value than that customer's total return", () => {
    fc.assert(
      fc.property(forestArb, ({ contacts, referrals, settings }) => {
        const figures = contactFigures(contacts, referrals, settings);
        const byId = new Map(figures.map((f) => [f.id, f]));
        const creditSum = new Map<number, number>();
        for (const r of referrals) {
          const k = byId.get(r.referredId)!;
          const credit = referralCredit(k.totalReturn, settings.referralSharePct);
          expect(Math.abs(credit)).toBeLessThanOrEqual(Math.abs(k.totalReturn));
          // ...and it is div(a * (direct_k + referral_k), 100), as scoring.md writes it.
          expect(credit).toBe(div(settings.referralSharePct * (k.directReturn + k.referralReturn), 100));
          creditSum.set(r.referrerId, (creditSum.get(r.referrerId) ?? 0) + credit);
        }
        for (const f of figures) expect(f.referralReturn).toBe(creditSum.get(f.id) ?? 0);
      }),
      RUNS,
    );
  });

  test('the referral return of a leaf is 0', () => {
    fc.assert(
      fc.property(forestArb, ({ contacts, referrals, settings }) => {
        const referrers = new Set(referrals.map((r) => r.referrerId));
        for (const f of contactFigures(contacts, referrals, settings)) {
          if (!referrers.has(f.id)) expect(f.referralReturn).toBe(0);
        }
      }),
      RUNS,
    );
  });

  test("a root's total return is its direct return plus shrinking credit, never more than its tree's direct returns", () => {
    // With no refunds every credit is at most the referred customer's total (a <= 99), so by
    // induction a root's total lies between its own direct return and the sum over its whole tree.
    fc.assert(
      fc.property(forestArb, ({ contacts, referrals, settings }) => {
        const noRefunds = contacts.map((c) => ({ ...c, revenue: Math.abs(c.revenue) }));
        const figures = contactFigures(noRefunds, referrals, settings);
        const byId = new Map(figures.map((f) => [f.id, f]));
        const children = new Map<number, number[]>();
        const referred = new Set<number>();
        for (const r of referrals) {
          children.set(r.referrerId, [...(children.get(r.referrerId) ?? []), r.referredId]);
          referred.add(r.referredId);
        }
        for (const root of figures.filter((f) => !referred.has(f.id))) {
          let treeDirect = 0;
          const stack = [root.id];
          while (stack.length > 0) {
            const id = stack.pop()!;
            treeDirect += byId.get(id)!.directReturn;
            stack.push(...(children.get(id) ?? []));
          }
          expect(root.totalReturn).toBe(root.directReturn + root.referralReturn);
          expect(root.totalReturn).toBeGreaterThanOrEqual(root.directReturn);
          expect(root.totalReturn).toBeLessThanOrEqual(treeDirect);
          if (settings.referralSharePct === 0) expect(root.referralReturn).toBe(0);
        }
      }),
      RUNS,
    );
  });
});

describe('ROR and the hourly rate, by property', () => {
  test('with a positive total return, a higher hourly rate never raises a ROR', () => {
    fc.assert(
      fc.property(forestArb, fc.integer({ min: 0, max: 100_000 }), ({ contacts, referrals, settings }, extra) => {
        const low = contactFigures(contacts, referrals, settings);
        const high = contactFigures(contacts, referrals, { ...settings, hourlyRate: settings.hourlyRate + extra });
        low.forEach((l, i) => {
          const h = high[i]!;
          // The hourly rate changes what is invested, never what is returned.
          expect(h.totalReturn).toBe(l.totalReturn);
          if (l.totalReturn > 0 && l.ror !== null) expect(h.ror!).toBeLessThanOrEqual(l.ror);
        });
        const sums = businessSums(contacts, 0);
        const bLow = businessFigures(sums, settings);
        const bHigh = businessFigures(sums, { ...settings, hourlyRate: settings.hourlyRate + extra });
        if (bLow.return > 0 && bLow.ror !== null) expect(bHigh.ror!).toBeLessThanOrEqual(bLow.ror);
      }),
      RUNS,
    );
  });
});

describe('RFM scores, by property', () => {
  test('always 1..5, ties share a score, a higher key never scores lower', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 60 }), (keys) => {
        const scores = midRankScores(keys);
        const n = keys.length;
        keys.forEach((k, i) => {
          const s = scores[i]!;
          expect(s).toBeGreaterThanOrEqual(1);
          expect(s).toBeLessThanOrEqual(5);
          // The definition, counted the slow way: ceil(5 * (below + same / 2) / n).
          const below = keys.filter((x) => x < k).length;
          const same = keys.filter((x) => x === k).length;
          expect(s).toBe(Math.floor((5 * (2 * below + same) + 2 * n - 1) / (2 * n)));
          keys.forEach((k2, j) => {
            if (k2 === k) expect(scores[j]).toBe(s);
            if (k2 > k) expect(scores[j]!).toBeGreaterThanOrEqual(s);
          });
        });
      }),
      RUNS,
    );
  });
});
