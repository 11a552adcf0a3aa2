import { describe, expect, test } from 'vitest';
import { localeSchema } from '../../shared/contract/index';
import { BOOK_LOCALES, closestBookLocale, isBookLocale, localeNames, searchLocales } from '../../shared/domain/locales';

describe('the locales a book can be kept in', () => {
  test('each is a canonical tag with its own data in this runtime, named in English and in its own language', () => {
    expect(new Set(BOOK_LOCALES).size).toBe(BOOK_LOCALES.length);
    for (const tag of BOOK_LOCALES) {
      expect(Intl.getCanonicalLocales(tag)).toEqual([tag]);
      expect(Intl.NumberFormat.supportedLocalesOf([tag]), tag).toEqual([tag]);
      // Latin digits by default (see locales.ts for why the others wait).
      expect(new Intl.NumberFormat(tag).resolvedOptions().numberingSystem, tag).toBe('latn');
      const names = localeNames(tag);
      expect(names.name, tag).toMatch(/^[A-Z][^()]+ \(.+\)$/);
      expect(names.own, tag).not.toBe(tag);
    }
    expect(localeNames('de-CH')).toEqual({ tag: 'de-CH', name: 'German (Switzerland)', own: 'Deutsch (Schweiz)' });
    expect(localeNames('en-GB').name).toBe('English (United Kingdom)');
    expect(localeNames('fr-FR').own).toBe('Français (France)');
  });

  test('the settings schema accepts exactly the offered ones', () => {
    for (const tag of BOOK_LOCALES) expect(localeSchema.safeParse(tag).success).toBe(true);
    for (const junk of ['French', 'fr', 'en-us', 'EN-US', 'en_US', 'de-DE ', 'en-XX', 'ar-EG', '', 'x'.repeat(40), 5, null]) {
      expect(localeSchema.safeParse(junk).success, String(junk)).toBe(false);
      expect(isBookLocale(junk)).toBe(false);
    }
  });

  test.each([
    ['fr', 'fr-FR'],
    ['en', 'en-US'],
    ['en-us', 'en-US'],
    ['en-GB', 'en-GB'],
    ['de-LU', 'de-DE'],
    ['pt', 'pt-BR'],
    ['zh-Hant', 'zh-TW'],
    ['no', 'nb-NO'],
    ['nb', 'nb-NO'],
    ['es-419', 'es-ES'],
    ['ar-EG', 'ar-AE'],
    ['French', null],
    ['xx', null],
    ['', null],
    [null, null],
  ])('the nearest offered to %j is %j', (tag, nearest) => {
    expect(closestBookLocale(tag)).toBe(nearest);
  });

  test('found by typing either name or the tag, accents and case aside', () => {
    const names = BOOK_LOCALES.map(localeNames);
    const find = (q: string) => searchLocales(q, names).map((n) => n.tag);
    expect(find('switz').sort()).toEqual(['de-CH', 'fr-CH', 'it-CH']);
    expect(find('deutsch schweiz')).toEqual(['de-CH']);
    expect(find('DE-ch')).toEqual(['de-CH']);
    expect(find('francais').sort()).toEqual(['fr-BE', 'fr-CA', 'fr-CH', 'fr-FR']);
    expect(find('English (United Kingdom)')).toEqual(['en-GB']);
    expect(find('österreich')).toEqual(['de-AT']);
    expect(find('日本')).toEqual(['ja-JP']);
    expect(find('india').sort()).toEqual(['en-IN', 'hi-IN']);
    expect(find('klingon')).toEqual([]);
    expect(find('  ')).toHaveLength(BOOK_LOCALES.length);
  });
});
