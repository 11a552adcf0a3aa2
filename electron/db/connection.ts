import Database from 'better-sqlite3';

/**
 * Branded handles: a function that only reads takes a `ReadableDB`, one that writes takes a
 * `WritableDB`, so a read path cannot call a write by mistake.
 */
export type WritableDB = Database.Database & { readonly __writable: true };
export type ReadableDB = Database.Database | WritableDB;

// secure_delete: freed pages are zeroed, so an erased contact leaves no bytes behind in free space
// (measured: no cost per write at this size; privacy.erase relies on it).
// trusted_schema OFF: nothing in the schema (a trigger, a view) may call a function with side
// effects; the book is also checked to hold only the app's own schema before it is opened.
// fullfsync: on macOS a plain fsync leaves the write in the drive's cache, so a power cut could
// still lose a saved change (SQLite asks for F_FULLFSYNC then); elsewhere it changes nothing.
export const SQLITE_PRAGMAS = [
  'journal_mode = WAL',
  'foreign_keys = ON',
  'synchronous = FULL',
  'fullfsync = ON',
  'checkpoint_fullfsync = ON',
  'busy_timeout = 5000',
  'secure_delete = ON',
  'trusted_schema = OFF',
] as const;

/** Opens a book file with the pragmas every connection must have. */
export function openConnection(file: string, options: { readonly?: boolean } = {}): WritableDB {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  for (const pragma of SQLITE_PRAGMAS) {
    if (options.readonly && pragma.startsWith('journal_mode')) continue;
    db.pragma(pragma);
  }
  return db as WritableDB;
}

/** Statements are prepared once per connection and reused. */
const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
export function stmt<P extends unknown[] = unknown[], R = unknown>(db: ReadableDB, sql: string): Database.Statement<P, R> {
  let byText = cache.get(db);
  if (!byText) {
    byText = new Map();
    cache.set(db, byText);
  }
  let s = byText.get(sql);
  if (!s) {
    s = db.prepare(sql);
    byText.set(sql, s);
  }
  return s as Database.Statement<P, R>;
}
