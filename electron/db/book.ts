import fs from 'node:fs';
import path from 'node:path';
import { openConnection, type WritableDB } from './connection';
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
    return {
      db,
      file,
      migration,
      close: () => {
        if (db.open) {
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
