import fs from 'node:fs';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { ApiFailure, type FieldIssue } from '../../shared/contract/index';
import { textProblem } from '../../shared/domain/text';
import { stmt, type ReadableDB, type WritableDB } from './connection';
import { rebuildSearch } from './contacts';
import { createPrivateFile } from './durable';
import { installFigureTriggers, recomputeAllFigures } from './figures';
import { migrate } from './migrate';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index';

/**
 * The whole book as one JSON file, and back.
 *
 * ```json
 * { "format": "rapport-book", "version": 1, "schemaVersion": 5, "exportedAt": 1795510800000, "app": "0.1.0",
 *   "tables": { "contacts": { "columns": ["id", "kind", …], "rows": [[1, "person", …], …] }, … } }
 * ```
 *
 * Every row of every table the owner's data lives in, exactly as stored (ids, settings, the trash
 * with its `deleted_at`, the running timer), one row per line, columns named once per table. The
 * derived tables (per-contact figures, their state, the day sums, the search index) are left out:
 * an import rebuilds them once. The settings key `sample` (which rows are the sample business) is
 * kept: ids and creation times come back unchanged, so "remove the sample" still finds exactly the
 * sample's rows after a round trip.
 *
 * An import builds a new book file from the JSON and never touches the current book: the schema
 * of the file's version, every row inserted with its id and judged by SQLite itself (STRICT types,
 * CHECK constraints, unique keys, then every foreign key), then the migrations since that version,
 * the search index rebuilt once and every figure computed once. The caller swaps it in.
 */

export const BOOK_FORMAT = 'rapport-book';
export const BOOK_FORMAT_VERSION = 1;

/** The tables exported, in an order that inserts parents before children. */
export const BOOK_TABLES = [
  'settings',
  'contacts',
  'contact_emails',
  'contact_phones',
  'contact_addresses',
  'tags',
  'contact_tags',
  'interactions',
  'purchases',
  'contact_notes',
  'time_entries',
  'timer',
  'follow_ups',
  'referrals',
  'nps_answers',
] as const;
export type BookTable = (typeof BOOK_TABLES)[number];

/** Rebuilt on import, never exported (with the search index's own FTS5 tables). */
export const DERIVED_TABLES = ['contact_figures', 'figures_state', 'record_days', 'contacts_fts'] as const;

/** Read in slices by rowid, or by its first key column for a table without a rowid. */
const KEY_COLUMN: Partial<Record<BookTable, string>> = { contact_tags: 'contact_id' };

interface Column {
  name: string;
  type: string;
}

function columnsOf(db: ReadableDB, table: string): Column[] {
  return db.prepare<[], { name: string; type: string }>(`SELECT name, type FROM pragma_table_info('${table}') ORDER BY cid`).all();
}

function tablesOf(db: ReadableDB): Set<string> {
  return new Set(db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all());
}

export interface ExportOutcome {
  text: string;
  rows: number;
  contacts: number;
}

/**
 * Writes the JSON text of the whole book. Run it inside one transaction (a consistent snapshot).
 * Rows are serialized one by one, straight from SQLite's raw rows, into a list of chunks joined once.
 */
export function exportBookJson(
  db: ReadableDB,
  options: { now: number; appVersion: string; onProgress?: (done: number, total: number, label: string) => void },
): ExportOutcome {
  const present = tablesOf(db);
  const tables = BOOK_TABLES.filter((t) => present.has(t));
  const counts = Object.fromEntries(tables.map((t) => [t, db.prepare<[], number>(`SELECT count(*) FROM ${t}`).pluck().get() ?? 0])) as Record<string, number>;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  const chunks: string[] = [];
  let chunk =
    `{"format":${JSON.stringify(BOOK_FORMAT)},"version":${BOOK_FORMAT_VERSION},"schemaVersion":${schemaVersion},` +
    `"exportedAt":${options.now},"app":${JSON.stringify(options.appVersion)},\n"counts":${JSON.stringify(counts)},\n"tables":{`;
  let done = 0;
  options.onProgress?.(0, total, 'Writing the book out');
  tables.forEach((table, ti) => {
    const columns = columnsOf(db, table).map((c) => c.name);
    chunk += `${ti === 0 ? '' : ','}\n${JSON.stringify(table)}:{"columns":${JSON.stringify(columns)},"rows":[`;
    // SQLite writes each row as JSON itself (json_array), a slice of rows at a time: the rows never
    // become JavaScript values, which is what makes a million-row table quick.
    const key = KEY_COLUMN[table] ?? 'rowid';
    const order = table === 'contact_tags' ? 'contact_id, tag_id' : 'rowid';
    const slice = db.prepare<[number, number], string | null>(
      `SELECT group_concat(j, ',
') FROM (SELECT json_array(${columns.map((c) => `"${c}"`).join(', ')}) AS j FROM ${table} WHERE ${key} BETWEEN ? AND ? ORDER BY ${order})`,
    ).pluck();
    const range = db.prepare<[], { lo: number | null; hi: number | null }>(`SELECT min(${key}) AS lo, max(${key}) AS hi FROM ${table}`).get();
    const n = counts[table] ?? 0;
    let first = true;
    if (range && range.lo !== null && range.hi !== null && n > 0) {
      // Slices of about 20,000 rows by key, whatever the gaps.
      const width = Math.max(1, Math.ceil(((range.hi - range.lo + 1) / n) * 20_000));
      for (let lo = range.lo; lo <= range.hi; lo += width) {
        const text = slice.get(lo, Math.min(range.hi, lo + width - 1));
        if (text) {
          chunks.push(chunk + (first ? '\n' : ',\n'));
          chunks.push(text);
          chunk = '';
          first = false;
        }
        done = Math.min(total, done + Math.round((width / (range.hi - range.lo + 1)) * n));
        options.onProgress?.(done, total, `Writing ${table.replace(/_/g, ' ')}`);
      }
    }
    chunk += first ? ']}' : '\n]}';
  });
  chunk += '\n}}\n';
  chunks.push(chunk);
  options.onProgress?.(total, total, 'Done');
  return { text: chunks.join(''), rows: total, contacts: counts.contacts ?? 0 };
}

/** True when the book holds nothing of the owner's but settings (a new, empty book). */
export function isEmptyBook(db: ReadableDB): boolean {
  const present = tablesOf(db);
  return BOOK_TABLES.every((t) => t === 'settings' || !present.has(t) || stmt<[], number>(db, `SELECT EXISTS (SELECT 1 FROM ${t})`).pluck().get() === 0);
}

// ---- Import ----

const envelopeSchema = z.object({
  format: z.string(),
  version: z.unknown(),
  schemaVersion: z.unknown(),
  tables: z.record(z.string(), z.unknown()),
});

const tableSchema = z.object({ columns: z.array(z.string()).min(1), rows: z.array(z.unknown()) });

/** How many problems an import reports before it stops looking. */
export const MAX_PROBLEMS = 10;

export interface BuildOutcome {
  schemaVersion: number;
  rows: number;
  contacts: number;
}

const bad = (message: string, issues?: FieldIssue[]) =>
  new ApiFailure({ code: 'invalid_input', field: 'file', message, issues: issues ?? [{ field: 'file', message }] });

/** Decodes an uploaded file's bytes as UTF-8 JSON text (a byte-order mark is allowed). */
export function decodeJsonBytes(bytes: Uint8Array): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw bad('This file is not UTF-8 text, so it is not a Rapport book export (.json). Nothing was changed.');
  }
}

/**
 * Parses and checks the JSON text and builds a complete, current book file at `target` (which must
 * not exist). Throws a typed error naming the first problems (table, row, id) and leaves no file.
 */
export function buildBookFromJson(text: string, target: string, options: { now: number; onProgress?: (done: number, total: number, label: string) => void }): BuildOutcome {
  const progress = options.onProgress ?? (() => {});
  progress(0, 1, 'Reading the file');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw bad(`This file is not valid JSON (${why.slice(0, 160)}); it may be cut short. Nothing was changed.`);
  }
  const envelope = envelopeSchema.safeParse(parsed);
  if (!envelope.success || envelope.data.format !== BOOK_FORMAT) {
    throw bad('This JSON file is not a Rapport book export (its "format" is not "rapport-book"). Nothing was changed.');
  }
  const { version, schemaVersion, tables } = envelope.data;
  if (version !== BOOK_FORMAT_VERSION) {
    throw bad(
      typeof version === 'number' && Number.isInteger(version) && version > BOOK_FORMAT_VERSION
        ? `This export is of format version ${version}, made by a newer Rapport; this one reads version ${BOOK_FORMAT_VERSION}. Update Rapport to import it. Nothing was changed.`
        : `This export's format version (${JSON.stringify(version)?.slice(0, 20)}) is not one Rapport knows. Nothing was changed.`,
    );
  }
  if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 1) {
    throw bad('This export does not say which schema version it holds ("schemaVersion"). Nothing was changed.');
  }
  if (schemaVersion > LATEST_VERSION) {
    throw bad(`This export was made by a newer Rapport (schema ${schemaVersion}; this app knows up to ${LATEST_VERSION}). Update Rapport to import it. Nothing was changed.`);
  }

  fs.rmSync(target, { force: true });
  createPrivateFile(target);
  const db = new Database(target) as WritableDB;
  try {
    // A scratch file until it is complete: no WAL, no syncs; the foreign keys are checked at the end.
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = OFF');
    migrate(db, { migrations: MIGRATIONS.slice(0, schemaVersion) });
    const present = tablesOf(db);
    const expected = BOOK_TABLES.filter((t) => present.has(t));
    for (const name of Object.keys(tables)) {
      if (!(expected as readonly string[]).includes(name)) {
        throw bad(
          (DERIVED_TABLES as readonly string[]).includes(name)
            ? `The table "${name.slice(0, 40)}" is worked out by Rapport and has no place in an export. Nothing was changed.`
            : `This export has a table Rapport does not know ("${name.slice(0, 40)}"). Nothing was changed.`,
        );
      }
    }
    const shapes = new Map<BookTable, { columns: string[]; rows: unknown[] }>();
    let total = 0;
    for (const table of expected) {
      const shape = tableSchema.safeParse(tables[table]);
      if (!shape.success) {
        throw bad(
          tables[table] === undefined
            ? `This export has no "${table}" table, so it is not a whole book. Nothing was changed.`
            : `The "${table}" table in this export is not a list of columns and rows. Nothing was changed.`,
        );
      }
      const known = new Map(columnsOf(db, table).map((c) => [c.name, c]));
      const seen = new Set<string>();
      for (const c of shape.data.columns) {
        if (!known.has(c)) throw bad(`The "${table}" table in this export has a column Rapport does not know ("${c.slice(0, 40)}"). Nothing was changed.`);
        if (seen.has(c)) throw bad(`The "${table}" table in this export names the column "${c}" twice. Nothing was changed.`);
        seen.add(c);
      }
      shapes.set(table, shape.data);
      total += shape.data.rows.length;
    }

    // Bulk load: the plain indexes are built once after the rows rather than row by row (unique
    // ones stay, so that a duplicate is reported with its row).
    const indexes = db
      .prepare<[], { name: string; sql: string }>(
        `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
            AND tbl_name IN (${expected.map((t) => `'${t}'`).join(', ')})`,
      )
      .all();
    for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);

    // Every row, judged by SQLite (STRICT types, CHECKs, unique keys) after a type check of our own.
    const problems: FieldIssue[] = [];
    let done = 0;
    const step = Math.max(10_000, Math.ceil(total / 100));
    progress(0, total, 'Checking every row');
    db.transaction(() => {
      for (const table of expected) {
        const { columns, rows } = shapes.get(table)!;
        const types = columns.map((c) => columnsOf(db, table).find((k) => k.name === c)!.type.toUpperCase());
        const idAt = columns.indexOf('id');
        const insert = db.prepare(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
        for (let r = 0; r < rows.length; r++) {
          const row = rows[r];
          const where = () => {
            const id = Array.isArray(row) && idAt >= 0 ? row[idAt] : undefined;
            return `${table} row ${r + 1}${typeof id === 'number' ? ` (id ${id})` : ''}`;
          };
          const problem = rowProblem(row, columns, types);
          if (problem) {
            problems.push({ field: `tables.${table}.rows.${r}`, message: `${where()}: ${problem}` });
          } else {
            try {
              insert.run(row as unknown[]);
            } catch (err) {
              if (!(err instanceof Database.SqliteError)) throw err;
              problems.push({ field: `tables.${table}.rows.${r}`, message: `${where()}: ${sqliteProblem(err)}` });
            }
          }
          if (problems.length >= MAX_PROBLEMS) return;
          if (++done % step === 0) progress(done, total, `Checking ${table.replace(/_/g, ' ')}`);
        }
      }
    })();
    for (const index of indexes) db.exec(index.sql);
    if (problems.length === 0) {
      for (const fk of db.prepare<[], { table: string; rowid: number; parent: string }>('PRAGMA foreign_key_check').all().slice(0, MAX_PROBLEMS)) {
        const id = fk.table === 'contact_tags' ? '' : ` (id ${fk.rowid})`;
        problems.push({ field: `tables.${fk.table}`, message: `${fk.table}${id}: refers to a row of ${fk.parent} that is not in the file` });
      }
    }
    if (problems.length > 0) {
      const more = problems.length >= MAX_PROBLEMS ? ` (and perhaps more; the first ${problems.length} are listed)` : '';
      throw bad(`This export cannot be imported: ${problems[0]!.message}${more}. Nothing was changed.`, problems);
    }

    // Up to date, then what is worked out from the rows: once each.
    progress(total, total, 'Bringing the schema up to date');
    migrate(db);
    db.pragma('foreign_keys = ON');
    progress(total, total, 'Rebuilding the search index');
    rebuildSearch(db);
    progress(total, total, 'Working out the figures');
    installFigureTriggers(db);
    recomputeAllFigures(db, options.now);
    const contacts = db.prepare<[], number>('SELECT count(*) FROM contacts').pluck().get() ?? 0;
    db.pragma('journal_mode = DELETE');
    db.close();
    const fd = fs.openSync(target, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return { schemaVersion, rows: total, contacts };
  } catch (err) {
    if (db.open) db.close();
    for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
    throw err;
  }
}

/** A row's shape and each value's JSON type against its column's declared type, or null when fine. */
function rowProblem(row: unknown, columns: readonly string[], types: readonly string[]): string | null {
  if (!Array.isArray(row)) return 'a row must be a list of values';
  if (row.length !== columns.length) return `has ${row.length} values for ${columns.length} columns`;
  for (let i = 0; i < row.length; i++) {
    const v: unknown = row[i];
    if (v === null) continue;
    const type = types[i];
    const column = columns[i]!;
    if (type === 'INTEGER') {
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) return `${column} must be a whole number`;
    } else if (type === 'TEXT') {
      if (typeof v !== 'string') return `${column} must be text`;
    } else if (type === 'REAL') {
      if (typeof v !== 'number' || !Number.isFinite(v)) return `${column} must be a number`;
    } else if (typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v))) {
      return `${column} must be text or a number`;
    }
    // JSON's escapes can spell a NUL or half a surrogate pair, which SQLite would keep cut short
    // or as U+FFFD: refused like the same text typed (shared/domain/text.ts).
    const problem = typeof v === 'string' ? textProblem(v) : null;
    if (problem) return `${column}: ${problem}`;
  }
  return null;
}

function sqliteProblem(err: InstanceType<typeof Database.SqliteError>): string {
  if (err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || (err.code === 'SQLITE_CONSTRAINT_UNIQUE' && /\.id$/.test(err.message))) {
    return `another row has the same key (${err.message})`;
  }
  if (err.code === 'SQLITE_CONSTRAINT_NOTNULL') return `a required value is missing (${err.message})`;
  if (err.code === 'SQLITE_CONSTRAINT_CHECK') return `a value is out of range (${err.message})`;
  return err.message;
}
