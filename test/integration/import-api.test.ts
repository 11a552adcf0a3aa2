import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import type { ColumnMappingInput, Contact, ContactFieldsInput, CsvImportInput, DuplicatePolicy, ImportReport } from '../../shared/contract/index';
import { openTestBook, snapshotTables, type TestBook } from '../helpers/book';

let t: TestBook;
beforeEach(() => {
  t = openTestBook();
});

const fixture = (name: string) => ({ name, base64: fs.readFileSync(path.join(import.meta.dirname, '../fixtures/import', name)).toString('base64') });
const textFile = (text: string, name = 'test.csv') => ({ name, base64: Buffer.from(text, 'utf8').toString('base64') });

/** Previews a file and imports it with the suggested mapping. */
async function importCsv(file: { name: string; base64: string }, duplicates: DuplicatePolicy = 'skip', extra: Partial<CsvImportInput> = {}) {
  const preview = await t.ok('csv.preview', { file });
  const report = await t.ok('csv.import', { file, mapping: preview.mapping, duplicates, ...extra });
  return { preview, report };
}

async function byName(name: string): Promise<Contact> {
  const page = await t.ok('contacts.list', { query: name, limit: 50 });
  const row = page.rows.find((r) => r.name === name);
  if (!row) throw new Error(`${name} not found among ${page.rows.map((r) => r.name).join(', ')}`);
  return t.ok('contacts.get', { id: row.id });
}

async function create(fields: ContactFieldsInput) {
  return t.ok('contacts.create', fields);
}

const counts = (r: ImportReport) => ({ rows: r.rows, added: r.added, merged: r.merged, updated: r.updated, skipped: r.skipped, businessesAdded: r.businessesAdded });
const total = async () => (await t.ok('contacts.list', { limit: 1 })).total;

async function expectRefused(method: string, input: unknown, field: string, message: RegExp) {
  const before = snapshotTables(t.db);
  const error = await t.fails(method, input);
  expect(error.code).toBe('invalid_input');
  expect(error.field).toBe(field);
  expect(error.message).toMatch(message);
  expect(snapshotTables(t.db)).toEqual(before);
  expect(t.logs).toEqual([]);
}

describe('CSV: the exports of common tools', () => {
  test('Google Contacts: preset, labels, several values per cell, yearless birthday, the business row linked', async () => {
    const { preview, report } = await importCsv(fixture('google.csv'));
    expect(preview).toMatchObject({ encoding: 'utf-8', bom: false, delimiter: ',', preset: 'google', totalRows: 4 });
    expect(preview.rows.map((r) => r.line)).toEqual([2, 5, 6, 7]);
    expect(counts(report)).toEqual({ rows: 4, added: 4, merged: 0, updated: 0, skipped: 0, businessesAdded: 0 });
    const ana = await byName('Ana López');
    expect(ana).toMatchObject({
      kind: 'person',
      jobTitle: 'Art director',
      businessName: 'Lumen Studio',
      birthday: { year: 1985, month: 3, day: 12 },
      notes: 'Met at the fair.\nLikes tea.',
      emails: [
        { label: 'work', value: 'ana@lumen.example' },
        { label: 'home', value: 'ana.lopez@mail.example' },
      ],
      phones: [{ label: 'mobile', value: '+34 612 345 678' }],
      addresses: [{ label: 'work', street: 'Calle Mayor 1', city: 'Madrid', region: '', postalCode: '28013', country: 'Spain' }],
      tags: ['Clients'],
    });
    const bruno = await byName('Bruno Keller');
    expect(bruno.birthday).toEqual({ year: null, month: 7, day: 4 });
    expect(bruno.emails.map((e) => e.value)).toEqual(['bruno@keller.example', 'b.keller@work.example']);
    expect(bruno.phones.map((p) => p.value)).toEqual(['+41 79 555 01 02', '+41 44 555 01 03']);
    const lumen = await byName('Lumen Studio');
    expect(lumen.kind).toBe('business');
    expect(lumen.members.map((m) => m.name)).toEqual(['Ana López']);
    expect((await byName('Chloé Martin')).tags).toEqual(['starred']);
    expect(t.events.filter((e) => e.name === 'progress').length).toBeGreaterThan(0);
    expect(t.events.filter((e) => e.name === 'progress').every((e) => (e.payload as { task: string }).task === 'import')).toBe(true);
  });

  test('Google legacy export: Given/Family Name, Group Membership, a company created as a business', async () => {
    const { preview, report } = await importCsv(fixture('google-legacy.csv'));
    expect(preview.preset).toBe('google');
    expect(counts(report)).toMatchObject({ added: 1, businessesAdded: 1 });
    expect(await byName('Dora Weiss')).toMatchObject({ businessName: 'Weiss & Co', jobTitle: 'Owner', tags: ['Friends'], birthday: { year: 1979, month: 11, day: 30 } });
  });

  test('Outlook in Windows-1252: accents decoded, month-first birthday, the empty 0/0/00, categories', async () => {
    const { preview, report } = await importCsv(fixture('outlook.csv'));
    expect(preview).toMatchObject({ encoding: 'windows-1252', preset: 'outlook', totalRows: 2 });
    expect(counts(report)).toEqual({ rows: 2, added: 2, merged: 0, updated: 0, skipped: 0, businessesAdded: 1 });
    expect(await byName('Hélène Dupré')).toMatchObject({
      businessName: 'Café Crème',
      jobTitle: 'Gérante',
      notes: 'Cliente fidèle',
      birthday: { year: 1990, month: 4, day: 23 },
      tags: ['Clients', 'VIP'],
      phones: [
        { label: 'mobile', value: '06 12 34 56 78' },
        { label: 'home', value: '01 45 67 89 10' },
      ],
      addresses: [{ label: 'home', street: '12 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'France' }],
    });
    expect((await byName('Jürgen Groß')).birthday).toBeNull();
  });

  test('generic French headers, semicolons and a UTF-8 BOM; the day comes first', async () => {
    const { preview, report } = await importCsv(fixture('generic-fr.csv'));
    expect(preview).toMatchObject({ encoding: 'utf-8', bom: true, delimiter: ';', preset: 'generic' });
    expect(preview.headers[0]).toBe('Nom');
    expect(counts(report)).toMatchObject({ added: 2, skipped: 0 });
    expect(await byName('Émile Rousseau')).toMatchObject({
      businessName: 'Éditions Lumière',
      jobTitle: 'Libraire',
      source: 'Salon du livre',
      birthday: { year: null, month: 5, day: 12 },
      tags: ['clients', 'livres'],
      notes: 'Aime les romans; rappeler en juin',
    });
  });

  test('generic German headers, tab-delimited', async () => {
    const { preview, report } = await importCsv(fixture('generic-de.tsv'));
    expect(preview).toMatchObject({ delimiter: '\t', preset: 'generic' });
    expect(counts(report)).toMatchObject({ added: 1, businessesAdded: 1 });
    expect(await byName('Jens Müller')).toMatchObject({
      birthday: { year: 1970, month: 2, day: 1 },
      phones: [{ label: 'mobile', value: '+49 160 9876543' }],
      addresses: [{ street: 'Hauptstraße 5', city: 'Berlin', postalCode: '10115', country: 'Deutschland' }],
    });
  });

  test('a chosen delimiter and encoding override the guess', async () => {
    const file = fixture('outlook.csv');
    const preview = await t.ok('csv.preview', { file, encoding: 'utf-8' });
    expect(preview.encoding).toBe('utf-8');
    expect(preview.rows[0]?.cells[0]).toBe('H\uFFFDl\uFFFDne');
    const semi = await t.ok('csv.preview', { file: textFile('a,b;c\n1,2;3\n'), delimiter: ';' });
    expect(semi.headers).toEqual(['a,b', 'c']);
  });
});

describe('CSV: rows left out', () => {
  test('a bad row is skipped and reported by its physical line; the others are imported', async () => {
    const { report } = await importCsv(fixture('bad-row.csv'));
    expect(counts(report)).toEqual({ rows: 4, added: 3, merged: 0, updated: 0, skipped: 1, businessesAdded: 0 });
    expect(report.skips).toEqual([{ line: 5, name: 'Bad Email', reason: 'Email "not-an-email": Enter an email address like ana@example.com' }]);
    expect(await total()).toBe(3);
  });

  test('every kind of bad row, each with its line and reason', async () => {
    const text = [
      'Name,Email,Phone,Birthday,Notes',
      'Fine,fine@example.com,,,',
      ',,,,',
      ',,,,orphan note',
      'Long,,,,' + 'x'.repeat(20_001),
      'Phone,,call me,,',
      'Date,,,31/02/2000,',
      'Extra,,,,,surplus',
      'Quote,,,,"never closed',
      'more',
    ].join('\n');
    const { report } = await importCsv(textFile(text));
    expect(report.added).toBe(1);
    expect(report.skips.map((s) => [s.line, s.reason.slice(0, 30)])).toEqual([
      [4, 'No name, company or email in t'],
      [5, 'Notes: Notes hold at most 20,0'],
      [6, 'Phone "call me": Use digits, s'],
      [7, 'Birthday "31/02/2000" is not a'],
      [8, 'This row has 6 cells where the'],
      [9, 'A quoted field opened on this '],
    ]);
  });

  test('refused calls leave the book as it was', async () => {
    await create({ name: 'Already here' });
    const file = fixture('bad-row.csv');
    await expectRefused('csv.import', { file, mapping: [{ field: 'name' }], duplicates: 'skip' }, 'mapping', /1 columns but the file has 4/);
    await expectRefused('csv.import', { file, mapping: [{ field: 'notes' }, { field: 'ignore' }, { field: 'ignore' }, { field: 'ignore' }] }, 'mapping', /at least one column/);
    await expectRefused('csv.preview', { file: { name: 'x.png', base64: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString('base64') } }, 'file', /binary data \(line 3\)/);
    await expectRefused('csv.preview', { file: { name: 'e.csv', base64: '' } }, 'file', /empty/);
    await expectRefused('csv.import', { file: textFile('\n\n\n'), mapping: [{ field: 'name' }] }, 'file', /no rows/);
    await expectRefused('csv.import', { file, mapping: [{ field: 'name', group: 99 }] }, 'mapping.0.group', /At most 20/);
  });
});

describe('CSV: duplicates by email or phone', () => {
  const row = 'Name,Email,Phone,Job title,Notes,Tags\n';

  test('skip: a row matching the book or an earlier row is reported', async () => {
    await create({ name: 'Ana Existing', emails: [{ value: 'Ana@Example.com' }] });
    const text = row + 'Ana,ana@example.com,,,,\nBen,,+1 (555) 010-2030,,,\nBenjamin,,15550102030,,,\n';
    const { report } = await importCsv(textFile(text), 'skip');
    expect(counts(report)).toMatchObject({ added: 1, skipped: 2 });
    expect(report.skips).toEqual([
      { line: 2, name: 'Ana', reason: 'Same email (ana@example.com) as Ana Existing, already in the book' },
      { line: 4, name: 'Benjamin', reason: 'Same phone (15550102030) as line 3' },
    ]);
  });

  test('internationalized email addresses are imported, and found again whatever their case', async () => {
    const text = row + 'Jürgen Müller,jürgen@müller.de,,,,\nJ. Müller,JÜRGEN@MÜLLER.DE,,,,\nLi Wei,用户@例子.广告,,,,\n';
    const { report } = await importCsv(textFile(text), 'skip');
    expect(counts(report)).toMatchObject({ added: 2, skipped: 1 });
    expect(report.skips).toEqual([{ line: 3, name: 'J. Müller', reason: 'Same email (JÜRGEN@MÜLLER.DE) as line 2' }]);
    expect((await byName('Li Wei')).emails.map((e) => e.value)).toEqual(['用户@例子.广告']);
    expect((await t.ok('contacts.list', { query: 'müller' })).rows.map((r) => r.name)).toEqual(['Jürgen Müller']);
  });

  test('merge fills empty fields and adds emails, phones and tags; it never overwrites a filled field', async () => {
    const existing = await create({ name: 'Ana Existing', jobTitle: 'Founder', emails: [{ value: 'ana@example.com' }], tags: ['Old'], stage: 'customer' });
    const text = row + 'Ana New Name,ana@example.com,+1 555 0100,Intern,A note,New;old\nAna Again,second@example.com,+1 555 0100,,Other note,Third\n';
    const { report } = await importCsv(textFile(text), 'merge');
    expect(counts(report)).toMatchObject({ added: 0, merged: 2, skipped: 0 });
    const after = await t.ok('contacts.get', { id: existing.id });
    expect(after).toMatchObject({
      name: 'Ana Existing',
      jobTitle: 'Founder',
      stage: 'customer',
      notes: 'A note',
      emails: [
        { label: 'home', value: 'ana@example.com' },
        { label: 'home', value: 'second@example.com' },
      ],
      phones: [{ label: 'mobile', value: '+1 555 0100' }],
      tags: ['New', 'Old', 'Third'],
    });
    expect(await total()).toBe(1);
  });

  test('merge within the file: the second row adds to the first', async () => {
    const text = row + 'Ana,ana@example.com,,,,\nAna L,ANA@example.com,+1 555 0100,Owner,,\n';
    const { report } = await importCsv(textFile(text), 'merge');
    expect(counts(report)).toMatchObject({ added: 1, merged: 1 });
    expect(await byName('Ana')).toMatchObject({ jobTitle: 'Owner', phones: [{ value: '+1 555 0100' }], emails: [{ value: 'ana@example.com' }] });
  });

  test('add: duplicates are added anyway', async () => {
    await create({ name: 'Ana Existing', emails: [{ value: 'ana@example.com' }] });
    const { report } = await importCsv(textFile(row + 'Ana,ana@example.com,,,,\nAna,ana@example.com,,,,\n'), 'add');
    expect(counts(report)).toMatchObject({ added: 2, merged: 0, skipped: 0 });
    expect(await total()).toBe(3);
  });

  test('a contact in the trash is not a duplicate', async () => {
    const gone = await create({ name: 'Gone', emails: [{ value: 'ana@example.com' }] });
    await t.ok('contacts.delete', { id: gone.id });
    const { report } = await importCsv(textFile(row + 'Ana,ana@example.com,,,,\n'), 'skip');
    expect(report.added).toBe(1);
  });
});

describe('CSV: a large file', () => {
  test('1,500 rows: one transaction, the search index written for all, figures for all', async () => {
    const lines = ['First name,Last name,Email,Company'];
    for (let i = 0; i < 1500; i++) lines.push(`Person${i},Zed${i},p${i}@example.com,Company ${i % 10}`);
    const { report } = await importCsv(textFile(lines.join('\n')));
    expect(counts(report)).toMatchObject({ added: 1500, businessesAdded: 10 });
    expect(await total()).toBe(1510);
    expect((await t.ok('contacts.list', { query: 'zed1499', limit: 5 })).rows.map((r) => r.name)).toEqual(['Person1499 Zed1499']);
    expect((await t.ok('contacts.list', { query: 'company 7', limit: 500 })).total).toBe(151);
    const figures = t.db.prepare('SELECT count(*) AS n FROM contact_figures').get() as { n: number };
    expect(figures.n).toBe(1510);
  });

  test('rows are written in batches: a merged contact can join a business the same import creates, and every email, phone and tag lands', async () => {
    const ana = await create({ name: 'Ana Lima', emails: [{ value: 'ana@example.com' }] });
    const lines = ['First name,Last name,Email,Phone,Company,Tags'];
    lines.push('Someone,Else,someone@example.com,,Old Co,');
    // This row merges into Ana and names a business this import creates: still pending in its batch.
    lines.push('Ana,Lima,ana@example.com,,New Co,batch');
    for (let i = 0; i < 70; i++) lines.push(`Person${i},Batch,p${i}@example.com,+33 6 12 34 ${String(i).padStart(2, '0')} 00,New Co,batch;t${i % 3}`);
    const { report } = await importCsv(textFile(lines.join('\n')), 'merge');
    expect(counts(report)).toMatchObject({ added: 71, merged: 1, businessesAdded: 2 });
    expect(await t.ok('contacts.get', { id: ana.id })).toMatchObject({ businessName: 'New Co', tags: ['batch'] });
    const last = await byName('Person69 Batch');
    expect(last).toMatchObject({ businessName: 'New Co', emails: [{ value: 'p69@example.com' }], phones: [{ value: '+33 6 12 34 69 00' }] });
    expect(last.tags.sort()).toEqual(['batch', 't0']);
    expect(t.db.prepare('SELECT count(*) AS n FROM contact_emails').get()).toEqual({ n: 72 });
    expect(t.db.prepare('SELECT count(*) AS n FROM contact_phones').get()).toEqual({ n: 70 });
    expect(t.db.pragma('foreign_key_check')).toEqual([]);
  });

  test('20,500 rows into a small book: the indexes set aside during the import come back exactly', async () => {
    await create({ name: 'Before', emails: [{ value: 'before@example.com' }] });
    const schema = () => t.db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name").all();
    const before = schema();
    const lines = ['Name,Email,Phone,Tags'];
    for (let i = 0; i < 20_500; i++) lines.push(`Person ${i},p${i}@example.com,+1 555 ${100000 + i},T${i % 7}`);
    lines.push('Dup,before@example.com,,');
    const { report } = await importCsv(textFile(lines.join('\n')));
    expect(counts(report)).toMatchObject({ added: 20_500, skipped: 1 });
    expect(schema()).toEqual(before);
    expect(t.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((await t.ok('contacts.list', { query: 'p20499', limit: 5 })).rows.map((r) => r.name)).toEqual(['Person 20499']);
    expect((await t.ok('contacts.list', { tag: 'T3', limit: 1 })).total).toBe(2929);
    const plan = t.db.prepare("EXPLAIN QUERY PLAN SELECT contact_id FROM contact_emails WHERE value_key = 'p5@example.com'").all();
    expect(JSON.stringify(plan)).toMatch(/contact_emails_by_value/);
  });
});

describe('vCard', () => {
  test('2.1: quoted-printable with soft breaks, ISO-8859-1 and UTF-8 charsets, bare types, a photo skipped', async () => {
    const report = await t.ok('vcard.import', { file: fixture('vcard-21.vcf') });
    expect(counts(report)).toEqual({ rows: 2, added: 2, merged: 0, updated: 0, skipped: 0, businessesAdded: 1 });
    expect(await byName('Jürgen Müller')).toMatchObject({
      businessName: 'Bäckerei Müller',
      jobTitle: 'Meister',
      birthday: { year: null, month: 4, day: 15 },
      phones: [
        { label: 'home', value: '+49 30 1234567' },
        { label: 'mobile', value: '+49 170 7654321' },
      ],
      emails: [{ label: 'work', value: 'juergen@mueller.example' }],
      addresses: [{ label: 'work', street: 'Straße des 17. Juni 1', city: 'Berlin', postalCode: '10623', country: 'Deutschland' }],
      tags: ['Kunden', 'Lieferanten'],
    });
    expect((await byName('Jane Smith')).birthday).toEqual({ year: 1980, month: 2, day: 29 });
  });

  test('3.0 (Apple): folded lines, escapes, X-ABLabel, yearless birthday, ORG as a business, photo skipped', async () => {
    const report = await t.ok('vcard.import', { file: fixture('vcard-30.vcf') });
    expect(counts(report)).toMatchObject({ added: 1, businessesAdded: 1, skipped: 0 });
    expect(await byName("Dr. Siobhán O'Neil")).toMatchObject({
      businessName: 'Harbour Clinic',
      jobTitle: 'Consultant',
      birthday: { year: null, month: 8, day: 9 },
      notes: 'Referred by a colleague, met in 2023; very kind. This note is long enough that it is folded across lines by the writer.',
      emails: [
        { label: 'work', value: 'siobhan@harbour.example' },
        { label: 'home', value: 'siobhan.oneil@mail.example' },
      ],
      phones: [
        { label: 'mobile', value: '+353 1 555 0100' },
        { label: 'work', value: '+353 1 555 0111' },
      ],
      addresses: [{ label: 'work', street: '1 Quay Street, Unit 4', city: 'Galway', postalCode: 'H91', country: 'Ireland' }],
      tags: ['Doctors', 'Galway'],
    });
  });

  test('4.0: tel: URIs, quoted TYPE lists, --MMDD, KIND:org, UTF-8 notes', async () => {
    const report = await t.ok('vcard.import', { file: fixture('vcard-40.vcf') });
    expect(counts(report)).toEqual({ rows: 2, added: 2, merged: 0, updated: 0, skipped: 0, businessesAdded: 0 });
    expect(await byName('Kenji Tanaka')).toMatchObject({
      businessName: 'Tanaka Design',
      birthday: { year: null, month: 3, day: 12 },
      notes: '日本語のメモ',
      phones: [
        { label: 'mobile', value: '+81-90-1234-5678' },
        { label: 'work', value: '+81-3-5555-0100 ext 12' },
      ],
      addresses: [{ label: 'home', street: '1-2-3 Shibuya', city: 'Tokyo', region: 'Tokyo', postalCode: '150-0002', country: 'Japan' }],
    });
    expect((await byName('Tanaka Design')).kind).toBe('business');
  });

  test('importing the same file twice updates by UID instead of duplicating; what the owner set is kept', async () => {
    await t.ok('vcard.import', { file: fixture('vcard-40.vcf') });
    const kenji = await byName('Kenji Tanaka');
    await t.ok('contacts.update', { id: kenji.id, stage: 'customer', tags: ['Mine'], cadenceDays: 30, notes: 'My own note' });
    const before = await total();
    const again = await t.ok('vcard.import', { file: fixture('vcard-40.vcf'), duplicates: 'add' });
    expect(counts(again)).toEqual({ rows: 2, added: 0, merged: 0, updated: 2, skipped: 0, businessesAdded: 0 });
    expect(await total()).toBe(before);
    expect(await t.ok('contacts.get', { id: kenji.id })).toMatchObject({
      stage: 'customer',
      cadenceDays: 30,
      tags: ['Mine'],
      notes: '日本語のメモ',
      businessName: 'Tanaka Design',
    });
    const uids = t.db.prepare('SELECT uid FROM contacts WHERE uid IS NOT NULL ORDER BY uid').pluck().all();
    expect(uids).toEqual(['urn:uuid:0d1c7a4e-business', 'urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1']);
  });

  test('a card whose contact is in the trash is reported, not duplicated', async () => {
    await t.ok('vcard.import', { file: fixture('vcard-40.vcf') });
    const kenji = await byName('Kenji Tanaka');
    await t.ok('contacts.delete', { id: kenji.id });
    const report = await t.ok('vcard.import', { file: fixture('vcard-40.vcf') });
    expect(report.skips).toEqual([{ line: 1, name: 'Kenji Tanaka', reason: 'This card is Kenji Tanaka, who is in the trash: restore them first, then import again' }]);
  });

  test('a card merged by email takes on its UID, so the next import updates it', async () => {
    const ana = await create({ name: 'Kenji T', emails: [{ value: 'kenji@tanaka.example' }] });
    const first = await t.ok('vcard.import', { file: fixture('vcard-40.vcf'), duplicates: 'merge' });
    expect(counts(first)).toMatchObject({ merged: 1, added: 1 });
    const second = await t.ok('vcard.import', { file: fixture('vcard-40.vcf'), duplicates: 'merge' });
    expect(counts(second)).toMatchObject({ updated: 2, added: 0 });
    expect((await t.ok('contacts.get', { id: ana.id })).name).toBe('Kenji Tanaka');
  });

  test('broken cards are reported by line; a file with no card is refused', async () => {
    const text = 'BEGIN:VCARD\nVERSION:3.0\nFN:Good\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nEMAIL:broken\nFN:Bad\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nNOTE:no name\nEND:VCARD\nBEGIN:VCARD\nFN:Cut\n';
    const report = await t.ok('vcard.import', { file: textFile(text, 'x.vcf') });
    expect(report.added).toBe(1);
    expect(report.skips.map((s) => [s.line, s.reason])).toEqual([
      [5, 'Email "broken": Enter an email address like ana@example.com'],
      [10, 'This card has no name (no FN, N, ORG or EMAIL)'],
      [14, 'The card that starts on line 14 never ends (no END:VCARD): the file may be cut short'],
    ]);
    await expectRefused('vcard.import', { file: textFile('Name,Email\nA,b\n', 'x.csv') }, 'file', /No vCard/);
  });
});

describe('a NUL or half a character in a file is reported, never stored altered', () => {
  /** UTF-16 (little-endian, with its BOM) from code units, so a lone surrogate can be written. */
  const utf16 = (text: string, name: string) => {
    const bytes = Buffer.alloc(2 + text.length * 2);
    bytes.writeUInt16LE(0xfeff, 0);
    for (let i = 0; i < text.length; i++) bytes.writeUInt16LE(text.charCodeAt(i), 2 + i * 2);
    return { name, base64: bytes.toString('base64') };
  };

  test('CSV in UTF-16: the row with half an emoji is skipped with its field, the others imported', async () => {
    const { report } = await importCsv(utf16('Name,Notes\nAna,Likes tea\nZoé \uD83D,x\nBen,ok \uDE00 then\nCléo,😀\n', 'excel.csv'));
    expect(counts(report)).toEqual({ rows: 4, added: 2, merged: 0, updated: 0, skipped: 2, businessesAdded: 0 });
    expect(report.skips.map((s) => [s.line, s.reason])).toEqual([
      [3, 'Name "Zoé \uD83D": This text holds half of a character (a broken emoji or symbol): type it again'],
      [4, 'Notes: This text holds half of a character (a broken emoji or symbol): type it again'],
    ]);
    expect((await byName('Cléo')).name).toBe('Cléo');
    expect(t.db.prepare("SELECT count(*) FROM contacts WHERE name LIKE '%' || char(65533) || '%' OR notes LIKE '%' || char(65533) || '%'").pluck().get()).toBe(0);
  });

  test('CSV: a NUL refuses the file by its line, as binary (nothing is imported)', async () => {
    await expectRefused('csv.import', { file: textFile('Name\nAna\nB\u0000b\n'), mapping: [{ field: 'name' }] }, 'file', /binary data \(line 3\)/);
  });

  test('vCard: a NUL spelled in quoted-printable skips its card by field; half a character in UTF-16 refuses the file by its line', async () => {
    const qp = 'BEGIN:VCARD\nVERSION:2.1\nFN:Good\nEND:VCARD\nBEGIN:VCARD\nVERSION:2.1\nFN:Nul\nNOTE;ENCODING=QUOTED-PRINTABLE:a=00b\nEND:VCARD\n';
    const report = await t.ok('vcard.import', { file: textFile(qp, 'x.vcf') });
    expect(report.added).toBe(1);
    expect(report.skips).toEqual([{ line: 5, name: 'Nul', reason: 'Notes: This text holds a NUL character (invisible, usually pasted from another program): remove it' }]);
    const lone = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Good\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoé \uD83D\r\nEND:VCARD\r\n';
    await expectRefused('vcard.import', { file: utf16(lone, 'x.vcf') }, 'file', /half of a character on line 7 /);
  });
});

describe('mapping input', () => {
  test('a mapping entry defaults its group and label', async () => {
    const mapping: ColumnMappingInput[] = [{ field: 'name' }, { field: 'email' }, { field: 'phone', label: 'work' }, { field: 'ignore' }];
    const { report } = await importCsv(fixture('bad-row.csv'), 'skip', { mapping });
    expect(report.added).toBe(3);
    expect((await byName('Good One')).phones).toEqual([{ label: 'work', value: '+1 555 0100' }]);
  });
});
