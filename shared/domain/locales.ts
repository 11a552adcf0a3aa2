/**
 * The languages and regions a book can be kept in: the one list the first-run picker offers, the
 * settings schema accepts and the money tests walk. Each formats and reads amounts with the runtime's
 * own locale data (Intl); the list only decides which ones we stand behind.
 *
 * Every one writes numbers with Latin digits by default. Locales whose default digits are others
 * (Arabic-Indic in ar-EG, Persian, Bengali) are left out until their amounts can be read without
 * guessing: their keyboards type either set of digits, and "," or "." for the decimal key.
 */
export const BOOK_LOCALES = [
  'en-US',
  'en-GB',
  'en-IE',
  'en-CA',
  'en-AU',
  'en-NZ',
  'en-IN',
  'en-SG',
  'en-ZA',
  'hi-IN',
  'fr-FR',
  'fr-BE',
  'fr-CA',
  'fr-CH',
  'de-DE',
  'de-AT',
  'de-CH',
  'it-IT',
  'it-CH',
  'es-ES',
  'es-MX',
  'es-AR',
  'es-CO',
  'ca-ES',
  'pt-PT',
  'pt-BR',
  'nl-NL',
  'nl-BE',
  'da-DK',
  'sv-SE',
  'nb-NO',
  'fi-FI',
  'pl-PL',
  'cs-CZ',
  'sk-SK',
  'hu-HU',
  'ro-RO',
  'bg-BG',
  'hr-HR',
  'sl-SI',
  'el-GR',
  'tr-TR',
  'ru-RU',
  'uk-UA',
  'lt-LT',
  'lv-LV',
  'et-EE',
  'he-IL',
  'ar-AE',
  'ja-JP',
  'ko-KR',
  'zh-CN',
  'zh-TW',
  'zh-HK',
  'th-TH',
  'vi-VN',
  'id-ID',
  'ms-MY',
  'fil-PH',
] as const;
export type BookLocale = (typeof BOOK_LOCALES)[number];

const offered: ReadonlySet<string> = new Set(BOOK_LOCALES);

export function isBookLocale(tag: unknown): tag is BookLocale {
  return typeof tag === 'string' && offered.has(tag);
}

const LANGUAGE_ALIASES: Readonly<Record<string, string>> = { no: 'nb', tl: 'fil' };

/**
 * The offered locale nearest to a tag the browser or an older book gave ("fr" → fr-FR,
 * "en-us" → en-US, "de-LU" → de-DE, "pt" → pt-BR), or null when none speaks its language.
 */
export function closestBookLocale(tag: string | null | undefined): BookLocale | null {
  if (!tag) return null;
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(tag);
  } catch {
    return null;
  }
  // Browsers may say "no" (Norwegian) or "tl" (Tagalog) where CLDR's data is under nb and fil.
  const alias = LANGUAGE_ALIASES[locale.language];
  if (alias) locale = new Intl.Locale(alias, { region: locale.region });
  const exact = `${locale.language}-${locale.region ?? ''}`;
  if (isBookLocale(exact)) return exact;
  // The region the language most likely means (CLDR's likely subtags): fr → FR, pt → BR, zh-Hant → TW.
  let likely: string | undefined;
  try {
    likely = locale.maximize().region;
  } catch {
    likely = undefined;
  }
  const guess = `${locale.language}-${likely ?? ''}`;
  if (isBookLocale(guess)) return guess;
  try {
    const bare = new Intl.Locale(locale.language).maximize().region;
    const fallback = `${locale.language}-${bare ?? ''}`;
    if (isBookLocale(fallback)) return fallback;
  } catch {
    // An unknown language: fall through to the first of the list in it, if any.
  }
  return BOOK_LOCALES.find((l) => l.startsWith(`${locale.language}-`)) ?? null;
}

function displayName(tag: string, inLocale: string): string {
  try {
    return new Intl.DisplayNames([inLocale], { type: 'language', languageDisplay: 'standard' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

export interface LocaleNames {
  tag: BookLocale;
  /** In the UI's language (English): "German (Switzerland)". */
  name: string;
  /** In its own language, as its speakers look for it: "Deutsch (Schweiz)". */
  own: string;
}

/** A locale's names, in English (the UI's language) and in its own; a menu capitalizes the first letter. */
export function localeNames(tag: BookLocale): LocaleNames {
  const own = displayName(tag, tag);
  return { tag, name: displayName(tag, 'en'), own: own.charAt(0).toLocaleUpperCase(tag) + own.slice(1) };
}

/** Folds case and accents, so "francais" finds "Français (France)" and "osterreich" Österreich. */
function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The offered locales whose names (either one) or tag hold every word typed: "switz" finds fr-CH,
 * de-CH and it-CH, "deutsch schweiz" and "de-ch" find de-CH, "francais" finds the four French ones.
 */
export function searchLocales(query: string, names: readonly LocaleNames[]): LocaleNames[] {
  const words = fold(query).split(/[\s,()]+/u).filter(Boolean);
  if (words.length === 0) return [...names];
  return names.filter((n) => {
    const hay = fold(`${n.name} ${n.own} ${n.tag} ${n.tag.replace('-', ' ')}`);
    return words.every((w) => hay.includes(w));
  });
}
