import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeEach, describe, expect, test } from 'vitest';
import type { ImportReport, Result } from '../../shared/contract/index';
import { openTestBook, snapshotTables, type TestBook } from '../helpers/book';

/**
 * Importers fed broken files: whatever the bytes, a call ends quickly with a report or a typed
 * error (never `internal`), a refusal leaves every table as it was, and a report accounts for
 * every row with line numbers inside the file.
 */

let t: TestBook;
beforeEach(() => {
  t = openTestBook();
});

const fixtures = ['google.csv', 'google-legacy.csv', 'outlook.csv', 'generic-fr.csv', 'generic-de.tsv', 'bad-row.csv', 'vcard-21.vcf', 'vcard-30.vcf', 'vcard-40.vcf'].map((name) =>
  fs.readFileSync(path.join(import.meta.dirname, '../fixtures/import', name)),
);

const lineCount = (bytes: Uint8Array) => {
  let n = 1;
  for (const b of bytes) if (b === 10 || b === 13) n++;
  return n;
};

function checkReport(report: ImportReport, bytes: Uint8Array): void {
  expect(report.added + report.merged + report.updated + report.skipped).toBe(report.rows);
  expect(report.skips).toHaveLength(report.skipped);
  const maxLine = lineCount(bytes);
  for (const s of report.skips) {
    expect(s.line).toBeGreaterThanOrEqual(1);
    expect(s.line).toBeLessThanOrEqual(maxLine);
    expect(s.reason.length).toBeGreaterThan(0);
  }
}

/** Runs one call; a failure must be typed and leave the book unchanged. */
async function attempt(call: () => Promise<Result<unknown>>): Promise<unknown> {
  const before = snapshotTables(t.db);
  const started = performance.now();
  const result = await call();
  expect(performance.now() - started).toBeLessThan(10_000);
  if (!result.ok) {
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message.length).toBeGreaterThan(0);
    expect(snapshotTables(t.db)).toEqual(before);
    return null;
  }
  expect(t.logs).toEqual([]);
  return result.value;
}

async function importBytesAsCsv(bytes: Uint8Array): Promise<void> {
  const file = { name: 'fuzz.csv', base64: Buffer.from(bytes).toString('base64') };
  const preview = (await attempt(() => t.raw('csv.preview', { file }))) as { mapping: unknown[] } | null;
  if (!preview) return;
  // The suggested mapping, and one that takes the first column as a name.
  for (const mapping of [preview.mapping, preview.mapping.map((m, i) => (i === 0 ? { field: 'name' } : m))]) {
    for (const duplicates of ['skip', 'merge'] as const) {
      const report = (await attempt(() => t.raw('csv.import', { file, mapping, duplicates }))) as ImportReport | null;
      if (report) checkReport(report, bytes);
    }
  }
}

async function importBytesAsVcard(bytes: Uint8Array): Promise<void> {
  const file = { name: 'fuzz.vcf', base64: Buffer.from(bytes).toString('base64') };
  for (const duplicates of ['merge', 'add'] as const) {
    const report = (await attempt(() => t.raw('vcard.import', { file, duplicates }))) as ImportReport | null;
    if (report) checkReport(report, bytes);
  }
}

/** A real export, broken: cut short, bytes replaced, junk inserted. */
const brokenFixture = fc
  .tuple(
    fc.constantFrom(...fixtures),
    fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
        fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
        fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 40 }) }),
        fc.record({ kind: fc.constant('text' as const), at: fc.nat(), text: fc.constantFrom('"', '""', '\r\n', '\n ', '=\r\n', ';', ',', '\t', ':', 'BEGIN:VCARD\r\n', 'END:VCARD\r\n', '=C3', '\\', ' ::: ') }),
      ),
      { maxLength: 6 },
    ),
  )
  .map(([source, edits]) => {
    let bytes = Buffer.from(source);
    for (const e of edits) {
      const at = bytes.length === 0 ? 0 : e.at % (bytes.length + 1);
      if (e.kind === 'cut') bytes = bytes.subarray(0, at);
      else if (e.kind === 'set' && at < bytes.length) bytes[at] = e.byte;
      else if (e.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(e.bytes), bytes.subarray(at)]);
      else if (e.kind === 'text') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(e.text, 'latin1'), bytes.subarray(at)]);
    }
    return new Uint8Array(bytes);
  });

/** CSV-ish text from quotes, delimiters, newlines, accents and long runs. */
const csvish = fc
  .array(fc.oneof(fc.constantFrom('"', ',', ';', '\t', '\n', '\r\n', '\r', 'Name', 'Email', 'a@b.co', 'é', '€', '0/0/00', '--03-12', ' ::: '), fc.string({ maxLength: 8 })), { maxLength: 120 })
  .map((parts) => new Uint8Array(Buffer.from(parts.join(''), 'utf8')));

/** vCard-ish lines: properties with random parameters, encodings, folds and values. */
const vcardish = fc
  .array(
    fc.oneof(
      fc.constantFrom('BEGIN:VCARD', 'END:VCARD', 'VERSION:2.1', 'VERSION:4.0', ' folded', '\tfolded', '', 'AGENT:', 'PHOTO;ENCODING=BASE64:AAAA'),
      fc
        .tuple(
          fc.constantFrom('FN', 'N', 'EMAIL', 'TEL', 'ADR', 'BDAY', 'NOTE', 'ORG', 'UID', 'CATEGORIES', 'item1.X-ABLabel', 'X-JUNK'),
          fc.constantFrom('', ';ENCODING=QUOTED-PRINTABLE', ';CHARSET=ISO-8859-1', ';CHARSET=bogus', ';HOME;VOICE', ';TYPE="a,b"', ';QUOTED-PRINTABLE;CHARSET=UTF-8'),
          fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('=C3=A9=', '--0229', '19850312', 'a@b.co', 'tel:+1-555-0100', '\\n\\,\\;', 'x;y;z;;;;;;')),
        )
        .map(([name, params, value]) => `${name}${params}:${value}`),
    ),
    { maxLength: 60 },
  )
  .map((lines) => new Uint8Array(Buffer.from(lines.join('\r\n'), 'latin1')));

describe('importers fed broken files', () => {
  test('CSV: broken exports, CSV-ish text and binary junk', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(brokenFixture, csvish, fc.uint8Array({ maxLength: 600 })), importBytesAsCsv), { numRuns: 50 });
  });

  test('vCard: broken exports, vCard-ish lines and binary junk', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(brokenFixture, vcardish, fc.uint8Array({ maxLength: 600 })), importBytesAsVcard), { numRuns: 150 });
  });

  test('huge fields: a 5 MB cell, a 3 MB note, a 10 MB photo; each ends with a report', async () => {
    const bigCell = Buffer.from(`Name,Notes\nAna,"${'x'.repeat(5_000_000)}"\nBen,short\n`);
    const csv = (await attempt(() => t.raw('csv.import', { file: { name: 'big.csv', base64: bigCell.toString('base64') }, mapping: [{ field: 'name' }, { field: 'notes' }] }))) as ImportReport;
    expect(csv).toMatchObject({ added: 1, skipped: 1, skips: [{ line: 2, name: 'Ana', reason: 'Notes: Notes hold at most 20,000 characters' }] });

    const photo = 'A'.repeat(10_000_000).replace(/(.{74})/g, '$1\r\n ');
    const card = `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Photo Person\r\nPHOTO;ENCODING=b;TYPE=JPEG:${photo}\r\nNOTE:${'y'.repeat(3_000_000)}\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Small\r\nEND:VCARD\r\n`;
    const vcf = (await attempt(() => t.raw('vcard.import', { file: { name: 'big.vcf', base64: Buffer.from(card).toString('base64') } }))) as ImportReport;
    expect(vcf).toMatchObject({ added: 1, skipped: 1, skips: [{ line: 1, name: 'Photo Person' }] });
  });
});
