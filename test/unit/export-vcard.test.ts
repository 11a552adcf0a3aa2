import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { escapeComponent, escapeText, foldLine, nameParts, vcardTimestamp } from '../../electron/db/export-vcard';

const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

describe('vCard text escaping (RFC 6350 3.4)', () => {
  test('backslash, line breaks, comma and semicolon', () => {
    expect(escapeText('a\\b')).toBe('a\\\\b');
    expect(escapeText('one\ntwo\r\nthree\rfour')).toBe('one\\ntwo\\nthree\\nfour');
    expect(escapeText('Lima, Ana; CEO')).toBe('Lima\\, Ana; CEO');
    expect(escapeComponent('Lima, Ana; CEO')).toBe('Lima\\, Ana\\; CEO');
    expect(escapeText('\\,')).toBe('\\\\\\,');
  });
});

describe('folding at 75 octets (RFC 6350 3.2)', () => {
  test('a short line is left alone', () => {
    expect(foldLine('FN:Ana Lima')).toBe('FN:Ana Lima');
    expect(foldLine(`NOTE:${'x'.repeat(70)}`)).toBe(`NOTE:${'x'.repeat(70)}`);
  });

  test('an ASCII line of 200 characters: 75, then 74 after the space', () => {
    const line = `NOTE:${'a'.repeat(195)}`;
    const folded = foldLine(line).split('\r\n');
    expect(folded[0]).toHaveLength(75);
    expect(folded.slice(1).every((l) => l.startsWith(' ') && Buffer.byteLength(l) <= 75)).toBe(true);
    expect(unfold(foldLine(line))).toBe(line);
  });

  test('multi-byte text is cut between characters, never inside a UTF-8 sequence', () => {
    const line = `NOTE:${'é'.repeat(40)}${'日本語'.repeat(20)}${'👩‍👩‍👧'.repeat(10)}`;
    const folded = foldLine(line);
    for (const physical of folded.split('\r\n')) {
      expect(Buffer.byteLength(physical, 'utf8')).toBeLessThanOrEqual(75);
      // Each line is valid UTF-8 on its own: decoding its bytes gives it back unchanged.
      expect(Buffer.from(physical, 'utf8').toString('utf8')).toBe(physical);
      expect(physical).not.toMatch(/[\uD800-\uDBFF]$|^ ?[\uDC00-\uDFFF]/);
    }
    expect(unfold(folded)).toBe(line);
  });

  test('any text: every physical line fits in 75 octets and unfolding gives the line back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const line = `NOTE:${escapeText(text)}`;
        const folded = foldLine(line);
        for (const physical of folded.split('\r\n')) expect(Buffer.byteLength(physical, 'utf8')).toBeLessThanOrEqual(75);
        expect(unfold(folded)).toBe(line);
      }),
    );
  });
});

describe('names and times', () => {
  test('N takes the last word as the family name', () => {
    expect(nameParts('Ana Lima')).toEqual({ family: 'Lima', given: 'Ana' });
    expect(nameParts('Maria de la Cruz')).toEqual({ family: 'Cruz', given: 'Maria de la' });
    expect(nameParts('Cher')).toEqual({ family: '', given: 'Cher' });
  });
  test('REV is UTC in basic format', () => {
    expect(vcardTimestamp(Date.UTC(2026, 10, 24, 9, 5, 7))).toBe('20261124T090507Z');
  });
});
