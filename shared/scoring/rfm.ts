import { daysSince, floorDiv } from './arith';

/** What RFM needs of a contact: its purchases that count. */
export interface BuyerSums {
  id: number;
  /** revenue_c, refunds included: the M key. */
  revenue: number;
  /** The number of positive purchases: the F key. */
  positiveCount: number;
  /** The last positive purchase: the R key is -daysSince(it). */
  lastPositiveAt: number | null;
}

export const RFM_SEGMENTS = ['top', 'frequent', 'atRisk', 'new', 'lapsed', 'regular'] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** The words for each segment. */
export const RFM_SEGMENT_LABELS: Readonly<Record<RfmSegment, string>> = {
  top: 'Top',
  frequent: 'Frequent',
  atRisk: 'At risk',
  new: 'New',
  lapsed: 'Lapsed',
  regular: 'Regular',
};

/** A buying customer's scores, each 1..5, and its segment. */
export interface RfmScore {
  id: number;
  r: number;
  f: number;
  m: number;
  segment: RfmSegment;
}

/**
 * The mid-rank score of each key, in the order given: floor((5 * (2*below + same) + 2n - 1) / (2n)),
 * i.e. ceil(5 * (below + same/2) / n), with below the count of keys strictly lower and same the
 * count of equal keys, itself included. Sorting makes it O(n log n).
 */
export function midRankScores(keys: readonly number[]): number[] {
  const n = keys.length;
  const order = keys.map((_, i) => i).sort((x, y) => keys[x]! - keys[y]! || x - y);
  const scores = new Array<number>(n).fill(0);
  let start = 0;
  while (start < n) {
    const key = keys[order[start]!]!;
    let end = start + 1;
    while (end < n && keys[order[end]!] === key) end += 1;
    const below = start;
    const same = end - start;
    const score = midRankScore(below, same, n);
    for (let j = start; j < end; j++) scores[order[j]!] = score;
    start = end;
  }
  return scores;
}

/** One mid-rank score from the counts: below (strictly lower keys), same (equal keys, itself included), n. */
export function midRankScore(below: number, same: number, n: number): number {
  return floorDiv(5 * (2 * below + same) + 2 * n - 1, 2 * n);
}

/** The segment: the first rule of scoring.md that matches. */
export function rfmSegment(r: number, f: number, m: number): RfmSegment {
  if (r >= 4 && f >= 4 && m >= 4) return 'top';
  if (f >= 4) return 'frequent';
  if (r <= 2 && f >= 3) return 'atRisk';
  if (f === 1 && r >= 4) return 'new';
  if (r <= 2) return 'lapsed';
  return 'regular';
}

/**
 * RFM scores among the buying customers (at least one positive purchase that counts), in the order
 * given. Contacts with no positive purchase are left out: they have no scores ("no purchases yet").
 */
export function rfmScores(contacts: readonly BuyerSums[], now: number): RfmScore[] {
  const buyers = contacts.filter((c) => c.positiveCount > 0 && c.lastPositiveAt !== null);
  const r = midRankScores(buyers.map((c) => -daysSince(c.lastPositiveAt!, now)));
  const f = midRankScores(buyers.map((c) => c.positiveCount));
  const m = midRankScores(buyers.map((c) => c.revenue));
  return buyers.map((c, i) => ({ id: c.id, r: r[i]!, f: f[i]!, m: m[i]!, segment: rfmSegment(r[i]!, f[i]!, m[i]!) }));
}
