/**
 * Exact integer arithmetic for the figures of scoring.md. Money is never divided first and
 * multiplied after: every rounded figure goes through div(), which is exact for any safe integer
 * input (it falls back to BigInt when an intermediate would pass 2^53).
 */

/** One day in milliseconds. */
export const DAY = 86_400_000;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function assertSafeInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`);
}

/**
 * floor(a / b) for safe integers a >= 0 and b > 0, exactly: `a % b` is exact in IEEE doubles, so
 * `a - a % b` is an exact multiple of b and dividing it gives the integer quotient with no rounding.
 */
function floorDivNonNegative(a: number, b: number): number {
  return (a - (a % b)) / b;
}

/** floor(a / b) for safe integers a and b > 0, exactly (no float rounding at the edges). */
export function floorDiv(a: number, b: number): number {
  assertSafeInteger('a', a);
  assertSafeInteger('b', b);
  if (b <= 0) throw new RangeError(`b must be positive, got ${b}`);
  const r = a % b;
  const q = (a - r) / b;
  return r < 0 ? q - 1 : q + 0;
}

function bigDiv(p: bigint, q: bigint): bigint {
  const abs = p < 0n ? -p : p;
  // BigInt division truncates; both sides are non-negative here, so it is floor.
  const k = (2n * abs + q) / (2n * q);
  return p < 0n ? -k : k;
}

/**
 * p / q rounded half away from zero, for integers p and q > 0, computed exactly as
 * `sign(p) * floor((2*|p| + q) / (2*q))` (scoring.md). div(5, 2) = 3, div(-5, 2) = -3.
 */
export function div(p: number, q: number): number {
  assertSafeInteger('p', p);
  assertSafeInteger('q', q);
  if (q <= 0) throw new RangeError(`q must be positive, got ${q}`);
  const abs = Math.abs(p);
  let k: number;
  if (abs <= (MAX_SAFE - q) / 2 && q <= MAX_SAFE / 2) {
    k = floorDivNonNegative(2 * abs + q, 2 * q);
  } else {
    k = Number(bigDiv(BigInt(abs), BigInt(q)));
  }
  // No negative zero: div(-1, 3) is 0, not -0.
  return p < 0 && k !== 0 ? -k : k;
}

/** div(a * b, q), exact even when the product a * b passes 2^53 (the result itself must not). */
export function mulDiv(a: number, b: number, q: number): number {
  assertSafeInteger('a', a);
  assertSafeInteger('b', b);
  const product = a * b;
  if (Number.isSafeInteger(product)) return div(product, q);
  assertSafeInteger('q', q);
  if (q <= 0) throw new RangeError(`q must be positive, got ${q}`);
  const result = bigDiv(BigInt(a) * BigInt(b), BigInt(q));
  // A figure past 2^53 could not be stored or added exactly: refuse it rather than round it.
  if (result > BigInt(MAX_SAFE) || result < -BigInt(MAX_SAFE)) throw new RangeError(`div(${a} * ${b}, ${q}) is past 2^53`);
  return Number(result);
}

/** Whole days from t to now: floor((now - t) / DAY). Negative when t is in the future. */
export function daysSince(t: number, now: number): number {
  return floorDiv(now - t, DAY);
}
