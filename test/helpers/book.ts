import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { createApi, type ApiContext, type Dispatcher } from '../../electron/api/index';
import type { ReadableDB } from '../../electron/db/connection';
import { openBook, type OpenBook } from '../../electron/db/book';
import type { ApiError, BackendEvent, MethodInput, MethodName, MethodResult, Result } from '../../shared/contract/index';

/** The tests' clock starts here: 24 November 2026, 09:00 UTC. */
export const T0 = Date.UTC(2026, 10, 24, 9);

const tempDirs: string[] = [];
const cleanups: (() => void | Promise<void>)[] = [];

/** A fresh folder under the system's temp folder, removed after the test. */
export function makeTempDir(prefix = 'rapport-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Runs after the current test, before its temp folders are removed (last registered runs first). */
export function onCleanup(fn: () => void | Promise<void>): void {
  cleanups.push(fn);
}

afterEach(async () => {
  while (cleanups.length > 0) {
    const fn = cleanups.pop();
    try {
      await fn?.();
    } catch {
      // Cleaning up must not hide the test's own result.
    }
  }
  while (tempDirs.length > 0) {
    const dir = tempDirs.pop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
});

export interface TestClock {
  now(): number;
  /** Moves the clock forward by `ms` (default one minute) and returns the new time. */
  advance(ms?: number): number;
  set(ms: number): void;
}

export function fixedClock(start = T0): TestClock {
  let t = start;
  return {
    now: () => t,
    advance: (ms = 60_000) => (t += ms),
    set: (ms) => {
      t = ms;
    },
  };
}

export interface TestBook {
  dir: string;
  book: OpenBook;
  db: OpenBook['db'];
  clock: TestClock;
  events: BackendEvent[];
  logs: string[];
  api: Dispatcher;
  /** Typed call: the contract's input type in, the method's result type out. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodResult<M>>>;
  /** A call that must succeed; returns its value. */
  ok<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>>;
  /** A call that must fail; returns its error. */
  fails(method: string, input: unknown): Promise<ApiError>;
  /** Untyped call, for junk. */
  raw(method: unknown, input: unknown): Promise<Result<unknown>>;
}

/** A real book file in a temp folder, the real API on it, a fixed clock and an event recorder. */
export function openTestBook(options: { dir?: string; start?: number; mode?: 'desktop' | 'browser' } = {}): TestBook {
  const dir = options.dir ?? makeTempDir();
  const clock = fixedClock(options.start);
  const book = openBook(dir, { now: clock.now });
  onCleanup(() => book.close());
  const events: BackendEvent[] = [];
  const logs: string[] = [];
  const ctx: ApiContext = {
    db: book.db,
    now: clock.now,
    emit: (name, payload) => {
      events.push({ name, payload } as BackendEvent);
    },
    info: { version: '9.9.9-test', mode: options.mode ?? 'desktop', dataDir: dir, databaseFile: book.file },
  };
  const api = createApi(ctx, (m) => logs.push(m));
  return { dir, book, db: book.db, clock, events, logs, api, ...callers(api), raw: (method, input) => api.call(method, input) };
}

/** The typed ways a test calls the API: as is, expecting success, expecting a refusal. */
export function callers(api: Dispatcher): Pick<TestBook, 'call' | 'ok' | 'fails'> {
  const call = <M extends MethodName>(method: M, input: MethodInput<M>) => api.call(method, input) as Promise<Result<MethodResult<M>>>;
  return {
    call,
    async ok(method, input) {
      const result = await call(method, input);
      if (!result.ok) expect.fail(`${method} failed: ${JSON.stringify(result.error)}`);
      return result.value;
    },
    async fails(method, input) {
      const result = await api.call(method, input);
      if (result.ok) expect.fail(`${method} should have failed but returned ${JSON.stringify(result.value).slice(0, 500)}`);
      return result.error;
    },
  };
}

export type TableSnapshot = Record<string, unknown[]>;

function plain(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return `x'${value.toString('hex')}'`;
  if (typeof value === 'bigint') return `${value}n`;
  return value;
}

/**
 * Every table's full content (the FTS5 index too: its virtual table read through `rowid, *` and
 * its shadow tables), plus the schema and `user_version`, for "the database is unchanged" checks.
 */
export function snapshotTables(db: ReadableDB): TableSnapshot {
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all();
  const snapshot: TableSnapshot = {
    '(schema)': db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').all(),
    '(user_version)': [db.pragma('user_version', { simple: true })],
  };
  for (const { name } of tables) {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    const virtual = db.prepare<[string], { sql: string }>('SELECT sql FROM sqlite_schema WHERE name = ?').get(name)?.sql?.startsWith('CREATE VIRTUAL');
    // `wr` is 1 for a WITHOUT ROWID table: those are read in full and sorted here.
    const withoutRowid = db.prepare<[string], { wr: number }>("SELECT wr FROM pragma_table_list WHERE name = ? AND schema = 'main'").get(name)?.wr === 1;
    const sql = withoutRowid && !virtual ? `SELECT * FROM ${quoted}` : `SELECT rowid AS "(rowid)", * FROM ${quoted} ORDER BY rowid`;
    const rows = (db.prepare(sql).raw(true).all() as unknown[][]).map((row) => row.map(plain));
    if (withoutRowid && !virtual) rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    snapshot[name] = rows;
  }
  return snapshot;
}

/** Row counts per table, for a short message when snapshots differ. */
export function tableCounts(db: ReadableDB): Record<string, number> {
  const snap = snapshotTables(db);
  return Object.fromEntries(Object.entries(snap).map(([k, v]) => [k, v.length]));
}
