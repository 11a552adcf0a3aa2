import { NumberParser } from '@internationalized/number';

/**
 * Money lives as an integer count of the currency's minor unit (cents, yen, fils). These helpers
 * cross between that integer and the text the owner reads and types, in the book's locale.
 */

const exponents = new Map<string, number>();

/** How many decimals the currency's minor unit has: 2 for EUR, 0 for JPY, 3 for KWD. */
export function currencyExponent(currency: string): number {
  let exp = exponents.get(currency);
  if (exp === undefined) {
    try {
      exp = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      exp = 2;
    }
    exponents.set(currency, exp);
  }
  return exp;
}

/** The exact decimal text of an integer amount of minor units: 1250, 2 → "12.50". */
export function minorToDecimal(minor: number, exponent: number): string {
  const negative = minor < 0;
  const digits = Math.abs(Math.trunc(minor)).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

const formatters = new Map<string, Intl.NumberFormat>();
function formatter(currency: string, locale: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    } catch {
      f = new Intl.NumberFormat('en', { style: 'currency', currency });
    }
    formatters.set(key, f);
  }
  return f;
}

/** Formats minor units for the book: formatMoney(1250, 'EUR', 'fr-FR') → "12,50 €". */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const decimal = minorToDecimal(minor, currencyExponent(currency));
  // A decimal string is formatted exactly (Intl.NumberFormat v3), with no float in between.
  return formatter(currency, locale).format(decimal as Intl.StringNumericLiteral);
}

const parsers = new Map<string, NumberParser>();
function parser(currency: string, locale: string): NumberParser {
  const key = `${locale}|${currency}`;
  let p = parsers.get(key);
  if (!p) {
    p = new NumberParser(locale, { style: 'currency', currency });
    parsers.set(key, p);
  }
  return p;
}

/**
 * Reads an amount typed in the book's locale ("12,50 €", "$1,234.56", "-5") into minor units,
 * rounding half away from zero past the currency's decimals; null when it is not an amount.
 */
export function parseMoney(text: string, currency: string, locale: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  let value: number;
  try {
    value = parser(currency, locale).parse(trimmed);
  } catch {
    return null;
  }
  if (!Number.isFinite(value)) return null;
  return decimalToMinor(value, currencyExponent(currency));
}

/**
 * A parsed number to minor units by its shortest decimal text, never `value * 100`, which drifts
 * (1.005 * 100 is 100.49999…).
 */
export function decimalToMinor(value: number, exponent: number): number | null {
  if (!Number.isFinite(value)) return null;
  const negative = value < 0 || Object.is(value, -0);
  let text = Math.abs(value).toString();
  if (text.includes('e')) {
    // Only tiny or enormous numbers print with an exponent; tiny ones round to nothing.
    if (Math.abs(value) < 1) text = Math.abs(value).toFixed(20);
    else return null;
  }
  const [whole = '0', fraction = ''] = text.split('.');
  const kept = fraction.slice(0, exponent).padEnd(exponent, '0');
  let minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(kept || '0');
  const next = fraction.charAt(exponent);
  if (next !== '' && next >= '5') minor += 1n;
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  const result = Number(minor);
  return negative && result !== 0 ? -result : 0 + result;
}
