import path from 'node:path';
import type { WritableDB } from './connection';
import { createPrivateFile, ensurePrivateDir } from './durable';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations/index';

export class NewerBookError extends Error {
  constructor(readonly fileVersion: number, readonly appVersion: number) {
    super(
      `This book was written by a newer version of Rapport (schema ${fileVersion}; this app knows up to ${appVersion}). ` +
        'Update Rapport to open it; the file has not been changed.',
    );
    this.name = 'NewerBookError';
  }
}

export interface MigrateOptions {
  /** Where a copy of an existing file goes before it is migrated; none for a new file. */
  backupDir?: string;
  file?: string;
  now?: () => number;
  migrations?: readonly Migration[];
}

export interface MigrateOutcome {
  from: number;
  to: number;
  backupFile: string | null;
}

export function schemaVersion(db: WritableDB): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the file to the latest schema: every pending migration runs in one transaction and the
 * version is set at its end, so a crash leaves the file either wholly old or wholly new.
 */
export function migrate(db: WritableDB, options: MigrateOptions = {}): MigrateOutcome {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.at(-1)?.version ?? 0;
  const from = schemaVersion(db);
  if (from > latest) throw new NewerBookError(from, latest);
  if (from === latest) return { from, to: from, backupFile: null };

  let backupFile: string | null = null;
  const hasData = from > 0;
  if (hasData && options.backupDir && options.file) {
    ensurePrivateDir(options.backupDir);
    const stamp = new Date((options.now ?? Date.now)()).toISOString().replace(/[:.]/g, '-');
    backupFile = path.join(options.backupDir, `before-migration-v${from}-to-v${latest}-${stamp}.db`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    // VACUUM INTO writes a consistent, compact copy through SQLite itself, into an empty file
    // made readable by the owner only.
    createPrivateFile(backupFile);
    db.prepare('VACUUM INTO ?').run(backupFile);
  }

  db.transaction(() => {
    for (const m of migrations) {
      if (m.version > from) m.up(db);
    }
    db.pragma(`user_version = ${latest}`);
  })();
  return { from, to: latest, backupFile };
}

export { LATEST_VERSION };
