/** The owner's scoring settings (scoring.md, "Settings"). */
export interface ScoringSettings {
  /** H: one hour of the owner's time, in minor units. */
  hourlyRate: number;
  /** m: the share of revenue that is return, integer 0..100. */
  grossMarginPct: number;
  /** a: the share of a referred customer's return credited to the referrer, integer 0..99. */
  referralSharePct: number;
  /** The last N days up to now (from the local midnight N days before today's), or null for all time. */
  windowDays: number | null;
}

/** The defaults: 50.00 an hour (in a two-decimal currency), all revenue is return, half credit, all time. */
export const DEFAULT_SCORING_SETTINGS: Readonly<ScoringSettings> = Object.freeze({
  hourlyRate: 5000,
  grossMarginPct: 100,
  referralSharePct: 50,
  windowDays: null,
});

/**
 * The window's start, the earliest instant that counts, or null for all time: the local midnight N
 * days before today's (scoring.md, "Which records count"). It depends on today's date alone, so the
 * window moves once a day, at midnight, and every reader of a day (the stored sums, the SQL reads,
 * a what-if preview) agrees on it whenever it last recomputed.
 *
 * Local is the zone this code runs in: the book's, which is the machine's (the back end and the
 * renderer run on the same machine). It is found on the calendar, not as `now - N * DAY`: across a
 * change to or from summer time a day lasts 23 or 25 hours, and N days of 24 hours would land an hour
 * off midnight. In a zone whose clocks skip midnight itself, the Date constructor gives the day's
 * first instant (01:00), which is where that day starts.
 */
export function windowStart(now: number, windowDays: number | null): number | null {
  if (windowDays === null) return null;
  const today = new Date(now);
  // The Date constructor carries a day of the month below 1 into the months before.
  return new Date(today.getFullYear(), today.getMonth(), today.getDate() - windowDays).getTime();
}

/**
 * Whether a record dated `at` counts: at or before now and, with a window of N days, at or after
 * the window's start (both ends included).
 */
export function counts(at: number, now: number, windowDays: number | null): boolean {
  if (at > now) return false;
  const start = windowStart(now, windowDays);
  return start === null || at >= start;
}
