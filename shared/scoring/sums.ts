import { counts } from './settings';

/**
 * Per-contact sums from dated records, for what-if previews and tests. The back end computes the
 * same sums in SQL; these say exactly which records count.
 */

/** An interaction as scoring sees it. */
export interface DatedInteraction {
  occurredAt: number;
  minutes: number;
  cost: number;
}

/** A time entry as scoring sees it, dated by its start. */
export interface DatedTimeEntry {
  startedAt: number;
  minutes: number;
}

/** A purchase as scoring sees it; a refund is negative. */
export interface DatedPurchase {
  occurredAt: number;
  amount: number;
}

/** What a contact's purchases that count add up to. */
export interface PurchaseSums {
  /** revenue_c: purchases, refunds included. */
  revenue: number;
  /** The number of positive purchases. */
  positiveCount: number;
  firstPositiveAt: number | null;
  lastPositiveAt: number | null;
}

/** minutes_c and costs_c over the interactions and tied time entries that count. */
export function timeAndCostSums(
  interactions: readonly DatedInteraction[],
  timeEntries: readonly DatedTimeEntry[],
  now: number,
  windowDays: number | null,
): { minutes: number; costs: number } {
  let minutes = 0;
  let costs = 0;
  for (const i of interactions) {
    if (!counts(i.occurredAt, now, windowDays)) continue;
    minutes += i.minutes;
    costs += i.cost;
  }
  for (const t of timeEntries) {
    if (counts(t.startedAt, now, windowDays)) minutes += t.minutes;
  }
  return { minutes, costs };
}

/** revenue_c and the span of positive purchases, over the purchases that count. */
export function purchaseSums(purchases: readonly DatedPurchase[], now: number, windowDays: number | null): PurchaseSums {
  let revenue = 0;
  let positiveCount = 0;
  let firstPositiveAt: number | null = null;
  let lastPositiveAt: number | null = null;
  for (const p of purchases) {
    if (!counts(p.occurredAt, now, windowDays)) continue;
    revenue += p.amount;
    if (p.amount > 0) {
      positiveCount += 1;
      if (firstPositiveAt === null || p.occurredAt < firstPositiveAt) firstPositiveAt = p.occurredAt;
      if (lastPositiveAt === null || p.occurredAt > lastPositiveAt) lastPositiveAt = p.occurredAt;
    }
  }
  return { revenue, positiveCount, firstPositiveAt, lastPositiveAt };
}
