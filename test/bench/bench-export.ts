/**
 * Exports on a given book file (the large reference book): the contacts CSV of every contact, and
 * vCards of 10,000, through the API dispatcher as the worker runs it. Medians of a few runs.
 * quality.md has no line for exports; the budgets here follow its imports: a CSV of 100,000
 * contacts within the 5 s a CSV import of 100,000 rows has, and 10,000 vCards in half the 2 s their
 * import has.
 */
import path from 'node:path';
import { createApi } from '../../electron/api/index';
import { openBook } from '../../electron/db/book';
import type { FileDownload, MethodInput, Result } from '../../shared/contract/index';
import type { BenchRow } from './bench-row';

export type { BenchRow } from './bench-row';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

/** `dbFile` is the book's `rapport.db`; its folder is opened as a data folder (migrated if it must be). */
export async function benchExport(dbFile: string, reps = 3): Promise<BenchRow[]> {
  const book = openBook(path.dirname(dbFile));
  try {
    const api = createApi({
      db: book.db,
      now: () => Date.now(),
      emit: () => {},
      info: { version: 'bench', mode: 'browser', dataDir: path.dirname(dbFile), databaseFile: book.file },
    });
    const time = async <M extends 'export.csv' | 'export.vcard'>(method: M, input: MethodInput<M>) => {
      const times: number[] = [];
      let last: FileDownload | null = null;
      for (let i = 0; i < reps; i++) {
        const t0 = performance.now();
        const result = (await api.call(method, input)) as Result<FileDownload>;
        times.push(performance.now() - t0);
        if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`);
        last = result.value;
      }
      return { ms: median(times), file: last! };
    };
    const ids = book.db.prepare('SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY id LIMIT 10000').pluck().all() as number[];

    const csv = await time('export.csv', { list: 'contacts' });
    const csvByRor = await time('export.csv', { list: 'contacts', sort: 'ror', direction: 'desc' });
    const vcf = await time('export.vcard', { ids });
    const mb = (f: FileDownload) => `${(Buffer.byteLength(f.text) / 1024 / 1024).toFixed(1)} MB`;
    return [
      { name: `export contacts CSV (${csv.file.count.toLocaleString('en')} rows)`, ms: csv.ms, budgetMs: 0, note: mb(csv.file) },
      { name: `export contacts CSV sorted by ROR (${csvByRor.file.count.toLocaleString('en')} rows)`, ms: csvByRor.ms, budgetMs: 0, note: mb(csvByRor.file) },
      { name: `export ${vcf.file.count.toLocaleString('en')} vCards 4.0`, ms: vcf.ms, budgetMs: 0, note: mb(vcf.file) },
    ];
  } finally {
    book.close();
  }
}
