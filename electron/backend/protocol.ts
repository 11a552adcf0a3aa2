import type { BackendEvent, Result } from '../../shared/contract/index';

/** Messages between the relaying thread and the back end's worker. */
export type ToWorker = { type: 'call'; id: number; method: string; input: unknown } | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; schemaVersion: number | null; migratedFrom: number | null; backupFile: string | null }
  | { type: 'fatal'; code: 'locked' | 'newer_book' | 'read_only' | 'disk_full' | 'open_failed'; message: string }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: BackendEvent }
  | { type: 'log'; message: string }
  | { type: 'closed' };

export interface WorkerConfig {
  dataDir: string;
  mode: 'desktop' | 'browser';
  version: string;
  /** A fixed clock for tests (ms since the epoch); the real clock otherwise. */
  fixedNow?: number | undefined;
}
