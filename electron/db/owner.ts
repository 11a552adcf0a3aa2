import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StorageError, storageErrorOf } from './storage-errors';
import { createPrivateFile } from './durable';

/**
 * One process owns the book. The fence is SQLite's own file lock, not a lock file that must be
 * kept fresh: the owner holds an exclusive lock on `owner.lock` (a tiny SQLite file beside the
 * book) for as long as it runs. The operating system keeps that lock while the process lives,
 * even suspended or asleep for hours, and drops it the moment the process dies (kill -9, a power
 * cut), so there is nothing to go stale: a second Rapport is refused for exactly as long as the
 * first exists, and a restart after a crash opens at once.
 *
 * The lock is taken on a file that is never swapped, so it also covers the moment of a restore or
 * an import when the book itself is closed. `assertHeld()` checks before every write that the file
 * we hold is still the one in the folder (someone could delete the folder's contents under us);
 * a process whose lock file is gone stops acknowledging writes.
 */
export const OWNER_FILE = 'owner.lock';

export class NotOwnerError extends Error {
  constructor(readonly dataDir: string) {
    super(`Another Rapport is using the book in ${dataDir}. Close it first (the desktop app and browser mode cannot share a book).`);
    this.name = 'NotOwnerError';
  }
}

export interface Ownership {
  readonly file: string;
  /** Throws unless this process still holds the data folder's lock. */
  assertHeld(): void;
  release(): void;
}

export function takeOwnership(dataDir: string): Ownership {
  const file = path.join(dataDir, OWNER_FILE);
  let db: Database.Database;
  try {
    createPrivateFile(file);
    // timeout 0: a lock held by another process is an answer, not something to wait for.
    db = new Database(file, { timeout: 0 });
  } catch (err) {
    throw storageErrorOf(err, { dataDir, what: 'folder' }) ?? err;
  }
  try {
    // No journal file beside it, and the lock is kept after the first transaction, not released.
    db.pragma('journal_mode = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (err) {
    db.close();
    const code = (err as { code?: string }).code ?? '';
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw new NotOwnerError(dataDir);
    throw storageErrorOf(err, { dataDir, what: 'folder' }) ?? err;
  }
  const held = fs.statSync(file);
  return {
    file,
    assertHeld() {
      if (!db.open) throw new NotOwnerError(dataDir);
      let now: fs.Stats;
      try {
        now = fs.statSync(file);
      } catch {
        throw new StorageError('lost_ownership', `Rapport's lock in ${dataDir} has gone (was the folder moved or emptied?). Nothing more is saved: restart Rapport.`);
      }
      if (now.ino !== held.ino || now.dev !== held.dev) {
        throw new StorageError('lost_ownership', `Rapport's lock in ${dataDir} was replaced: another Rapport may be using the book. Nothing more is saved: restart Rapport.`);
      }
    },
    release() {
      if (db.open) db.close();
    },
  };
}
