import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { BACKUP_CHECK_MS, BACKUP_FIRST_LOOK_MS, createBackupScheduler } from '../../electron/backend/backup-scheduler';
import { checkBookFile, listBackups } from '../../electron/db/backups';
import { snapshotTables, T0 } from '../helpers/book';
import { openHeldBook, type HeldBook } from '../helpers/data-book';

const DAY = 86_400_000;
const backupsOf = (b: HeldBook) => path.join(b.dir, 'backups');
const names = (b: HeldBook) => listBackups(backupsOf(b)).map((f) => f.file).sort();
const count = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM contacts').pluck().get() as number;
  } finally {
    db.close();
  }
};

async function withContacts(n: number): Promise<HeldBook> {
  const b = openHeldBook();
  for (let i = 0; i < n; i++) await b.ok('contacts.create', { name: `Person ${i}` });
  return b;
}

describe('backups.now, list, delete, schedule', () => {
  test('backs up with progress; the copy is a whole book, listed as manual', async () => {
    const b = await withContacts(3);
    b.events.length = 0;
    const made = await b.ok('backups.now', {});
    expect(made.kind).toBe('manual');
    expect(made.file).toMatch(/^manual-\d{4}-\d{2}-\d{2}-\d{6}\.db$/);
    expect(made.size).toBeGreaterThan(0);
    const file = path.join(backupsOf(b), made.file);
    expect(checkBookFile(file)).toEqual({ schemaVersion: expect.any(Number), contacts: 3 });
    // One self-contained file: no WAL beside it, no partial left.
    expect(fs.readdirSync(backupsOf(b))).toEqual([made.file]);
    expect(b.events.some((e) => e.name === 'progress' && (e.payload as { task: string }).task === 'backup')).toBe(true);
    expect(b.events).toContainEqual({ name: 'changed', payload: { area: 'backups' } });

    const second = await b.ok('backups.now', {});
    expect(second.file).not.toBe(made.file);
    const list = await b.ok('backups.list', {});
    expect(list).toMatchObject({ dataDir: b.dir, dir: backupsOf(b), schedule: { auto: true, keepDaily: 7, keepWeekly: 4 }, lastSwap: null });
    expect(list.files.map((f) => f.file).sort()).toEqual([made.file, second.file].sort());

    await b.ok('backups.delete', { file: made.file });
    expect(names(b)).toEqual([second.file]);
    expect((await b.fails('backups.delete', { file: made.file })).code).toBe('not_found');
  });

  test('a backup taken while writes go on is whole and holds every write acknowledged before it ended', async () => {
    const b = openHeldBook();
    // Enough pages that the copy takes several steps.
    for (let i = 0; i < 41; i++) await b.ok('contacts.create', { name: `Bulk ${i}`, notes: `${i} ${'y'.repeat(19_000)}` });
    const backup = b.call('backups.now', {});
    const writes = Array.from({ length: 30 }, (_, i) => b.call('contacts.create', { name: `During ${i}` }));
    const [made, ...written] = await Promise.all([backup, ...writes]);
    expect(written.every((w) => w.ok)).toBe(true);
    expect(made?.ok).toBe(true);
    if (!made?.ok) return;
    const file = path.join(backupsOf(b), (made.value as { file: string }).file);
    const checked = checkBookFile(file);
    expect(checked.contacts).toBeGreaterThanOrEqual(41);
    expect(checked.contacts).toBeLessThanOrEqual(71);
  });

  test('schedule settings are checked and kept in the book', async () => {
    const b = openHeldBook();
    expect(await b.ok('backups.schedule', { auto: false, keepWeekly: 2 })).toEqual({ auto: false, keepDaily: 7, keepWeekly: 2 });
    expect((await b.ok('backups.list', {})).schedule).toEqual({ auto: false, keepDaily: 7, keepWeekly: 2 });
    const snap = snapshotTables(b.holder.db);
    expect(await b.fails('backups.schedule', { keepDaily: 0 })).toMatchObject({ code: 'invalid_input', field: 'keepDaily' });
    expect(await b.fails('backups.schedule', { keepWeekly: 1.5 })).toMatchObject({ code: 'invalid_input', field: 'keepWeekly' });
    expect(await b.fails('backups.schedule', { every: 3 })).toMatchObject({ code: 'invalid_input' });
    expect(snapshotTables(b.holder.db)).toEqual(snap);
  });
});

describe('backups.restore', () => {
  test('restores a backup, keeps the current book aside, and tells every window', async () => {
    const b = await withContacts(2);
    const made = await b.ok('backups.now', {});
    await b.ok('contacts.create', { name: 'After the backup' });
    b.events.length = 0;
    const swap = await b.ok('backups.restore', { file: made.file });
    expect(swap).toMatchObject({ kind: 'restore', from: made.file, contacts: 2 });
    expect(swap.keptAside).toMatch(/^before-restore-.*\.db$/);
    expect((await b.ok('contacts.list', {})).rows.map((r) => r.name).sort()).toEqual(['Person 0', 'Person 1']);
    // The book as it was is kept, whole, with the contact made after the backup.
    expect(count(path.join(backupsOf(b), swap.keptAside))).toBe(3);
    expect(checkBookFile(path.join(backupsOf(b), swap.keptAside)).contacts).toBe(3);
    // The backup itself is untouched and still listed.
    expect(names(b)).toEqual([made.file, swap.keptAside].sort());
    expect(b.events).toContainEqual({ name: 'changed', payload: { area: 'book' } });
    expect(b.events.some((e) => e.name === 'progress' && (e.payload as { task: string }).task === 'restore')).toBe(true);
    expect((await b.ok('backups.list', {})).lastSwap).toEqual(swap);
    // And the kept-aside book can itself be restored: nothing is lost.
    await b.ok('backups.restore', { file: swap.keptAside });
    expect((await b.ok('contacts.list', {})).total).toBe(3);
  });

  test('an older backup (before a migration) is restored and brought up to date', async () => {
    const b = await withContacts(1);
    const dir = backupsOf(b);
    fs.mkdirSync(dir, { recursive: true });
    const old = new Database(path.join(dir, 'before-migration-v2-to-v5-x.db'));
    const { MIGRATIONS } = await import('../../electron/db/migrations/index');
    for (const m of MIGRATIONS.slice(0, 2)) m.up(old as never);
    old.pragma('user_version = 2');
    old.prepare("INSERT INTO contacts (id, kind, name, sort_name, created_at, updated_at) VALUES (7, 'person', 'Old Timer', 'old timer', 1, 1)").run();
    old.prepare("INSERT INTO contacts_fts (rowid, name, company, emails, phones, tags, notes) VALUES (7, 'Old Timer', '', '', '', '', '')").run();
    old.close();
    const swap = await b.ok('backups.restore', { file: 'before-migration-v2-to-v5-x.db' });
    expect(swap.schemaVersion).toBe(2);
    expect((await b.ok('contacts.get', { id: 7 })).name).toBe('Old Timer');
    expect((await b.ok('contacts.list', { query: 'old' })).rows.map((r) => r.id)).toEqual([7]);
  });

  async function refusedRestore(b: HeldBook, file: string, code: string, pattern: RegExp) {
    const snap = snapshotTables(b.holder.db);
    const before = { data: fs.readdirSync(b.dir).sort(), backups: names(b) };
    b.events.length = 0;
    const error = await b.fails('backups.restore', { file });
    expect(error.code, JSON.stringify(error)).toBe(code);
    expect(error.message).toMatch(pattern);
    expect(snapshotTables(b.holder.db)).toEqual(snap);
    expect({ data: fs.readdirSync(b.dir).sort(), backups: names(b) }).toEqual(before);
    expect(b.events.filter((e) => e.name === 'changed')).toEqual([]);
  }

  test('a corrupt, foreign, newer or incomplete backup is refused before anything is touched', async () => {
    const b = await withContacts(2);
    const dir = backupsOf(b);
    const good = await b.ok('backups.now', {});
    const bytes = fs.readFileSync(path.join(dir, good.file));

    fs.writeFileSync(path.join(dir, 'manual-junk.db'), Buffer.from('this is not a database at all, just junk text '.repeat(200)));
    await refusedRestore(b, 'manual-junk.db', 'invalid_input', /cannot be restored: it is not a Rapport book \(not an SQLite database\).*not been touched/);

    fs.writeFileSync(path.join(dir, 'manual-truncated.db'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    await refusedRestore(b, 'manual-truncated.db', 'invalid_input', /cannot be restored: .*(damaged|cannot be opened|not a Rapport)/);

    // Damage a page in the middle of a whole file.
    const damaged = Buffer.from(bytes);
    damaged.fill(0x5a, 4096, damaged.length - 4096);
    fs.writeFileSync(path.join(dir, 'manual-damaged.db'), damaged);
    await refusedRestore(b, 'manual-damaged.db', 'invalid_input', /cannot be restored/);

    const foreign = new Database(path.join(dir, 'manual-foreign.db'));
    foreign.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    foreign.close();
    await refusedRestore(b, 'manual-foreign.db', 'invalid_input', /not a Rapport book \(it has no Rapport schema\)/);

    const partial = new Database(path.join(dir, 'manual-partial.db'));
    partial.exec('CREATE TABLE contacts (id INTEGER PRIMARY KEY)');
    partial.pragma('user_version = 2');
    partial.close();
    await refusedRestore(b, 'manual-partial.db', 'invalid_input', /not a whole Rapport book \(missing/);

    fs.copyFileSync(path.join(dir, good.file), path.join(dir, 'manual-newer.db'));
    const newer = new Database(path.join(dir, 'manual-newer.db'));
    newer.pragma('user_version = 999');
    newer.close();
    await refusedRestore(b, 'manual-newer.db', 'invalid_input', /newer version of Rapport \(schema 999/);

    fs.writeFileSync(path.join(dir, 'manual-empty.db'), '');
    await refusedRestore(b, 'manual-empty.db', 'invalid_input', /not a Rapport book/);
  });

  test('only files inside the backups folder: no paths, no links, no tricks', async () => {
    const b = await withContacts(1);
    const dir = backupsOf(b);
    await b.ok('backups.now', {});
    for (const file of ['../rapport.db', '/etc/passwd', 'a/b.db', '..\\rapport.db', '.hidden.db', 'x.sqlite', '', 'rapport.db\u0000.db']) {
      const error = await b.fails('backups.restore', { file });
      expect(error, file).toMatchObject({ code: 'invalid_input', field: 'file' });
      expect((await b.fails('backups.delete', { file })).code, file).toBe('invalid_input');
    }
    expect((await b.fails('backups.restore', { file: 'rapport.db' })).code).toBe('not_found');
    fs.symlinkSync(path.join(b.dir, 'rapport.db'), path.join(dir, 'manual-link.db'));
    await refusedRestore(b, 'manual-link.db', 'invalid_input', /not a backup file/);
    fs.mkdirSync(path.join(dir, 'manual-dir.db'));
    await refusedRestore(b, 'manual-dir.db', 'invalid_input', /not a backup file/);
    expect(fs.existsSync(path.join(b.dir, 'rapport.db'))).toBe(true);
  });
});

describe('the automatic schedule (fake clock and timers)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('a daily copy a minute after the start and when the day changes; retention keeps 7 daily and 4 weekly, never the others', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const b = await withContacts(1);
    const dir = backupsOf(b);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'before-restore-2020-01-01-000000.db'), 'kept');
    fs.writeFileSync(path.join(dir, 'before-migration-v1-to-v2-x.db'), 'kept');
    fs.writeFileSync(path.join(dir, 'manual-2020-01-01-000000.db'), 'kept');
    const scheduler = createBackupScheduler({ holder: b.holder, now: b.clock.now });
    scheduler.start();
    expect(scheduler.nextRunAt).toBe(T0 + BACKUP_FIRST_LOOK_MS);
    expect(names(b).filter((n) => n.startsWith('daily'))).toEqual([]);
    await vi.advanceTimersByTimeAsync(BACKUP_FIRST_LOOK_MS);
    await vi.waitFor(() => expect(names(b)).toContain('daily-2026-11-24.db'));
    await vi.waitFor(() => expect(scheduler.nextRunAt).toBe(T0 + BACKUP_CHECK_MS));

    // Within the day, nothing more.
    expect(await scheduler.runOnce()).toMatchObject({ skipped: 'done', made: null });

    // Forty days, an hour at a time: one copy per local day.
    for (let h = 0; h < 40 * 24; h++) {
      const t = b.clock.advance(BACKUP_CHECK_MS);
      await vi.advanceTimersByTimeAsync(BACKUP_CHECK_MS);
      // The look has run (a copy takes real time) and planned the next one.
      await vi.waitFor(() => expect(scheduler.nextRunAt).toBe(t + BACKUP_CHECK_MS));
    }
    expect(names(b)).toContain('daily-2027-01-03.db');
    const files = names(b);
    const daily = files.filter((n) => n.startsWith('daily-'));
    const weekly = files.filter((n) => n.startsWith('weekly-'));
    expect(daily).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03'].map((d) => `daily-${d}.db`));
    // The newest copy of each of the four weeks before: Sundays.
    expect(weekly).toEqual(['weekly-2026-W49-2026-12-06.db', 'weekly-2026-W50-2026-12-13.db', 'weekly-2026-W51-2026-12-20.db', 'weekly-2026-W52-2026-12-27.db']);
    expect(files).toEqual(expect.arrayContaining(['before-restore-2020-01-01-000000.db', 'before-migration-v1-to-v2-x.db', 'manual-2020-01-01-000000.db']));
    expect(files).toHaveLength(7 + 4 + 3);
    scheduler.stop();
    expect(scheduler.nextRunAt).toBeNull();
  });

  test('turned off, it makes and removes nothing', async () => {
    const b = await withContacts(1);
    await b.ok('backups.schedule', { auto: false });
    fs.mkdirSync(backupsOf(b), { recursive: true });
    for (let d = 1; d <= 20; d++) fs.writeFileSync(path.join(backupsOf(b), `daily-2026-10-${String(d).padStart(2, '0')}.db`), 'old');
    const scheduler = createBackupScheduler({ holder: b.holder, now: b.clock.now });
    expect(await scheduler.runOnce()).toEqual({ skipped: 'off', made: null, retention: null });
    expect(names(b)).toHaveLength(20);
    await b.ok('backups.schedule', { auto: true, keepDaily: 3, keepWeekly: 1 });
    const run = await scheduler.runOnce();
    expect(run.made?.file).toBe('daily-2026-11-24.db');
    expect(names(b)).toEqual(['daily-2026-10-19.db', 'daily-2026-10-20.db', 'daily-2026-11-24.db', 'weekly-2026-W42-2026-10-18.db']);
  });

  test('a failed automatic backup is logged and tried again an hour later', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const b = await withContacts(1);
    // The backups folder cannot be made: a file stands in its place.
    fs.writeFileSync(backupsOf(b), 'in the way');
    const logs: string[] = [];
    const scheduler = createBackupScheduler({ holder: b.holder, now: b.clock.now, log: (m) => logs.push(m), firstLookMs: 0 });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.waitFor(() => expect(logs).toHaveLength(1));
    expect(logs[0]).toMatch(/^backups: the automatic backup failed/);
    expect(scheduler.nextRunAt).toBe(T0 + BACKUP_CHECK_MS);
    fs.rmSync(backupsOf(b));
    b.clock.advance(BACKUP_CHECK_MS);
    await vi.advanceTimersByTimeAsync(BACKUP_CHECK_MS);
    await vi.waitFor(() => expect(names(b)).toEqual(['daily-2026-11-24.db']));
    scheduler.stop();
  });
});

describe('retention across days in any time zone', () => {
  test('a copy is named after the local day', async () => {
    const b = await withContacts(1);
    // 23:30 UTC on 24 November is already 25 November in Paris.
    b.clock.set(Date.UTC(2026, 10, 24, 23, 30));
    const scheduler = createBackupScheduler({ holder: b.holder, now: b.clock.now });
    expect((await scheduler.runOnce()).made?.file).toBe('daily-2026-11-25.db');
    b.clock.advance(DAY);
    expect((await scheduler.runOnce()).made?.file).toBe('daily-2026-11-26.db');
  });
});
