import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { formatBirthday } from '../../shared/domain/birthday';
import { ftsPrefixQuery, initials, phoneDigits, phoneSearchDigits, searchTerms, sortKey, sourceKey, textProblem } from '../../shared/domain/text';

describe('sortKey', () => {
  test.each([
    ['Émile', 'emile'],
    ['  Zoë Ångström  ', 'zoe angstrom'],
    ['E\u0301mile', 'emile'], // decomposed input sorts with the composed one
    ['ÉMILE', 'emile'],
    ['ﬁne', 'fine'], // compatibility ligature
    ['Ǆemal', 'dzemal'],
    ['Straße', 'straße'],
    ['李小龍', '李小龍'],
    ['שלום', 'שלום'],
    ['Ana 😀', 'ana 😀'],
    ['', ''],
  ])('%j -> %j', (name, key) => {
    expect(sortKey(name)).toBe(key);
  });

  test('accents and case never split one name into two sort positions', () => {
    const names = ['émile', 'Emile', 'EMILE', 'E\u0301mile'];
    expect(new Set(names.map(sortKey)).size).toBe(1);
  });
});

describe('initials', () => {
  test.each([
    ['Ana Lopez', 'AL'],
    ['ana maria lopez', 'AL'],
    ['  Émile   Zola ', 'ÉZ'],
    ['Cher', 'C'],
    ['', '?'],
    ['   ', '?'],
    ['😀 smile', '😀S'], // an astral character is kept whole, never half a surrogate pair
    ['أحمد علي', 'أع'],
    ['李 小龍', '李小'],
  ])('%j -> %j', (name, expected) => {
    expect(initials(name)).toBe(expected);
  });

  test('never returns a lone surrogate', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (name) => {
        const out = initials(name);
        expect(out.length).toBeGreaterThan(0);
        expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('sourceKey', () => {
  test.each([
    ['  Referral ', 'referral'],
    ['INSTAGRAM', 'instagram'],
    ['Walk-in', 'walk-in'],
    ['', ''],
    ['   ', ''],
  ])('%j -> %j', (source, key) => {
    expect(sourceKey(source)).toBe(key);
  });
});

describe('phoneDigits', () => {
  test.each([
    ['+1 (555) 010-2030', '15550102030'],
    ['555.010.2030', '5550102030'],
    ['06 12 34 56 78', '0612345678'],
    ['+44 20 7946 0958 ext. 12', '44207946095812'],
    ['', ''],
    ['abc', ''],
  ])('%j -> %j', (phone, digits) => {
    expect(phoneDigits(phone)).toBe(digits);
  });
});

describe('phoneSearchDigits', () => {
  test.each([
    ['+1 (555) 010-2030', '15550102030 5550102030 0102030 2030'],
    ['5550102030', '5550102030'],
    ['06 12 34 56 78', '0612345678 12345678 345678 5678 78'],
    ['', ''],
    ['+', ''],
  ])('%j -> %j', (phone, text) => {
    expect(phoneSearchDigits(phone)).toBe(text);
  });

  test('every word starts with a group of the number and ends with its last digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9+()\-. ]{0,40}$/), (phone) => {
        const digits = phoneDigits(phone);
        for (const word of phoneSearchDigits(phone).split(' ').filter(Boolean)) expect(digits.endsWith(word)).toBe(true);
        if (digits) expect(phoneSearchDigits(phone).split(' ')[0]).toBe(digits);
      }),
    );
  });
});

describe('searchTerms and ftsPrefixQuery', () => {
  test.each<[string, string[], string | null]>([
    ['ana', ['ana'], '"ana"*'],
    ['Ana Lopez', ['Ana', 'Lopez'], '"Ana"* "Lopez"*'],
    ['  ana   lopez  ', ['ana', 'lopez'], '"ana"* "lopez"*'],
    ['', [], null],
    ['   ', [], null],
    ['"', [], null],
    ['*', [], null],
    ['-', [], null],
    ['"ana', ['ana'], '"ana"*'],
    ['ana"*', ['ana'], '"ana"*'],
    ['NEAR(ana lopez)', ['NEAR', 'ana', 'lopez'], '"NEAR"* "ana"* "lopez"*'],
    ['ana OR lopez', ['ana', 'OR', 'lopez'], '"ana"* "OR"* "lopez"*'],
    ['-ana', ['ana'], '"ana"*'],
    ['name:ana', ['name', 'ana'], '"name"* "ana"*'],
    ['{name tags}: ana', ['name', 'tags', 'ana'], '"name"* "tags"* "ana"*'],
    ['^ana + lopez', ['ana', 'lopez'], '"ana"* "lopez"*'],
    ['ana@example.com', ['ana', 'example', 'com'], '"ana"* "example"* "com"*'],
    ['+1 (555) 010', ['1', '555', '010'], '"1"* "555"* "010"*'],
    ['😀', [], null],
    ['😀ana', ['ana'], '"ana"*'],
    ['שלום', ['שלום'], '"שלום"*'],
    ['مرحبا بك', ['مرحبا', 'بك'], '"مرحبا"* "بك"*'],
    ['e\u0301mile', ['émile'], '"émile"*'], // NFKC composes
    ['ＡＮＡ', ['ANA'], '"ANA"*'], // full-width folded
    ['李小龍', ['李小龍'], '"李小龍"*'],
  ])('%j', (input, terms, query) => {
    expect(searchTerms(input)).toEqual(terms);
    expect(ftsPrefixQuery(input)).toBe(query);
  });

  test('at most 12 terms', () => {
    const input = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
    expect(searchTerms(input)).toHaveLength(12);
    expect(searchTerms(input)[11]).toBe('w11');
  });

  test('no term ever holds a double quote, so no term can close its quotes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (input) => {
        for (const term of searchTerms(input)) {
          expect(term).not.toContain('"');
          expect(term.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('ftsPrefixQuery against a real FTS5 table', () => {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5(name, notes, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')`);
  const insert = db.prepare('INSERT INTO t (rowid, name, notes) VALUES (?, ?, ?)');
  insert.run(1, 'Émile Zola', 'NEAR the station');
  insert.run(2, 'Ana López', 'likes "quotes" and * stars');
  insert.run(3, 'שלום עליכם', '李小龍 😀');
  insert.run(4, 'Zoë-Ann O’Brien', 'AND OR NOT');
  const search = db.prepare<[string], { rowid: number }>('SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid');
  const find = (input: string) => {
    const q = ftsPrefixQuery(input);
    return q === null ? null : search.all(q).map((r) => r.rowid);
  };
  afterAll(() => db.close());

  test.each<[string, number[] | null]>([
    ['emile', [1]],
    ['ÉMILE', [1]],
    ['E\u0301mi', [1]],
    ['lope', [2]],
    ['zo', [1, 4]],
    ['zoe ann', [4]],
    ['near', [1]],
    ['NEAR(', [1]],
    ['"quotes', [2]],
    ['quotes"', [2]],
    ['*', null],
    ['AND', [2, 4]],
    ['OR NOT', [4]],
    ['-ana', [2]],
    ['שלו', [3]],
    ['李', [3]],
    ['obrien', []],
    ['o brien', [4]],
    ['😀', null],
    ['\u0301', []], // a lone combining mark: a harmless empty phrase
  ])('%j finds %j', (input, rowids) => {
    expect(find(input)).toEqual(rowids);
  });

  test('property: any string gives null or a query FTS5 accepts', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.array(
        fc.constantFrom('"', '*', '-', '+', '^', ':', '(', ')', '{', '}', 'NEAR', 'AND', 'OR', 'NOT', ' ', 'ana', 'é', '\u0301', '😀', 'ש', '\u0000', '\u202e', ','),
        { maxLength: 20 },
      ).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(anyText, (input) => {
        const q = ftsPrefixQuery(input);
        if (q === null) return;
        expect(() => search.all(q)).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});

describe('formatBirthday', () => {
  test.each([
    [{ year: null, month: 2, day: 29 }, 'en-GB', '29 February'],
    [{ year: 1990, month: 3, day: 12 }, 'en-GB', '12 March 1990'],
    [{ year: null, month: 12, day: 31 }, 'en-GB', '31 December'],
    [{ year: 1990, month: 3, day: 12 }, 'de', '12. März 1990'],
    [{ year: null, month: 2, day: 29 }, 'en-US', 'February 29'],
  ])('%j in %s', (birthday, locale, text) => {
    expect(formatBirthday(birthday, locale)).toBe(text);
  });

  test('a locale the runtime refuses falls back to English day-month', () => {
    expect(formatBirthday({ year: null, month: 3, day: 12 }, '!!not a locale')).toBe('12 March');
    expect(formatBirthday({ year: 2001, month: 1, day: 2 }, '!!not a locale')).toBe('2 January 2001');
  });

  test('29 February with no year is not shifted to 1 March', () => {
    expect(formatBirthday({ year: null, month: 2, day: 29 }, 'en-GB')).not.toContain('March');
  });
});

describe('textProblem: what Rapport will not store as sent', () => {
  test.each(['\u0000', 'Ana\u0000', 'a\u0000b'])('a NUL: %j', (text) => {
    expect(textProblem(text)).toBe('This text holds a NUL character (invisible, usually pasted from another program): remove it');
  });

  test.each(['\uD800', 'Ana \uD83D', '\uDE00 smile', 'a\uDC00b', '\uDE00\uD83D', '😀'.slice(0, 1), '😀'.slice(1)])('half a surrogate pair: %j', (text) => {
    expect(textProblem(text)).toBe('This text holds half of a character (a broken emoji or symbol): type it again');
  });

  test('whole characters of any script and direction, marks and controls other than NUL are kept', () => {
    for (const good of ['', 'Ana', '😀', '👩🏽‍💻', 'Zoë', 'e\u0301', 'שלום', 'مرحبا', '李小龍', 'अजय', '\u202e', '\uFFFD', '\u0001\t\n', '\uD83D\uDE00']) {
      expect(textProblem(good), JSON.stringify(good)).toBeNull();
    }
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        fc.pre(!text.includes('\u0000'));
        expect(textProblem(text)).toBeNull();
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        // encodeURIComponent throws on exactly the lone surrogates: an oracle of its own.
        const wellFormed = (() => {
          try {
            encodeURIComponent(text);
            return true;
          } catch {
            return false;
          }
        })();
        expect(textProblem(text) === null).toBe(wellFormed && !text.includes('\u0000'));
      }),
    );
  });
});
