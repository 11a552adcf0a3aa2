import { DAY } from './arith';

/** The owner's scoring settings (scoring.md, "Settings"). */
export interface ScoringSettings {
  /** H: one hour of the owner's time, in minor units. */
  hourlyRate: number;
  /** m: the share of revenue that is return, integer 0..100. */
  grossMarginPct: number;
  /** a: the share of a referred customer's return credited to the referrer, integer 0..99. */
  referralSharePct: number;
  /** The last N days up to now, or null for all time. */
  windowDays: number | null;
}

/** The defaults: 50.00 an hour (in a two-decimal currency), all revenue is return, half credit, all time. */
export const DEFAULT_SCORING_SETTINGS: Readonly<ScoringSettings> = Object.freeze({
  hourlyRate: 5000,
  grossMarginPct: 100,
  referralSharePct: 50,
  windowDays: null,
});

/** The earliest instant that counts, or null for all time. */
export function windowStart(now: number, windowDays: number | null): number | null {
  return windowDays === null ? null : now - windowDays * DAY;
}

/**
 * Whether a record dated `at` counts: at or before now and, with a window of N days, at or after
 * now - N * DAY (both ends included).
 */
export function counts(at: number, now: number, windowDays: number | null): boolean {
  if (at > now) return false;
  const start = windowStart(now, windowDays);
  return start === null || at >= start;
}
