import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { WritableDB } from './connection';
import { NewerBookError } from './migrate';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index';

/**
 * Looks at a book file before anything is written to it or run in it: that it is an SQLite file
 * SQLite can read, of a schema version this app knows, holding exactly the schema the app's own
 * migrations make, and (when asked) that SQLite's quick check finds it whole.
 *
 * "Exactly the schema the app made": a trigger, view, table or index the migrations did not
 * create could run code on the owner's next save (an `AFTER INSERT ON contacts` trigger from a
 * doctored backup), so a book carrying one is refused before any statement touches its tables.
 * The expected schema comes from the migrations themselves, run on an empty in-memory book: one
 * source of truth, and a new migration needs nothing here.
 */

export type BookProblemCode = 'damaged' | 'foreign_schema' | 'not_a_book';

export class BookProblem extends Error {
  constructor(
    readonly code: BookProblemCode,
    message: string,
    /** For the log and the recovery screen: what exactly SQLite or the check found. */
    readonly detail: string,
  ) {
    super(message);
    this.name = 'BookProblem';
  }
}

export interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/**
 * Objects SQLite itself makes in any book: ANALYZE's statistics (PRAGMA optimize writes them) and
 * AUTOINCREMENT's counters. They hold numbers the query planner reads; they cannot run anything.
 */
const SQLITE_OWN = new Set(['sqlite_stat1', 'sqlite_stat2', 'sqlite_stat3', 'sqlite_stat4', 'sqlite_sequence']);

/** FTS5's shadow tables: plain tables SQLite makes for a virtual table, their text its own (it may change with SQLite). */
const SHADOW_SUFFIXES = ['_data', '_idx', '_content', '_docsize', '_config'];

const byVersion = new Map<number, Map<string, SchemaObject>>();

const keyOf = (o: Pick<SchemaObject, 'type' | 'name'>) => `${o.type}\u0000${o.name}`;

/** The schema the app's migrations make at `version`, keyed by type and name. */
export function expectedSchema(version: number): Map<string, SchemaObject> {
  let schema = byVersion.get(version);
  if (!schema) {
    const db = new Database(':memory:') as WritableDB;
    try {
      for (const m of MIGRATIONS) if (m.version <= version) m.up(db);
      schema = new Map(readSchema(db).map((o) => [keyOf(o), o]));
    } finally {
      db.close();
    }
    byVersion.set(version, schema);
  }
  return schema;
}

export function readSchema(db: Database.Database): SchemaObject[] {
  return db.prepare<[], SchemaObject>('SELECT type, name, tbl_name, sql FROM main.sqlite_schema ORDER BY type, name').all();
}

const describe = (o: SchemaObject) => `${o.type} "${o.name}"${o.type === 'trigger' || o.type === 'index' ? ` on ${o.tbl_name}` : ''}`;

export interface SchemaDifferences {
  /** Objects the app did not make ("a trigger "x" on contacts"). */
  foreign: string[];
  /** Objects the app made, changed since. */
  changed: string[];
  /** Objects the app makes that are not there. */
  missing: string[];
}

/**
 * What differs between a book's schema and the one the app makes at that version, in words, or
 * null when they are the same.
 */
export function schemaDifferences(found: readonly SchemaObject[], version: number): SchemaDifferences | null {
  const expected = expectedSchema(version);
  const virtualTables = [...expected.values()].filter((o) => o.type === 'table' && o.sql?.startsWith('CREATE VIRTUAL TABLE')).map((o) => o.name);
  const isShadow = (o: SchemaObject) => o.type === 'table' && virtualTables.some((v) => SHADOW_SUFFIXES.some((s) => o.name === v + s));
  const out: SchemaDifferences = { foreign: [], changed: [], missing: [] };
  const seen = new Set<string>();
  for (const o of found) {
    seen.add(keyOf(o));
    if (o.type === 'table' && SQLITE_OWN.has(o.name)) continue;
    if (isShadow(o)) continue;
    const want = expected.get(keyOf(o));
    if (!want) out.foreign.push(`a ${describe(o)} that Rapport did not make`);
    else if (want.sql !== o.sql || want.tbl_name !== o.tbl_name) out.changed.push(`a ${describe(o)} that is not as Rapport made it`);
  }
  for (const [key, o] of expected) if (!seen.has(key) && !isShadow(o)) out.missing.push(o.name);
  return out.foreign.length + out.changed.length + out.missing.length > 0 ? out : null;
}

/** The differences in words: what was added first (that is what could run), then what is missing, then what was changed. */
export function describeDifferences(d: SchemaDifferences): string {
  const list = (items: string[], max: number) => `${items.slice(0, max).join(' and ')}${items.length > max ? ` (and ${items.length - max} more)` : ''}`;
  if (d.foreign.length > 0) return `it holds ${list(d.foreign, 2)}`;
  if (d.missing.length > 0) return `it is not a whole Rapport book (missing ${d.missing.slice(0, 3).join(', ')}${d.missing.length > 3 ? ` and ${d.missing.length - 3} more` : ''})`;
  return `it holds ${list(d.changed, 2)}`;
}

export interface InspectOptions {
  /**
   * Run SQLite's quick check (every page read once): always, never, or only where opening will
   * write to the book at once (a migration, or a book not yet in WAL mode); the caller runs the
   * check otherwise, on a helper thread (quickCheck below).
   */
  quickCheck: boolean | 'migrating';
  /** How the file is named in messages: "your book", "this backup". */
  label: string;
}

/**
 * Inspects a closed book file through a read-only connection, so nothing is written to it whatever
 * it holds (not even the header's journal mode). Returns its schema version; throws a BookProblem.
 * An empty file is a new book (version 0).
 */
export function inspectBook(file: string, options: InspectOptions): { version: number; checked: boolean } {
  // A read-only connection to a WAL book still makes an empty WAL and shm beside it: they are
  // removed after, so that a refused book's folder is left exactly as it was.
  const sides = [`${file}-wal`, `${file}-shm`].filter((side) => !fs.existsSync(side));
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new BookProblem('damaged', `SQLite cannot open ${options.label}.`, String(err));
  }
  try {
    let version: number;
    let schema: SchemaObject[];
    try {
      version = db.pragma('user_version', { simple: true }) as number;
      schema = readSchema(db);
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      if (/not a database|file is encrypted/i.test(text)) throw new BookProblem('not_a_book', `${capital(options.label)} is not an SQLite database: it is damaged, or not a Rapport book.`, text);
      throw new BookProblem('damaged', `${capital(options.label)} is damaged: SQLite cannot read its list of tables.`, text);
    }
    if (version > LATEST_VERSION) throw new NewerBookError(version, LATEST_VERSION);
    if (version === 0 && schema.length > 0) {
      throw new BookProblem('not_a_book', `${capital(options.label)} is an SQLite database, but not a Rapport book (it has no Rapport schema).`, `${schema.length} objects, user_version 0`);
    }
    const differences = version > 0 ? schemaDifferences(schema, version) : null;
    if (differences) {
      throw new BookProblem(
        differences.foreign.length > 0 || (differences.changed.length > 0 && differences.missing.length === 0) ? 'foreign_schema' : 'damaged',
        `${capital(options.label)} cannot be opened: ${describeDifferences(differences)}. ` +
          'Rapport opens only books with the schema it made, since anything added could run when you save. Nothing in it was run or changed.',
        [...differences.foreign, ...differences.changed, ...differences.missing.map((m) => `missing ${m}`)].join('; '),
      );
    }
    // Opening writes at once to a book to be migrated, or to one not yet in WAL mode (its header):
    // those are checked before, whatever the caller asked.
    const writesOnOpen = version < LATEST_VERSION || (db.pragma('journal_mode', { simple: true }) as string) !== 'wal';
    const checked = options.quickCheck === true || (options.quickCheck === 'migrating' && writesOnOpen);
    if (checked) {
      const found = quickCheckOn(db);
      if (found) throw new BookProblem('damaged', `${capital(options.label)} is damaged: SQLite's check found pages it cannot read.`, found);
    }
    return { version, checked };
  } finally {
    db.close();
    for (const side of sides) {
      try {
        if (fs.statSync(side).size === 0 || side.endsWith('-shm')) fs.rmSync(side, { force: true });
      } catch {
        // Not made after all.
      }
    }
  }
}

/** What SQLite's quick check finds wrong in an open book, or null when it finds it whole. */
function quickCheckOn(db: Database.Database): string | null {
  let problems: string[];
  try {
    problems = db.prepare<[], string>('PRAGMA quick_check(5)').pluck().all();
  } catch (err) {
    return `SQLite could not read all of it: ${err instanceof Error ? err.message : String(err)}`;
  }
  return problems.length === 1 && problems[0] === 'ok' ? null : problems.slice(0, 3).join('; ');
}

/** The quick check of a book file through its own read-only connection (the check thread's work). */
export function quickCheck(file: string): string | null {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    return `SQLite cannot open it: ${err instanceof Error ? err.message : String(err)}`;
  }
  try {
    return quickCheckOn(db);
  } finally {
    db.close();
  }
}

/** The owner's words for what the quick check found. */
export const damagedBook = (detail: string) => new BookProblem('damaged', "Your book is damaged: SQLite's check found pages it cannot read.", detail);

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
