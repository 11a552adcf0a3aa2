import fs from 'node:fs';
import path from 'node:path';
import type { ErrorCode } from '../../shared/contract/index';

/**
 * What the disk said, in the owner's words. A full disk, a read-only folder or file and a failing
 * disk each get their own message that names the cause and what to do, instead of "internal error,
 * try again" (which would send the owner into a loop that can never succeed).
 */
export type StorageProblem = 'disk_full' | 'read_only' | 'io_error' | 'lost_ownership';

export class StorageError extends Error {
  constructor(
    readonly problem: StorageProblem,
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }

  get apiCode(): ErrorCode {
    return this.problem === 'lost_ownership' ? 'unavailable' : this.problem;
  }
}

/** Where the failing write was going: the book, the data folder, the backups folder, or a file in it. */
export interface StorageContext {
  dataDir: string;
  what: 'book' | 'folder' | 'backups';
  /** The file being written, where it is not the book. */
  file?: string;
}

const FULL_SQLITE = new Set(['SQLITE_FULL']);
const FULL_ERRNO = new Set(['ENOSPC', 'EDQUOT']);
const READONLY_ERRNO = new Set(['EROFS', 'EACCES', 'EPERM']);

function writable(target: string): boolean {
  try {
    fs.accessSync(target, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The storage problem behind an error thrown by better-sqlite3 or by `fs`, or null when the error
 * is something else (a bug, a constraint): those stay as they are.
 */
export function storageErrorOf(err: unknown, context: StorageContext): StorageError | null {
  if (err instanceof StorageError) return err;
  if (typeof err !== 'object' || err === null) return null;
  const code = String((err as { code?: unknown }).code ?? '');
  const book = path.join(context.dataDir, 'rapport.db');
  const backups = path.join(context.dataDir, 'backups');
  const place =
    context.what === 'backups'
      ? `the backups folder (${backups})`
      : context.what === 'folder'
        ? `Rapport's data folder (${context.dataDir})`
        : `your book (${book})`;
  const unchanged = context.what === 'backups' ? 'Your book is unchanged.' : 'Nothing was saved.';

  if (FULL_SQLITE.has(code) || FULL_ERRNO.has(code)) {
    return new StorageError(
      'disk_full',
      `The disk is full, so Rapport could not write to ${place}. ${unchanged} Free some space on that disk (empty the bin, move large files), then try again.`,
    );
  }
  const readOnlyish = code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || READONLY_ERRNO.has(code);
  const ioError = code.startsWith('SQLITE_IOERR') || code === 'EIO';
  if (readOnlyish || ioError) {
    // SQLite does not say whether the file or its folder refused (a disk remounted read-only
    // mid-session even comes back as an I/O error): look.
    const dir = context.what === 'backups' ? backups : context.dataDir;
    const file = context.file ?? (context.what === 'book' ? book : null);
    if (!writable(dir)) {
      return new StorageError(
        'read_only',
        `Rapport cannot write in ${context.what === 'backups' ? 'the backups folder' : 'its data folder'} (${dir}): it is read-only. ${unchanged} ` +
          'Make the folder writable by you again (or move it off a read-only disk), then try again.',
      );
    }
    if (file && fs.existsSync(file) && !writable(file)) {
      return new StorageError(
        'read_only',
        `Rapport cannot write to ${file}: the file is read-only. ${unchanged} Make it writable by you again (its permissions, or the disk it is on), then restart Rapport.`,
      );
    }
    if (readOnlyish && code !== 'SQLITE_CANTOPEN') {
      return new StorageError('read_only', `Rapport was not allowed to write to ${place} (${code}). ${unchanged} Check the permissions of the folder and its files, then restart Rapport.`);
    }
    if (ioError) {
      return new StorageError(
        'io_error',
        `The disk reported an error while Rapport was writing to ${place} (${code}). ${unchanged} Check the disk; if it keeps happening, copy your backups somewhere safe and restore the newest one.`,
      );
    }
  }
  return null;
}

/**
 * Refuses, in words, to open a book that cannot be written: SQLite would open it read-only without
 * a word, and the first save would fail instead.
 */
export function assertWritable(context: StorageContext & { file: string }): void {
  if (writable(context.file)) return;
  const err = Object.assign(new Error(`${context.file} is not writable`), { code: 'EACCES' });
  throw storageErrorOf(err, context) ?? err;
}
