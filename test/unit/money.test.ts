import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { currencyExponent, decimalToMinor, formatMoney, minorToDecimal, parseMoney } from '../../shared/domain/money';

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
    ['1.005', 'USD', 'en-US', 101],
    ['1.004', 'USD', 'en-US', 100],
    ['0.29', 'USD', 'en-US', 29],
    ['4.35', 'USD', 'en-US', 435],
    ['1,234', 'JPY', 'ja-JP', 1234],
    ['￥1,234', 'JPY', 'ja-JP', 1234],
    ['12.5', 'JPY', 'en-US', 13],
    ['1.234', 'KWD', 'en-US', 1234],
    ['KWD 1.234', 'KWD', 'en-US', 1234],
    ['-0.5', 'KWD', 'en-US', -500],
  ])('%s in %s/%s → %i', (text, currency, locale, minor) => {
    expect(parseMoney(text, currency, locale)).toBe(minor);
  });

  test.each([[''], ['   '], ['abc'], ['12 apples and 3 pears'], ['--5'], ['€€'], ['1.234,56']])('junk %j → null', (text) => {
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
