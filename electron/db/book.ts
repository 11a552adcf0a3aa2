import fs from 'node:fs';
import path from 'node:path';
import { inspectBook } from './book-check';
import { openConnection, type WritableDB } from './connection';
import { rebuildSearch, searchIsStale } from './contacts';
import { createPrivateFile, ensurePrivateDir, makePrivate } from './durable';
import { installFigureTriggers, keepFiguresCurrent, markFiguresStaleIfPending } from './figures';
import { migrate, type MigrateOutcome } from './migrate';
import { assertWritable } from './storage-errors';

export const DATABASE_FILE = 'rapport.db';

export interface OpenBook {
  db: WritableDB;
  file: string;
  migration: MigrateOutcome;
  /** False while SQLite's quick check of the book is still to come (check: 'later'). */
  checked: boolean;
  close(): void;
}

export interface OpenBookOptions {
  now?: () => number;
  /**
   * How the file is looked at before anything is written to it (BookProblem when it fails):
   * - 'now' (the default): schema version, exactly the app's schema, SQLite's quick check;
   * - 'later': the same, but the quick check is the caller's, on a helper thread (it reads the
   *   whole file: seconds for a large book). Nothing is written at open then, unless opening must
   *   write (a migration, a book not in WAL mode yet), which is checked first all the same.
   * - 'skip': the caller has just made or checked the file itself.
   */
  check?: 'now' | 'later' | 'skip';
}

/**
 * Opens (or creates) the book in a data folder and brings its schema up to date. An existing file
 * is inspected first through a read-only connection: a damaged book, a book with a schema the app
 * did not make, or one from a newer version is refused (BookProblem) with its bytes unchanged.
 */
export function openBook(dataDir: string, options: OpenBookOptions = {}): OpenBook {
  ensurePrivateDir(dataDir);
  const file = path.join(dataDir, DATABASE_FILE);
  const check = options.check ?? 'now';
  let checked = true;
  if (fs.existsSync(file)) {
    if (check !== 'skip') checked = inspectBook(file, { quickCheck: check === 'now' ? true : 'migrating', label: 'your book' }).checked;
    // Books made before files were created private: the book and what SQLite keeps beside it.
    for (const suffix of ['', '-wal', '-shm']) makePrivate(file + suffix);
    assertWritable({ dataDir, what: 'book', file });
  } else {
    // SQLite gives the WAL and shm files the book's own permissions.
    createPrivateFile(file);
  }
  const db = openConnection(file);
  try {
    const migration = migrate(db, { file, backupDir: path.join(dataDir, 'backups'), ...(options.now ? { now: options.now } : {}) });
    // A migration that changed the search index leaves it to the app's own definition of a row.
    if (searchIsStale(db)) db.transaction(() => rebuildSearch(db))();
    installFigureTriggers(db);
    // After a migration (or a day's change under a window) the figures are brought up to date now,
    // before the first call: at 100,000 contacts that is about a second, once. Not before the
    // book's check: the holder does it then.
    if (checked) bringFiguresUpToDate(db, options.now ?? Date.now);
    return {
      db,
      file,
      migration,
      checked,
      close: () => {
        if (db.open) {
          markFiguresStaleIfPending(db);
          db.pragma('optimize');
          db.close();
        }
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Brings every figure up to date in one transaction (a no-op when they are). */
export function bringFiguresUpToDate(db: WritableDB, now: () => number): void {
  db.transaction(() => keepFiguresCurrent(db, now()))();
}
