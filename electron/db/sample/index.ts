/**
 * The sample business: a café or a consultancy with two years of history up to now, loaded into
 * an empty book so that every screen has something to show, and removed again for good.
 *
 * What is sample is remembered in the settings table under one key: the kind, the moment it was
 * loaded, and the id ranges it wrote in each table that holds rows of no contact (activities,
 * general follow-ups, tags). Rows carry no mark of their own: a row is the sample's when its id
 * lies in the range written AND it was created before the load. The second test matters because
 * ids are rowids, which SQLite hands out again after the highest row is deleted: a contact the
 * owner adds after purging the sample's last one may get that id back, but it is created later.
 * Everything else (emails, records, referrals, figures, a timer) goes with its contact, by
 * foreign key (ON DELETE CASCADE).
 */
import { z } from 'zod';
import { SAMPLE_KINDS, type SampleKind, type SampleStatus } from '../../../shared/contract/index';
import { stmt, type ReadableDB, type WritableDB } from '../connection';
import { refreshSearch } from '../contacts';
import { dueAtOf } from '../follow-ups';
import { BOOK_PHASES, generateBook, type BookSummary } from './book';
import { DEFAULT_SEED } from './contacts';

/** The settings key; readSettings() ignores keys outside the settings schema. */
export const SAMPLE_SETTING = 'sample';

const range = z.tuple([z.number().int(), z.number().int()]);
const sampleRecordSchema = z.object({
  kind: z.enum(SAMPLE_KINDS),
  loadedAt: z.number().int(),
  contacts: range,
  timeEntries: range,
  followUps: range,
  tags: range,
});
export type SampleRecord = z.infer<typeof sampleRecordSchema>;

/** Each kind has its own seed, so the café and the consultancy are different people. */
const SEEDS: Record<SampleKind, number> = { cafe: DEFAULT_SEED, consultancy: DEFAULT_SEED + 1 };

/** What the sample writes, in words, for a message: "the sample café". */
export const SAMPLE_NAMES: Record<SampleKind, string> = { cafe: 'the sample café', consultancy: 'the sample consultancy' };

export function readSampleRecord(db: ReadableDB): SampleRecord | null {
  const row = stmt<[string], { value: string }>(db, 'SELECT value FROM settings WHERE key = ?').get(SAMPLE_SETTING);
  if (!row) return null;
  try {
    const parsed = sampleRecordSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const liveContacts = (db: ReadableDB) => stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM contacts WHERE deleted_at IS NULL').get()?.n ?? 0;

/** The sample's contacts still in the book, the trashed ones included. */
function sampleContacts(db: ReadableDB, record: SampleRecord, live: boolean): number {
  return (
    stmt<[number, number, number], { n: number }>(
      db,
      `SELECT count(*) AS n FROM contacts WHERE id BETWEEN ? AND ? AND created_at < ?${live ? ' AND deleted_at IS NULL' : ''}`,
    ).get(record.contacts[0], record.contacts[1], record.loadedAt)?.n ?? 0
  );
}

/**
 * `contacts` counts the sample's live contacts while one is loaded; otherwise the book's own live
 * contacts, which are why a sample cannot load (canLoad is true only at 0).
 */
export function sampleStatus(db: ReadableDB): SampleStatus {
  const record = readSampleRecord(db);
  if (record) return { loaded: record.kind, canLoad: false, contacts: sampleContacts(db, record, true) };
  const contacts = liveContacts(db);
  return { loaded: null, canLoad: contacts === 0, contacts };
}

/** Why a sample cannot load now, in words, or null when it can. */
export function whyNotLoad(db: ReadableDB): string | null {
  const record = readSampleRecord(db);
  if (record) return `${capitalise(SAMPLE_NAMES[record.kind])} is already loaded; remove it in Settings before loading another.`;
  const contacts = liveContacts(db);
  if (contacts > 0) {
    return `A sample loads only into an empty book, and this one holds ${contacts === 1 ? '1 contact' : `${contacts.toLocaleString('en')} contacts`} of its own. Start a new book, or move them to the trash first.`;
  }
  return null;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const maxId = (db: ReadableDB, table: 'contacts' | 'time_entries' | 'follow_ups' | 'tags') =>
  stmt<[], { id: number }>(db, `SELECT coalesce(max(id), 0) AS id FROM ${table}`).get()?.id ?? 0;

/**
 * Writes the sample, relative to `now`, and remembers what it wrote. Run it inside one
 * transaction, after whyNotLoad() said yes; figures are the caller's to recompute.
 */
export function writeSample(db: WritableDB, kind: SampleKind, now: number, onProgress?: (done: number, total: number, label: string) => void): BookSummary {
  const before = { timeEntries: maxId(db, 'time_entries'), followUps: maxId(db, 'follow_ups'), tags: maxId(db, 'tags') };
  const summary = generateBook(db, { size: 'sample', kind, now, seed: SEEDS[kind], besideExisting: true, ...(onProgress ? { onProgress } : {}) });
  const record: SampleRecord = {
    kind,
    loadedAt: now,
    contacts: [summary.contactIds.first, summary.contactIds.last],
    timeEntries: [before.timeEntries + 1, maxId(db, 'time_entries')],
    followUps: [before.followUps + 1, maxId(db, 'follow_ups')],
    tags: [before.tags + 1, maxId(db, 'tags')],
  };
  stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(SAMPLE_SETTING, JSON.stringify(record));
  markPastRemindersSeen(db, record.followUps, now);
  return summary;
}

/**
 * A made-up business's follow-ups that fell due before it was loaded do not all pop up as
 * reminders the moment it arrives: they count as reminded (the Follow-ups screen still lists them
 * as overdue). Those falling due from now on remind as usual.
 */
function markPastRemindersSeen(db: WritableDB, [first, last]: readonly [number, number], now: number): void {
  const open = stmt<[number, number], { id: number; due_date: string; due_time: string | null; snoozed_until: number | null }>(
    db,
    'SELECT id, due_date, due_time, snoozed_until FROM follow_ups WHERE id BETWEEN ? AND ? AND done_at IS NULL AND deleted_at IS NULL',
  ).all(first, last);
  const mark = stmt(db, 'UPDATE follow_ups SET notified_at = ? WHERE id = ?');
  for (const row of open) {
    if (Math.max(dueAtOf(row.due_date, row.due_time), row.snoozed_until ?? 0) <= now) mark.run(now, row.id);
  }
}

/** How many phases writeSample reports through onProgress. */
export const SAMPLE_PHASES = BOOK_PHASES;

/**
 * Deletes the sample for good: its contacts (their search rows, and by cascade everything about
 * them), its activities and general follow-ups, the tags only it used, and the record of it. The
 * owner's own contacts and records stay; one that belonged to a sample business loses the link
 * (ON DELETE SET NULL) and gets its search row rewritten. Run it inside one transaction.
 */
export function deleteSample(db: WritableDB, record: SampleRecord): { contacts: number } {
  const { loadedAt } = record;
  const [c0, c1] = record.contacts;
  const members = stmt<[number, number, number, number, number, number], { id: number }>(
    db,
    `SELECT m.id FROM contacts m JOIN contacts b ON b.id = m.business_id
      WHERE b.id BETWEEN ? AND ? AND b.created_at < ?
        AND NOT (m.id BETWEEN ? AND ? AND m.created_at < ?)`,
  ).all(c0, c1, loadedAt, c0, c1, loadedAt);
  stmt(db, 'DELETE FROM contacts_fts WHERE rowid IN (SELECT id FROM contacts WHERE id BETWEEN ? AND ? AND created_at < ?)').run(c0, c1, loadedAt);
  const contacts = stmt(db, 'DELETE FROM contacts WHERE id BETWEEN ? AND ? AND created_at < ?').run(c0, c1, loadedAt).changes;
  for (const { id } of members) refreshSearch(db, id);
  // Activities and general follow-ups belong to no contact: they go by their own ranges.
  stmt(db, 'DELETE FROM time_entries WHERE id BETWEEN ? AND ? AND contact_id IS NULL AND created_at < ?').run(record.timeEntries[0], record.timeEntries[1], loadedAt);
  stmt(db, 'DELETE FROM follow_ups WHERE id BETWEEN ? AND ? AND contact_id IS NULL AND created_at < ?').run(record.followUps[0], record.followUps[1], loadedAt);
  // Tags the sample brought and no contact carries any more (one the owner put on their own contact stays).
  stmt(db, 'DELETE FROM tags WHERE id BETWEEN ? AND ? AND NOT EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.tag_id = tags.id)').run(record.tags[0], record.tags[1]);
  stmt(db, 'DELETE FROM settings WHERE key = ?').run(SAMPLE_SETTING);
  return { contacts };
}
