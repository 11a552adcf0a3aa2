import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { openBook } from '../../electron/db/book';
import { openConnection, type WritableDB } from '../../electron/db/connection';
import { listContacts } from '../../electron/db/contacts';
import { LATEST_VERSION, migrate, NewerBookError, schemaVersion } from '../../electron/db/migrate';
import { MIGRATIONS, type Migration } from '../../electron/db/migrations/index';
import { migration001 } from '../../electron/db/migrations/001-contacts';
import { contactListSchema, STAGES, type ContactListQuery } from '../../shared/contract/index';
import { makeTempDir, onCleanup, openTestBook, snapshotTables, T0 } from '../helpers/book';

function open(file: string): WritableDB {
  const db = openConnection(file);
  onCleanup(() => {
    if (db.open) db.close();
  });
  return db;
}

/** The files of a folder with their bytes, to prove nothing was written. */
function folderBytes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    out[name] = fs.statSync(full).isFile() ? fs.readFileSync(full).toString('base64') : '(dir)';
  }
  return out;
}

/** A book at the latest schema with a few contacts in it, closed. */
async function bookWithContacts(dir: string): Promise<void> {
  const t = openTestBook({ dir });
  const shop = await t.ok('contacts.create', { name: 'Shop', kind: 'business', tags: ['b2b'] });
  await t.ok('contacts.create', { name: 'Émile', businessId: shop.id, emails: [{ value: 'e@example.com' }], phones: [{ value: '555 0102' }], tags: ['vip'] });
  await t.ok('contacts.create', { name: 'Ana', addresses: [{ city: 'Lyon' }], birthday: { month: 2, day: 29 } });
  await t.ok('settings.update', { theme: 'dark' });
  t.book.close();
}

describe('a fresh book', () => {
  test('is migrated to the latest version with its pragmas and STRICT tables', () => {
    const dir = makeTempDir();
    const book = openBook(dir);
    onCleanup(() => book.close());
    const { db } = book;
    expect(book.migration).toEqual({ from: 0, to: LATEST_VERSION, backupFile: null });
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false); // nothing to back up in a new file

    const tables = db.pragma('table_list') as { schema: string; name: string; type: string; strict: number }[];
    const ours = tables.filter((tb) => tb.schema === 'main' && tb.type === 'table' && !tb.name.startsWith('sqlite_') && !tb.name.startsWith('contacts_fts'));
    expect(ours.map((tb) => tb.name).sort()).toEqual([
      'contact_addresses',
      'contact_emails',
      'contact_figures',
      'contact_notes',
      'contact_phones',
      'contact_tags',
      'contacts',
      'figures_state',
      'follow_ups',
      'interactions',
      'nps_answers',
      'purchases',
      'record_days',
      'referrals',
      'settings',
      'tags',
      'time_entries',
      'timer',
    ]);
    for (const table of ours) expect(table.strict, `${table.name} is STRICT`).toBe(1);
    expect(tables.find((tb) => tb.name === 'contacts_fts')?.type).toBe('virtual');
  });

  test('every foreign key has an index that starts with its column', () => {
    const book = openBook(makeTempDir());
    onCleanup(() => book.close());
    const { db } = book;
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'contacts_fts%'").all();
    let checked = 0;
    for (const { name } of tables) {
      const fks = db.pragma(`foreign_key_list(${name})`) as { from: string }[];
      const indexes = db.pragma(`index_list(${name})`) as { name: string }[];
      const firstColumns = indexes.map((ix) => (db.pragma(`index_info(${ix.name})`) as { name: string }[])[0]?.name);
      // An INTEGER PRIMARY KEY is the table's own b-tree key: as good as an index.
      const rowidKey = (db.pragma(`table_info(${name})`) as { name: string; type: string; pk: number }[]).find((c) => c.pk === 1 && c.type === 'INTEGER')?.name;
      if (rowidKey) firstColumns.push(rowidKey);
      for (const fk of fks) {
        expect(firstColumns, `${name}.${fk.from}`).toContain(fk.from);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });

  test('opening again at the latest version changes nothing and makes no backup', async () => {
    const dir = makeTempDir();
    await bookWithContacts(dir);
    const again = openBook(dir);
    onCleanup(() => again.close());
    expect(again.migration).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION, backupFile: null });
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
  });
});

describe('a book from a newer version', () => {
  test('is refused with NewerBookError and left byte for byte as it was', async () => {
    const dir = makeTempDir();
    await bookWithContacts(dir);
    const raw = new Database(path.join(dir, 'rapport.db'));
    raw.pragma('user_version = 999');
    raw.close();
    const before = folderBytes(dir);
    expect(Object.keys(before)).toEqual(['rapport.db']);

    let error: unknown;
    try {
      openBook(dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(NewerBookError);
    expect(error).toMatchObject({ fileVersion: 999, appVersion: LATEST_VERSION });
    expect((error as Error).message).toMatch(/newer version of Rapport/);
    expect(folderBytes(dir)).toEqual(before);
  });

  test('migrate() itself refuses before touching anything', () => {
    const db = open(path.join(makeTempDir(), 'x.db'));
    migrate(db);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    const before = snapshotTables(db);
    expect(() => migrate(db)).toThrow(NewerBookError);
    expect(snapshotTables(db)).toEqual(before);
  });
});

describe('a failing migration', () => {
  // The next version after the app's own: the book under test is at LATEST_VERSION.
  const failing: Migration = {
    version: LATEST_VERSION + 1,
    description: 'writes a little, then fails',
    up(db) {
      db.exec('CREATE TABLE half_done (x INTEGER) STRICT');
      db.exec("UPDATE contacts SET name = 'overwritten'");
      db.exec('DELETE FROM contact_emails');
      throw new Error('boom');
    },
  };

  test('rolls back to the previous version with every row intact (a backup was made first)', async () => {
    const dir = makeTempDir();
    await bookWithContacts(dir);
    const file = path.join(dir, 'rapport.db');
    const db = open(file);
    const before = snapshotTables(db);
    expect(() => migrate(db, { file, backupDir: path.join(dir, 'backups'), now: () => T0, migrations: [...MIGRATIONS, failing] })).toThrow('boom');
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(snapshotTables(db)).toEqual(before);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(fs.readdirSync(path.join(dir, 'backups'))).toHaveLength(1);
    db.close();
    // The app opens it as before.
    const t = openTestBook({ dir });
    expect((await t.ok('contacts.list', {})).total).toBe(3);
  });

  test('all pending migrations run in one transaction: a failure in the second undoes the first', () => {
    const db = open(path.join(makeTempDir(), 'new.db'));
    expect(() => migrate(db, { migrations: [...MIGRATIONS, failing] })).toThrow('boom');
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'").pluck().get()).toBe(0);
  });
});

describe('migrating an existing book', () => {
  const addNickname: Migration = {
    version: LATEST_VERSION + 1,
    description: 'a nickname for every contact',
    up(db) {
      db.exec("ALTER TABLE contacts ADD COLUMN nickname TEXT NOT NULL DEFAULT ''");
      db.exec("UPDATE contacts SET nickname = lower(name) WHERE kind = 'person'");
    },
  };

  test('copies the file to a backup first; the backup opens and holds the old rows', async () => {
    const dir = makeTempDir();
    await bookWithContacts(dir);
    const file = path.join(dir, 'rapport.db');
    const db = open(file);
    const before = snapshotTables(db);
    const contactsBefore = db.prepare('SELECT * FROM contacts ORDER BY id').all() as Record<string, unknown>[];

    const outcome = migrate(db, { file, backupDir: path.join(dir, 'backups'), now: () => T0, migrations: [...MIGRATIONS, addNickname] });
    expect(outcome.from).toBe(LATEST_VERSION);
    expect(outcome.to).toBe(LATEST_VERSION + 1);
    expect(outcome.backupFile).toBe(
      path.join(dir, 'backups', `before-migration-v${LATEST_VERSION}-to-v${LATEST_VERSION + 1}-2026-11-24T09-00-00-000Z.db`),
    );
    expect(schemaVersion(db)).toBe(LATEST_VERSION + 1);

    // The migrated book: same rows plus the new column.
    const contactsAfter = db.prepare('SELECT * FROM contacts ORDER BY id').all() as Record<string, unknown>[];
    expect(contactsAfter.map(({ nickname: _n, ...rest }) => rest)).toEqual(contactsBefore);
    expect(contactsAfter.map((c) => c.nickname)).toEqual(['', 'Émile', 'ana']); // SQLite's lower() folds ASCII only
    const { contacts: _c, '(schema)': _s, '(user_version)': _v, ...otherTables } = before;
    const { contacts: _c2, '(schema)': _s2, '(user_version)': _v2, ...otherAfter } = snapshotTables(db);
    expect(otherAfter).toEqual(otherTables);

    // The backup: a whole, consistent copy of the old book.
    const backupFile = outcome.backupFile ?? '';
    const backup = new Database(backupFile, { readonly: true, fileMustExist: true });
    onCleanup(() => {
      backup.close();
    });
    expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(snapshotTables(backup)).toEqual(before);
    expect((backup.pragma('table_info(contacts)') as { name: string }[]).map((c) => c.name)).not.toContain('nickname');
  });

  test('openBook with the real list on an up-to-date file makes no backup; a new file none either', () => {
    const dir = makeTempDir();
    const book = openBook(dir);
    book.close();
    const again = openBook(dir);
    again.close();
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
  });

  test('migration 001 from an empty file gives the tables the API needs', async () => {
    const file = path.join(makeTempDir(), 'm.db');
    const db = open(file);
    expect(migrate(db, { migrations: [migration001] })).toEqual({ from: 0, to: 1, backupFile: null });
    const names = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type IN ('table') ORDER BY name").all().map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['contacts', 'contacts_fts', 'contact_emails', 'contact_phones', 'contact_addresses', 'tags', 'contact_tags', 'settings']));
  });
});

describe('hot queries use their indexes (EXPLAIN QUERY PLAN)', () => {
  function plan(db: WritableDB, sql: string): string[] {
    const params = (sql.match(/\?/g) ?? []).map(() => 1);
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
  }

  async function seed(t: ReturnType<typeof openTestBook>) {
    for (let i = 0; i < 300; i++) {
      await t.ok('contacts.create', {
        name: `Person ${String(i).padStart(3, '0')}`,
        stage: STAGES[i % STAGES.length],
        source: ['Web', 'Referral', ''][i % 3],
        tags: i % 5 === 0 ? ['vip'] : ['other'],
        emails: [{ value: `p${i}@example.com` }],
      });
    }
    for (let id = 1; id <= 300; id += 37) await t.ok('contacts.delete', { id });
  }

  /**
   * The plans of every statement `listContacts` prepares for these options, whatever their shape
   * (a count, a page, a deferred join...). A fresh proxy of the connection has an empty statement
   * cache, so every statement is prepared, and caught on its way into better-sqlite3.
   */
  function plansFor(db: WritableDB, query: ContactListQuery): { sql: string; plan: string[] }[] {
    const seen: string[] = [];
    const spy = new Proxy(db, {
      get(target, prop) {
        if (prop === 'prepare') {
          return (sql: string) => {
            seen.push(sql);
            return target.prepare(sql);
          };
        }
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const page = listContacts(spy, { ...contactListSchema.parse(query), now: T0 });
    expect(page.rows.length).toBeGreaterThan(0);
    const touchingContacts = seen.filter((sql) => /\bcontacts\b/.test(sql) && !/^SELECT max\(id\)/.test(sql));
    expect(touchingContacts.length).toBeGreaterThanOrEqual(1);
    return touchingContacts.map((sql) => ({ sql, plan: plan(db, sql) }));
  }

  /** A table read from end to end without an index ("SCAN c"), not a subquery's or FTS5's own scan. */
  const FULL_SCAN = /^SCAN (c|b|ct|t|contacts|contact_tags|contact_emails|contact_phones|tags)$/;

  function expectNoFullScan(plans: { sql: string; plan: string[] }[]) {
    for (const { sql, plan: lines } of plans) {
      for (const line of lines) expect(line, `${sql}\n--\n${lines.join('\n')}`).not.toMatch(FULL_SCAN);
    }
  }

  const planText = (plans: { plan: string[] }[]) => plans.map((p) => p.plan.join('\n')).join('\n');

  for (const analyzed of [false, true]) {
    describe(analyzed ? 'after ANALYZE (as PRAGMA optimize leaves a used book)' : 'without statistics', () => {
      let db: WritableDB;
      beforeEach(async () => {
        const t = openTestBook({ dir: makeTempDir() });
        await seed(t);
        db = t.db;
        if (analyzed) db.exec('ANALYZE');
      });

      test('the default list (by name, both ways, first and last page) goes through contacts_by_name', () => {
        for (const query of [{}, { direction: 'desc' }, { offset: 250 }] as ContactListQuery[]) {
          const plans = plansFor(db, query);
          expectNoFullScan(plans);
          expect(planText(plans)).toMatch(/USING (COVERING )?INDEX contacts_by_name/);
        }
      });

      test('the stage filter searches contacts_by_stage', () => {
        const plans = plansFor(db, { stage: 'customer' });
        expectNoFullScan(plans);
        expect(planText(plans)).toMatch(/SEARCH c USING (COVERING )?INDEX contacts_by_stage \(stage=\?\)/);
      });

      test('the tag filter goes through contact_tags_by_tag or the name index, never a full scan', () => {
        for (const query of [{ tag: 'vip' }, { tag: 'other' }, { tag: 'vip', sort: 'created' }] as ContactListQuery[]) {
          const plans = plansFor(db, query);
          expectNoFullScan(plans);
          expect(planText(plans)).toMatch(/contact_tags_by_tag \(tag_id=\?\)|contacts_by_(name|created)/);
        }
      });

      test('the source and kind filters, sorts by date and the search use indexes', () => {
        for (const query of [
          { source: 'web' },
          { kind: 'person' },
          { kind: 'person', stage: 'lead' },
          { sort: 'created' },
          { sort: 'updated', direction: 'desc' },
          { stage: 'lead', sort: 'created' },
          { query: 'person 01' },
          { query: 'person', sort: 'relevance' },
        ] as ContactListQuery[]) {
          expectNoFullScan(plansFor(db, query));
        }
        expect(planText(plansFor(db, { source: 'web' }))).toMatch(/contacts_by_source/);
        expect(planText(plansFor(db, { sort: 'created' }))).toMatch(/contacts_by_created/);
        expect(planText(plansFor(db, { query: 'person 01' }))).toMatch(/VIRTUAL TABLE INDEX/);
      });
    });
  }
});

describe('migration 002: the record tables', () => {
  test('a book at version 1 keeps every contact and gains empty record tables', () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'rapport.db');
    const db = open(file);
    migrate(db, { migrations: [migration001] });
    db.prepare(
      "INSERT INTO contacts (kind, name, sort_name, stage, created_at, updated_at) VALUES ('person', 'Ana Lima', 'ana lima', 'customer', ?, ?)",
    ).run(T0, T0);
    const before = snapshotTables(db);

    const outcome = migrate(db, { file, backupDir: path.join(dir, 'backups'), now: () => T0, migrations: MIGRATIONS.slice(0, 2) });
    expect(outcome).toMatchObject({ from: 1, to: 2 });
    expect(outcome.backupFile).not.toBeNull();
    const after = snapshotTables(db);
    for (const table of ['contacts', 'contact_emails', 'tags', 'settings']) expect(after[table]).toEqual(before[table]);
    for (const table of ['interactions', 'purchases', 'contact_notes', 'time_entries', 'timer', 'follow_ups', 'referrals', 'nps_answers']) {
      expect(after[table], table).toEqual([]);
    }
    // The new tables enforce their rules: a purchase of nothing, a self-referral.
    expect(() => db.prepare('INSERT INTO purchases (contact_id, occurred_at, amount, created_at, updated_at) VALUES (1, ?, 0, ?, ?)').run(T0, T0, T0)).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO referrals (referrer_id, referred_id, referred_at, status, created_at, updated_at) VALUES (1, 1, ?, 'pending', ?, ?)").run(T0, T0, T0),
    ).toThrow(/CHECK/);
  });
});

describe('migration 003: per-contact figures', () => {
  test('a book at version 2 keeps every record, gains the figures table, and opening computes them', () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'rapport.db');
    const db = open(file);
    migrate(db, { migrations: MIGRATIONS.slice(0, 2) });
    db.prepare("INSERT INTO contacts (kind, name, sort_name, stage, created_at, updated_at) VALUES ('person', 'Ana Lima', 'ana lima', 'customer', ?, ?)").run(T0, T0);
    db.prepare(
      "INSERT INTO interactions (contact_id, channel, direction, occurred_at, minutes, cost, created_at, updated_at) VALUES (1, 'phone', 'outbound', ?, 120, 1000, ?, ?)",
    ).run(T0 - 1000, T0, T0);
    db.prepare('INSERT INTO purchases (contact_id, occurred_at, amount, created_at, updated_at) VALUES (1, ?, 10000, ?, ?)').run(T0 - 1000, T0, T0);
    const before = snapshotTables(db);

    const outcome = migrate(db, { file, backupDir: path.join(dir, 'backups'), now: () => T0, migrations: MIGRATIONS.slice(0, 3) });
    expect(outcome).toMatchObject({ from: 2, to: 3 });
    const after = snapshotTables(db);
    for (const table of Object.keys(before).filter((name) => !name.startsWith('('))) expect(after[table], table).toEqual(before[table]);
    expect(after['contact_figures']).toEqual([]);
    expect(db.prepare('SELECT as_of FROM figures_state').pluck().get()).toBeNull();
    db.close();

    // Opening the book computes the figures once (as_of was NULL): 120 minutes at 50.00 plus 10.00.
    const book = openBook(dir, { now: () => T0 });
    onCleanup(() => book.close());
    expect(book.db.prepare('SELECT invested, total_return, ror FROM contact_figures WHERE contact_id = 1').get()).toEqual({
      invested: 11000,
      total_return: 10000,
      ror: 10000 / 11000,
    });
    expect(book.db.prepare('SELECT as_of FROM figures_state').pluck().get()).toBe(T0);
  });
});

describe('migration 004: day sums for Insights', () => {
  /** What record_days must hold: every record not in the trash, summed by UTC day (floor). */
  function expectedDays(db: WritableDB): unknown[] {
    return db
      .prepare(
        `SELECT day, sum(minutes) AS minutes, sum(costs) AS costs, sum(revenue) AS revenue FROM (
           SELECT CAST(floor(occurred_at / 86400000.0) AS INTEGER) AS day, minutes, cost AS costs, 0 AS revenue FROM interactions WHERE deleted_at IS NULL
           UNION ALL SELECT CAST(floor(occurred_at / 86400000.0) AS INTEGER), 0, 0, amount FROM purchases WHERE deleted_at IS NULL
           UNION ALL SELECT CAST(floor(started_at / 86400000.0) AS INTEGER), minutes, 0, 0 FROM time_entries WHERE deleted_at IS NULL)
         GROUP BY day HAVING sum(minutes) <> 0 OR sum(costs) <> 0 OR sum(revenue) <> 0 ORDER BY day`,
      )
      .all();
  }
  const days = (db: WritableDB) => db.prepare('SELECT day, minutes, costs, revenue FROM record_days ORDER BY day').all();

  test('a book at version 3 gets the sums of its records; every write keeps them', () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'rapport.db');
    const db = open(file);
    migrate(db, { migrations: MIGRATIONS.slice(0, 3) });
    const contact = db.prepare("INSERT INTO contacts (kind, name, sort_name, created_at, updated_at) VALUES ('person', ?, ?, ?, ?)");
    const ana = Number(contact.run('Ana', 'ana', T0, T0).lastInsertRowid);
    const ben = Number(contact.run('Ben', 'ben', T0, T0).lastInsertRowid);
    const interaction = db.prepare(
      "INSERT INTO interactions (contact_id, channel, direction, occurred_at, minutes, cost, created_at, updated_at, deleted_at) VALUES (?, 'phone', 'outbound', ?, ?, ?, ?, ?, ?)",
    );
    const purchase = db.prepare('INSERT INTO purchases (contact_id, occurred_at, amount, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?)');
    const time = db.prepare("INSERT INTO time_entries (contact_id, activity, started_at, minutes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
    interaction.run(ana, T0 - 86_400_000, 30, 500, T0, T0, null);
    interaction.run(ana, T0 - 86_400_000 + 3_600_000, 15, 0, T0, T0, null);
    interaction.run(ben, T0, 45, 0, T0, T0, T0); // in the trash
    purchase.run(ben, T0, 12000, T0, T0, null);
    purchase.run(ben, Date.UTC(1969, 11, 31, 23), -500, T0, T0, null); // before 1970: floor, not truncation
    time.run(null, 'Posting', T0 - 3 * 86_400_000, 60, T0, T0);
    const before = snapshotTables(db);

    migrate(db, { migrations: MIGRATIONS.slice(0, 4) });
    const after = snapshotTables(db);
    for (const table of ['contacts', 'interactions', 'purchases', 'time_entries']) expect(after[table]).toEqual(before[table]);
    expect(days(db)).toEqual(expectedDays(db));
    expect(days(db)).toContainEqual({ day: -1, minutes: 0, costs: 0, revenue: -500 });
    expect(days(db)).toHaveLength(4);

    // Every kind of write keeps the sums: insert, move, change, to the trash and back, delete for good.
    const check = () => expect(days(db)).toEqual(expectedDays(db));
    const id = Number(interaction.run(ben, T0 + 7_200_000, 20, 100, T0, T0, null).lastInsertRowid);
    check();
    db.prepare('UPDATE interactions SET occurred_at = ? WHERE id = ?').run(T0 - 40 * 86_400_000, id);
    check();
    db.prepare('UPDATE interactions SET minutes = 25, cost = 0 WHERE id = ?').run(id);
    check();
    db.prepare('UPDATE purchases SET deleted_at = ? WHERE amount = 12000').run(T0);
    check();
    db.prepare('UPDATE purchases SET deleted_at = NULL, amount = 13000 WHERE amount = 12000').run();
    check();
    db.prepare('UPDATE interactions SET deleted_at = NULL WHERE deleted_at IS NOT NULL').run();
    check();
    db.prepare('UPDATE time_entries SET started_at = started_at + 3600000, minutes = 90').run();
    check();
    db.prepare('DELETE FROM interactions WHERE id = ?').run(id);
    check();
    db.prepare('DELETE FROM contacts WHERE id = ?').run(ben); // its records go by the cascade
    check();
    expect(db.prepare('SELECT count(*) FROM purchases').pluck().get()).toBe(0);
    // A day whose records are all gone leaves no row behind.
    db.prepare('DELETE FROM time_entries').run();
    db.prepare('DELETE FROM interactions').run();
    expect(days(db)).toEqual([]);
  });
});

describe('migration 006: a contentless search index', () => {
  test('a book at version 5 is found by search after the upgrade; the migration only flags the index, the book rebuilds it', () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'rapport.db');
    const db = open(file);
    migrate(db, { migrations: MIGRATIONS.slice(0, 5) });
    const contact = db.prepare("INSERT INTO contacts (kind, name, sort_name, notes, created_at, updated_at) VALUES ('person', ?, ?, ?, ?, ?)");
    contact.run('Émile Zola', 'emile zola', 'Writes about the market', T0, T0);
    contact.run('Ana Lima', 'ana lima', '', T0, T0);
    const before = snapshotTables(db);

    // The migration alone: the table is contentless and empty, and the book is told to rebuild it.
    migrate(db, { migrations: MIGRATIONS.slice(0, 6) });
    expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'contacts_fts'").pluck().get()).toMatch(/content = ''[\s\S]*contentless_delete = 1/);
    expect(db.prepare('SELECT count(*) FROM contacts_fts').pluck().get()).toBe(0);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'search.rebuild'").pluck().get()).toBe('true');
    // Every other table is as it was.
    const after = snapshotTables(db);
    for (const table of Object.keys(before).filter((t) => !t.startsWith('contacts_fts') && !t.startsWith('(') && t !== 'settings')) expect(after[table], table).toEqual(before[table]);
    db.close();

    // Opening the book finishes the job with the app's own search rows, and clears the flag.
    const book = openBook(dir, { now: () => T0 });
    onCleanup(() => book.close());
    expect(book.db.prepare("SELECT count(*) FROM settings WHERE key = 'search.rebuild'").pluck().get()).toBe(0);
    expect(book.db.prepare("SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH 'emile'").pluck().all()).toEqual([1]);
    expect(book.db.prepare("SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH 'market'").pluck().all()).toEqual([1]);
    expect(book.db.prepare("SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH 'lima'").pluck().all()).toEqual([2]);
  });
});

describe('migration 005: contact UIDs', () => {
  test('a book at version 4 keeps every contact, with no UID; a UID is unique, many contacts have none', () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'rapport.db');
    const db = open(file);
    migrate(db, { migrations: MIGRATIONS.slice(0, 4) });
    const contact = db.prepare("INSERT INTO contacts (kind, name, sort_name, created_at, updated_at) VALUES ('person', ?, ?, ?, ?)");
    contact.run('Ana', 'ana', T0, T0);
    contact.run('Ben', 'ben', T0, T0);
    migrate(db, { migrations: MIGRATIONS.slice(0, 5) });
    expect(db.prepare('SELECT name, uid FROM contacts ORDER BY id').all()).toEqual([
      { name: 'Ana', uid: null },
      { name: 'Ben', uid: null },
    ]);
    db.prepare("UPDATE contacts SET uid = 'urn:uuid:1' WHERE name = 'Ana'").run();
    expect(() => db.prepare("UPDATE contacts SET uid = 'urn:uuid:1' WHERE name = 'Ben'").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("UPDATE contacts SET uid = '' WHERE name = 'Ben'").run()).toThrow(/CHECK/);
  });
});
