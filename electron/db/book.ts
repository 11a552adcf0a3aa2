import fs from 'node:fs';
import path from 'node:path';
import { openConnection, type WritableDB } from './connection';
import { installFigureTriggers, keepFiguresCurrent, markFiguresStaleIfPending } from './figures';
import { migrate, type MigrateOutcome } from './migrate';

export const DATABASE_FILE = 'rapport.db';

export interface OpenBook {
  db: WritableDB;
  file: string;
  migration: MigrateOutcome;
  close(): void;
}

/** Opens (or creates) the book in a data folder and brings its schema up to date. */
export function openBook(dataDir: string, options: { now?: () => number } = {}): OpenBook {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, DATABASE_FILE);
  const db = openConnection(file);
  try {
    const migration = migrate(db, { file, backupDir: path.join(dataDir, 'backups'), ...(options.now ? { now: options.now } : {}) });
    installFigureTriggers(db);
    // After a migration (or a day's change under a window) the figures are brought up to date now,
    // before the first call: at 100,000 contacts that is about a second, once.
    db.transaction(() => keepFiguresCurrent(db, (options.now ?? Date.now)()))();
    return {
      db,
      file,
      migration,
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
