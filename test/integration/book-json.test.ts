import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BOOK_TABLES, DERIVED_TABLES, buildBookFromJson } from '../../electron/db/book-json';
import type { ReadableDB } from '../../electron/db/connection';
import { MIGRATIONS } from '../../electron/db/migrations/index';
import { migrate } from '../../electron/db/migrate';
import type { WritableDB } from '../../electron/db/connection';
import { makeTempDir, snapshotTables, T0 } from '../helpers/book';
import { asUpload, openHeldBook, type HeldBook } from '../helpers/data-book';

const DAY = 86_400_000;

/** The sample café, plus what a round trip must carry: trash, settings, a running timer, a referral by name. */
async function fillBook(b: HeldBook): Promise<void> {
  await b.ok('settings.update', { currency: 'EUR', locale: 'fr-FR', theme: 'dark', hourlyRate: 4200 });
  await b.ok('sample.load', { kind: 'cafe' });
  const ana = await b.ok('contacts.create', {
    name: 'Ana Lima 😀',
    emails: [{ label: 'work', value: 'ana@example.com' }],
    phones: [{ label: 'mobile', value: '+33 6 12 34 56 78' }],
    tags: ['VIP', 'שלום'],
    notes: 'e\u0301 combining, RTL \u202e text',
  });
  const gone = await b.ok('contacts.create', { name: 'Gone Soon' });
  await b.ok('interactions.create', { contactId: gone.id, channel: 'phone', occurredAt: T0 - DAY, minutes: 5 });
  await b.ok('contacts.delete', { id: gone.id });
  const i = await b.ok('interactions.create', { contactId: ana.id, channel: 'email', occurredAt: T0 - 2 * DAY });
  await b.ok('interactions.delete', { id: i.id });
  await b.ok('purchases.create', { contactId: ana.id, occurredAt: T0 - DAY, amount: 12345 });
  await b.ok('referrals.create', { referrerId: ana.id, referredName: 'Zoé', referredAt: T0 - DAY });
  await b.ok('timer.start', { contactId: ana.id, note: 'running' });
  await b.ok('backups.schedule', { keepDaily: 5 });
}

/** Every exported table's rows in key order, and every derived table (they are rebuilt identically). */
function contents(db: ReadableDB): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of BOOK_TABLES) out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY ${t === 'contact_tags' ? 'contact_id, tag_id' : t === 'settings' ? 'key' : 'id'}`).raw(true).all();
  out.contact_figures = db.prepare('SELECT * FROM contact_figures ORDER BY contact_id').raw(true).all();
  out.record_days = db.prepare('SELECT * FROM record_days ORDER BY day').raw(true).all();
  out.contacts_fts = db.prepare('SELECT rowid, * FROM contacts_fts ORDER BY rowid').raw(true).all();
  out.figures_state = db.prepare('SELECT * FROM figures_state').raw(true).all();
  return out;
}

async function exportText(b: HeldBook): Promise<string> {
  return (await b.ok('book.exportJson', {})).text;
}

describe('book.exportJson and book.importJson', () => {
  test('export -> import (replace) -> export gives the same JSON and the same tables, derived ones included', async () => {
    const b = openHeldBook();
    await fillBook(b);
    const before = contents(b.holder.db);
    const first = await exportText(b);
    const parsed = JSON.parse(first) as { format: string; version: number; schemaVersion: number; tables: Record<string, { columns: string[]; rows: unknown[][] }> };
    expect(parsed.format).toBe('rapport-book');
    expect(parsed.version).toBe(1);
    expect(parsed.schemaVersion).toBe(MIGRATIONS.length);
    expect(Object.keys(parsed.tables)).toEqual([...BOOK_TABLES]);
    expect(parsed.tables.timer?.rows).toHaveLength(1);
    expect(parsed.tables.settings?.rows.map((r) => r[0])).toEqual(expect.arrayContaining(['sample', 'currency', 'backups']));
    expect(b.events.some((e) => e.name === 'progress' && (e.payload as { task: string }).task === 'export-json')).toBe(true);

    // Change the book, then bring the export back: the change is gone, the export is back.
    await b.ok('contacts.create', { name: 'Added after the export' });
    b.events.length = 0;
    const swap = await b.ok('book.importJson', { file: asUpload(first, 'mine.json'), mode: 'replace' });
    expect(swap).toMatchObject({ kind: 'import', from: 'mine.json', schemaVersion: MIGRATIONS.length });
    expect(swap.keptAside).toMatch(/^before-import-.*\.db$/);
    expect(fs.existsSync(path.join(b.dir, 'backups', swap.keptAside))).toBe(true);
    expect(b.events).toContainEqual({ name: 'changed', payload: { area: 'book' } });
    expect(b.events.some((e) => e.name === 'progress' && (e.payload as { task: string }).task === 'import-json')).toBe(true);

    expect(contents(b.holder.db)).toEqual(before);
    expect(await exportText(b)).toBe(first);
    // The kept-aside book is the one from before, with the contact added after the export.
    const aside = new Database(path.join(b.dir, 'backups', swap.keptAside), { readonly: true });
    expect(aside.prepare("SELECT count(*) FROM contacts WHERE name = 'Added after the export'").pluck().get()).toBe(1);
    aside.close();
    // The API works on the new book: search, the timer, the sample's removal.
    expect((await b.ok('contacts.list', { query: 'ana' })).rows.map((c) => c.name)).toContain('Ana Lima 😀');
    expect(await b.ok('timer.get', {})).toMatchObject({ note: 'running' });
    expect((await b.ok('sample.status', {})).loaded).toBe('cafe');
    const list = await b.ok('backups.list', {});
    expect(list.lastSwap).toEqual(swap);
    expect(list.schedule.keepDaily).toBe(5);
  });

  test("mode 'new' swaps into an empty book and refuses a book with data, unchanged", async () => {
    const source = openHeldBook();
    await fillBook(source);
    const text = await exportText(source);

    const empty = openHeldBook();
    await empty.ok('settings.update', { currency: 'USD' });
    await empty.ok('book.importJson', { file: asUpload(text), mode: 'new' });
    expect(contents(empty.holder.db)).toEqual(contents(source.holder.db));

    const busy = openHeldBook();
    await busy.ok('contacts.create', { name: 'Mine' });
    const snap = snapshotTables(busy.holder.db);
    const error = await busy.fails('book.importJson', { file: asUpload(text), mode: 'new' });
    expect(error).toMatchObject({ code: 'conflict', field: 'mode' });
    expect(error.message).toMatch(/already holds 1 contact.*Replace/);
    expect(snapshotTables(busy.holder.db)).toEqual(snap);
  });

  test('an export of an older schema (before later columns and tables) imports and is brought up to date', async () => {
    const b = openHeldBook();
    const ana = await b.ok('contacts.create', { name: 'Ana', emails: [{ label: 'home', value: 'ana@example.com' }] });
    await b.ok('interactions.create', { contactId: ana.id, channel: 'phone', occurredAt: T0 - DAY, minutes: 30 });
    const current = JSON.parse(await exportText(b)) as { schemaVersion: number; tables: Record<string, { columns: string[]; rows: unknown[][] }> };
    // Schema 2 had these same tables; a column added later (e.g. contacts.uid) is simply absent.
    const old = { ...current, schemaVersion: 2, tables: { ...current.tables } };
    const contacts = old.tables.contacts!;
    const keep = contacts.columns.map((c, i) => (c === 'uid' ? -1 : i)).filter((i) => i >= 0);
    old.tables.contacts = { columns: keep.map((i) => contacts.columns[i]!), rows: contacts.rows.map((r) => keep.map((i) => r[i])) };
    const other = openHeldBook();
    await other.ok('book.importJson', { file: asUpload(JSON.stringify(old)), mode: 'replace' });
    const contact = await other.ok('contacts.get', { id: ana.id });
    expect(contact.name).toBe('Ana');
    expect((await other.ok('figures.contact', { id: ana.id })).figures.minutes).toBe(30);
    expect(other.holder.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    // record_days (migration 4) was worked out from the imported rows.
    expect(other.holder.db.prepare('SELECT sum(minutes) FROM record_days').pluck().get()).toBe(30);
  });

  test('every table of the schema is either exported or known to be derived (a new table must be placed)', () => {
    const db = new Database(':memory:') as WritableDB;
    migrate(db);
    const tables = db
      .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'contacts_fts_%' ORDER BY name")
      .pluck()
      .all();
    db.close();
    expect(tables).toEqual([...BOOK_TABLES, ...DERIVED_TABLES].sort());
  });
});

describe('bad files are refused with a clear error, and the book is unchanged', () => {
  async function setup() {
    const b = openHeldBook();
    const ana = await b.ok('contacts.create', { name: 'Ana' });
    await b.ok('interactions.create', { contactId: ana.id, channel: 'phone', occurredAt: T0 - DAY, minutes: 5 });
    await b.ok('contacts.create', { name: 'Ben' });
    const text = await exportText(b);
    return { b, text, json: () => JSON.parse(text) as { [k: string]: unknown; tables: Record<string, { columns: string[]; rows: unknown[][] }> } };
  }

  async function refused(b: HeldBook, file: string | Buffer, pattern: RegExp) {
    const snap = snapshotTables(b.holder.db);
    const files = fs.readdirSync(b.dir).sort();
    b.events.length = 0;
    const error = await b.fails('book.importJson', { file: asUpload(file), mode: 'replace' });
    expect(error.code, JSON.stringify(error)).toBe('invalid_input');
    expect(error.field).toBe('file');
    expect(error.message).toMatch(pattern);
    expect(error.message).toMatch(/Nothing was changed/);
    expect(snapshotTables(b.holder.db)).toEqual(snap);
    // No half-built book left beside it, no swap announced.
    expect(fs.readdirSync(b.dir).sort()).toEqual(files);
    expect(b.events.filter((e) => e.name === 'changed')).toEqual([]);
    return error;
  }

  test('truncated, junk, not UTF-8', async () => {
    const { b, text } = await setup();
    await refused(b, text.slice(0, Math.floor(text.length / 2)), /not valid JSON/);
    await refused(b, Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x80, 0x81]), /not UTF-8/);
    await refused(b, 'PK\u0003\u0004 junk', /not valid JSON/);
    await refused(b, '[1,2,3]', /not a Rapport book export/);
    await refused(b, '{"format":"something-else","version":1,"tables":{}}', /not a Rapport book export/);
  });

  test('wrong format version, newer schema, missing or unknown tables and columns', async () => {
    const { b, json } = await setup();
    await refused(b, JSON.stringify({ ...json(), version: 2 }), /format version 2.*Update Rapport/);
    await refused(b, JSON.stringify({ ...json(), version: '1' }), /format version/);
    await refused(b, JSON.stringify({ ...json(), schemaVersion: 999 }), /newer Rapport.*schema 999/);
    const noTimer = json();
    delete noTimer.tables.timer;
    await refused(b, JSON.stringify(noTimer), /no "timer" table/);
    const extra = json();
    extra.tables.contact_figures = { columns: ['contact_id'], rows: [] };
    await refused(b, JSON.stringify(extra), /worked out by Rapport/);
    const column = json();
    column.tables.contacts!.columns[1] = 'kindd';
    await refused(b, JSON.stringify(column), /column Rapport does not know \("kindd"\)/);
  });

  test('rows breaking a CHECK, a type, a duplicate id, a missing parent, a huge string', async () => {
    const { b, json } = await setup();
    const check = json();
    const interactions = check.tables.interactions!;
    interactions.rows[0]![interactions.columns.indexOf('minutes')] = 5000;
    const e1 = await refused(b, JSON.stringify(check), /interactions row 1 \(id 1\): a value is out of range .*minutes/);
    expect(e1.issues?.[0]?.field).toBe('tables.interactions.rows.0');

    const type = json();
    type.tables.contacts!.rows[1]![type.tables.contacts!.columns.indexOf('created_at')] = 'yesterday';
    await refused(b, JSON.stringify(type), /contacts row 2 \(id 2\): created_at must be a whole number/);

    const dup = json();
    dup.tables.contacts!.rows.push([...dup.tables.contacts!.rows[0]!]);
    await refused(b, JSON.stringify(dup), /contacts row 3 \(id 1\): another row has the same key/);

    const orphan = json();
    orphan.tables.interactions!.rows[0]![orphan.tables.interactions!.columns.indexOf('contact_id')] = 77;
    await refused(b, JSON.stringify(orphan), /interactions \(id 1\): refers to a row of contacts that is not in the file/);

    const huge = json();
    huge.tables.contacts!.rows[0]![huge.tables.contacts!.columns.indexOf('name')] = 'x'.repeat(5_000_000);
    await refused(b, JSON.stringify(huge), /contacts row 1 \(id 1\): a value is out of range/);

    const width = json();
    width.tables.contacts!.rows[0]!.pop();
    await refused(b, JSON.stringify(width), /contacts row 1 \(id 1\): has \d+ values for \d+ columns/);
  });

  test('a NUL or a lone surrogate in any text is reported by table, row and column, never stored altered', async () => {
    const { b, json } = await setup();
    const nul = json();
    nul.tables.contacts!.rows[1]![nul.tables.contacts!.columns.indexOf('name')] = 'Ana\u0000';
    const e1 = await refused(b, JSON.stringify(nul), /contacts row 2 \(id 2\): name: This text holds a NUL character/);
    expect(e1.issues?.[0]?.field).toBe('tables.contacts.rows.1');
    // JSON's own escapes make lone surrogates; SQLite would have kept U+FFFD in their place.
    const lone = json();
    lone.tables.interactions!.rows[0]![lone.tables.interactions!.columns.indexOf('note')] = 'half \uD83D';
    await refused(b, JSON.stringify(lone), /interactions row 1 \(id 1\): note: This text holds half of a character/);
    const setting = json();
    setting.tables.settings!.rows.unshift(setting.tables.settings!.columns.map((c) => (c === 'key' ? 'theme' : '"\uDE00"')));
    await refused(b, JSON.stringify(setting), /settings row 1: value: This text holds half of a character/);
  });

  test('several problems are all listed (up to ten)', async () => {
    const { b, json } = await setup();
    const many = json();
    for (const row of many.tables.contacts!.rows) row[many.tables.contacts!.columns.indexOf('kind')] = 'robot';
    const error = await refused(b, JSON.stringify(many), /contacts row 1/);
    expect(error.issues?.map((i) => i.field)).toEqual(['tables.contacts.rows.0', 'tables.contacts.rows.1']);
  });

  test('fuzz: truncations and mutations of a valid export never crash, never half-import, and a good file still imports', async () => {
    const { b, text } = await setup();
    // The baseline is the book as an import builds it (its search index is written in one pass).
    await b.ok('book.importJson', { file: asUpload(text), mode: 'replace' });
    const snap = snapshotTables(b.holder.db);
    const mutation = fc.oneof(
      fc.nat({ max: text.length - 1 }).map((n) => text.slice(0, n)),
      fc.tuple(fc.nat({ max: text.length - 1 }), fc.string({ maxLength: 8 })).map(([at, s]) => text.slice(0, at) + s + text.slice(at + 1)),
      fc.tuple(fc.nat({ max: text.length - 1 }), fc.nat({ max: 40 })).map(([at, n]) => text.slice(0, at) + text.slice(at + n)),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (file) => {
        const result = await b.api.call('book.importJson', { file: asUpload(file), mode: 'replace' });
        if (result.ok) {
          // A mutation SQLite and the checks accept (a changed note): the import swapped a whole book in.
          expect((result.value as { kind: string }).kind).toBe('import');
        } else {
          expect(result.error.code).toBe('invalid_input');
          expect(result.error.message).toMatch(/Nothing was changed/);
          expect(snapshotTables(b.holder.db)).toEqual(snap);
        }
        expect(b.logs).toEqual([]);
        // Put the original back whatever happened, for the next run.
        if (result.ok) await b.ok('book.importJson', { file: asUpload(text), mode: 'replace' });
      }),
      { numRuns: 60 },
    );
    expect(fs.readdirSync(b.dir).filter((n) => n.startsWith('incoming-'))).toEqual([]);
  });
});

describe('building from JSON without the API', () => {
  test('the target file is left absent when the JSON is refused', () => {
    const dir = makeTempDir();
    const target = path.join(dir, 'x.db');
    expect(() => buildBookFromJson('{"format":"rapport-book","version":1,"schemaVersion":1,"tables":{}}', target, { now: T0 })).toThrow(/no "settings" table/);
    expect(fs.existsSync(target)).toBe(false);
  });
});
