import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { readRows, type ReaderJob } from '../../electron/backend/row-reader-thread';
import type { WritableDB } from '../../electron/db/connection';
import { keepFiguresCurrent, recomputeAllFigures } from '../../electron/db/figures';
import { importContacts, type ImportOutcome } from '../../electron/db/import-contacts';
import type { ColumnMapping, DuplicatePolicy } from '../../shared/contract/index';
import { benchVcards } from '../bench/bench-import';
import { makeTempDir, openTestBook, T0, type TestBook } from '../helpers/book';

/**
 * A large import is planned and written a chunk of rows at a time, and its rows may be read on a
 * helper thread: whatever the chunk size and whichever thread read a row, the book comes out the
 * same as when the whole file is one chunk read here.
 */

const READER = path.resolve('out/electron/row-reader.cjs');

const HEADER = 'Name,Company,E-mail,Phone,Tags,Notes';
const MAPPING: ColumnMapping[] = (['name', 'company', 'email', 'phone', 'tags', 'notes'] as const).map((field) => ({ field, group: 1, label: '' }));

/** People before the business row that names their company, duplicates by email and phone, bad rows, the book's own contacts. */
function csv(): string {
  const lines = [HEADER];
  for (let i = 1; i <= 10; i++) lines.push(`Person ${i},ACME,p${i}@acme.example,+1 555 01${String(i).padStart(2, '0')},vip;Clients,`);
  lines.push(',Acme,hello@acme.example,,Suppliers,Head office');
  lines.push('Person 2 again,,P2@ACME.example,,VIP,Second note');
  lines.push('Ana Bad,,ana@,,,');
  lines.push('Phone Twin,,,+1 (555) 0103,Friends,');
  lines.push('Old Friend,,old@friend.example,,,Now a customer');
  lines.push('Globex Worker,GLOBEX,worker@globex.example,,,');
  lines.push('Solo Person,Solo Ltd,solo@solo.example,,,');
  for (let i = 11; i <= 30; i++) lines.push(`Person ${i},${i % 2 ? 'Acme' : 'Solo Ltd'},p${i}@acme.example,,,`);
  lines.push('Person 30 twin,,p30@ACME.example,,Late,');
  lines.push(',Solo Ltd,,,,The business row comes last');
  return lines.join('\n') + '\n';
}

/** What the book holds before the import: a friend the file mentions again, and a business a row works for. */
async function seed(book: TestBook) {
  await book.ok('contacts.create', { name: 'Old Friend', emails: [{ value: 'old@friend.example' }] });
  await book.ok('contacts.create', { kind: 'business', name: 'Globex' });
}

let t: TestBook;
beforeEach(async () => {
  t = openTestBook();
  await seed(t);
});

const csvJob = (): ReaderJob => ({ kind: 'csv', bytes: Buffer.from(csv()), options: { mapping: MAPPING, thisYear: 2026 } });

function run(db: WritableDB, policy: DuplicatePolicy, options: { chunkRows: number; thread: boolean }, job = csvJob()): ImportOutcome {
  return db.transaction(() => {
    keepFiguresCurrent(db, T0);
    const source = readRows(job, options.thread ? READER : undefined, { chunkRows: options.chunkRows, threadFromBytes: 0 });
    try {
      const outcome = importContacts(db, source, policy, T0);
      keepFiguresCurrent(db, T0);
      return outcome;
    } finally {
      source.close?.();
    }
  })();
}

/** The book as a person reads it: every live contact with its business, emails, phones, tags and notes (ids left out). */
function book(db: WritableDB) {
  return db
    .prepare(
      `SELECT c.kind, c.name, b.name AS business, c.notes,
              (SELECT group_concat(value, ' ') FROM (SELECT value FROM contact_emails WHERE contact_id = c.id ORDER BY position)) AS emails,
              (SELECT group_concat(value, ' ') FROM (SELECT value FROM contact_phones WHERE contact_id = c.id ORDER BY position)) AS phones,
              (SELECT group_concat(name, ' ') FROM (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id ORDER BY t.name)) AS tags
         FROM contacts c LEFT JOIN contacts b ON b.id = c.business_id
        WHERE c.deleted_at IS NULL ORDER BY c.kind, c.name, c.notes`,
    )
    .all();
}

/** Every live contact is found by the words of its name, and the index holds nobody else. */
function searchIsWhole(db: WritableDB) {
  const live = db.prepare<[], { id: number; name: string }>('SELECT id, name FROM contacts WHERE deleted_at IS NULL').all();
  const find = db.prepare<[string, number], number>('SELECT 1 FROM contacts_fts WHERE contacts_fts MATCH ? AND rowid = ?').pluck();
  const missing = live.filter((c) => find.get(`name : (${c.name.split(/\s+/).map((w) => `"${w}"`).join(' ')})`, c.id) !== 1);
  expect(missing).toEqual([]);
  expect(db.prepare('SELECT count(*) FROM contacts_fts').pluck().get()).toBe(live.length);
}

const figures = (db: WritableDB) =>
  db.prepare('SELECT c.name, f.* FROM contact_figures f JOIN contacts c ON c.id = f.contact_id ORDER BY c.name, c.kind, c.notes').all().map((r) => ({ ...(r as object), contact_id: 0 }));

describe('a large import, chunk by chunk and on two threads', () => {
  test('the built helper thread is there (npm test builds the app before the tests)', () => {
    expect(fs.existsSync(READER)).toBe(true);
  });

  for (const policy of ['skip', 'merge', 'add'] as const) {
    test(`duplicates ${policy}: one chunk, chunks of 1, 3 and 7 rows, and a helper thread give the same book and report`, async () => {
      const whole = run(t.db, policy, { chunkRows: 1000, thread: false });
      const expected = book(t.db);
      searchIsWhole(t.db);

      for (const options of [
        { chunkRows: 1, thread: false },
        { chunkRows: 3, thread: false },
        { chunkRows: 7, thread: false },
        { chunkRows: 3, thread: true },
        { chunkRows: 1000, thread: true },
      ]) {
        const other = openTestBook();
        await seed(other);
        const outcome = run(other.db, policy, options);
        expect(outcome, JSON.stringify(options)).toEqual(whole);
        expect(book(other.db), JSON.stringify(options)).toEqual(expected);
        searchIsWhole(other.db);
      }
    });
  }

  test('what the plan says: people linked to the business row after them, duplicates merged into rows written before', () => {
    const outcome = run(t.db, 'merge', { chunkRows: 3, thread: false });
    expect(outcome).toMatchObject({ merged: 4, updated: 0, businessesAdded: 0 });
    expect(outcome.skips).toEqual([{ line: 14, name: 'Ana Bad', reason: expect.stringMatching(/^Email "ana@"/) }]);
    const rows = book(t.db) as { kind: string; name: string; business: string | null; notes: string; emails: string | null; tags: string | null; phones: string | null }[];
    const businesses = rows.filter((r) => r.kind === 'business');
    // One Acme (the row's, with its email and notes), one Solo Ltd, the book's Globex.
    expect(businesses.map((b) => [b.name, b.emails, b.notes])).toEqual([
      ['Acme', 'hello@acme.example', 'Head office'],
      ['Globex', null, ''],
      ['Solo Ltd', null, 'The business row comes last'],
    ]);
    expect(rows.filter((r) => r.business === 'Acme').length).toBe(20);
    expect(rows.find((r) => r.name === 'Globex Worker')?.business).toBe('Globex');
    // Person 2 (written in the first chunks) took the later row's tag and note; Person 3 the phone twin's tag.
    expect(rows.find((r) => r.name === 'Person 2')).toMatchObject({ tags: 'Clients vip', notes: 'Second note' });
    expect(rows.find((r) => r.name === 'Person 3')).toMatchObject({ tags: 'Clients Friends vip' });
    expect(rows.find((r) => r.name === 'Person 30')).toMatchObject({ tags: 'Late' });
    expect(rows.find((r) => r.name === 'Old Friend')).toMatchObject({ notes: 'Now a customer' });
    // The new contacts' figures are those a full recompute gives.
    const written = figures(t.db);
    t.db.transaction(() => recomputeAllFigures(t.db, T0))();
    expect(figures(t.db)).toEqual(written);
  });

  test("with the helper, the source's total is an estimate until the last chunk is taken, then the rows read", () => {
    const rows = csv().split('\n').length - 2;
    // Blank lines at the end: estimated as rows, left out by the reader.
    const job: ReaderJob = { ...csvJob(), bytes: Buffer.from(`${csv()}\n\n\n`) };
    const source = readRows(job, READER, { chunkRows: 4, threadFromBytes: 0 });
    try {
      expect(source.total).toBe(rows + 3);
      const chunks = [...source.chunks];
      expect(chunks.length).toBeGreaterThan(3);
      expect(source.total).toBe(chunks.reduce((n, c) => n + c.rows.length + c.skips.length, 0));
      expect(source.total).toBe(rows);
    } finally {
      source.close?.();
    }
  });

  test('a file the reader refuses is refused before anything is written, with the helper thread on', () => {
    const job: ReaderJob = { kind: 'csv', bytes: Buffer.from([0, 1, 2, 3, 0, 0, 0, 255, 254, 0].flatMap((b) => Array(200).fill(b))), options: { mapping: MAPPING, thisYear: 2026 } };
    expect(() => readRows(job, READER, { threadFromBytes: 0 })).toThrow(/This is not a CSV file: it holds binary data/);
  });

  test('vCards: in small chunks, then again (updated by UID), as in one (they are read on one thread, even given a helper)', () => {
    const vcards = (): ReaderJob => ({ kind: 'vcard', bytes: benchVcards(40) });
    const here = run(t.db, 'merge', { chunkRows: 1000, thread: false }, vcards());
    const again = run(t.db, 'merge', { chunkRows: 1000, thread: false }, vcards());
    expect(here).toMatchObject({ added: 40, skips: [] });
    // The cards with a UID are updated; the 2.1 ones (no UID) are found again by their email.
    expect(again).toMatchObject({ added: 0, merged: 4, updated: 36, skips: [] });
    const expected = book(t.db);

    const other = openTestBook();
    return seed(other).then(() => {
      expect(run(other.db, 'merge', { chunkRows: 7, thread: true }, vcards())).toEqual(here);
      expect(run(other.db, 'merge', { chunkRows: 3, thread: true }, vcards())).toEqual(again);
      expect(book(other.db)).toEqual(expected);
      searchIsWhole(other.db);
    });
  });

  test('a helper that never starts leaves every chunk to this thread; one that stops mid-file ends the import with an error', () => {
    const dir = makeTempDir();
    const idle = path.join(dir, 'idle.cjs');
    fs.writeFileSync(idle, 'throw new Error("cannot load");\n');
    // Says it runs and has read the header, then never answers.
    const stuck = path.join(dir, 'stuck.cjs');
    fs.writeFileSync(
      stuck,
      [
        'const { workerData } = require("node:worker_threads");',
        'const { port, shared } = workerData;',
        'for (const m of [{ type: "alive" }, { type: "ready", estimate: 50000 }]) { port.postMessage(m); Atomics.add(shared, 1, 1); Atomics.notify(shared, 1); }',
        'setInterval(() => {}, 1000);',
      ].join('\n'),
    );
    const long: ReaderJob = {
      kind: 'csv',
      bytes: Buffer.from(['Name', ...Array.from({ length: 50_000 }, (_, i) => `Person ${i}`)].join('\n')),
      options: { mapping: [{ field: 'name', group: 1, label: '' }], thisYear: 2026 },
    };

    const source = readRows(csvJob(), idle, { chunkRows: 3, threadFromBytes: 0, stallMs: 300 });
    expect([...source.chunks].reduce((n, c) => n + c.rows.length + c.skips.length, 0)).toBe(source.total);

    const other = openTestBook();
    const started = Date.now();
    expect(() =>
      other.db.transaction(() => {
        const rows = readRows(long, stuck, { chunkRows: 100, threadFromBytes: 0, stallMs: 300 });
        try {
          importContacts(other.db, rows, 'skip', T0);
        } finally {
          rows.close?.();
        }
      })(),
    ).toThrow(/the file reader stopped answering/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(other.db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(0);
  });
});
