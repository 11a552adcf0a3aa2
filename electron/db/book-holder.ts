import fs from 'node:fs';
import path from 'node:path';
import { ApiFailure, type BookSwap } from '../../shared/contract/index';
import type { WritableDB } from './connection';
import { DATABASE_FILE, openBook, type OpenBook } from './book';

/**
 * Owns the book the back end has open, so that a whole book can be put in its place (a restored
 * backup, an imported JSON file) while the back end keeps running.
 *
 * How calls stay safe: handlers read `holder.db` when they run. A swap (close, move the file
 * aside, move the new one in, reopen) is one synchronous step, so no call can run between the close
 * and the reopen on this single-threaded back end. Around it, `exclusive()` keeps the book to one
 * task: calls that arrive meanwhile wait in `whenAvailable()` (the dispatcher does this), and the
 * swap waits for backups in flight (`track()`), whose copy reads the open connection.
 */
export class BookHolder {
  private current: OpenBook | null;
  private lock: Promise<unknown> | null = null;
  private readonly reading = new Set<Promise<unknown>>();
  private readonly swapListeners = new Set<(book: OpenBook) => void>();
  /** The last swap made since the back end started. */
  lastSwap: BookSwap | null = null;

  private constructor(
    readonly dataDir: string,
    private readonly now: () => number,
    book: OpenBook,
  ) {
    this.current = book;
  }

  /** Opens (creates, migrates) the book of a data folder; leftovers of an interrupted swap are removed first. */
  static open(dataDir: string, options: { now?: () => number } = {}): BookHolder {
    removeIncoming(dataDir);
    const now = options.now ?? (() => Date.now());
    return new BookHolder(dataDir, now, openBook(dataDir, { now }));
  }

  get book(): OpenBook {
    if (!this.current) throw new ApiFailure({ code: 'unavailable', message: 'The book is closed. Restart Rapport; everything saved before is safe.' });
    return this.current;
  }

  get db(): WritableDB {
    return this.book.db;
  }

  get file(): string {
    return path.join(this.dataDir, DATABASE_FILE);
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
   * Puts `incoming` (a complete, closed book file in the data folder) in place of the book and
   * keeps the current file as `keepAs` (in the backups folder). One synchronous step; if the new
   * book cannot be opened, the old one is put back and opened again, and the error is thrown.
   * Call it inside `exclusive()`.
   */
  swapIn(incoming: string, keepAs: string): OpenBook {
    const old = this.book;
    const file = old.file;
    old.db.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    this.current = null;
    try {
      // The last connection's close folds the WAL in and removes it; a WAL left with content
      // would hold writes the file lacks, so the swap stops there and the book is reopened.
      for (const suffix of ['-wal', '-shm']) {
        const side = file + suffix;
        if (!fs.existsSync(side)) continue;
        if (suffix === '-wal' && fs.statSync(side).size > 0) throw new Error('the book still has writes in its WAL file');
        fs.rmSync(side, { force: true });
      }
      fs.mkdirSync(path.dirname(keepAs), { recursive: true });
      fs.renameSync(file, keepAs);
    } catch (err) {
      this.current = openBook(this.dataDir, { now: this.now });
      throw err;
    }
    try {
      fs.renameSync(incoming, file);
      this.current = openBook(this.dataDir, { now: this.now });
    } catch (err) {
      // Put the old book back as it was.
      this.current?.close();
      this.current = null;
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
      fs.renameSync(keepAs, file);
      this.current = openBook(this.dataDir, { now: this.now });
      throw err;
    }
    const opened = this.current;
    for (const listener of this.swapListeners) listener(opened);
    return opened;
  }

  close(): void {
    this.current?.close();
    this.current = null;
  }
}

/** Where a book being built or checked before a swap is written: the data folder, so the swap is a rename. */
export function incomingFile(dataDir: string, now: number): string {
  return path.join(dataDir, `incoming-${now}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.db`);
}

function removeIncoming(dataDir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dataDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (/^incoming-.*\.db(-wal|-shm|-journal)?$/.test(name)) fs.rmSync(path.join(dataDir, name), { force: true });
  }
}
