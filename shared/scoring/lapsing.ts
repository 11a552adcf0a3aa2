import { DAY, daysSince } from './arith';

/** The span of a contact's positive purchases that count. */
export interface PositivePurchaseSpan {
  positiveCount: number;
  firstPositiveAt: number | null;
  lastPositiveAt: number | null;
}

export interface LapsingCheck {
  /** daysSince(last positive purchase). */
  daysSinceLast: number;
  /** g = (last - first) / DAY / (count - 1), unrounded. */
  meanGapDays: number;
  /** daysSinceLast > 2g and daysSinceLast >= 14. */
  lapsing: boolean;
}

/** The lapsing check, or null with fewer than 2 positive purchases (no gap to go by). */
export function lapsingCheck(span: PositivePurchaseSpan, now: number): LapsingCheck | null {
  if (span.positiveCount < 2 || span.firstPositiveAt === null || span.lastPositiveAt === null) return null;
  const meanGapDays = (span.lastPositiveAt - span.firstPositiveAt) / DAY / (span.positiveCount - 1);
  const daysSinceLast = daysSince(span.lastPositiveAt, now);
  return { daysSinceLast, meanGapDays, lapsing: daysSinceLast > 2 * meanGapDays && daysSinceLast >= 14 };
}
