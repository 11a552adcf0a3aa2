import fs from 'node:fs';
import path from 'node:path';
import { ApiFailure, type BookNotice, type BookSwap, type UnusableBook } from '../../shared/contract/index';
import { BookProblem, damagedBook, quickCheck } from './book-check';
import type { WritableDB } from './connection';
import { bringFiguresUpToDate, DATABASE_FILE, openBook, type OpenBook } from './book';
import { ensurePrivateDir, fsyncDir, fsyncFile, makePrivate, removeDurably, writeFileDurably } from './durable';
import { takeOwnership, type Ownership } from './owner';
import { storageErrorOf } from './storage-errors';

/**
 * Owns the book the back end has open, so that a whole book can be put in its place (a restored
 * backup, an imported JSON file) while the back end keeps running.
 *
 * How calls stay safe: handlers read `holder.db` when they run. A swap (close, move the file
 * aside, move the new one in, reopen) is one synchronous step, so no call can run between the close
 * and the reopen on this single-threaded back end. Around it, `exclusive()` keeps the book to one
 * task: calls that arrive meanwhile wait in `whenAvailable()` (the dispatcher does this), and the
 * swap waits for backups in flight (`track()`), whose copy reads the open connection.
 *
 * How a swap survives a crash: see `swapIn`. A book that cannot be used (damaged, or holding a
 * schema the app did not make) is never opened for writing: the holder stays open without it,
 * every call is answered with why, and `recover()` puts a backup (or an empty book) in its place.
 */

/** The steps of a swap, in order; the crash tests stop the process at each. */
export const SWAP_STEPS = ['closed', 'intent', 'kept', 'renamed', 'opened'] as const;
export type SwapStep = (typeof SWAP_STEPS)[number];

/** The record of a swap under way, written before its first change and removed after its last. */
interface SwapIntent {
  kind: BookSwap['kind'] | 'recover';
  from: string;
  /** File names: the new book in the data folder, the old one's name in the backups folder. */
  incoming: string;
  keepAs: string;
  /** The old book had a WAL file with content (a damaged book never opened): it is kept beside it. */
  walAside: boolean;
  at: number;
}

const INTENT_FILE = 'swap-intent.json';

export interface HolderOptions {
  now?: () => number;
  /** Called after each step of a swap (the crash tests' failpoint). */
  onSwapStep?: (step: SwapStep) => void;
  /**
   * Runs SQLite's quick check of the book file elsewhere (a helper thread) and says what it found
   * (null: whole), for a book of CHECK_LATER_FROM bytes or more. Without it the check runs at open,
   * on this thread: seconds for a large book.
   */
  checkLater?: (file: string) => Promise<string | null>;
  /** The size from which `checkLater` is used (CHECK_LATER_FROM unless told; tests lower it). */
  checkLaterFrom?: number;
}

export class BookHolder {
  private current: OpenBook | null;
  private lock: Promise<unknown> | null = null;
  private readonly reading = new Set<Promise<unknown>>();
  private readonly swapListeners = new Set<(book: OpenBook) => void>();
  /** The last swap made since the back end started. */
  lastSwap: BookSwap | null = null;
  /** Why the book in the folder cannot be used, while it cannot. */
  problem: UnusableBook | null;
  /** What the last run left unsaid: a swap a crash interrupted, and how it ended. */
  notice: BookNotice | null;
  /** The quick check under way on a helper thread, until it has said the book is whole (or not). */
  private checking: Promise<void> | null = null;
  /** Starts the check that waits for its moment (see startCheck). */
  private startPendingCheck: (() => void) | null = null;
  private readonly problemListeners = new Set<() => void>();

  private constructor(
    readonly dataDir: string,
    private readonly now: () => number,
    private readonly owner: Ownership,
    private readonly onSwapStep: (step: SwapStep) => void,
    book: OpenBook | null,
    problem: UnusableBook | null,
    notice: BookNotice | null,
  ) {
    this.current = book;
    this.problem = problem;
    this.notice = notice;
  }

  /**
   * Takes ownership of the data folder (NotOwnerError while another process holds it), finishes
   * or undoes a swap a crash interrupted, removes leftovers, and opens the book. A book that is
   * damaged or not as the app made it leaves the holder open without a book (`problem`); a book
   * from a newer version is refused (NewerBookError) with its bytes unchanged.
   */
  static open(dataDir: string, options: HolderOptions = {}): BookHolder {
    try {
      ensurePrivateDir(dataDir);
    } catch (err) {
      throw storageErrorOf(err, { dataDir, what: 'folder' }) ?? err;
    }
    const owner = takeOwnership(dataDir);
    try {
      const now = options.now ?? (() => Date.now());
      const notice = finishInterruptedSwap(dataDir, now) ?? removeIncoming(dataDir, now);
      let book: OpenBook | null = null;
      let problem: UnusableBook | null = null;
      try {
        book = openBook(dataDir, { now, check: options.checkLater && checkTakesLong(path.join(dataDir, DATABASE_FILE), options.checkLaterFrom ?? CHECK_LATER_FROM) ? 'later' : 'now' });
      } catch (err) {
        if (!(err instanceof BookProblem)) throw storageErrorOf(err, { dataDir, what: 'book' }) ?? err;
        problem = problemOf(err, path.join(dataDir, DATABASE_FILE));
      }
      const holder = new BookHolder(dataDir, now, owner, options.onSwapStep ?? (() => {}), book, problem, notice);
      if (book && !book.checked && options.checkLater) holder.checkInBackground(book, options.checkLater);
      return holder;
    } catch (err) {
      owner.release();
      throw err;
    }
  }

  get book(): OpenBook {
    if (!this.current) {
      if (this.problem) throw new ApiFailure({ code: 'book_unusable', message: this.problem.message });
      throw new ApiFailure({ code: 'unavailable', message: 'The book is closed. Restart Rapport; everything saved before is safe.' });
    }
    return this.current;
  }

  get db(): WritableDB {
    return this.book.db;
  }

  get file(): string {
    return path.join(this.dataDir, DATABASE_FILE);
  }

  /**
   * While the open book's quick check runs on a helper thread, calls may read it but nothing may be
   * written to it: the dispatcher runs a call, and if it wrote, rolls it back and runs it again once
   * the check has passed (`whenChecked`). If the check finds damage, the book is set aside unwritten
   * (`problem`) and the problem listeners are told.
   */
  get isChecking(): boolean {
    return this.checking !== null;
  }

  /**
   * Resolves when no quick check is under way (at once when none is), whatever it found. A check
   * not yet started starts now, unless `start` is false (for work that can wait for its moment).
   */
  async whenChecked(options: { start?: boolean } = {}): Promise<void> {
    if (options.start ?? true) this.startCheck();
    while (this.checking) await this.checking;
  }

  /**
   * Starts the open book's check if it is still waiting for its moment. The check reads the whole
   * file, and on a two-core machine it would slow the first screen down by half again: the back
   * end starts it once it is idle, or at once when a call must wait for it.
   */
  startCheck(): void {
    this.startPendingCheck?.();
  }

  /** Called when a check on the helper thread finds the open book damaged. */
  onProblem(listener: () => void): () => void {
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  private checkInBackground(book: OpenBook, check: (file: string) => Promise<string | null>): void {
    let start: () => void = () => {};
    const started = new Promise<void>((resolve) => (start = resolve));
    this.startPendingCheck = () => {
      this.startPendingCheck = null;
      start();
    };
    const run = (async () => {
      await started;
      if (this.current !== book) return;
      let found: string | null;
      try {
        found = await check(book.file);
      } catch {
        // Closed meanwhile (the thread was stopped with it): nothing left to check.
        if (this.current !== book) return;
        // The helper thread could not run: the check runs here instead, late but whole.
        found = quickCheck(book.file);
      }
      if (this.current !== book) return;
      if (found === null) {
        // What opening would have done at once: the figures up to date (after midnight with a window).
        bringFiguresUpToDate(book.db, this.now);
        return;
      }
      this.current = null;
      this.problem = problemOf(damagedBook(found), book.file);
      // Closed without a write of ours (OpenBook.close would optimize: a write). SQLite folds a WAL
      // left by a crash into the file as it closes, as it does on every close; that is the owner's own
      // committed data, and the file is set aside as it is when they recover.
      book.db.close();
      for (const listener of this.problemListeners) listener();
    })();
    // One check per holder, at open: a book swapped in later was checked before the swap.
    this.checking = run.finally(() => {
      this.checking = null;
    });
  }

  /** Throws unless this process still owns the data folder: checked before a write is acknowledged. */
  assertOwner(): void {
    this.owner.assertHeld();
  }

  /** True while a task holds the book to itself (a swap under way). */
  get busy(): boolean {
    return this.lock !== null;
  }

  /** Resolves when no task holds the book (at once when none does). */
  async whenAvailable(): Promise<void> {
    while (this.lock) await this.lock.catch(() => {});
  }

  /** Runs `work` while it reads the open book asynchronously (a backup): a swap waits for it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.reading.add(work);
    const done = () => this.reading.delete(work);
    work.then(done, done);
    return work;
  }

  /** Runs `task` with the book to itself: other tasks and calls wait; backups in flight finish first. */
  async exclusive<T>(task: () => Promise<T> | T): Promise<T> {
    await this.whenAvailable();
    const run = (async () => {
      while (this.reading.size > 0) await Promise.allSettled([...this.reading]);
      return task();
    })();
    this.lock = run;
    try {
      return await run;
    } finally {
      if (this.lock === run) this.lock = null;
    }
  }

  onSwap(listener: (book: OpenBook) => void): () => void {
    this.swapListeners.add(listener);
    return () => this.swapListeners.delete(listener);
  }

  /**
   * Puts `incoming` (a complete, closed, checked book file in the data folder) in place of the book
   * and keeps the current file as `keepAs` (in the backups folder). Call it inside `exclusive()`.
   *
   * Crash-safe in this order, each step flushed to the disk before the next:
   * 1. the old book is closed (its WAL folded in and removed);
   * 2. an intent file records the swap;
   * 3. the old book gets a second name, `keepAs` (a hard link: no copy, and the book itself is
   *    never without its name);
   * 4. `incoming` is renamed over the book's name: one atomic rename, the moment of the swap;
   * 5. the new book is opened, then the intent removed.
   * A crash before 4 leaves the old book in place; at or after it, the new one. On the next start
   * `finishInterruptedSwap` reads the intent, tidies up, and says which (BookHolder.notice).
   * If the new book cannot be opened, the old one is put back and the error is thrown.
   */
  swapIn(incoming: string, keepAs: string, about: { kind: SwapIntent['kind']; from: string } = { kind: 'restore', from: path.basename(incoming) }): OpenBook {
    const file = this.file;
    const wal = `${file}-wal`;
    const old = this.current;
    if (old) {
      old.db.pragma('wal_checkpoint(TRUNCATE)');
      old.close();
      this.current = null;
    }
    const reopenOld = () => {
      if (old) this.current = openBook(this.dataDir, { now: this.now, check: 'skip' });
    };
    // A WAL left with content holds writes the file lacks (a damaged book never opened): it goes
    // with the old book. An open book's last close folds it in and removes it.
    const walAside = fs.existsSync(wal) && fs.statSync(wal).size > 0;
    if (old && walAside) {
      reopenOld();
      throw new Error('the book still has writes in its WAL file');
    }
    const intent: SwapIntent = { ...about, incoming: path.basename(incoming), keepAs: path.basename(keepAs), walAside, at: this.now() };
    const intentFile = path.join(this.dataDir, INTENT_FILE);
    try {
      this.onSwapStep('closed');
      fs.rmSync(`${file}-shm`, { force: true });
      ensurePrivateDir(path.dirname(keepAs));
      makePrivate(incoming);
      fsyncFile(incoming);
      writeFileDurably(intentFile, JSON.stringify(intent));
      this.onSwapStep('intent');
      keepSecondName(file, keepAs);
      if (walAside) keepSecondName(wal, `${keepAs}-wal`);
      fsyncDir(path.dirname(keepAs));
      this.onSwapStep('kept');
    } catch (err) {
      // Nothing has changed under the book's name: take back the second names and the intent.
      undoKeep(file, keepAs, walAside);
      removeDurably(intentFile);
      reopenOld();
      throw err;
    }
    fs.renameSync(incoming, file);
    fsyncDir(this.dataDir);
    this.onSwapStep('renamed');
    try {
      // The old book's WAL and shm, if any, are not the new book's.
      fs.rmSync(wal, { force: true });
      fs.rmSync(`${file}-shm`, { force: true });
      // Checked before the swap by whoever made it (a restore's integrity check, a JSON import built
      // by the migrations themselves).
      this.current = openBook(this.dataDir, { now: this.now, check: 'skip' });
      this.problem = null;
      this.onSwapStep('opened');
    } catch (err) {
      // Put the old book back as it was: its second name becomes its name again.
      this.current?.close();
      this.current = null;
      fs.rmSync(`${file}-shm`, { force: true });
      fs.rmSync(wal, { force: true });
      if (walAside) fs.renameSync(`${keepAs}-wal`, wal);
      fs.renameSync(keepAs, file);
      fsyncDir(this.dataDir);
      removeDurably(intentFile);
      reopenOld();
      throw err;
    }
    removeDurably(intentFile);
    const opened = this.current;
    for (const listener of this.swapListeners) listener(opened);
    return opened;
  }

  close(): void {
    this.startPendingCheck = null;
    // A book whose check has not passed is closed without the writes of a normal close.
    if (this.checking) this.current?.db.close();
    else this.current?.close();
    this.current = null;
    this.owner.release();
  }
}

/**
 * Books from this size on are checked on a helper thread: SQLite's quick check reads about 150 MB a
 * second here (326 MB, the large reference book, in 2 s), so a book of 16 MB takes about 100 ms,
 * which still fits in opening's budget; a bigger one would not.
 */
export const CHECK_LATER_FROM = 16 * 1024 * 1024;

function checkTakesLong(file: string, from: number): boolean {
  let size = 0;
  for (const suffix of ['', '-wal']) {
    try {
      size += fs.statSync(file + suffix).size;
    } catch {
      // Not there: nothing to read.
    }
  }
  return size >= from;
}

const problemOf = (err: BookProblem, file: string): UnusableBook => ({ code: err.code, message: err.message, detail: err.detail, file });

/** Gives `file` a second name (a hard link); a copy, flushed, where the disk cannot link. */
function keepSecondName(file: string, as: string): void {
  try {
    fs.linkSync(file, as);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'EMLINK') throw err;
    fs.copyFileSync(file, as, fs.constants.COPYFILE_EXCL);
    fsyncFile(as);
  }
}

const sameFile = (a: string, b: string) => {
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.ino === sb.ino && sa.dev === sb.dev;
  } catch {
    return false;
  }
};

/** Removes the second names a swap gave the book, where they are still the book itself. */
function undoKeep(file: string, keepAs: string, walAside: boolean): void {
  if (sameFile(file, keepAs)) fs.rmSync(keepAs, { force: true });
  if (walAside && sameFile(`${file}-wal`, `${keepAs}-wal`)) fs.rmSync(`${keepAs}-wal`, { force: true });
}

/** Where a book being built or checked before a swap is written: the data folder, so the swap is a rename. */
export function incomingFile(dataDir: string, now: number): string {
  return path.join(dataDir, `incoming-${now}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.db`);
}

const INCOMING = /^incoming-.*\.db(-wal|-shm|-journal)?$/;

/** Removes books left half-built by a restore or an import a crash interrupted; says so when there were any. */
function removeIncoming(dataDir: string, now: () => number): BookNotice | null {
  let names: string[];
  try {
    names = fs.readdirSync(dataDir);
  } catch {
    return null;
  }
  const left = names.filter((name) => INCOMING.test(name));
  for (const name of left) fs.rmSync(path.join(dataDir, name), { force: true });
  if (!left.some((name) => name.endsWith('.db'))) return null;
  return {
    outcome: 'not-started',
    message: 'Rapport stopped while it was preparing a restore or an import, before anything was changed: your book is as it was. Start it again if you still want it.',
    at: now(),
  };
}

/**
 * Finishes what a swap a crash interrupted left behind, from its intent file: before the rename
 * the old book is still the book (its second name is removed); after it the new one is (the old
 * WAL and shm, if any, are removed). Returns what to tell the owner, or null when there was no
 * swap under way.
 */
export function finishInterruptedSwap(dataDir: string, now: () => number): BookNotice | null {
  const intentFile = path.join(dataDir, INTENT_FILE);
  fs.rmSync(`${intentFile}.tmp`, { force: true });
  let intent: SwapIntent;
  try {
    intent = JSON.parse(fs.readFileSync(intentFile, 'utf8')) as SwapIntent;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // Written whole or not at all (writeFileDurably); unreadable means the disk lied. The files say the rest.
    removeDurably(intentFile);
    return null;
  }
  const file = path.join(dataDir, DATABASE_FILE);
  const incoming = path.join(dataDir, path.basename(String(intent.incoming)));
  const keepAs = path.join(dataDir, 'backups', path.basename(String(intent.keepAs)));
  const what =
    intent.kind === 'restore' ? `restoring the backup ${intent.from}` : intent.kind === 'import' ? `importing ${intent.from}` : `replacing your damaged book with ${intent.from}`;
  let notice: BookNotice;
  if (fs.existsSync(incoming)) {
    undoKeep(file, keepAs, intent.walAside === true);
    fs.rmSync(incoming, { force: true });
    notice = { outcome: 'undone', message: `Rapport stopped while ${what}, before the new book was in place: you are on your book as it was before. Nothing was lost; start again if you still want it.`, at: now() };
  } else {
    if (intent.walAside && sameFile(`${file}-wal`, `${keepAs}-wal`)) fs.rmSync(`${file}-wal`, { force: true });
    if (intent.walAside) fs.rmSync(`${file}-shm`, { force: true });
    notice = {
      outcome: 'finished',
      message: `Rapport stopped while ${what}, after the new book was in place: you are on the new book. Your previous book is kept as the backup ${path.basename(keepAs)}.`,
      at: now(),
    };
  }
  fsyncDir(dataDir);
  removeDurably(intentFile);
  return notice;
}
