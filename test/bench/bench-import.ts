/**
 * Imports, timed through the back end's worker as the UI calls them (quality.md): 100,000 CSV rows
 * into a fresh book (< 5 s) and 10,000 vCards (< 2 s). Each repetition starts a new book in a new
 * folder, so every import is a first import; the files are built once, deterministically.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBackend, type BackendHost } from '../../electron/backend/host';
import { CHUNKED_ABOVE, UPLOAD_CHUNK_BYTES, type ImportReport, type Result } from '../../shared/contract/index';
import { DEFAULT_NOW } from './generate';
import { settleDisk, type BenchRow } from './bench-row';

export type { BenchRow } from './bench-row';

const FIRST = ['Ana', 'Bruno', 'Chloé', 'Dmitri', 'Emma', 'Farid', 'Greta', 'Hiro', 'Inès', 'Jonas', 'Kwame', 'Léa', 'Mateo', 'Nora', 'Omar', 'Priya'];
const LAST = ['López', 'Keller', 'Martin', 'Ivanov', 'Smith', 'Haddad', 'Berg', 'Tanaka', 'Moreau', 'Schmidt', 'Mensah', 'Rossi', 'Silva', 'Novak', 'Khan', 'Patel'];
const TAGS = ['Clients', 'VIP', 'Suppliers', 'Friends', 'Press', 'Partners'];

/** A Google-style generic CSV of `n` people: names, email, phone, company, address, tags, birthday, notes. */
export function benchCsv(n: number): Buffer {
  const lines = ['First Name,Last Name,E-mail,Phone,Company,Job Title,Street,City,Postal Code,Country,Tags,Birthday,Notes'];
  for (let i = 0; i < n; i++) {
    const first = FIRST[i % FIRST.length] ?? 'A';
    const last = LAST[(i * 7) % LAST.length] ?? 'B';
    const month = (i % 12) + 1;
    const day = (i % 28) + 1;
    const birthday = i % 3 === 0 ? `--${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` : `19${60 + (i % 40)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    lines.push(
      [
        first,
        `${last}${i}`,
        `${ascii(first)}.${i}@example.com`,
        `+1 555 ${String(1_000_000 + i).slice(1)}`,
        `Company ${i % 5000}`,
        i % 2 ? 'Owner' : '',
        `${i} Main Street`,
        'Springfield',
        String(10000 + (i % 90000)),
        'USA',
        `${TAGS[i % TAGS.length]};${TAGS[(i * 5) % TAGS.length]}`,
        birthday,
        i % 4 === 0 ? `"Met at the fair, ""good lead""\nCall back in spring"` : '',
      ].join(','),
    );
  }
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}

/** `n` vCards 3.0, a third with a small folded photo, a tenth in 2.1 with quoted-printable. */
export function benchVcards(n: number): Buffer {
  const photo = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk'.repeat(20);
  const folded = photo.replace(/(.{74})/g, '$1\r\n ');
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const first = FIRST[i % FIRST.length] ?? 'A';
    const last = `${LAST[(i * 3) % LAST.length] ?? 'B'}${i}`;
    if (i % 10 === 0) {
      out.push(
        'BEGIN:VCARD',
        'VERSION:2.1',
        `N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${last};Z=C3=B6e`,
        `FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Z=C3=B6e ${last}`,
        `TEL;HOME;VOICE:+49 30 ${1_000_000 + i}`,
        `EMAIL;INTERNET:zoe.${i}@example.com`,
        'NOTE;ENCODING=QUOTED-PRINTABLE:A long note that goes on=',
        'and on.',
        'END:VCARD',
      );
      continue;
    }
    out.push(
      'BEGIN:VCARD',
      'VERSION:3.0',
      `UID:bench-${i}`,
      `N:${last};${first};;;`,
      `FN:${first} ${last}`,
      `ORG:Company ${i % 1000}`,
      'TITLE:Buyer',
      `EMAIL;type=INTERNET;type=WORK:${ascii(first)}.${i}@example.com`,
      `TEL;type=CELL:+1 555 ${String(1_000_000 + i).slice(1)}`,
      `ADR;type=HOME:;;${i} Main Street;Springfield;IL;62701;USA`,
      `BDAY:--${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}`,
      `CATEGORIES:${TAGS[i % TAGS.length]},${TAGS[(i * 5) % TAGS.length]}`,
      'NOTE:Met at the fair\\, good lead.\\nCall back in spring.',
    );
    if (i % 3 === 0) out.push(`PHOTO;ENCODING=b;TYPE=PNG:${folded}`);
    out.push('END:VCARD');
  }
  return Buffer.from(out.join('\r\n') + '\r\n', 'utf8');
}

const ascii = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;

function unwrap<T>(r: Result<unknown>, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/**
 * A file as the UI hands it to an import: a big one was sent in chunks when it was picked (before
 * the preview), so the import's call names the upload; a small one travels inside the call.
 */
async function sendAsTheUiDoes(host: BackendHost, name: string, bytes: Buffer): Promise<{ name: string; base64: string } | { name: string; uploadId: string }> {
  if (bytes.length <= CHUNKED_ABOVE) return { name, base64: bytes.toString('base64') };
  const { id } = unwrap<{ id: string }>(await host.call('uploads.begin', { name, size: bytes.length }), 'uploads.begin');
  for (let offset = 0; offset < bytes.length; offset += UPLOAD_CHUNK_BYTES) {
    unwrap(await host.call('uploads.append', { id, offset, base64: bytes.subarray(offset, offset + UPLOAD_CHUNK_BYTES).toString('base64') }), 'uploads.append');
  }
  return { name, uploadId: id };
}

/** Times one import call into a fresh book `reps` times; the median of the call as the UI makes it. */
async function timeImport(workerFile: string, reps: number, method: 'csv.import' | 'vcard.import', file: { name: string; bytes: Buffer }, rest: Record<string, unknown>, expected: number) {
  const samples: number[] = [];
  let report: ImportReport | null = null;
  for (let i = 0; i < reps; i++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-import-'));
    const host = await startBackend({ workerFile, dataDir, mode: 'browser', version: 'bench', log: () => {}, fixedNow: DEFAULT_NOW });
    try {
      const body = { file: await sendAsTheUiDoes(host, file.name, file.bytes), ...rest };
      settleDisk();
      const started = performance.now();
      report = unwrap<ImportReport>(await host.call(method, body), method);
      samples.push(performance.now() - started);
      if (report.added !== expected) throw new Error(`${method} added ${report.added} of ${expected}: ${JSON.stringify(report.skips.slice(0, 3))}`);
    } finally {
      await host.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return { ms: median(samples), samples, report };
}

export async function benchImport(options: { workerFile?: string; reps?: number; csvRows?: number; cards?: number } = {}): Promise<BenchRow[]> {
  const workerFile = options.workerFile ?? path.join(__dirname, '../electron/worker.cjs');
  const reps = options.reps ?? 3;
  const csvRows = options.csvRows ?? 100_000;
  const cards = options.cards ?? 10_000;
  const rows: BenchRow[] = [];

  const csv = { name: 'contacts.csv', bytes: benchCsv(csvRows) };
  const mapping = [
    { field: 'firstName' },
    { field: 'lastName' },
    { field: 'email' },
    { field: 'phone' },
    { field: 'company' },
    { field: 'jobTitle' },
    { field: 'street' },
    { field: 'city' },
    { field: 'postalCode' },
    { field: 'country' },
    { field: 'tags' },
    { field: 'birthday' },
    { field: 'notes' },
  ];
  const c = await timeImport(workerFile, reps, 'csv.import', csv, { mapping, duplicates: 'skip' }, csvRows);
  rows.push({
    name: `import ${csvRows.toLocaleString('en')} CSV rows (fresh book)`,
    ms: c.ms,
    samples: c.samples,
    budgetMs: 5000,
    note: `median of ${reps} (${c.samples.map((s) => Math.round(s)).join(', ')} ms); ${(csv.bytes.length / 1e6).toFixed(1)} MB, sent in chunks first as the UI sends a file this big when it is picked; ${c.report?.businessesAdded ?? 0} businesses created from company names; duplicate check by email and phone on; search index and figures included`,
  });

  const vcf = { name: 'contacts.vcf', bytes: benchVcards(cards) };
  const v = await timeImport(workerFile, reps, 'vcard.import', vcf, { duplicates: 'skip' }, cards);
  rows.push({
    name: `import ${cards.toLocaleString('en')} vCards (fresh book)`,
    ms: v.ms,
    samples: v.samples,
    budgetMs: 2000,
    note: `median of ${reps} (${v.samples.map((s) => Math.round(s)).join(', ')} ms); 3.0 with UIDs, a third with photos, a tenth 2.1 quoted-printable; ${(vcf.bytes.length / 1e6).toFixed(1)} MB, sent in chunks first`,
  });
  return rows;
}
