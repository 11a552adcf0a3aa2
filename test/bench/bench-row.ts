import { spawnSync } from 'node:child_process';

/** One measured row of the data benches (imports, exports, the book's JSON), folded into bench.ts's table. */
export interface BenchRow {
  name: string;
  ms: number;
  /** Every timing taken, when more than one (ms is their median). */
  samples?: number[];
  /** quality.md's budget; 0 when it sets none (the row is shown for the record). */
  budgetMs: number;
  note?: string;
}

/**
 * Lets the operating system write out what earlier steps left in its cache (the large book and its
 * WAL: a few hundred MB) before a step that syncs to disk is timed: with that much waiting, every
 * fsync waits for it too (measured: a 100,000-row CSV import took 4.76 s right after 400 MB were
 * written elsewhere, against 4.23 s without). A user's import does not follow a benchmark's.
 */
export function settleDisk(): void {
  if (process.platform !== 'win32') spawnSync('sync', { stdio: 'ignore' });
}
