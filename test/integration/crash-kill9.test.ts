import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { SampleStatus } from '../../shared/contract/index';
import { callServe, killServe, lockHeld, okServe, prepareServeDir, sleep, startServe, type ServeProcess } from '../helpers/crash-server';
import { CrashWorkload, recordDaysMismatches, storedFigureRows, tableCounts, WRITTEN_TABLES, type WrittenTable } from '../helpers/crash-workload';

/**
 * "Nothing lost", proven the hard way: browser mode's real process (`out/electron/serve-cli.cjs`,
 * the back end in its worker thread, WAL with synchronous=FULL) takes streams of concurrent writes
 * over HTTP and is killed with SIGKILL at a random moment, again and again on the same book. After
 * every kill the file is opened directly: it must be intact, hold every write whose answer arrived
 * with ok:true (with its content), and nothing that was never asked for; when the app reopens, the
 * figures it kept must equal a full recompute.
 *
 * What a kill -9 proves: commit before acknowledgement, atomic transactions, a file SQLite recovers.
 * What it cannot: fsync. The kernel keeps what a killed process wrote, so synchronous=OFF passes
 * here; only a power cut (or a fault-injecting file system) loses unsynced pages.
 *
 * RAPPORT_CRASH_ROUNDS sets the number of kills (default 25; e.g. 200 for a soak).
 * RAPPORT_CRASH_LOAD_ROUNDS sets the kills during a sample load (default 6).
 * RAPPORT_CRASH_SERVE_DIR runs another build of serve-cli.cjs + worker.cjs (a patched copy).
 */

const ROUNDS = Number(process.env.RAPPORT_CRASH_ROUNDS ?? 25);
const LOAD_ROUNDS = Number(process.env.RAPPORT_CRASH_LOAD_ROUNDS ?? 6);
/** Writers at once: calls queue in the worker while one commits. */
const LANES = 6;
const rand = (n: number) => Math.floor(Math.random() * n);

// Only the built app runs here (not the API in process, unlike test/helpers/book.ts): folders and
// processes are cleaned up by this file.
const cleanups: (() => void | Promise<void>)[] = [];
const onCleanup = (fn: () => void | Promise<void>) => cleanups.push(fn);
function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
afterEach(async () => {
  for (let fn = cleanups.pop(); fn; fn = cleanups.pop()) {
    try {
      await fn();
    } catch {
      // Cleaning up must not hide the test's own result.
    }
  }
});

function openReadOnly(dataDir: string): Database.Database {
  return new Database(path.join(dataDir, 'rapport.db'), { readonly: true, fileMustExist: true });
}

/** `PRAGMA integrity_check` must say exactly "ok" and `PRAGMA foreign_key_check` nothing. */
function expectIntact(db: Database.Database, where: string): void {
  expect(db.prepare('PRAGMA integrity_check').pluck().all(), `integrity_check ${where}`).toEqual(['ok']);
  expect(db.prepare('PRAGMA foreign_key_check').all(), `foreign_key_check ${where}`).toEqual([]);
}

function track(server: ServeProcess): void {
  onCleanup(async () => {
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await server.exited;
  });
}

async function start(serveDir: string, dataDir: string): Promise<ServeProcess> {
  const server = await startServe(serveDir, dataDir);
  track(server);
  return server;
}

/** A clean stop (SIGTERM: the app closes the book and releases its lock). */
async function stop(server: ServeProcess): Promise<void> {
  process.kill(server.pid, 'SIGTERM');
  expect(await server.exited).toEqual({ code: 0, signal: null });
}

/** The figures the app kept at the crash must equal a full recompute from the records. */
async function expectFiguresRecomputeTheSame(server: ServeProcess, dataDir: string, kept: unknown[], where: string): Promise<void> {
  await okServe(server, 'figures.recompute', {});
  const db = openReadOnly(dataDir);
  try {
    expect(storedFigureRows(db), `figures kept at ${where} against a full recompute`).toEqual(kept);
  } finally {
    db.close();
  }
}

describe('kill -9 during streams of writes', () => {
  test(`${ROUNDS} kills: the file intact, every acknowledged write there, the kept figures equal a recompute`, async () => {
    const began = Date.now();
    const serveDir = prepareServeDir(onCleanup);
    const dataDir = makeTempDir('rapport-crash-');
    const work = new CrashWorkload();
    let counts = Object.fromEntries(WRITTEN_TABLES.map((t) => [t, 0])) as Record<WrittenTable, number>;
    let kept: unknown[] | null = null;
    const perRound: string[] = [];

    for (let round = 1; round <= ROUNDS; round++) {
      const server = await start(serveDir, dataDir);
      if (kept) await expectFiguresRecomputeTheSame(server, dataDir, kept, `kill ${round - 1}`);

      work.beginRound(counts);
      let stopped = false;
      const lanes = Array.from({ length: LANES }, () => work.lane(server, () => stopped));
      // Somewhere in the stream: mid-transaction, mid-fsync, mid-checkpoint, between answers.
      const delay = 20 + rand(380);
      await sleep(delay);
      await killServe(server);
      stopped = true;
      await Promise.all(lanes);

      const db = openReadOnly(dataDir);
      try {
        expectIntact(db, `after kill ${round}`);
        const problems = work.checkBook(db);
        expect(problems.slice(0, 20), `after kill ${round} (${delay} ms in)`).toEqual([]);
        expect(recordDaysMismatches(db), `Insights' day sums after kill ${round}`).toEqual([]);
        counts = tableCounts(db);
        kept = storedFigureRows(db);
      } finally {
        db.close();
      }
      expect(work.internalErrors).toEqual([]);
      const stats = work.roundStats();
      perRound.push(`${delay}ms:${stats.acked}/${stats.unknown}`);
      // The lock died with the process (the operating system drops it): the restart opens at once.
      expect(lockHeld(dataDir)).toBe(false);
    }

    // The app opens the book after the last kill, and its figures hold.
    const server = await start(serveDir, dataDir);
    if (kept) await expectFiguresRecomputeTheSame(server, dataDir, kept, `kill ${ROUNDS}`);
    await stop(server);
    expect(lockHeld(dataDir)).toBe(false);

    const { totals } = work;
    // The test proves something only if writes were acknowledged and some were cut off.
    expect(totals.acked).toBeGreaterThan(ROUNDS * 5);
    expect(totals.unknown).toBeGreaterThan(0);
    for (const method of ['contacts.create', 'contacts.update', 'interactions.create', 'purchases.create', 'timeEntries.create', 'notes.create', 'followUps.create', 'followUps.complete', 'referrals.create']) {
      expect(totals.byMethod[method] ?? 0, method).toBeGreaterThan(0);
    }
    console.info(
      `crash-kill9: ${ROUNDS} kills in ${Date.now() - began} ms; ${totals.acked} writes acknowledged, ${totals.unknown} cut off, ${totals.refused} refused; ` +
        `book: ${Object.entries(counts)
          .map(([t, n]) => `${t} ${n}`)
          .join(', ')}; per kill (delay:acked/cut): ${perRound.join(' ')}`,
    );
  }, 30_000 + ROUNDS * 4_000);

  test(`${LOAD_ROUNDS} kills during a sample load: the book holds all of it or none of it`, async () => {
    const serveDir = prepareServeDir(onCleanup);

    // The reference: the same load, not interrupted.
    const refDir = makeTempDir('rapport-crash-ref-');
    const ref = await start(serveDir, refDir);
    const emptyCounts = allTableCounts(refDir);
    const t0 = Date.now();
    await okServe(ref, 'sample.load', { kind: 'cafe' });
    const loadMs = Date.now() - t0;
    await stop(ref);
    const fullCounts = allTableCounts(refDir);
    delete emptyCounts.record_days;
    delete fullCounts.record_days;
    expect(fullCounts.contacts).toBeGreaterThan(0);

    const outcomes: string[] = [];
    for (let round = 1; round <= LOAD_ROUNDS; round++) {
      const dataDir = makeTempDir('rapport-crash-load-');
      const server = await start(serveDir, dataDir);
      const began = Date.now();
      const call = callServe(server, 'sample.load', { kind: 'cafe' });
      if (round < LOAD_ROUNDS) {
        // Spread from the first rows to about the commit (and the checkpoint that follows it).
        await sleep(Math.round(loadMs * ((round - 0.5) / (LOAD_ROUNDS - 1)) * 1.1 * (0.9 + Math.random() * 0.2)));
      } else {
        // The last one is killed just after its answer: an acknowledged load must all be there.
        await call;
        await sleep(rand(5));
      }
      await killServe(server);
      const delay = Date.now() - began;
      const answer = await call;

      const db = openReadOnly(dataDir);
      let loaded: boolean;
      let kept: unknown[];
      try {
        expectIntact(db, `after a kill ${delay} ms into the load`);
        const counts = allTableCounts(dataDir, db);
        loaded = counts.contacts !== 0;
        // Insights' day sums follow the records' dates (relative to now): checked against the records.
        expect(recordDaysMismatches(db), `Insights' day sums after a kill ${delay} ms into the load`).toEqual([]);
        expect(counts.record_days === 0).toBe(!loaded);
        delete counts.record_days;
        expect(counts, `a kill ${delay} ms into a ${loadMs} ms load leaves all or nothing`).toEqual(loaded ? fullCounts : emptyCounts);
        if (round === LOAD_ROUNDS) expect(answer).toMatchObject({ answered: true, result: { ok: true } });
        if (answer.answered && answer.result.ok) expect(loaded, 'an acknowledged load is there').toBe(true);
        kept = storedFigureRows(db);
      } finally {
        db.close();
      }
      outcomes.push(`${delay}ms:${loaded ? 'all' : 'none'}`);

      // The killed process's lock went with it: nothing is left to go stale, the app opens at once.
      expect(lockHeld(dataDir)).toBe(false);
      const waited = Date.now();
      const again = await start(serveDir, dataDir);
      const lockWait = Date.now() - waited;
      const status = await okServe<SampleStatus>(again, 'sample.status', {});
      expect(status.loaded).toBe(loaded ? 'cafe' : null);
      await expectFiguresRecomputeTheSame(again, dataDir, kept, `a kill during the load`);
      await stop(again);
      if (round === 1) outcomes.push(`reopened after the kill in ${lockWait}ms`);
    }
    console.info(`crash-kill9 sample load (${loadMs} ms uninterrupted): ${outcomes.join(', ')}`);
  }, 60_000 + LOAD_ROUNDS * 5_000);
});

/** Rows in every table of the book (the search index through its virtual table, not its shadow tables). */
function allTableCounts(dataDir: string, open?: Database.Database): Record<string, number> {
  const db = open ?? openReadOnly(dataDir);
  try {
    const names = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'contacts_fts_%' ORDER BY name")
      .pluck()
      .all() as string[];
    return Object.fromEntries(names.map((name) => [name, db.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number]));
  } finally {
    if (!open) db.close();
  }
}
