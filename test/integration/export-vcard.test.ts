import ICAL from 'ical.js';
import { beforeEach, describe, expect, test } from 'vitest';
import { derivedUid } from '../../electron/db/export-contacts';
import { openTestBook, snapshotTables, type TestBook } from '../helpers/book';

let t: TestBook;
beforeEach(() => {
  t = openTestBook();
});

/** Reads a .vcf with ical.js, an independent parser: one component per vCard. */
function cards(text: string): ICAL.Component[] {
  const parsed = ICAL.parse(text) as unknown[];
  // One vCard parses to one jCard; several to a list of them.
  const list = typeof parsed[0] === 'string' ? [parsed] : parsed;
  return list.map((jcard) => new ICAL.Component(jcard as unknown[]));
}

const value = (card: ICAL.Component, name: string) => card.getFirstPropertyValue(name);

describe('export.vcard', () => {
  test('one contact: every field written, and read back by ical.js', async () => {
    const acme = (await t.ok('contacts.create', { kind: 'business', name: 'Acme, Inc; "Coffee"' })).id;
    const ana = await t.ok('contacts.create', {
      name: 'Zoë Ana Lima',
      businessId: acme,
      jobTitle: 'Head of buying, EMEA',
      birthday: { year: null, month: 2, day: 29 },
      tags: ['vip', 'café, bar', 'a;b'],
      notes: 'Line one\nLine two with \\ backslash; and, commas\nمرحبا 👋 ' + 'long '.repeat(40),
      emails: [
        { label: 'work', value: 'zoe@acme.example' },
        { label: 'home', value: 'zoe@home.example' },
        { label: 'other', value: 'zoe@other.example' },
      ],
      phones: [
        { label: 'mobile', value: '+33 6 12 34 56 78' },
        { label: 'work', value: '01 23 45 67 89 ext 12' },
      ],
      addresses: [{ label: 'home', street: '1 rue de la Paix\nBâtiment B', city: 'Paris', region: 'Île-de-France', postalCode: '75002', country: 'France' }],
    });
    const file = await t.ok('export.vcard', { ids: [ana.id] });
    expect(file).toMatchObject({ fileName: 'Zoë Ana Lima.vcf', count: 1 });
    expect(file.mimeType).toContain('text/vcard');
    // CRLF line ends, no line over 75 octets.
    expect(file.text.endsWith('END:VCARD\r\n')).toBe(true);
    for (const line of file.text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(file.text.replace(/\r\n/g, '')).not.toContain('\n');

    const [card] = cards(file.text);
    expect(card).toBeDefined();
    const c = card!;
    expect(value(c, 'version')).toBe('4.0');
    expect(value(c, 'fn')).toBe('Zoë Ana Lima');
    expect(value(c, 'n')).toEqual(['Lima', 'Zoë Ana', '', '', '']);
    expect(value(c, 'kind')).toBe('individual');
    expect(value(c, 'org')).toBe('Acme, Inc; "Coffee"');
    expect(value(c, 'title')).toBe('Head of buying, EMEA');
    expect(value(c, 'note')).toBe(ana.notes);
    expect(value(c, 'uid')).toBe(derivedUid(ana.id, ana.createdAt));
    // A birthday without a year is --MMDD (RFC 6350 4.3.1, reduced accuracy); ical.js shows it extended.
    expect(file.text).toContain('\r\nBDAY:--0229\r\n');
    expect(String(value(c, 'bday'))).toBe('--02-29');
    expect(String(value(c, 'rev'))).toBe('2026-11-24T09:00:00Z');
    expect(c.getFirstProperty('categories')!.getValues()).toEqual(['a;b', 'café, bar', 'vip']);

    const emails = c.getAllProperties('email');
    expect(emails.map((p) => p.getFirstValue())).toEqual(['zoe@acme.example', 'zoe@home.example', 'zoe@other.example']);
    expect(emails.map((p) => p.getParameter('type') ?? null)).toEqual(['work', 'home', null]);
    expect(emails[0]!.getParameter('pref')).toBe('1');
    const tels = c.getAllProperties('tel');
    expect(tels.map((p) => p.getFirstValue())).toEqual(['+33 6 12 34 56 78', '01 23 45 67 89 ext 12']);
    expect(tels.map((p) => [p.getParameter('type')].flat())).toEqual([['cell'], ['work', 'voice']]);
    const adr = c.getFirstProperty('adr')!;
    expect(adr.getParameter('type')).toBe('home');
    expect(adr.getFirstValue()).toEqual(['', '', '1 rue de la Paix\nBâtiment B', 'Paris', 'Île-de-France', '75002', 'France']);
  });

  test('a business, a birthday with a year, an imported UID, and the same UID on every export', async () => {
    const shop = await t.ok('contacts.create', { kind: 'business', name: 'Le Petit Café' });
    const ben = await t.ok('contacts.create', { name: 'Ben', birthday: { year: 1984, month: 7, day: 3 } });
    t.db.prepare('UPDATE contacts SET uid = ? WHERE id = ?').run('imported-uid-42, from a phone', ben.id);
    const first = await t.ok('export.vcard', {});
    const again = await t.ok('export.vcard', {});
    expect(again.text).toBe(first.text);
    expect(first).toMatchObject({ count: 2, fileName: 'contacts-2026-11-24.vcf' });
    const [b, s] = cards(first.text);
    expect(value(b!, 'fn')).toBe('Ben');
    expect(value(b!, 'n')).toEqual(['', 'Ben', '', '', '']);
    expect(value(b!, 'uid')).toBe('imported-uid-42, from a phone');
    expect(String(value(b!, 'bday'))).toBe('1984-07-03');
    expect(value(s!, 'kind')).toBe('org');
    expect(value(s!, 'org')).toBe('Le Petit Café');
    expect(s!.getFirstProperty('n')).toBeNull();
    expect(value(s!, 'uid')).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(value(s!, 'uid')).toBe(derivedUid(shop.id, shop.createdAt));
  });

  test('some, a list filter, or every live contact (the trash stays out unless named)', async () => {
    const ids: number[] = [];
    for (const [name, stage] of [
      ['Ana', 'customer'],
      ['Ben', 'lead'],
      ['Cleo', 'customer'],
      ['Dan', 'customer'],
    ] as const) {
      ids.push((await t.ok('contacts.create', { name, stage })).id);
    }
    await t.ok('contacts.delete', { id: ids[3]! });
    const names = (text: string) => cards(text).map((c) => value(c, 'fn'));
    expect(names((await t.ok('export.vcard', {})).text)).toEqual(['Ana', 'Ben', 'Cleo']);
    expect(names((await t.ok('export.vcard', { filter: { stage: 'customer', sort: 'name', direction: 'desc' } })).text)).toEqual(['Cleo', 'Ana']);
    expect(names((await t.ok('export.vcard', { ids: [ids[2]!, ids[0]!, ids[3]!] })).text)).toEqual(['Cleo', 'Ana', 'Dan']);
  });

  test('bad inputs give field-level errors and change nothing', async () => {
    const ana = (await t.ok('contacts.create', { name: 'Ana' })).id;
    const before = snapshotTables(t.db);
    for (const [input, field] of [
      [{ ids: [] }, 'ids'],
      [{ ids: [ana, 0] }, 'ids.1'],
      [{ ids: [ana, 424242] }, 'ids.1'],
      [{ ids: 'all' }, 'ids'],
      [{ filter: { stage: 'friend' } }, 'filter.stage'],
      [{ ids: [ana], filter: {} }, 'filter'],
    ] as const) {
      const error = await t.fails('export.vcard', input);
      expect(error.code).toBe('invalid_input');
      expect(error.field, JSON.stringify(input)).toBe(field);
    }
    expect(snapshotTables(t.db)).toEqual(before);
  });
});
