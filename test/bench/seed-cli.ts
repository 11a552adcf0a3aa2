/**
 * Fills a data folder with a generated book:
 *
 *   npm run seed -- --size large|sample [--kind cafe|consultancy] [--seed N] [--data-dir DIR] [--now ISO] [--force]
 *   npm run seed -- --contacts 3000 ...         (any size, records in the large book's proportions)
 *   node out/test/seed.cjs <dataDir> [--count 100000] [--seed N]   (contacts only, as before)
 *
 * Without --data-dir, a new folder under the system's temp folder (printed at the end). It refuses
 * a folder that already holds a rapport.db unless --force, which replaces that file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATABASE_FILE, openBook } from '../../electron/db/book';
import { DEFAULT_SEED, generateContacts } from './generate';
import { countRows, generateBook, type BookSize, type BusinessKind } from './generate-records';

const USAGE =
  'usage: npm run seed -- --size large|sample [--contacts N] [--kind cafe|consultancy] [--seed N] [--data-dir DIR] [--now ISO] [--force]\n' +
  '       node out/test/seed.cjs <dataDir> [--count 100000] [--seed N]   (contacts only)';

const BOOLEAN_FLAGS = new Set(['force', 'help']);

function parseArgs(argv: string[]): { flags: Map<string, string>; positional: string[] } {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (eq >= 0) flags.set(name, a.slice(eq + 1));
    else if (BOOLEAN_FLAGS.has(name)) flags.set(name, 'true');
    else {
      const value = argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      flags.set(name, value);
    }
  }
  return { flags, positional };
}

function wholeNumber(flags: Map<string, string>, name: string, fallback: number): number {
  const raw = flags.get(name);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} takes a whole number`);
  return value;
}

const fmt = (n: number) => n.toLocaleString('en');

function main(): number {
  const { flags, positional } = parseArgs(process.argv.slice(2));
  if (flags.has('help')) {
    console.log(USAGE);
    return 0;
  }
  const known = new Set(['size', 'contacts', 'kind', 'seed', 'data-dir', 'now', 'force', 'count', 'help']);
  for (const name of flags.keys()) if (!known.has(name)) throw new Error(`unknown option --${name}\n${USAGE}`);
  if (positional.length > 1) throw new Error(USAGE);

  const seed = wholeNumber(flags, 'seed', DEFAULT_SEED);
  let now = Date.now();
  const nowFlag = flags.get('now');
  if (nowFlag !== undefined) {
    now = Date.parse(nowFlag);
    if (!Number.isFinite(now)) throw new Error(`--now takes an ISO date or time, like 2026-11-24T09:00:00Z`);
  }
  const dirFlag = flags.get('data-dir') ?? positional[0];
  const dataDir = path.resolve(dirFlag ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-seed-')));
  const file = path.join(dataDir, DATABASE_FILE);
  if (fs.existsSync(file)) {
    if (!flags.has('force')) {
      console.error(`${file} already exists; choose another folder, or pass --force to replace it`);
      return 1;
    }
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }

  // The old contacts-only form: a folder and --count, without --size.
  if (!flags.has('size') && !flags.has('contacts') && flags.has('count')) {
    const book = openBook(dataDir);
    try {
      const s = generateContacts(book.db, { count: wholeNumber(flags, 'count', 100_000), seed, now });
      console.log(
        `${s.count} contacts (${s.businesses} businesses, ${s.persons} people, ${s.trashed} in the trash, ${s.tags} tags) ` +
          `in ${Math.round(s.insertMs + s.searchMs)} ms (search index ${Math.round(s.searchMs)} ms) -> ${book.file}`,
      );
      return 0;
    } finally {
      book.close();
    }
  }

  let size: BookSize;
  const sizeFlag = flags.get('size') ?? 'sample';
  if (flags.has('contacts')) size = { contacts: wholeNumber(flags, 'contacts', 0) };
  else if (sizeFlag === 'large' || sizeFlag === 'sample') size = sizeFlag;
  else throw new Error(`--size is large or sample\n${USAGE}`);
  const kindFlag = flags.get('kind') ?? 'cafe';
  if (kindFlag !== 'cafe' && kindFlag !== 'consultancy') throw new Error(`--kind is cafe or consultancy\n${USAGE}`);
  const kind: BusinessKind = kindFlag;

  const t0 = performance.now();
  const book = openBook(dataDir);
  try {
    const summary = generateBook(book.db, { size, seed, now, kind });
    const counts = countRows(book.db);
    book.db.pragma('wal_checkpoint(TRUNCATE)');
    const ms = performance.now() - t0;
    const width = Math.max(...Object.keys(counts).map((k) => k.length));
    console.log(`A ${kind} book (${typeof size === 'string' ? size : `${size.contacts} contacts`}), seed ${seed}, now ${new Date(now).toISOString()}:`);
    for (const [table, n] of Object.entries(counts)) console.log(`  ${table.padEnd(width)}  ${fmt(n).padStart(10)}`);
    console.log(`  phases: ${Object.entries(summary.timings).map(([k, v]) => `${k} ${fmt(v)} ms`).join(', ')}`);
    book.close();
    const bytes = fs.statSync(file).size;
    console.log(`done in ${(ms / 1000).toFixed(1)} s; ${(bytes / 1024 / 1024).toFixed(1)} MB`);
    console.log(`data dir: ${dataDir}`);
    return 0;
  } finally {
    book.close();
  }
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 2;
}
