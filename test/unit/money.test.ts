import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BOOK_LOCALES } from '../../shared/domain/locales';
import { currencyExponent, decimalToMinor, formatMoney, minorToDecimal, parseMoney, readMoney } from '../../shared/domain/money';

// Intl separates groups and the symbol with non-breaking spaces; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('currencyExponent', () => {
  test.each([
    ['EUR', 2],
    ['USD', 2],
    ['JPY', 0],
    ['KWD', 3],
    ['CHF', 2],
  ])('%s has %i decimals', (code, exp) => {
    expect(currencyExponent(code)).toBe(exp);
  });
});

describe('formatMoney', () => {
  test.each([
    [1250, 'EUR', 'fr-FR', '12,50 €'],
    [-1250, 'EUR', 'fr-FR', '-12,50 €'],
    [123456, 'USD', 'en-US', '$1,234.56'],
    [-500, 'USD', 'en-US', '-$5.00'],
    [1234, 'JPY', 'ja-JP', '￥1,234'],
    [1234, 'JPY', 'en-US', '¥1,234'],
    [1234, 'KWD', 'en-US', 'KWD 1.234'],
    [5, 'EUR', 'fr-FR', '0,05 €'],
    [0, 'EUR', 'de-DE', '0,00 €'],
    [99_999_999_999, 'USD', 'en-US', '$999,999,999.99'],
  ])('%i %s in %s → %s', (minor, currency, locale, text) => {
    expect(plain(formatMoney(minor, currency, locale))).toBe(text);
  });

  test('exact past float precision', () => {
    expect(minorToDecimal(9_007_199_254_740_991, 2)).toBe('90071992547409.91');
    expect(minorToDecimal(-7, 3)).toBe('-0.007');
    expect(minorToDecimal(42, 0)).toBe('42');
  });
});

describe('parseMoney', () => {
  test.each([
    ['12,50 €', 'EUR', 'fr-FR', 1250],
    ['12,50', 'EUR', 'fr-FR', 1250],
    ['12,5€', 'EUR', 'fr-FR', 1250],
    ['1 234,56', 'EUR', 'fr-FR', 123456],
    ['-12,50 €', 'EUR', 'fr-FR', -1250],
    ['$1,234.56', 'USD', 'en-US', 123456],
    ['1234.56', 'USD', 'en-US', 123456],
    ['-$5.00', 'USD', 'en-US', -500],
    ['-5', 'USD', 'en-US', -500],
    ['0.29', 'USD', 'en-US', 29],
    ['4.35', 'USD', 'en-US', 435],
    ['1,234', 'JPY', 'ja-JP', 1234],
    ['￥1,234', 'JPY', 'ja-JP', 1234],
    ['1.234', 'KWD', 'en-US', 1234],
    ['KWD 1.234', 'KWD', 'en-US', 1234],
    ['-0.5', 'KWD', 'en-US', -500],
  ])('%s in %s/%s → %i', (text, currency, locale, minor) => {
    expect(parseMoney(text, currency, locale)).toBe(minor);
  });

  test.each([[''], ['   '], ['abc'], ['12 apples and 3 pears'], ['--5'], ['€€'], ['1,234.56'], ['1.234.56'], ['12€50']])('junk %j → null', (text) => {
    expect(parseMoney(text, 'EUR', 'fr-FR')).toBeNull();
  });

  test('round trip: what formatMoney writes, parseMoney reads back', () => {
    const cases: [string, string][] = [
      ['EUR', 'fr-FR'],
      ['USD', 'en-US'],
      ['JPY', 'ja-JP'],
      ['KWD', 'en-US'],
      ['GBP', 'en-GB'],
      ['CHF', 'de-CH'],
    ];
    fc.assert(
      fc.property(fc.integer({ min: -100_000_000_000, max: 100_000_000_000 }), fc.constantFrom(...cases), (minor, [currency, locale]) => {
        expect(parseMoney(formatMoney(minor, currency, locale), currency, locale)).toBe(minor);
      }),
    );
  });

  test('decimalToMinor never drifts on two-decimal amounts', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (cents) => {
        expect(decimalToMinor(Number(minorToDecimal(cents, 2)), 2)).toBe(cents);
      }),
    );
    expect(decimalToMinor(1e-9, 2)).toBe(0);
    expect(decimalToMinor(1e30, 2)).toBeNull();
    expect(decimalToMinor(Number.NaN, 2)).toBeNull();
  });
});

describe('readMoney: amounts read the way the book writes them', () => {
  test.each([
    // A comma decimal where the locale writes one.
    ['4,80', 'EUR', 'de-DE', 480],
    ['1.234,50', 'EUR', 'de-DE', 123450],
    ['4.800', 'EUR', 'de-DE', 480000],
    ['4,80', 'EUR', 'fr-FR', 480],
    ['1.234,50', 'EUR', 'fr-FR', 123450], // a dot groups when the book's decimal comma follows
    ['1 234,50', 'EUR', 'fr-FR', 123450], // a plain space for fr-FR's narrow no-break space
    ['1\u202f234,50\u00a0€', 'EUR', 'fr-FR', 123450],
    ['1\u00a0234,50', 'EUR', 'fr-FR', 123450],
    [',50', 'EUR', 'de-DE', 50],
    ['4,', 'EUR', 'de-DE', 400],
    // Apostrophes in Switzerland, as printed or as typed.
    ["1'234.50", 'CHF', 'de-CH', 123450],
    ['1’234.50', 'CHF', 'de-CH', 123450],
    ['1,234.50', 'CHF', 'de-CH', 123450],
    ['4,80', 'CHF', 'fr-CH', 480], // fr-CH writes amounts with "." and other numbers with ","
    ['4.80', 'CHF', 'fr-CH', 480],
    // The Indian grouping, and threes, in en-IN; signs and symbols wherever the locale puts them.
    ['12,34,567.50', 'INR', 'en-IN', 123456750],
    ['1,234,567.50', 'INR', 'en-IN', 123456750],
    ['₹12,34,567.50', 'INR', 'hi-IN', 123456750],
    ['१२,३४,५६७.५०', 'INR', 'hi-IN', 123456750], // Devanagari digits
    ['€ -1.234,50', 'EUR', 'nl-NL', -123450],
    ["EUR-1'234.50", 'EUR', 'de-CH', -123450],
    ['\u22121 234,50 kr', 'SEK', 'sv-SE', -123450],
    ['\u200f\u200e-1,234.50\u00a0\u200f₪', 'ILS', 'he-IL', -123450],
    ['１，２３４', 'JPY', 'ja-JP', 1234], // full-width, from a Japanese input method
    ['4,800', 'USD', 'en-US', 480000],
    ['4.800', 'KWD', 'en-US', 4800],
    ['0', 'USD', 'en-US', 0],
    ['-0', 'USD', 'en-US', 0],
  ])('%j in %s/%s → %i', (text, currency, locale, minor) => {
    expect(readMoney(text, currency, locale)).toEqual({ ok: true, minor });
  });

  test.each([
    // Never 480.00: the comma groups thousands in en-US, the dot in de-DE.
    ['4,80', 'USD', 'en-US', 'Write 4.80 for $4.80, or 480 for $480.00: here “,” only separates thousands, as in 1,234,567.50.'],
    ['4.80', 'EUR', 'de-DE', 'Write 4,80 for 4,80 €, or 480 for 480,00 €: here “.” only separates thousands, as in 1.234.567,50.'],
    ['4.80', 'EUR', 'fr-FR', 'Write 4,80 for 4,80 €, or 480 for 480,00 €: amounts here are written as in 1 234 567,50.'],
    ['4,80', 'CHF', 'de-CH', 'Write 4.80 for CHF 4.80, or 480 for CHF 480.00: amounts here are written as in 1’234’567.50.'],
    ['4,80', 'JPY', 'en-US', 'Write 480 for ¥480: here “,” only separates thousands, as in 1,234,567.'],
    // With three decimals, "4,800" could be either: say both, record neither.
    ['4,800', 'KWD', 'en-US', 'Write 4.800 for KWD 4.800, or 4800 for KWD 4,800.000: “4,800” could be either.'],
    // More decimals than the currency has: refused, not rounded.
    ['4.805', 'EUR', 'en-US', 'Euro amounts have at most 2 decimals, as in 1,234,567.50: “4.805” has 3.'],
    ['4,805', 'EUR', 'de-DE', 'Euro amounts have at most 2 decimals, as in 1.234.567,50: “4,805” has 3.'],
    ['4.5', 'JPY', 'en-US', 'Japanese Yen amounts have no decimals: write a whole amount, as in 1,234,567.'],
    ['1.0005', 'KWD', 'en-US', 'Kuwaiti Dinar amounts have at most 3 decimals, as in 1,234,567.500: “1.0005” has 4.'],
    // Separators out of place.
    ['12,34,567.50', 'USD', 'en-US', 'Write the amount as in 1,234,567.50.'],
    ['1.234.567,50', 'USD', 'en-US', 'Write the amount as in 1,234,567.50.'],
    ['1,234.50', 'EUR', 'de-DE', 'Write the amount as in 1.234.567,50.'],
    ['1 234.50', 'USD', 'en-US', 'Write the amount as in 1,234,567.50.'],
    ['1.234 567,50', 'EUR', 'fr-FR', 'Write the amount as in 1 234 567,50.'],
    ['4,,80', 'EUR', 'de-DE', 'Write the amount as in 1.234.567,50.'],
    ['douze', 'EUR', 'fr-FR', 'Enter an amount, such as 12,50 €.'],
    ['$5', 'EUR', 'en-US', 'Enter an amount, such as €12.50.'],
    ['99999999999999999', 'USD', 'en-US', 'That amount is too large.'],
  ])('%j in %s/%s is refused: %s', (text, currency, locale, message) => {
    const reading = readMoney(text, currency, locale);
    expect(reading.ok).toBe(false);
    // Intl's data for de-CH prints ' or ’ depending on its version.
    if (!reading.ok) expect(plain(reading.message).replace(/’/g, "'")).toBe(plain(message).replace(/’/g, "'"));
  });

  test('what typing on could still make an amount is told apart from what it never could', () => {
    const incomplete = (text: string, currency: string, locale: string) => {
      const r = readMoney(text, currency, locale);
      return r.ok ? null : r.incomplete;
    };
    expect(incomplete('', 'USD', 'en-US')).toBe(true);
    expect(incomplete('-', 'USD', 'en-US')).toBe(true);
    expect(incomplete('1,2', 'USD', 'en-US')).toBe(true); // on the way to 1,234
    expect(incomplete('1.2', 'EUR', 'fr-FR')).toBe(true); // on the way to 1.234,50
    expect(incomplete('4.805', 'EUR', 'en-US')).toBe(false);
    expect(incomplete('douze', 'EUR', 'fr-FR')).toBe(false);
    expect(incomplete('1.234.567,50', 'USD', 'en-US')).toBe(false);
  });
});

/** A currency of each exponent the book may be kept in, with others whose symbols differ. */
const CURRENCIES: Record<0 | 2 | 3, string[]> = { 0: ['JPY', 'KRW'], 2: ['EUR', 'USD', 'CHF', 'INR', 'SEK'], 3: ['KWD', 'BHD'] };
const EXPONENTS = [0, 2, 3] as const;
const amount = fc.oneof(fc.integer({ min: -100_000_000_000, max: 100_000_000_000 }), fc.integer({ min: -100_000, max: 100_000 }), fc.constantFrom(0, 1, -1, 480, 48000, Number.MAX_SAFE_INTEGER));
/** Plain numbers as the locale writes them (no currency symbol), with or without its grouping. */
const plainNumber = (minor: number, exponent: number, locale: string, useGrouping: boolean) =>
  new Intl.NumberFormat(locale, { minimumFractionDigits: exponent, maximumFractionDigits: exponent, useGrouping }).format(minorToDecimal(minor, exponent) as Intl.StringNumericLiteral);

describe.each(BOOK_LOCALES)('every locale the first run offers: %s', (locale) => {
  test.each(EXPONENTS)('exponent %i: formatMoney, and plain numbers with and without groups, read back to the same minor units', (exponent) => {
    fc.assert(
      fc.property(amount, fc.constantFrom(...CURRENCIES[exponent]), (minor, currency) => {
        expect(currencyExponent(currency)).toBe(exponent);
        for (const text of [formatMoney(minor, currency, locale), plainNumber(minor, exponent, locale, true), plainNumber(minor, exponent, locale, false)]) {
          expect(readMoney(text, currency, locale), JSON.stringify(text)).toEqual({ ok: true, minor: Object.is(minor, -0) ? 0 : minor });
        }
      }),
      { numRuns: 60 },
    );
  });

  test.each(EXPONENTS.filter((e) => e > 0))('exponent %i: a "." or "," decimal the locale would not write is refused, never multiplied', (exponent) => {
    const currency = CURRENCIES[exponent as 2 | 3][0]!;
    const own = new Set(
      [new Intl.NumberFormat(locale, { style: 'currency', currency }), new Intl.NumberFormat(locale, { minimumFractionDigits: 1 })].map(
        (f) => f.formatToParts(1.5).find((p) => p.type === 'decimal')?.value,
      ),
    );
    const foreign = ['.', ','].filter((d) => !own.has(d));
    // fr-CH writes both: amounts with ".", other numbers with ","; each reads as the decimals there.
    if (foreign.length === 0) return;
    fc.assert(
      fc.property(amount, fc.constantFrom(...foreign), fc.boolean(), (minor, decimal, trimZeros) => {
        const [whole, fraction = ''] = minorToDecimal(minor, exponent).split('.');
        const digits = trimZeros ? fraction.replace(/0+$/, '') : fraction;
        fc.pre(digits !== '');
        const text = `${whole}${decimal}${digits}`;
        expect(readMoney(text, currency, locale).ok, `${text} in ${currency}`).toBe(false);
      }),
      { numRuns: 80 },
    );
  });
});

test('an amount written by any offered locale is read by any other as the same amount, or refused', () => {
  fc.assert(
    fc.property(
      amount,
      fc.constantFrom(...BOOK_LOCALES),
      fc.constantFrom(...BOOK_LOCALES),
      fc.constantFrom(...EXPONENTS),
      fc.integer({ min: 0, max: 2 }),
      (minor, writer, reader, exponent, style) => {
        const currency = CURRENCIES[exponent][0]!;
        const text = style === 0 ? formatMoney(minor, currency, writer) : plainNumber(minor, exponent, writer, style === 1);
        const reading = readMoney(text, currency, reader);
        if (reading.ok) expect(reading.minor, `${JSON.stringify(text)} (${writer}) read in ${reader}`).toBe(minor);
      },
    ),
    { numRuns: 2000 },
  );
  // The amounts most at risk of a factor of 100 or 1000, through every pair of locales.
  for (const exponent of EXPONENTS) {
    const currency = CURRENCIES[exponent][0]!;
    for (const minor of [480, 4800, 480000, -123450]) {
      for (const writer of BOOK_LOCALES) {
        const texts = [formatMoney(minor, currency, writer), plainNumber(minor, exponent, writer, true), plainNumber(minor, exponent, writer, false)];
        for (const reader of BOOK_LOCALES) {
          for (const text of texts) {
            const reading = readMoney(text, currency, reader);
            if (reading.ok && reading.minor !== minor) expect.fail(`${JSON.stringify(text)} (${writer}, ${currency}) read in ${reader} as ${reading.minor}, not ${minor}`);
          }
        }
      }
    }
  }
}, 60_000);
