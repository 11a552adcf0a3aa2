import { ratio } from './contact';

/**
 * Stars and time sinks on the Insights scatter of return against hours. Among the contacts with
 * time (minutes > 0), the top quarter by a key is the ceil(n / 4) contacts with the highest keys,
 * and everyone tied with the lowest of them:
 * - a star paid back what was put in (ROR >= 1) and is in the top quarter by return per hour;
 * - a time sink did not (ROR < 1) and is in the top quarter by hours.
 * A contact with no time is neither. ROR and return per hour are scoring.md's, from the same
 * integers (totalReturn / invested, totalReturn * 60 / minutes).
 */

export const MARK_NONE = 0;
export const MARK_STAR = 1;
export const MARK_SINK = 2;

/** The lowest key of the top quarter: the ceil(n / 4)-th highest value; null for no values. */
export function topQuarterThreshold(values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n === 0) return null;
  return kthSmallest(Float64Array.from(values), n - Math.ceil(n / 4));
}

/** The k-th smallest (0-based) of the values, by quickselect; reorders the array it is given. */
function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    // Median of three as the pivot keeps sorted and reversed input linear.
    const mid = (lo + hi) >> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

export interface StarsAndSinks {
  /** One mark per contact, in the order given: MARK_STAR, MARK_SINK or MARK_NONE. */
  marks: number[];
  /** Contacts with time: the population the quarters are taken over. */
  withTime: number;
  /** A star's return per hour is at least this (minor units an hour); null with no time. */
  starMinReturnPerHour: number | null;
  /** A time sink has at least this many minutes; null with no time. */
  sinkMinMinutes: number | null;
  stars: number;
  sinks: number;
}

/** Marks each contact, given its minutes, total return and invested, as parallel columns. */
export function starsAndTimeSinks(minutes: ArrayLike<number>, totalReturn: ArrayLike<number>, invested: ArrayLike<number>): StarsAndSinks {
  const n = minutes.length;
  const timed: number[] = [];
  for (let i = 0; i < n; i++) if (minutes[i]! > 0) timed.push(i);
  const perHour = new Float64Array(timed.length);
  const hours = new Float64Array(timed.length);
  timed.forEach((i, k) => {
    perHour[k] = (totalReturn[i]! * 60) / minutes[i]!;
    hours[k] = minutes[i]!;
  });
  const starMinReturnPerHour = topQuarterThreshold(perHour);
  const sinkMinMinutes = topQuarterThreshold(hours);
  const marks = new Array<number>(n).fill(MARK_NONE);
  let stars = 0;
  let sinks = 0;
  timed.forEach((i, k) => {
    const ror = ratio(totalReturn[i]!, invested[i]!);
    if (ror === null) return;
    if (ror >= 1 && starMinReturnPerHour !== null && perHour[k]! >= starMinReturnPerHour) {
      marks[i] = MARK_STAR;
      stars += 1;
    } else if (ror < 1 && sinkMinMinutes !== null && hours[k]! >= sinkMinMinutes) {
      marks[i] = MARK_SINK;
      sinks += 1;
    }
  });
  return { marks, withTime: timed.length, starMinReturnPerHour, sinkMinMinutes, stars, sinks };
}
