import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { format, getISOWeek, getISOWeekYear } from 'date-fns';
import { z } from 'zod';
import { ApiFailure, DEFAULT_BACKUP_SCHEDULE, type BackupFile, type BackupKind, type BackupSchedule } from '../../shared/contract/index';
import { stmt, type ReadableDB, type WritableDB } from './connection';
import { describeDifferences, readSchema, schemaDifferences, type SchemaObject } from './book-check';
import { createPrivateFile, ensurePrivateDir, fsyncDir } from './durable';
import { LATEST_VERSION } from './migrations/index';
import { storageErrorOf } from './storage-errors';

/**
 * Backups: copies of the book made with SQLite's online backup API, one `.db` file each in
 * `<dataDir>/backups/`. A file's kind is the start of its name:
 *
 * - `daily-2026-11-24.db`: the automatic copy of a local day (one per day);
 * - `weekly-2026-W48-2026-11-29.db`: a daily copy kept on as its ISO week's copy;
 * - `manual-…`: "Back up now"; `before-restore-…`, `before-import-…`: the book as it was before a
 *   restore or a JSON import replaced it (the file itself, moved aside);
 * - `before-migration-v4-to-v5-…`: made by the migrations before they change an existing file.
 *
 * Retention touches daily and weekly copies only: the newest `keepDaily` daily copies stay; beyond
 * them, the newest copy of each ISO week is kept (renamed weekly) for the newest `keepWeekly` such
 * weeks; the rest is deleted. Manual copies and the copies made before a restore, an import or a
 * migration are never deleted automatically: they are the owner's to delete (a backup made before
 * an erasure still holds what was erased until it is deleted, which the privacy screen offers).
 */

export const BACKUPS_FOLDER = 'backups';
export const backupsDir = (dataDir: string) => path.join(dataDir, BACKUPS_FOLDER);

const PREFIXES: readonly (readonly [string, BackupKind])[] = [
  ['daily-', 'daily'],
  ['weekly-', 'weekly'],
  ['manual-', 'manual'],
  ['before-restore-', 'before-restore'],
  ['before-import-', 'before-import'],
  ['before-migration-', 'before-migration'],
  ['damaged-', 'damaged'],
];

/** A backup's kind from its name; a `.db` file the owner put there is counted as a manual copy. */
export function kindOf(name: string): BackupKind {
  for (const [prefix, kind] of PREFIXES) if (name.startsWith(prefix)) return kind;
  return 'manual';
}

const BACKUP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.db$/;

/** Every backup, newest first. */
export function listBackups(dir: string): BackupFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const files: BackupFile[] = [];
  for (const name of names) {
    if (!BACKUP_NAME.test(name)) continue;
    try {
      const stat = fs.lstatSync(path.join(dir, name));
      if (!stat.isFile()) continue;
      files.push({ file: name, kind: kindOf(name), size: stat.size, createdAt: Math.round(stat.mtimeMs) });
    } catch {
      // Gone between the listing and the look: skip it.
    }
  }
  return files.sort((a, b) => b.createdAt - a.createdAt || (a.file < b.file ? 1 : -1));
}

/**
 * The path of a backup the owner named, refused unless it is a plain file directly inside the
 * backups folder (no folders, no `..`, no links).
 */
export function resolveBackup(dir: string, name: string): string {
  if (!BACKUP_NAME.test(name) || name.includes('..') || path.basename(name) !== name) throw ApiFailure.invalid('file', 'Choose a backup from the list');
  const file = path.join(dir, name);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    throw ApiFailure.notFound(`There is no backup called ${name} any more; the list has been refreshed.`);
  }
  if (!stat.isFile()) throw ApiFailure.invalid('file', 'That is not a backup file');
  if (path.dirname(fs.realpathSync(file)) !== fs.realpathSync(dir)) throw ApiFailure.invalid('file', 'Choose a backup from the list');
  return file;
}

/** A local day, as daily copies are named. */
export const localDate = (t: number) => format(new Date(t), 'yyyy-MM-dd');
const localStamp = (t: number) => format(new Date(t), 'yyyy-MM-dd-HHmmss');

export const dailyName = (t: number) => `daily-${localDate(t)}.db`;

/** `before-restore-2026-11-24-100000.db`, with `-2`, `-3`… when taken. */
export function stampedName(dir: string, kind: 'manual' | 'before-restore' | 'before-import' | 'damaged', t: number): string {
  const base = `${kind}-${localStamp(t)}`;
  let name = `${base}.db`;
  for (let i = 2; fs.existsSync(path.join(dir, name)); i++) name = `${base}-${i}.db`;
  return name;
}

/**
 * Copies the open book to `dir/name` with SQLite's online backup API: writes made meanwhile
 * through the same connection are carried into the copy. The copy is written under a temporary
 * name and renamed when whole, and made a single self-contained file (rollback journal, no WAL).
 */
export async function makeBackup(db: ReadableDB, dir: string, name: string, onProgress?: (done: number, total: number) => void): Promise<BackupFile> {
  const file = path.join(dir, name);
  const partial = `${file}.partial`;
  try {
    ensurePrivateDir(dir);
    fs.rmSync(partial, { force: true });
    // Readable by the owner only from the first byte: SQLite writes into the empty file made here.
    createPrivateFile(partial);
    await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages);
        // About 4 MB a step: quick, yet calls still get their turn between steps.
        return 1000;
      },
    });
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    fs.renameSync(partial, file);
    fsyncDir(dir);
  } catch (err) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) {
      try {
        fs.rmSync(partial + suffix, { force: true });
      } catch {
        // A read-only folder keeps its leftovers; the error below says why.
      }
    }
    // A full disk or a read-only backups folder: said as such, with the book untouched.
    throw storageErrorOf(err, { dataDir: path.dirname(dir), what: 'backups', file }) ?? err;
  }
  const stat = fs.statSync(file);
  return { file: name, kind: kindOf(name), size: stat.size, createdAt: Math.round(stat.mtimeMs) };
}

/** Removes copies left half-written by an interrupted backup. */
export function removePartials(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (/\.db\.partial(-wal|-shm|-journal)?$/.test(name)) fs.rmSync(path.join(dir, name), { force: true });
}

/**
 * Checks that a file is a whole Rapport book this app can open: SQLite's integrity check, a schema
 * version it knows, exactly the schema the app's migrations make at that version (nothing added:
 * a trigger from a doctored backup would run on the next save), every foreign key satisfied.
 * Throws a typed error in words otherwise. Read-only: nothing in the file runs or changes.
 */
export function checkBookFile(file: string): { schemaVersion: number; contacts: number } {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    throw refuse('it cannot be opened');
  }
  try {
    let problems: string[];
    let version: number;
    let schema: SchemaObject[];
    try {
      version = db.pragma('user_version', { simple: true }) as number;
      schema = readSchema(db);
      problems = db.prepare<[], string>('PRAGMA integrity_check(5)').pluck().all();
    } catch (err) {
      throw refuse(/not a database|file is encrypted/i.test(String(err)) ? 'it is not a Rapport book (not an SQLite database)' : 'SQLite cannot read it (it is damaged)');
    }
    if (problems.length !== 1 || problems[0] !== 'ok') throw refuse(`it is damaged (SQLite's integrity check: ${problems.slice(0, 2).join('; ')})`);
    if (version > LATEST_VERSION) throw refuse(`it was made by a newer version of Rapport (schema ${version}; this app knows up to ${LATEST_VERSION}). Update Rapport first`);
    if (version < 1) throw refuse('it is not a Rapport book (it has no Rapport schema)');
    const differences = schemaDifferences(schema, version);
    if (differences) {
      const odd = differences.foreign.length > 0 || differences.missing.length === 0;
      throw refuse(`${describeDifferences(differences)}${odd ? ', and Rapport restores only books with the schema it made (anything added could run when you save)' : ''}`);
    }
    const orphan = db.prepare<[], { table: string }>('PRAGMA foreign_key_check').get();
    if (orphan) throw refuse(`it is damaged (rows of ${orphan.table} point at rows that are not there)`);
    const contacts = db.prepare<[], number>('SELECT count(*) FROM contacts').pluck().get() ?? 0;
    return { schemaVersion: version, contacts };
  } finally {
    db.close();
  }
}

const refuse = (why: string) =>
  new ApiFailure({ code: 'invalid_input', field: 'file', message: `This backup cannot be restored: ${why}. Your current book has not been touched.` });

// ---- The schedule's settings (stored in the book's settings table, so they travel with it) ----

export const BACKUP_SETTING = 'backups';
const storedScheduleSchema = z.object({
  auto: z.boolean(),
  keepDaily: z.number().int().min(1).max(60),
  keepWeekly: z.number().int().min(0).max(52),
});

export function readSchedule(db: ReadableDB): BackupSchedule {
  const row = stmt<[string], { value: string }>(db, 'SELECT value FROM settings WHERE key = ?').get(BACKUP_SETTING);
  if (!row) return { ...DEFAULT_BACKUP_SCHEDULE };
  try {
    const parsed = storedScheduleSchema.partial().safeParse(JSON.parse(row.value));
    return parsed.success ? { ...DEFAULT_BACKUP_SCHEDULE, ...stripUndefined(parsed.data) } : { ...DEFAULT_BACKUP_SCHEDULE };
  } catch {
    return { ...DEFAULT_BACKUP_SCHEDULE };
  }
}

export function writeSchedule(db: WritableDB, schedule: BackupSchedule): void {
  stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(BACKUP_SETTING, JSON.stringify(schedule));
}

function stripUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

// ---- Retention ----

export interface RetentionPlan {
  /** Daily copies kept on as their week's copy: [from, to]. */
  rename: [string, string][];
  delete: string[];
}

const DATED = /^(?:daily|weekly-\d{4}-W\d{2})-(\d{4})-(\d{2})-(\d{2})(?:-\d+)?\.db$/;

/** The local day a daily or weekly copy stands for, or null for any other file. */
export function copyDay(name: string): Date | null {
  const m = DATED.exec(name);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? null : d;
}

const weekKey = (d: Date) => `${getISOWeekYear(d)}-W${String(getISOWeek(d)).padStart(2, '0')}`;

/** What retention does to these files (pure: the names are enough). */
export function planRetention(names: readonly string[], schedule: Pick<BackupSchedule, 'keepDaily' | 'keepWeekly'>): RetentionPlan {
  const dated = names
    .map((name) => ({ name, day: copyDay(name), kind: kindOf(name) }))
    .filter((f): f is { name: string; day: Date; kind: BackupKind } => f.day !== null && (f.kind === 'daily' || f.kind === 'weekly'))
    .sort((a, b) => b.day.getTime() - a.day.getTime() || (a.name < b.name ? 1 : -1));
  const dailies = dated.filter((f) => f.kind === 'daily');
  const keptDaily = new Set(dailies.slice(0, schedule.keepDaily).map((f) => f.name));
  const plan: RetentionPlan = { rename: [], delete: [] };
  const weeks = new Map<string, { name: string; day: Date; kind: BackupKind }>();
  for (const f of dated) {
    if (keptDaily.has(f.name)) continue;
    const key = weekKey(f.day);
    const newest = weeks.get(key);
    if (!newest) weeks.set(key, f);
    else plan.delete.push(f.name);
  }
  let kept = 0;
  for (const [key, f] of weeks) {
    // Map order is newest week first (files were visited newest first).
    if (kept < schedule.keepWeekly) {
      kept++;
      if (f.kind === 'daily') plan.rename.push([f.name, `weekly-${key}-${localDate(f.day.getTime())}.db`]);
    } else {
      plan.delete.push(f.name);
    }
  }
  return plan;
}

/** Applies retention in the backups folder; returns what it did. */
export function applyRetention(dir: string, schedule: BackupSchedule): RetentionPlan {
  const plan = planRetention(listBackups(dir).map((f) => f.file), schedule);
  for (const [from, to] of plan.rename) fs.renameSync(path.join(dir, from), path.join(dir, to));
  for (const name of plan.delete) fs.rmSync(path.join(dir, name), { force: true });
  return plan;
}
