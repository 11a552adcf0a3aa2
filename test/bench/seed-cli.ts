/**
 * Fills a data folder with the generated reference book:
 *   node out/test/seed.cjs <dataDir> [--count 100000] [--seed 20250601]
 * Refuses a folder that already holds contacts.
 */
import path from 'node:path';
import { openBook } from '../../electron/db/book';
import { DEFAULT_SEED, generateContacts } from './generate';

function main(): number {
  const args = process.argv.slice(2);
  const dataDir = args.find((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--'));
  const flag = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    const value = i >= 0 ? Number(args[i + 1]) : fallback;
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} takes a whole number`);
    return value;
  };
  if (!dataDir) {
    console.error('usage: node out/test/seed.cjs <dataDir> [--count 100000] [--seed N]');
    return 2;
  }
  const count = flag('count', 100_000);
  const seed = flag('seed', DEFAULT_SEED);
  const book = openBook(path.resolve(dataDir));
  try {
    const existing = (book.db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n;
    if (existing > 0) {
      console.error(`${book.file} already holds ${existing} contacts; use an empty folder`);
      return 1;
    }
    const s = generateContacts(book.db, { count, seed, now: Date.now() });
    console.log(
      `${s.count} contacts (${s.businesses} businesses, ${s.persons} people, ${s.trashed} in the trash, ${s.tags} tags) ` +
        `in ${Math.round(s.insertMs + s.searchMs)} ms (search index ${Math.round(s.searchMs)} ms) -> ${book.file}`,
    );
    return 0;
  } finally {
    book.close();
  }
}

process.exitCode = main();
