import type { BackendEvent, EventMap, EventName } from '../../shared/contract/index';
import type { BookHolder } from '../db/book-holder';
import type { WritableDB } from '../db/connection';

/** What every handler gets besides its input. */
export interface ApiContext {
  db: WritableDB;
  /** The back end's clock: tests pass a fixed one. */
  now(): number;
  emit<E extends EventName>(name: E, payload: EventMap[E]): void;
  /** Called after a write of an area commits (the reminder scheduler looks again after follow-up writes). */
  afterWrite?: (area: string) => void;
  /**
   * The holder of the open book, where the back end can swap it (restore, JSON import); `db` then
   * reads the current book each time. Absent where a test opens a book on its own.
   */
  book?: BookHolder;
  /**
   * The built helper thread that reads large import files (row-reader.ts) beside the back end's
   * own; absent, files are read on the back end's thread.
   */
  rowReaderFile?: string;
  info: { version: string; mode: 'desktop' | 'browser'; dataDir: string; databaseFile: string };
}

/**
 * What a handler gets: the context, and a way to defer work until its call's transaction has
 * committed. The dispatcher runs the deferred work in order, outside any transaction, before the
 * call returns; a call that fails (rolls back) runs none of it.
 */
export interface HandlerContext extends ApiContext {
  /**
   * For work SQLite refuses inside a transaction (a WAL checkpoint, an FTS5 optimize that must see
   * the committed delete) or that must not happen unless the write stands (deleting files). A
   * failure there is logged; the call still succeeds, since its write has committed.
   */
  afterCommit(fn: () => void): void;
}

export type EventSink = (event: BackendEvent) => void;
