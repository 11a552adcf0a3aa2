import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ApiFailure, type ColumnMapping } from '../../shared/contract/index';
import { detectPreset, headerKey, parseBirthday, readCsv, rowToContact, slashDayFirst, splitTags, suggestMapping } from '../../electron/db/import-csv';
import { decodeText, lineAt } from '../../electron/db/import-text';
import { cardToContact, parseProperty, readVcards, splitEscaped, unescapeText } from '../../electron/db/import-vcard';
import { mergeFields, updateFromCard } from '../../electron/db/import-contacts';
import { contactFieldsSchema } from '../../shared/contract/index';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, '../fixtures/import', name));

describe('decoding text', () => {
  test('UTF-8 with and without a BOM, Windows-1252 when UTF-8 fails, UTF-16 by its BOM', () => {
    expect(decodeText(Buffer.from('\uFEFFZoé', 'utf8'))).toEqual({ text: 'Zoé', encoding: 'utf-8', bom: true });
    expect(decodeText(Buffer.from('Zoé', 'utf8'))).toEqual({ text: 'Zoé', encoding: 'utf-8', bom: false });
    expect(decodeText(Buffer.from([0x5a, 0x6f, 0xe9, 0x20, 0x80]))).toEqual({ text: 'Zoé €', encoding: 'windows-1252', bom: false });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Zoé', 'utf16le')]))).toEqual({ text: 'Zoé', encoding: 'utf-16le', bom: true });
    // A chosen encoding wins over the guess.
    expect(decodeText(Buffer.from('Zoé', 'utf8'), 'windows-1252').text).toBe('ZoÃ©');
  });

  test('lineAt counts lines up to an offset', () => {
    expect(lineAt('a\nb\nc', 0)).toBe(1);
    expect(lineAt('a\nb\nc', 2)).toBe(2);
    expect(lineAt('a\nb\nc', 4)).toBe(3);
    expect(lineAt('a\rb', 2)).toBe(2);
  });
});

describe('reading CSV', () => {
  test('rows carry the physical line they start on; a quoted field spanning lines counts its lines', () => {
    const t = readCsv('Name,Notes\r\nAna,"one\r\ntwo\r\nthree"\r\n\r\nBruno,x\r\n');
    expect(t.headers).toEqual(['Name', 'Notes']);
    expect(t.rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [2, 'Ana'],
      [6, 'Bruno'],
    ]);
  });

  test('detects comma, semicolon and tab, even in a two-line file', () => {
    expect(readCsv('a;b;c\n1;2;3\n').delimiter).toBe(';');
    expect(readCsv('a\tb\n1\t2\n').delimiter).toBe('\t');
    expect(readCsv('a,b\n1,2\n').delimiter).toBe(',');
    expect(readCsv('Nom;Prénom;Email\nA;B;"c;d"\nE;F;G\nH;I;J\n').delimiter).toBe(';');
  });

  test('an unclosed quote is an error on its row, named by line', () => {
    const t = readCsv('Name,Notes\nAna,ok\nBruno,"never closed\nmore\n');
    expect(t.rows[1]?.line).toBe(3);
    expect(t.rows[1]?.error).toMatch(/never closed/);
  });

  test('a file without rows is refused', () => {
    expect(() => readCsv('\n\n')).toThrow(ApiFailure);
  });
});

describe('presets and mapping', () => {
  test('Google, Outlook and generic files are told apart', () => {
    const headersOf = (name: string) => readCsv(decodeText(fixture(name)).text).headers;
    expect(detectPreset(headersOf('google.csv'))).toBe('google');
    expect(detectPreset(headersOf('google-legacy.csv'))).toBe('google');
    expect(detectPreset(headersOf('outlook.csv'))).toBe('outlook');
    expect(detectPreset(headersOf('generic-fr.csv'))).toBe('generic');
  });

  test('Google columns map to numbered emails, phones and address parts with their labels', () => {
    const mapping = suggestMapping(['First Name', 'E-mail 2 - Label', 'E-mail 2 - Value', 'Phone 1 - Value', 'Address 1 - Postal Code', 'Labels', 'Photo'], 'google');
    expect(mapping.map((c) => `${c.field}:${c.group}`)).toEqual(['firstName:1', 'emailLabel:2', 'email:2', 'phone:1', 'postalCode:1', 'tags:1', 'ignore:1']);
  });

  test('generic headers are read in several languages', () => {
    const mapping = suggestMapping(['Prénom', 'Nachname', 'Correo electrónico', 'Téléphone', 'Handy', 'PLZ', 'Étiquettes', 'Mystery'], 'generic');
    expect(mapping.map((c) => c.field)).toEqual(['firstName', 'lastName', 'email', 'phone', 'phone', 'postalCode', 'tags', 'ignore']);
    expect(mapping[4]).toEqual({ field: 'phone', group: 2, label: 'mobile' });
    expect(headerKey(' E-mail 1 - Value ')).toBe('e mail 1 value');
  });
});

describe('birthdays', () => {
  test.each([
    ['1985-03-12', { year: 1985, month: 3, day: 12 }],
    ['19850312', { year: 1985, month: 3, day: 12 }],
    ['--03-12', { year: null, month: 3, day: 12 }],
    ['--0312', { year: null, month: 3, day: 12 }],
    ['12.03.1985', { year: 1985, month: 3, day: 12 }],
    ['12/3/1985', { year: 1985, month: 3, day: 12 }],
    ['23/4/1990', { year: 1990, month: 4, day: 23 }],
    ['12/05', { year: null, month: 5, day: 12 }],
    ['1604-08-09', { year: null, month: 8, day: 9 }],
    ['--02-29', { year: null, month: 2, day: 29 }],
    ['0/0/00', null],
    ['', null],
  ])('%s', (text, expected) => {
    expect(parseBirthday(text, 2026)).toEqual(expected);
  });

  test('month first when told (Outlook), unless the numbers say otherwise', () => {
    expect(parseBirthday('4/23/1990', 2026, false)).toEqual({ year: 1990, month: 4, day: 23 });
    expect(parseBirthday('3/12/1985', 2026, false)).toEqual({ year: 1985, month: 3, day: 12 });
    expect(parseBirthday('23/4/1990', 2026, false)).toEqual({ year: 1990, month: 4, day: 23 });
    expect(slashDayFirst(['', '4/23/1990'], 'generic')).toBe(false);
    expect(slashDayFirst(['23/4/1990'], 'outlook')).toBe(true);
    expect(slashDayFirst(['1/2/1990'], 'outlook')).toBe(false);
    expect(slashDayFirst(['1/2/1990'], 'generic')).toBe(true);
  });

  test.each(['1985-02-30', 'soon', '13/13/2000', '2001-02-29'])('%s is not a date', (text) => {
    expect(parseBirthday(text, 2026)).toBeUndefined();
  });
});

describe('rows to contacts', () => {
  const headers = ['First', 'Last', 'Company', 'Email', 'Email label', 'Tags', 'Birthday'];
  const mapping: ColumnMapping[] = [
    { field: 'firstName', group: 1, label: '' },
    { field: 'lastName', group: 1, label: '' },
    { field: 'company', group: 1, label: '' },
    { field: 'email', group: 1, label: '' },
    { field: 'emailLabel', group: 1, label: '' },
    { field: 'tags', group: 1, label: '' },
    { field: 'birthday', group: 1, label: '' },
  ];
  test('a person with a company, several emails in one Google cell and Google labels', () => {
    const out = rowToContact({ line: 7, cells: ['Ana', 'López', 'Lumen', 'a@x.example ::: b@x.example', '* Work', '* myContacts ::: Clients', '--03-12'] }, mapping, { headers, thisYear: 2026, dayFirst: true });
    expect(out).toEqual({
      line: 7,
      company: 'Lumen',
      uid: null,
      fields: expect.objectContaining({
        kind: 'person',
        name: 'Ana López',
        emails: [
          { label: 'work', value: 'a@x.example' },
          { label: 'work', value: 'b@x.example' },
        ],
        tags: ['Clients'],
        birthday: { year: null, month: 3, day: 12 },
      }),
    });
  });

  test('a row with only a company is the business; one with nothing is skipped with its line', () => {
    const biz = rowToContact({ line: 3, cells: ['', '', 'Lumen', '', '', '', ''] }, mapping, { headers, thisYear: 2026, dayFirst: true });
    expect(biz).toMatchObject({ fields: { kind: 'business', name: 'Lumen' }, company: '' });
    expect(rowToContact({ line: 4, cells: ['', '', '', '', '', '', ''] }, mapping, { headers, thisYear: 2026, dayFirst: true })).toEqual({ line: 4, name: '', reason: 'No name, company or email in this row' });
    expect(rowToContact({ line: 5, cells: ['A', '', '', '', '', '', 'soon'] }, mapping, { headers, thisYear: 2026, dayFirst: true })).toMatchObject({ line: 5, reason: expect.stringMatching(/Birthday "soon"/) });
  });

  test('a row with more cells than the header is skipped (its values would land in the wrong fields)', () => {
    expect(rowToContact({ line: 9, cells: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'extra'] }, mapping, { headers, thisYear: 2026, dayFirst: true })).toMatchObject({ line: 9, reason: expect.stringMatching(/8 cells where the header has 7/) });
  });

  test('tags split on Google, comma and semicolon lists', () => {
    expect(splitTags('* myContacts ::: Friends ::: * starred')).toEqual(['Friends', 'starred']);
    expect(splitTags('Clients;VIP')).toEqual(['Clients', 'VIP']);
    expect(splitTags('a, b')).toEqual(['a', 'b']);
  });
});

describe('merging', () => {
  const base = contactFieldsSchema.parse({ name: 'Ana', jobTitle: 'Owner', emails: [{ value: 'ana@x.example' }], tags: ['A'] });
  const extra = contactFieldsSchema.parse({
    name: 'Ana L',
    jobTitle: 'Intern',
    notes: 'new note',
    emails: [{ value: 'ANA@x.example' }, { value: 'other@x.example' }],
    phones: [{ value: '+1 555 0100' }],
    tags: ['a', 'B'],
  });
  test('merge fills empty fields, adds new emails, phones and tags, never overwrites', () => {
    const m = mergeFields(base, extra);
    expect(m.name).toBe('Ana');
    expect(m.jobTitle).toBe('Owner');
    expect(m.notes).toBe('new note');
    expect(m.emails.map((e) => e.value)).toEqual(['ana@x.example', 'other@x.example']);
    expect(m.phones).toHaveLength(1);
    expect(m.tags).toEqual(['A', 'B']);
  });
  test('an update from a card takes its values, keeps what it lacks and the stage', () => {
    const u = updateFromCard({ ...base, stage: 'customer', notes: 'kept' }, { ...extra, notes: '' });
    expect(u).toMatchObject({ name: 'Ana L', jobTitle: 'Intern', notes: 'kept', stage: 'customer', tags: ['A', 'B'] });
    expect(u.emails).toHaveLength(2);
  });
});

describe('reading vCards', () => {
  test('properties: groups, bare 2.1 types, quoted parameter values with ":" and ";"', () => {
    const p = parseProperty('item1.TEL;HOME;VOICE;X-NOTE="a:b;c":+1 555', 4);
    expect(p?.group).toBe('item1');
    expect(p?.name).toBe('TEL');
    expect(p?.params.get('TYPE')).toEqual(['HOME', 'VOICE']);
    expect(p?.params.get('X-NOTE')).toEqual(['a:b;c']);
    expect(p?.raw).toBe('+1 555');
    expect(parseProperty('no colon here', 1)).toBeNull();
    expect(parseProperty('TEL;TYPE="voice,cell":x', 1)?.params.get('TYPE')).toEqual(['voice', 'cell']);
  });

  test('escapes and structured values', () => {
    expect(splitEscaped('a\\;b;c', ';')).toEqual(['a\\;b', 'c']);
    expect(unescapeText('one\\ntwo\\, three\\; four\\\\')).toBe('one\ntwo, three; four\\');
  });

  test('folded lines and quoted-printable soft breaks are joined; charsets decoded per property', () => {
    const file = readVcards(fixture('vcard-21.vcf'));
    expect(file.cards).toHaveLength(2);
    const first = cardToContact(file.cards[0]!, file.charset);
    expect(first).toMatchObject({
      line: 1,
      company: 'Bäckerei Müller',
      fields: {
        name: 'Jürgen Müller',
        jobTitle: 'Meister',
        birthday: { year: null, month: 4, day: 15 },
        tags: ['Kunden', 'Lieferanten'],
        phones: [
          { label: 'home', value: '+49 30 1234567' },
          { label: 'mobile', value: '+49 170 7654321' },
        ],
        emails: [{ label: 'work', value: 'juergen@mueller.example' }],
        addresses: [{ label: 'work', street: 'Straße des 17. Juni 1', city: 'Berlin', postalCode: '10623', country: 'Deutschland' }],
        notes: 'Erste Zeile\r\nzweite Zeile mit ä und eine sehr lange Zeile, die weich umbrochen wird.',
      },
    });
    // The second card starts after the photo's many folded lines.
    expect(file.cards[1]?.line).toBeGreaterThan(100);
  });

  test('a truncated card is reported by its line; a file without cards is refused', () => {
    const file = readVcards(Buffer.from('BEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN:B\n'));
    expect(file.cards.map((c) => [c.line, c.error ?? null])).toEqual([
      [1, null],
      [4, expect.stringMatching(/line 4 never ends/)],
    ]);
    expect(() => readVcards(Buffer.from('hello'))).toThrow(/No vCard/);
    expect(() => readVcards(Buffer.from([0x42, 0, 0, 1]))).toThrow(/binary data \(line 1\)/);
  });

  test('an AGENT card inside a card is left out, not taken for a new card', () => {
    const file = readVcards(Buffer.from('BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Boss\r\nAGENT:\r\nBEGIN:VCARD\r\nFN:Assistant\r\nEND:VCARD\r\nTEL:123456\r\nEND:VCARD\r\n'));
    expect(file.cards).toHaveLength(1);
    expect(cardToContact(file.cards[0]!, file.charset)).toMatchObject({ fields: { name: 'Boss', phones: [{ value: '123456' }] } });
  });
});
