import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { startBackend } from '../../electron/backend/host';
import { BookHolder, CHECK_LATER_FROM } from '../../electron/db/book-holder';
import { NewerBookError } from '../../electron/db/migrate';
import { NotOwnerError, OWNER_FILE } from '../../electron/db/owner';
import { LATEST_VERSION } from '../../electron/db/migrations/index';
import type { BackendEvent, BookStatus, Result } from '../../shared/contract/index';
import { makeTempDir, onCleanup, T0 } from '../helpers/book';
import { asUpload, openHeldBook, type HeldBook } from '../helpers/data-book';
import { damageOnePage } from '../helpers/disks';

/**
 * The book and its files, as bad luck finds them: damaged, doctored, from a newer version, opened
 * twice, and the permissions of everything the app writes.
 */

const bookOf = (dir: string) => path.join(dir, 'rapport.db');

/** Every file of a folder (and its subfolders) with its bytes' hash, to show that nothing changed. */
function folderHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      else out[path.relative(dir, full)] = crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** A closed book with contacts, plus a manual backup made while it was whole. */
async function closedBook(contacts = 60): Promise<{ dir: string; backup: string }> {
  const b = openHeldBook();
  for (let i = 0; i < contacts; i++) await b.ok('contacts.create', { name: `Customer ${i}`, notes: `Likes the corner table. ${'x'.repeat(300)}` });
  const backup = (await b.ok('backups.now', {})).file;
  await b.ok('contacts.create', { name: 'After the backup' });
  b.holder.close();
  return { dir: b.dir, backup };
}

function reopen(dir: string): HeldBook {
  return openHeldBook({ dir });
}

describe('a damaged book', () => {
  test('is noticed when it opens, never written to, and the newest good backup puts things right', async () => {
    const { dir, backup } = await closedBook();
    damageOnePage(bookOf(dir));
    const before = fs.readFileSync(bookOf(dir));

    const b = reopen(dir);
    expect(b.holder.problem).toMatchObject({ code: 'damaged', file: bookOf(dir) });
    expect(b.holder.problem?.message).toMatch(/damaged/);
    // Every call says why, and nothing is written: not a read, not a write, not a backup.
    expect(await b.fails('contacts.list', {})).toMatchObject({ code: 'book_unusable', message: expect.stringMatching(/damaged/) });
    expect(await b.fails('contacts.create', { name: 'Lost?' })).toMatchObject({ code: 'book_unusable' });
    expect(await b.fails('backups.now', {})).toMatchObject({ code: 'book_unusable' });
    expect(fs.readFileSync(bookOf(dir)).equals(before)).toBe(true);
    expect(await b.ok('app.info', {})).toMatchObject({ schemaVersion: null });

    const status = await b.ok('book.status', {});
    expect(status.problem?.code).toBe('damaged');
    expect(status.backups.map((f) => f.file)).toEqual([backup]);
    // A newer backup that is itself damaged is passed over for the older good one.
    const bad = path.join(dir, 'backups', 'manual-2099-01-01-000000.db');
    fs.writeFileSync(bad, 'junk '.repeat(2000));
    fs.utimesSync(bad, new Date(), new Date(Date.now() + 60_000));
    const checked = await b.ok('book.checkBackups', {});
    expect(checked.checked.map((c) => [c.file, c.refused === null])).toEqual([
      ['manual-2099-01-01-000000.db', false],
      [backup, true],
    ]);
    expect(checked.good).toMatchObject({ file: backup, contacts: 60 });

    const swap = await b.ok('book.recover', { file: backup });
    expect(swap).toMatchObject({ kind: 'recover', from: backup, contacts: 60 });
    expect(swap.keptAside).toMatch(/^damaged-.*\.db$/);
    // The damaged file is kept, byte for byte, for whoever can salvage it.
    expect(fs.readFileSync(path.join(dir, 'backups', swap.keptAside)).equals(before)).toBe(true);
    expect(b.holder.problem).toBeNull();
    expect((await b.ok('contacts.list', {})).total).toBe(60);
    await b.ok('contacts.create', { name: 'After the recovery' });
    expect((await b.ok('book.status', {})).problem).toBeNull();
    // Recovery is for a book that cannot be used; a good book is left alone.
    expect(await b.fails('book.recover', { file: backup })).toMatchObject({ code: 'conflict' });
  });

  test('with no good backup, a new empty book, the damaged one kept aside', async () => {
    const { dir, backup } = await closedBook(60);
    fs.rmSync(path.join(dir, 'backups', backup));
    damageOnePage(bookOf(dir));
    const b = reopen(dir);
    expect((await b.ok('book.checkBackups', {})).good).toBeNull();
    const swap = await b.ok('book.recover', { file: null });
    expect(swap).toMatchObject({ kind: 'recover', contacts: 0 });
    expect(fs.existsSync(path.join(dir, 'backups', swap.keptAside))).toBe(true);
    expect((await b.ok('contacts.list', {})).total).toBe(0);
    await b.ok('contacts.create', { name: 'A fresh start' });
  });

  test('a file that is not a database at all is said to be so, and kept as it is', async () => {
    const dir = makeTempDir();
    fs.writeFileSync(bookOf(dir), 'These are my customers, typed in a text editor.\n'.repeat(100));
    const before = folderHashes(dir);
    const b = reopen(dir);
    expect(b.holder.problem?.code).toBe('not_a_book');
    expect(folderHashes(dir)).toMatchObject(before);
  });
});

describe('a book or backup with a schema the app did not make', () => {
  const TRIGGER = `CREATE TRIGGER steal AFTER INSERT ON contacts BEGIN INSERT INTO settings (key, value) VALUES ('stolen-' || NEW.id, NEW.name); END`;

  test('a trigger in the book is refused before anything runs', async () => {
    const { dir } = await closedBook(3);
    const raw = new Database(bookOf(dir));
    raw.exec(TRIGGER);
    raw.close();
    const before = fs.readFileSync(bookOf(dir));
    const b = reopen(dir);
    expect(b.holder.problem).toMatchObject({ code: 'foreign_schema', message: expect.stringMatching(/trigger "steal" on contacts that Rapport did not make/) });
    expect(await b.fails('contacts.create', { name: 'Ana' })).toMatchObject({ code: 'book_unusable' });
    expect(fs.readFileSync(bookOf(dir)).equals(before)).toBe(true);
  });

  test.each([
    ['a trigger', TRIGGER, /trigger "steal" on contacts that Rapport did not make/],
    ['a view', 'CREATE VIEW everyone AS SELECT name FROM contacts', /view "everyone" that Rapport did not make/],
    ['a table', 'CREATE TABLE extra (x)', /table "extra" that Rapport did not make/],
    ['an index', 'CREATE INDEX odd ON contacts (notes)', /index "odd" on contacts that Rapport did not make/],
    ['a changed table', "DROP TRIGGER IF EXISTS x; ALTER TABLE settings ADD COLUMN y TEXT DEFAULT 'z'", /table "settings" that is not as Rapport made it/],
  ])('a backup with %s is refused; the book and the backup are untouched', async (_what, sql, message) => {
    const b = openHeldBook();
    await b.ok('contacts.create', { name: 'Ana' });
    const made = await b.ok('backups.now', {});
    const file = path.join(b.dir, 'backups', made.file);
    const raw = new Database(file);
    raw.exec(sql);
    raw.close();
    const before = folderHashes(b.dir);
    const error = await b.fails('backups.restore', { file: made.file });
    expect(error).toMatchObject({ code: 'invalid_input', field: 'file' });
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/not been touched/);
    expect(folderHashes(b.dir)).toEqual(before);
    // The trigger never ran: a write to the book leaves settings as they were.
    await b.ok('contacts.create', { name: 'Ben' });
    expect(b.holder.db.prepare("SELECT count(*) FROM settings WHERE key LIKE 'stolen-%'").pluck().get()).toBe(0);
  });
});

describe('a book from a newer version', () => {
  test('is refused with its bytes unchanged, even a book in rollback-journal mode (its header would be switched to WAL)', async () => {
    const { dir } = await closedBook(3);
    const raw = new Database(bookOf(dir));
    raw.pragma('journal_mode = DELETE');
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    fs.rmSync(path.join(dir, 'backups'), { recursive: true });
    const before = folderHashes(dir);
    expect(Object.keys(before)).toContain('rapport.db');
    expect(() => BookHolder.open(dir)).toThrow(NewerBookError);
    expect(() => BookHolder.open(dir)).toThrow(/newer version of Rapport.*has not been changed/);
    expect(folderHashes(dir)).toEqual(before);
  });
});

describe('one process owns the book', () => {
  test('a second holder of the same folder is refused while the first is open, and opens once it is closed', () => {
    const dir = makeTempDir();
    const first = BookHolder.open(dir);
    onCleanup(() => first.close());
    expect(() => BookHolder.open(dir)).toThrow(NotOwnerError);
    expect(() => BookHolder.open(dir)).toThrow(/Another Rapport is using the book/);
    first.close();
    const second = BookHolder.open(dir);
    second.close();
  });

  test('a process whose lock file was taken from it stops acknowledging writes', async () => {
    const b = openHeldBook();
    await b.ok('contacts.create', { name: 'Ana' });
    // Someone empties the folder's lock under the running app; another process could now take a new one.
    fs.rmSync(path.join(b.dir, OWNER_FILE));
    fs.writeFileSync(path.join(b.dir, OWNER_FILE), '');
    b.events.length = 0;
    const error = await b.fails('contacts.create', { name: 'Ben' });
    // A write that rolled back announces nothing: no window reloads for a change that did not happen.
    expect(b.events).toEqual([]);
    expect(error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/lock .* was replaced.*restart Rapport/i) });
    const raw = new Database(bookOf(b.dir), { readonly: true });
    expect(raw.prepare("SELECT count(*) FROM contacts WHERE name = 'Ben'").pluck().get()).toBe(0);
    raw.close();
  });
});

describe('files with personal data are readable by their owner only', () => {
  const mode = (file: string) => fs.statSync(file).mode & 0o777;

  test('the book, its WAL and shm, backups and the folders', async () => {
    const b = openHeldBook();
    await b.ok('contacts.create', { name: 'Ana' });
    for (const file of ['rapport.db', 'rapport.db-wal', 'rapport.db-shm', OWNER_FILE]) expect([file, mode(path.join(b.dir, file))]).toEqual([file, 0o600]);
    expect(mode(b.dir)).toBe(0o700);
    const made = await b.ok('backups.now', {});
    expect(mode(path.join(b.dir, 'backups'))).toBe(0o700);
    expect(mode(path.join(b.dir, 'backups', made.file))).toBe(0o600);
    const text = (await b.ok('book.exportJson', {})).text;
    const swap = await b.ok('book.importJson', { file: asUpload(text), mode: 'replace' });
    expect(mode(path.join(b.dir, 'backups', swap.keptAside))).toBe(0o600);
    expect(mode(path.join(b.dir, 'rapport.db'))).toBe(0o600);
    const restored = await b.ok('backups.restore', { file: made.file });
    expect(mode(path.join(b.dir, 'backups', restored.keptAside))).toBe(0o600);
    expect(mode(path.join(b.dir, 'rapport.db'))).toBe(0o600);
  });

  test('a book made before, readable by everyone, is tightened when it opens', async () => {
    const { dir } = await closedBook(2);
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(bookOf(dir), 0o644);
    const b = reopen(dir);
    await b.ok('contacts.create', { name: 'Ana' });
    expect(mode(dir)).toBe(0o700);
    expect(mode(bookOf(dir))).toBe(0o600);
    expect(mode(`${bookOf(dir)}-wal`)).toBe(0o600);
  });
});

describe('a large book is checked on a helper thread while it opens', () => {
  /** A check the test answers when it wants, as the helper thread would. */
  function gate(): { check: (file: string) => Promise<string | null>; answer(found: string | null): void; asked: string[] } {
    let answer: (found: string | null) => void = () => {};
    const asked: string[] = [];
    const check = (file: string) =>
      new Promise<string | null>((resolve) => {
        asked.push(file);
        answer = resolve;
      });
    return { check, answer: (found) => answer(found), asked };
  }

  test('reads are answered at once; a write waits for the check and then commits, once', async () => {
    const { dir } = await closedBook(5);
    const g = gate();
    const b = openHeldBook({ dir, holder: { checkLater: g.check, checkLaterFrom: 0 } });
    expect(b.holder.isChecking).toBe(true);
    expect((await b.ok('contacts.list', {})).total).toBe(6);
    // The check waits for its moment (the back end starts it when idle), or for a call that needs it.
    expect(g.asked).toEqual([]);
    const before = fs.readFileSync(bookOf(dir));
    let done = false;
    const write = b.call('contacts.create', { name: 'Written while checking' }).finally(() => (done = true));
    await expect.poll(() => g.asked).toEqual([bookOf(dir)]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).toBe(false);
    // Not a byte of it in the file (nor in its WAL) while the check runs.
    expect(fs.readFileSync(bookOf(dir)).equals(before)).toBe(true);
    expect(fs.existsSync(`${bookOf(dir)}-wal`) ? fs.statSync(`${bookOf(dir)}-wal`).size : 0).toBe(0);
    expect(b.events.filter((e) => e.name === 'changed')).toEqual([]);
    g.answer(null);
    const written = await write;
    expect(written.ok).toBe(true);
    expect(b.holder.isChecking).toBe(false);
    expect((await b.ok('contacts.list', { query: 'Written while' })).total).toBe(1);
    expect(b.events.filter((e) => e.name === 'changed')).toEqual([{ name: 'changed', payload: { area: 'contacts' } }]);
  });

  test('damage found by the check: the waiting write is refused, nothing was written, and the app is told', async () => {
    const { dir } = await closedBook(5);
    const g = gate();
    const b = openHeldBook({ dir, holder: { checkLater: g.check, checkLaterFrom: 0 } });
    let told = 0;
    b.holder.onProblem(() => told++);
    const before = fs.readFileSync(bookOf(dir));
    const write = b.call('contacts.create', { name: 'Never saved' });
    const backup = b.call('backups.now', {});
    await expect.poll(() => g.asked.length).toBe(1);
    g.answer('*** in database main ***\nPage 7: btreeInitPage() returns error code 11');
    expect(await write).toMatchObject({ ok: false, error: { code: 'book_unusable', message: expect.stringMatching(/damaged/) } });
    expect(await backup).toMatchObject({ ok: false, error: { code: 'book_unusable' } });
    expect(told).toBe(1);
    expect((await b.ok('book.status', {})).problem).toMatchObject({ code: 'damaged', detail: expect.stringMatching(/btreeInitPage/) });
    expect(fs.readFileSync(bookOf(dir)).equals(before)).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'backups')).filter((n) => n.startsWith('manual-')).length).toBe(1);
  });
});

describe('in the worker, with its real helper thread', () => {
  test('a damaged book over 16 MB: the back end opens at once, the helper thread finds the damage, writes are refused and every window is told', async () => {
    const worker = path.resolve('out/electron/worker.cjs');
    if (!fs.existsSync(worker) || !fs.existsSync(path.resolve('out/electron/book-check.cjs'))) throw new Error('Run `npm run build` first');
    const b = openHeldBook();
    // Notes from a long relationship, enough to pass the size from which the check runs on a helper thread.
    const notes = 'Prefers oat milk; asks after the new roasts; brought her team twice. '.repeat(300);
    b.holder.db.transaction(() => {
      for (let i = 0; i < 900; i++) b.holder.db.prepare("INSERT INTO contacts (kind, name, sort_name, notes, created_at, updated_at) VALUES ('person', ?, ?, ?, 0, 0)").run(`Regular ${i}`, `regular ${i}`, notes);
    })();
    b.holder.close();
    expect(fs.statSync(bookOf(b.dir)).size).toBeGreaterThan(CHECK_LATER_FROM);
    damageOnePage(bookOf(b.dir));
    const before = fs.readFileSync(bookOf(b.dir));

    const host = await startBackend({ dataDir: b.dir, mode: 'browser', version: 't', workerFile: worker, fixedNow: T0, log: () => {} });
    onCleanup(() => host.close());
    const events: BackendEvent[] = [];
    host.onEvent((e) => events.push(e));
    const write = await host.call('contacts.create', { name: 'Never saved' });
    expect(write).toMatchObject({ ok: false, error: { code: 'book_unusable' } });
    await expect.poll(() => events).toContainEqual({ name: 'changed', payload: { area: 'book' } });
    const status = (await host.call('book.status', {})) as Result<BookStatus>;
    expect(status.ok && status.value.problem?.code).toBe('damaged');
    await host.close();
    expect(fs.readFileSync(bookOf(b.dir)).equals(before)).toBe(true);
  });
});
