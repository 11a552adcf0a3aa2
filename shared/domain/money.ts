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

// ---------------------------------------------------------------- reading what the owner types

/**
 * What a typed amount reads as: its minor units, or why it cannot be recorded, in words for the
 * field. Never a guess: text the book's locale would not write, or could mean two amounts, is refused.
 */
export type MoneyReading =
  | { ok: true; minor: number }
  | {
      ok: false;
      /** Nothing typed (a form decides whether that means 0 or "enter an amount"). */
      empty: boolean;
      /** Typing on could still make it an amount ("4," on the way to "4,80", "1.2" to "1.234,50"). */
      incomplete: boolean;
      message: string;
    };

/** Separators a keyboard types for the ones a locale prints: any space for a (narrow) no-break space, ' for ’. */
const SPACES = [' ', '\u00a0', '\u202f', '\u2009'];
const APOSTROPHES = ["'", '\u2019'];
const kindOf = (ch: string) => (SPACES.includes(ch) ? 'space' : APOSTROPHES.includes(ch) ? 'apostrophe' : ch);
/** Every character that may separate digits in some locale: the rest of a number is digits. */
const SEPARATORS = new Set(['.', ',', ...SPACES, ...APOSTROPHES]);

interface Layout {
  currency: string;
  locale: string;
  exponent: number;
  /** The decimal separators: the money format's, and the plain number format's where it differs (fr-CH: "." and ","). */
  decimals: ReadonlySet<string>;
  /** The one written in suggestions: the money format's. */
  decimal: string;
  /** Kinds of group separators (see kindOf): "." in de-DE, "space" in fr-FR, "apostrophe" in de-CH. */
  groups: ReadonlySet<string>;
  /** Group sizes as [last, others]: threes everywhere, and the locale's own (2 for the others in en-IN). */
  sizes: readonly (readonly [number, number])[];
  minus: ReadonlySet<string>;
  /** Currency symbols and codes, longest first, as they may lead or follow the number. */
  tokens: readonly string[];
  /** 1234567.50 as the locale writes money, without the currency: "1.234.567,50". */
  example: string;
  currencyName: string;
}

const layouts = new Map<string, Layout>();
function layoutOf(currency: string, locale: string): Layout {
  const key = `${locale}|${currency}`;
  let layout = layouts.get(key);
  if (layout) return layout;
  const exponent = currencyExponent(currency);
  // The locale's own symbols, from Intl: the money format (with a decimal even for yen, to learn
  // its character) and the plain number format, which differ in a few locales.
  const money = (options: Intl.NumberFormatOptions = {}) => new Intl.NumberFormat(locale, { style: 'currency', currency, ...options });
  const formats = [money({ minimumFractionDigits: 1, maximumFractionDigits: 1 }), new Intl.NumberFormat(locale, { minimumFractionDigits: 1 })];
  const decimals = new Set<string>();
  const groups = new Set<string>();
  const sizes: [number, number][] = [[3, 3]];
  const minus = new Set(['-', '\u2212']);
  for (const f of formats) {
    const parts = f.formatToParts(-1234567890.5);
    for (const p of parts) {
      if (p.type === 'decimal') decimals.add(p.value);
      if (p.type === 'group') groups.add(kindOf(p.value));
      if (p.type === 'minusSign') minus.add(p.value);
    }
    const ints = parts.filter((p) => p.type === 'integer').map((p) => p.value.length);
    if (ints.length >= 3) sizes.push([ints[ints.length - 1]!, ints[ints.length - 2]!]);
  }
  const tokens = new Set([currency]);
  for (const display of ['symbol', 'narrowSymbol', 'code'] as const) {
    for (const p of money({ currencyDisplay: display }).formatToParts(1)) if (p.type === 'currency') tokens.add(p.value.trim());
  }
  const exampleParts = money({ minimumFractionDigits: exponent, maximumFractionDigits: exponent }).formatToParts(
    (exponent === 0 ? '1234567' : `1234567.${'5'.padEnd(exponent, '0')}`) as Intl.StringNumericLiteral,
  );
  let currencyName = currency;
  try {
    currencyName = new Intl.DisplayNames(['en'], { type: 'currency' }).of(currency) ?? currency;
  } catch {
    // The code it is.
  }
  layout = {
    currency,
    locale,
    exponent,
    decimals,
    decimal: exampleParts.find((p) => p.type === 'decimal')?.value ?? [...decimals][0] ?? '.',
    groups,
    sizes: sizes.filter(([a, b], i) => sizes.findIndex(([c, d]) => a === c && b === d) === i),
    minus,
    tokens: [...tokens].filter(Boolean).sort((a, b) => b.length - a.length),
    example: exampleParts
      .filter((p) => ['integer', 'group', 'decimal', 'fraction'].includes(p.type))
      .map((p) => p.value)
      .join(''),
    currencyName,
  };
  layouts.set(key, layout);
  return layout;
}

const OTHER_DIGIT = /(?![0-9])\p{Nd}/u;
const digitParsers = new Map<string, NumberParser>();
const numerals = new Map<string, Map<string, string>>();
/**
 * The typed digits as ASCII. NumberParser (@internationalized/number) tells which digits were typed
 * (Latin, Arabic-Indic, Devanagari, Han...); Intl gives that system's ten, mapped to 0-9.
 */
function asciiDigits(text: string, layout: Layout): string {
  // Only other digits need the detection (which is slow enough to matter as the owner types).
  if (!OTHER_DIGIT.test(text)) return text;
  const key = `${layout.locale}|${layout.currency}`;
  let parser = digitParsers.get(key);
  if (!parser) {
    parser = new NumberParser(layout.locale, { style: 'currency', currency: layout.currency });
    digitParsers.set(key, parser);
  }
  const system = parser.getNumberingSystem(text);
  if (system === 'latn') return text;
  let map = numerals.get(system);
  if (!map) {
    const ten = [...new Intl.NumberFormat(`en-u-nu-${system}`, { useGrouping: false }).format(9876543210)].reverse();
    map = new Map(ten.map((d, i) => [d, String(i)]));
    numerals.set(system, map);
  }
  const digits = map;
  return [...text].map((ch) => digits.get(ch) ?? ch).join('');
}

/** Full-width forms (typed with a Japanese, Chinese or Korean input method) as their ASCII twins. */
function halfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

function startsWithToken(s: string, tokens: readonly string[]): string | null {
  const upper = s.toUpperCase();
  return tokens.find((t) => upper.startsWith(t.toUpperCase())) ?? null;
}
function endsWithToken(s: string, tokens: readonly string[]): string | null {
  const upper = s.toUpperCase();
  return tokens.find((t) => upper.endsWith(t.toUpperCase())) ?? null;
}

/** Whether digit runs split by group separators group as the locale does: 1,234,567 or (en-IN) 12,34,567. */
function groupsWell(runs: readonly string[], sizes: Layout['sizes']): boolean {
  const first = runs[0] ?? '';
  if (first === '' || first.startsWith('0')) return false;
  return sizes.some(([last, others]) => runs[runs.length - 1]!.length === last && runs.slice(1, -1).every((r) => r.length === others) && first.length <= others);
}

type Attempt = { ok: true; minor: number } | { ok: false; empty: boolean; message: string };

/** Reads one text; `explain` false skips writing the refusal's message (a try at a completion). */
function readWith(text: string, L: Layout, explain = true): Attempt {
  const junk: Attempt = { ok: false, empty: false, message: explain ? `Enter an amount, such as ${formatMoney(1250 * 10 ** Math.max(0, L.exponent - 2), L.currency, L.locale)}.` : '' };
  if (text.length > 100) return junk;
  // Bidi and other invisible format marks (which Intl itself writes around signs) carry no value.
  let s = asciiDigits(halfWidth(text).replace(/\p{Cf}/gu, ''), L).trim();
  if (s === '') return { ok: false, empty: true, message: 'Enter an amount.' };

  // The currency and the sign around the number, in whichever order the locale (or habit) puts them.
  let negative = false;
  let signed = false;
  let symbol = false;
  for (;;) {
    s = s.trimStart();
    const first = s.charAt(0);
    if (!signed && (L.minus.has(first) || first === '+')) {
      negative = first !== '+';
      signed = true;
      s = s.slice(1);
      continue;
    }
    const token = symbol ? null : startsWithToken(s, L.tokens);
    if (token) {
      symbol = true;
      s = s.slice(token.length);
      continue;
    }
    break;
  }
  s = s.trimEnd();
  const trailing = symbol ? null : endsWithToken(s, L.tokens);
  if (trailing) s = s.slice(0, -trailing.length).trimEnd();
  if (s === '') return junk;

  // What is left is digits and separators, one separator at a time.
  const runs: string[] = [''];
  const seps: string[] = [];
  for (const ch of s) {
    if (ch >= '0' && ch <= '9') runs[runs.length - 1] += ch;
    else if (SEPARATORS.has(ch) || L.decimals.has(ch)) {
      seps.push(ch);
      runs.push('');
    } else return junk;
  }
  if (!runs.some((r) => r !== '')) return junk;
  const layoutMessage: Attempt = { ok: false, empty: false, message: `Write the amount as in ${L.example}.` };
  // A decimal separator may open ("," for 0,50) or close ("4," while typing) the number; no other may.
  if (runs.slice(1, -1).some((r) => r === '')) return layoutMessage;
  if ((runs[0] === '' && !L.decimals.has(seps[0]!)) || (runs[runs.length - 1] === '' && !L.decimals.has(seps[seps.length - 1]!))) return layoutMessage;

  const decimalAt = seps.flatMap((sep, i) => (L.decimals.has(sep) ? [i] : []));
  if (decimalAt.length > 1 || (decimalAt.length === 1 && decimalAt[0] !== seps.length - 1)) return layoutMessage;
  const hasDecimal = decimalAt.length === 1;
  const intRuns = hasDecimal ? runs.slice(0, -1) : runs;
  const fraction = hasDecimal ? runs[runs.length - 1]! : '';
  const intSeps = hasDecimal ? seps.slice(0, -1) : seps;

  const minorOf = (whole: string, frac: string): number | null => {
    const value = BigInt(whole || '0') * 10n ** BigInt(L.exponent) + BigInt(frac.padEnd(L.exponent, '0') || '0');
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(value);
  };
  const money = (minor: number) => formatMoney(negative ? -minor : minor, L.currency, L.locale);

  if (intSeps.length > 0) {
    const kinds = new Set(intSeps.map(kindOf));
    const kind = [...kinds][0]!;
    const own = L.groups.has(kind);
    const dotOrComma = kind === '.' || kind === ',';
    const grouped = kinds.size === 1 && groupsWell(intRuns, L.sizes);
    // The one "." or "," of "4,80" (en-US), "4.80" (de-DE, fr-FR) or "4,800" in a book in dinars
    // (3 decimals): it might have been meant as the decimals. Say both readings, record neither.
    const single = kinds.size === 1 && intSeps.length === 1 && !hasDecimal && dotOrComma;
    const asDecimal = single && L.exponent > 0 && intRuns[1]!.length <= L.exponent ? minorOf(intRuns[0]!, intRuns[1]!) : null;
    // Own separators that group well are read as groups, unless the decimal reading is as good;
    // another locale's "." or "," only where the book's decimal separator follows ("1.234,50" in fr-FR).
    if (grouped && (own || (dotOrComma && hasDecimal)) && asDecimal === null) {
      // Read below.
    } else if (single && !explain) {
      return layoutMessage;
    } else if (single) {
      const whole = minorOf(intRuns.join(''), '');
      if (whole === null) return { ok: false, empty: false, message: 'That amount is too large.' };
      const sep = intSeps[0]!;
      const wholeText = `${negative ? '-' : ''}${intRuns.join('').replace(/^0+(?=\d)/, '')}`;
      const readings =
        asDecimal === null
          ? `Write ${wholeText} for ${money(whole)}`
          : `Write ${negative ? '-' : ''}${intRuns[0]}${L.decimal}${intRuns[1]!.padEnd(L.exponent, '0')} for ${money(asDecimal)}, or ${wholeText} for ${money(whole)}`;
      const why = grouped && own ? `“${s}” could be either` : own ? `here “${sep}” only separates thousands, as in ${L.example}` : `amounts here are written as in ${L.example}`;
      return { ok: false, empty: false, message: `${readings}: ${why}.` };
    } else return layoutMessage;
  }

  if (fraction.length > L.exponent) {
    return {
      ok: false,
      empty: false,
      message:
        L.exponent === 0
          ? `${L.currencyName} amounts have no decimals: write a whole amount, as in ${L.example}.`
          : `${L.currencyName} amounts have at most ${L.exponent} decimals, as in ${L.example}: “${s}” has ${fraction.length}.`,
    };
  }
  const minor = minorOf(intRuns.join(''), fraction);
  if (minor === null) return { ok: false, empty: false, message: 'That amount is too large.' };
  return { ok: true, minor: negative && minor !== 0 ? -minor : minor };
}

/**
 * Reads an amount typed in the book's locale into minor units: "4,80" in de-DE or fr-FR is 480
 * cents, "1.234,50" is 123450; in en-US "4,80" is refused (the comma groups thousands there) with
 * a message offering 4.80 or 480, never read as 480.00. Group separators count only where they
 * group as the locale does (threes, or en-IN's 12,34,567), in the locale's own characters or what a
 * keyboard types for them (a space for fr-FR's narrow no-break space, ' for de-CH's ’). More
 * decimals than the currency has (4.805 EUR, 4.5 JPY) are refused, never rounded.
 */
export function readMoney(text: string, currency: string, locale: string): MoneyReading {
  const layout = layoutOf(currency, locale);
  const attempt = readWith(text, layout);
  if (attempt.ok) return attempt;
  const d = layout.decimal;
  const incomplete = attempt.empty || ['0', '00', '000', `${d}0`, `0${d}0`, `00${d}0`].some((more) => readWith(text + more, layout, false).ok);
  return { ...attempt, incomplete };
}

/** The minor units of a typed amount, or null when readMoney refuses it (see there why). */
export function parseMoney(text: string, currency: string, locale: string): number | null {
  const reading = readMoney(text, currency, locale);
  return reading.ok ? reading.minor : null;
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
