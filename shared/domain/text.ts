/** A key that sorts names the way people expect: accents and case ignored, NFC first. */
export function sortKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .normalize('NFC')
    .trim();
}

/** One or two letters for an avatar. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const first = words[0] ? Array.from(words[0])[0] ?? '' : '';
  const last = words.length > 1 ? Array.from(words[words.length - 1] ?? '')[0] ?? '' : '';
  return (first + last).toUpperCase() || '?';
}

/** Sources are compared after trimming and lower-casing (scoring.md). */
export function sourceKey(source: string): string {
  return source.trim().toLowerCase();
}

/** Digits only, so "+1 (555) 010-2030" is found by typing "5550102". */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D+/g, '');
}

/**
 * What the search index holds for a phone number: its digits from the start of each group of
 * digits on, so "+1 (555) 010-2030" is found by typing "15550102030", "5550102" or "0102030".
 */
export function phoneSearchDigits(phone: string): string {
  const groups = phone.match(/\d+/g) ?? [];
  return groups.map((_, i) => groups.slice(i).join('')).join(' ');
}

/**
 * Turns what the owner types into an FTS5 query: every word must match as a prefix.
 * Words are split on anything that is not a letter, mark or digit, and each is quoted, so no
 * FTS5 syntax (NEAR, *, ", -) typed by the owner is ever interpreted.
 */
export function searchTerms(input: string): string[] {
  return input
    .normalize('NFKC')
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
}

export function ftsPrefixQuery(input: string): string | null {
  const terms = searchTerms(input);
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t}"*`).join(' ');
}

/** Half of a UTF-16 surrogate pair with no other half: not a character at all. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why Rapport would not keep a text as it is, or null when it would. A NUL ends a string in C
 * (SQLite's FTS and every export tool) and a lone surrogate cannot be written as UTF-8 at all, so
 * SQLite stores U+FFFD instead: either way what was stored would not be what was sent. Such text is
 * refused with a message, never stored altered. (A NUL usually comes with text pasted from another
 * program, a lone surrogate with half an emoji cut off by a program that counts code units.)
 */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'This text holds a NUL character (invisible, usually pasted from another program): remove it';
  if (LONE_SURROGATE.test(text)) return 'This text holds half of a character (a broken emoji or symbol): type it again';
  return null;
}
