import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { sweepUploads } from '../../electron/db/uploads';
import { MAX_CHUNKED_UPLOAD_BYTES, MAX_UPLOAD_CHUNK_BYTES, type ImportReport } from '../../shared/contract/index';
import { openTestBook, snapshotTables, type TestBook } from '../helpers/book';
import { asUpload, openHeldBook, type HeldBook } from '../helpers/data-book';

type Caller = Pick<TestBook, 'ok' | 'fails'> | Pick<HeldBook, 'ok' | 'fails'>;

const b64 = (bytes: Buffer) => bytes.toString('base64');

/** Sends `bytes` in chunks of `chunk` bytes, as the UI does; returns the id. */
async function upload(t: Caller, bytes: Buffer, chunk = 1000, name = 'file.csv'): Promise<string> {
  const { id } = await t.ok('uploads.begin', { name, size: bytes.length });
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    const got = await t.ok('uploads.append', { id, offset, base64: b64(bytes.subarray(offset, offset + chunk)) });
    expect(got).toEqual({ received: Math.min(bytes.length, offset + chunk), size: bytes.length });
  }
  return id;
}

const uploadsIn = (dir: string) => (fs.existsSync(path.join(dir, 'uploads')) ? fs.readdirSync(path.join(dir, 'uploads')).sort() : []);
const partOf = (dir: string, id: string) => path.join(dir, 'uploads', `${id}.part`);

/** A CSV of `n` people with emails, phones, tags, and one broken row. */
function peopleCsv(n: number): Buffer {
  const lines = ['Name,Email,Phone,Tags,Notes'];
  for (let i = 0; i < n; i++) lines.push(`Person ${i} é,p${i}@example.com,+33 6 ${String(10_000_000 + i).slice(0, 8)},"vip, t${i % 7}",Note ${i} ✓`);
  lines.push(',,,,no name nor email');
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}

const contactsOf = (t: TestBook) => t.db.prepare('SELECT id, kind, name, notes, created_at, updated_at FROM contacts ORDER BY id').all();
const withoutTime = (r: ImportReport) => ({ ...r, seconds: 0 });

describe('uploads: a big file in chunks', () => {
  test('chunks in order arrive whole; the folder and file are private; csv.import of it equals the base64 path; it is gone after', async () => {
    const bytes = peopleCsv(400);
    const viaUpload = openTestBook();
    const before = snapshotTables(viaUpload.db);
    const id = await upload(viaUpload, bytes, 4096);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    // The uploads touch no table and send no event.
    expect(snapshotTables(viaUpload.db)).toEqual(before);
    expect(viaUpload.events).toEqual([]);
    expect(fs.readFileSync(partOf(viaUpload.dir, id))).toEqual(bytes);
    if (process.platform !== 'win32') {
      expect(fs.statSync(path.join(viaUpload.dir, 'uploads')).mode & 0o777).toBe(0o700);
      expect(fs.statSync(partOf(viaUpload.dir, id)).mode & 0o777).toBe(0o600);
    }

    const file = { name: 'people.csv', uploadId: id };
    const preview = await viaUpload.ok('csv.preview', { file });
    expect(preview.totalRows).toBe(401);
    // The preview keeps the upload for the import that follows.
    expect(uploadsIn(viaUpload.dir)).toEqual([`${id}.part`]);
    const report = await viaUpload.ok('csv.import', { file, mapping: preview.mapping, duplicates: 'skip' });
    expect(uploadsIn(viaUpload.dir)).toEqual([]);

    const viaBase64 = openTestBook();
    const p2 = await viaBase64.ok('csv.preview', { file: { name: 'people.csv', base64: b64(bytes) } });
    expect(p2).toEqual(preview);
    const r2 = await viaBase64.ok('csv.import', { file: { name: 'people.csv', base64: b64(bytes) }, mapping: p2.mapping, duplicates: 'skip' });
    expect(withoutTime(report)).toEqual(withoutTime(r2));
    expect(report).toMatchObject({ rows: 401, added: 400, skipped: 1 });
    expect(contactsOf(viaUpload)).toEqual(contactsOf(viaBase64));
    expect(viaUpload.db.prepare('SELECT value, value_key FROM contact_emails ORDER BY id').all()).toEqual(viaBase64.db.prepare('SELECT value, value_key FROM contact_emails ORDER BY id').all());

    // Used up: naming it again is refused, with the book unchanged.
    const snap = snapshotTables(viaUpload.db);
    expect(await viaUpload.fails('csv.import', { file, mapping: preview.mapping })).toMatchObject({ code: 'not_found', field: 'file.uploadId' });
    expect(snapshotTables(viaUpload.db)).toEqual(snap);
    expect(viaUpload.logs).toEqual([]);
  });

  test('a retry of a chunk is harmless, a gap or different bytes are refused, and the bytes stay right', async () => {
    const t = openTestBook();
    const bytes = Buffer.from(Array.from({ length: 2500 }, (_, i) => (i * 7) % 256));
    const { id } = await t.ok('uploads.begin', { name: 'x.bin', size: bytes.length });
    const chunk = (from: number, to: number) => b64(bytes.subarray(from, to));
    expect(await t.ok('uploads.append', { id, offset: 0, base64: chunk(0, 1000) })).toEqual({ received: 1000, size: 2500 });
    // The answer was lost, the UI sends the same chunk again: nothing changes.
    expect(await t.ok('uploads.append', { id, offset: 0, base64: chunk(0, 1000) })).toEqual({ received: 1000, size: 2500 });
    // A gap: refused, and nothing is written.
    const gap = await t.fails('uploads.append', { id, offset: 1500, base64: chunk(1500, 2000) });
    expect(gap).toMatchObject({ code: 'conflict', field: 'offset' });
    expect(gap.message).toMatch(/starts at 1000/);
    expect(fs.statSync(partOf(t.dir, id)).size).toBe(1000);
    // An earlier offset with other bytes: refused.
    const other = Buffer.from(bytes.subarray(500, 1200));
    other[0] = (other[0] ?? 0) ^ 0xff;
    expect(await t.fails('uploads.append', { id, offset: 500, base64: b64(other) })).toMatchObject({ code: 'conflict', field: 'offset' });
    expect(fs.statSync(partOf(t.dir, id)).size).toBe(1000);
    // An overlapping retry that also brings new bytes: only the new ones are added.
    expect(await t.ok('uploads.append', { id, offset: 500, base64: chunk(500, 1800) })).toEqual({ received: 1800, size: 2500 });
    // Past the declared end: refused.
    expect(await t.fails('uploads.append', { id, offset: 1800, base64: b64(Buffer.concat([bytes.subarray(1800), Buffer.from('more')])) })).toMatchObject({ code: 'invalid_input', field: 'base64' });
    // Not all there yet: an import naming it is refused, the book unchanged.
    const snap = snapshotTables(t.db);
    const early = await t.fails('csv.preview', { file: { uploadId: id } });
    expect(early).toMatchObject({ code: 'invalid_input', field: 'file.uploadId' });
    expect(early.message).toMatch(/1800 of 2500/);
    expect(snapshotTables(t.db)).toEqual(snap);
    expect(await t.ok('uploads.append', { id, offset: 1800, base64: chunk(1800, 2500) })).toEqual({ received: 2500, size: 2500 });
    expect(fs.readFileSync(partOf(t.dir, id))).toEqual(bytes);
  });

  test('cancel removes the bytes; an unknown id is not found; cancelling twice is harmless', async () => {
    const t = openTestBook();
    const id = await upload(t, Buffer.from('Name\nAna\n'));
    expect(await t.ok('uploads.cancel', { id })).toEqual({ cancelled: true });
    expect(uploadsIn(t.dir)).toEqual([]);
    expect(await t.ok('uploads.cancel', { id })).toEqual({ cancelled: false });
    expect(await t.fails('uploads.append', { id, offset: 0, base64: b64(Buffer.from('x')) })).toMatchObject({ code: 'not_found', field: 'id' });
    const unknown = 'ab'.repeat(16);
    expect(await t.fails('uploads.append', { id: unknown, offset: 0, base64: 'QQ==' })).toMatchObject({ code: 'not_found', field: 'id' });
    expect(await t.fails('csv.preview', { file: { name: 'x.csv', uploadId: unknown } })).toMatchObject({ code: 'not_found', field: 'file.uploadId' });
    expect(await t.fails('vcard.import', { file: { uploadId: unknown } })).toMatchObject({ code: 'not_found', field: 'file.uploadId' });
    expect(t.logs).toEqual([]);
  });

  test('an id can never name a path: anything but 32 hex digits is refused before any file is touched', async () => {
    const t = openTestBook();
    // A file beside the book that a path trick would reach.
    fs.writeFileSync(path.join(t.dir, 'secret.part'), 'Name\nSecret\n');
    const tricks = ['../secret', '../../secret', '/etc/passwd', '..', '', 'AB'.repeat(16), 'ab'.repeat(16) + '/', 'ab'.repeat(15) + '..', 'ab'.repeat(16) + '\u0000', 'ab'.repeat(17), 'g'.repeat(32)];
    for (const id of tricks) {
      expect(await t.fails('uploads.append', { id, offset: 0, base64: 'QQ==' }), id).toMatchObject({ code: 'invalid_input', field: 'id' });
      expect(await t.fails('uploads.cancel', { id }), id).toMatchObject({ code: 'invalid_input', field: 'id' });
      expect(await t.fails('csv.preview', { file: { name: 'x.csv', uploadId: id } }), id).toMatchObject({ code: 'invalid_input', field: 'file.uploadId' });
    }
    expect(fs.existsSync(path.join(t.dir, 'secret.part'))).toBe(true);
    expect(await t.fails('uploads.append', { id: 12, offset: 0, base64: 'QQ==' })).toMatchObject({ code: 'invalid_input', field: 'id' });
  });

  test('the limits: the file size, the chunk size, base64, the offset; a file sent both ways or neither', async () => {
    const t = openTestBook();
    const big = await t.fails('uploads.begin', { name: 'huge.json', size: MAX_CHUNKED_UPLOAD_BYTES + 1 });
    expect(big).toMatchObject({ code: 'invalid_input', field: 'size' });
    expect(big.message).toMatch(/too large \(the limit is 500 MB\)/);
    for (const size of [-1, 1.5, Number.NaN, '10', null]) expect(await t.fails('uploads.begin', { size }), String(size)).toMatchObject({ code: 'invalid_input', field: 'size' });
    expect(await t.fails('uploads.begin', { name: 'x', size: 10, extra: 1 })).toMatchObject({ code: 'invalid_input' });
    // At the limit it is fine (nothing is written until the chunks come).
    const { id } = await t.ok('uploads.begin', { name: 'max.json', size: MAX_CHUNKED_UPLOAD_BYTES });
    expect(fs.statSync(partOf(t.dir, id)).size).toBe(0);
    const tooBig = b64(Buffer.alloc(MAX_UPLOAD_CHUNK_BYTES + 3));
    expect(await t.fails('uploads.append', { id, offset: 0, base64: tooBig })).toMatchObject({ code: 'invalid_input', field: 'base64' });
    expect(await t.ok('uploads.append', { id, offset: 0, base64: b64(Buffer.alloc(MAX_UPLOAD_CHUNK_BYTES, 1)) })).toEqual({ received: MAX_UPLOAD_CHUNK_BYTES, size: MAX_CHUNKED_UPLOAD_BYTES });
    for (const base64 of ['', 'QQ', 'not base64!', 'QQ==QQ==', 'QUJD\n']) expect(await t.fails('uploads.append', { id, offset: MAX_UPLOAD_CHUNK_BYTES, base64 }), base64).toMatchObject({ code: 'invalid_input', field: 'base64' });
    for (const offset of [-1, 0.5, MAX_CHUNKED_UPLOAD_BYTES + 1]) expect(await t.fails('uploads.append', { id, offset, base64: 'QQ==' })).toMatchObject({ code: 'invalid_input', field: 'offset' });
    await t.ok('uploads.cancel', { id });

    const small = await upload(t, Buffer.from('Name\nAna\n'));
    expect(await t.fails('csv.preview', { file: { name: 'x.csv', base64: b64(Buffer.from('Name\nAna\n')), uploadId: small } })).toMatchObject({ code: 'invalid_input', field: 'file' });
    expect(await t.fails('csv.preview', { file: { name: 'x.csv' } })).toMatchObject({ code: 'invalid_input', field: 'file', message: 'file: Choose a file' });
    // An empty upload reads as an empty file, as the base64 path does.
    const { id: empty } = await t.ok('uploads.begin', { name: 'empty.csv', size: 0 });
    expect(await t.fails('csv.preview', { file: { uploadId: empty } })).toMatchObject({ code: 'invalid_input', field: 'file', message: 'The file is empty. Nothing was changed.' });
    expect(await t.fails('csv.preview', { file: { base64: '' } })).toMatchObject({ code: 'invalid_input', field: 'file', message: 'The file is empty. Nothing was changed.' });
  });

  test('a failed import keeps the upload for another try; vcard.import of an upload works and removes it', async () => {
    const t = openTestBook();
    const csv = await upload(t, peopleCsv(3));
    const snap = snapshotTables(t.db);
    expect(await t.fails('csv.import', { file: { uploadId: csv }, mapping: [{ field: 'name' }, { field: 'nope' }] })).toMatchObject({ code: 'invalid_input' });
    expect(await t.fails('csv.import', { file: { uploadId: csv }, mapping: Array.from({ length: 9 }, () => ({ field: 'name' as const })) })).toMatchObject({ code: 'invalid_input' });
    expect(snapshotTables(t.db)).toEqual(snap);
    expect(uploadsIn(t.dir)).toEqual([`${csv}.part`]);
    expect(await t.ok('csv.import', { file: { uploadId: csv }, mapping: [{ field: 'name' }, { field: 'email' }, { field: 'phone' }, { field: 'tags' }, { field: 'notes' }] })).toMatchObject({ added: 3 });
    expect(uploadsIn(t.dir)).toEqual([]);

    const card = (i: number) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kim ${i}\r\nUID:kim-${i}\r\nEMAIL:kim${i}@example.com\r\nEND:VCARD\r\n`;
    const vcf = Buffer.from(Array.from({ length: 50 }, (_, i) => card(i)).join(''));
    const id = await upload(t, vcf, 777);
    expect(await t.ok('vcard.import', { file: { name: 'kim.vcf', uploadId: id } })).toMatchObject({ rows: 50, added: 50 });
    expect(uploadsIn(t.dir)).toEqual([]);
  });

  test('book.importJson of an uploaded export replaces the book and removes the upload', async () => {
    const source = openHeldBook();
    await source.ok('sample.load', { kind: 'cafe' });
    await source.ok('contacts.create', { name: 'Ana Lima 😀', tags: ['VIP'] });
    const text = (await source.ok('book.exportJson', {})).text;

    const target = openHeldBook();
    await target.ok('contacts.create', { name: 'Mine' });
    const id = await upload(target, Buffer.from(text, 'utf8'), 64 * 1024, 'book.json');
    const swap = await target.ok('book.importJson', { file: { name: 'book.json', uploadId: id }, mode: 'replace' });
    expect(swap).toMatchObject({ kind: 'import', from: 'book.json' });
    expect(uploadsIn(target.dir)).toEqual([]);
    expect((await target.ok('book.exportJson', {})).text).toBe(text);
    // The same export by base64 gives the same book.
    const other = openHeldBook();
    await other.ok('book.importJson', { file: asUpload(text), mode: 'replace' });
    expect((await other.ok('book.exportJson', {})).text).toBe(text);

    // A refused import ('new' into a book with data) keeps the upload and the book.
    const again = await upload(target, Buffer.from(text, 'utf8'), 1 << 20, 'book.json');
    expect(await target.fails('book.importJson', { file: { uploadId: again }, mode: 'new' })).toMatchObject({ code: 'conflict', field: 'mode' });
    expect(uploadsIn(target.dir)).toEqual([`${again}.part`]);
  });

  test('leftovers of an earlier run go at the next begin; an upload untouched for a day goes at a sweep', async () => {
    const t = openTestBook();
    fs.mkdirSync(path.join(t.dir, 'uploads'), { recursive: true });
    const orphan = 'cd'.repeat(16);
    fs.writeFileSync(partOf(t.dir, orphan), 'Name\nLeft over\n');
    const { id } = await t.ok('uploads.begin', { size: 4 });
    expect(uploadsIn(t.dir)).toEqual([`${id}.part`]);
    // The orphan is not an upload of this back end.
    expect(await t.fails('csv.preview', { file: { uploadId: orphan } })).toMatchObject({ code: 'not_found', field: 'file.uploadId' });

    expect(sweepUploads(t.dir, Date.now() + 60_000)).toBe(0);
    expect(uploadsIn(t.dir)).toEqual([`${id}.part`]);
    expect(sweepUploads(t.dir, Date.now() + 25 * 3600_000)).toBe(1);
    expect(uploadsIn(t.dir)).toEqual([]);
    expect(await t.fails('uploads.append', { id, offset: 0, base64: 'QUJDRA==' })).toMatchObject({ code: 'not_found', field: 'id' });
  });
});
