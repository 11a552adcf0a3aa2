/**
 * The whole book out and back, on a given book file (the large reference book in `npm run bench`):
 * the full JSON export (quality.md: < 10 s), building a new book from that JSON (validation, every
 * row inserted, search index and figures once), and a backup with SQLite's online backup API.
 * Timed in process, on the back end's own functions. The file is only read.
 *
 *   node out/test/bench.cjs ... (wired by the lead), or directly: benchBook('/path/to/rapport.db')
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeBackup } from '../../electron/db/backups';
import { buildBookFromJson, exportBookJson } from '../../electron/db/book-json';
import { openConnection } from '../../electron/db/connection';
import type { BenchRow } from './bench-row';

export type { BenchRow } from './bench-row';

export async function benchBook(dbFile: string, options: { now?: number } = {}): Promise<BenchRow[]> {
  const now = options.now ?? Date.now();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-book-'));
  const rows: BenchRow[] = [];
  const db = openConnection(dbFile, { readonly: true });
  try {
    let t = performance.now();
    const out = db.transaction(() => exportBookJson(db, { now, appVersion: 'bench' }))();
    const exportMs = performance.now() - t;
    const mb = Buffer.byteLength(out.text) / 1024 / 1024;
    rows.push({ name: 'full JSON export (book.exportJson)', ms: exportMs, budgetMs: 10_000, note: `${out.rows.toLocaleString('en')} rows, ${mb.toFixed(0)} MB of JSON` });

    const target = path.join(scratch, 'imported.db');
    t = performance.now();
    const built = buildBookFromJson(out.text, target, { now });
    const importMs = performance.now() - t;
    rows.push({
      name: 'JSON import: check every row, build the book, search index and figures once (book.importJson)',
      ms: importMs,
      budgetMs: 0,
      note: `${built.rows.toLocaleString('en')} rows; quality.md sets no budget for it`,
    });

    t = performance.now();
    const backup = await makeBackup(db, scratch, 'manual-bench.db');
    const backupMs = performance.now() - t;
    rows.push({
      name: 'backup now (SQLite online backup API)',
      ms: backupMs,
      budgetMs: 0,
      note: `${(backup.size / 1024 / 1024).toFixed(0)} MB; quality.md sets no budget for it`,
    });
  } finally {
    db.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return rows;
}
