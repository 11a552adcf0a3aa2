/** What the value quadrant needs of a contact. */
export interface QuadrantContact {
  id: number;
  /** At least one positive purchase that counts. */
  buying: boolean;
  directReturn: number;
  referralReturn: number;
}

export const QUADRANTS = ['champions', 'affluents', 'advocates', 'misers'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

/** The words for each quadrant. */
export const QUADRANT_LABELS: Readonly<Record<Quadrant, string>> = {
  champions: 'Champions',
  affluents: 'Affluents',
  advocates: 'Advocates',
  misers: 'Misers',
};

export interface QuadrantResult {
  /** Median directReturn over the buying customers, null with none. */
  buyingMedian: number | null;
  /** Median of the positive referralReturn values, null with none. */
  referringMedian: number | null;
  /** Each contact's quadrant, in the order given; null for a contact in none. */
  contacts: { id: number; quadrant: Quadrant | null }[];
}

/** The middle value, or the mean of the two middle values for an even count; null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The value quadrant of each contact (scoring.md, after Kumar, Petersen and Leone). Medians are
 * compared unrounded. A contact that is not a buying customer and not high-referring has none,
 * whatever small referral return it has.
 */
export function valueQuadrants(contacts: readonly QuadrantContact[]): QuadrantResult {
  const buyingMedian = median(contacts.filter((c) => c.buying).map((c) => c.directReturn));
  const referringMedian = median(contacts.filter((c) => c.referralReturn > 0).map((c) => c.referralReturn));
  return {
    buyingMedian,
    referringMedian,
    contacts: contacts.map((c) => ({ id: c.id, quadrant: quadrantOf(c, buyingMedian, referringMedian) })),
  };
}

/** One contact's quadrant given the two medians (from valueQuadrants, or read from an index). */
export function quadrantOf(c: Omit<QuadrantContact, 'id'>, buyingMedian: number | null, referringMedian: number | null): Quadrant | null {
  const highBuying = c.buying && buyingMedian !== null && c.directReturn >= buyingMedian;
  const highReferring = c.referralReturn > 0 && referringMedian !== null && c.referralReturn >= referringMedian;
  if (highBuying && highReferring) return 'champions';
  if (highBuying) return 'affluents';
  if (highReferring) return 'advocates';
  if (c.buying) return 'misers';
  return null;
}
