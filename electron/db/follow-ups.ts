import { addDays, format, startOfDay } from 'date-fns';
import type { FollowUp, FollowUpCounts } from '../../shared/contract/index';
import { stmt, type ReadableDB, type WritableDB } from './connection';

/** A follow_ups row with its contact's name (null when it has none, or it is in the trash). */
export interface FollowUpDbRow {
  id: number;
  contact_id: number | null;
  contact_name: string | null;
  contact_deleted_at: number | null;
  title: string;
  note: string;
  due_date: string;
  due_time: string | null;
  repeat_days: number | null;
  snoozed_until: number | null;
  done_at: number | null;
  notified_at: number | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

/** The machine's local calendar date of an instant, YYYY-MM-DD. */
export const localDateOf = (instant: number): string => format(instant, 'yyyy-MM-dd');

/** The local calendar date `days` after the one `instant` falls on. */
export const localDatePlusDays = (instant: number, days: number): string => format(addDays(instant, days), 'yyyy-MM-dd');

/** When a follow-up falls due: its local date at its local time, or at 00:00 when it has none. */
export function dueAtOf(dueDate: string, dueTime: string | null): number {
  const [y, m, d] = dueDate.split('-').map(Number) as [number, number, number];
  const [hh, mm] = (dueTime ?? '00:00').split(':').map(Number) as [number, number];
  const date = new Date(y, m - 1, d, hh, mm, 0, 0);
  // new Date() maps two-digit years to 19xx; the contract allows 1900..2200 only, but be exact.
  if (y < 100) date.setFullYear(y);
  return date.getTime();
}

/** The start of the local day after the one `now` falls on. */
export const startOfTomorrow = (now: number): number => addDays(startOfDay(now), 1).getTime();

/**
 * Which list a follow-up belongs in at `now`: done; snoozed past now counts as upcoming; otherwise
 * overdue before the start of today, today until the end of today, upcoming after.
 */
export function bucketOf(row: Pick<FollowUpDbRow, 'due_date' | 'due_time' | 'snoozed_until' | 'done_at'>, now: number): FollowUp['bucket'] {
  if (row.done_at !== null) return 'done';
  if (row.snoozed_until !== null && row.snoozed_until > now) return 'upcoming';
  const dueAt = dueAtOf(row.due_date, row.due_time);
  if (dueAt < startOfDay(now).getTime()) return 'overdue';
  if (dueAt < startOfTomorrow(now)) return 'today';
  return 'upcoming';
}

/** The row as the contract shows it, its due instant and bucket computed for `now` in the local time zone. */
export function toFollowUp(row: FollowUpDbRow, now: number): FollowUp {
  return {
    id: row.id,
    contactId: row.contact_id,
    contactName: row.contact_id !== null && row.contact_deleted_at === null ? row.contact_name : null,
    title: row.title,
    note: row.note,
    dueDate: row.due_date,
    dueTime: row.due_time,
    dueAt: dueAtOf(row.due_date, row.due_time),
    repeatDays: row.repeat_days,
    snoozedUntil: row.snoozed_until,
    doneAt: row.done_at,
    bucket: bucketOf(row, now),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

const SELECT = `SELECT f.*, c.name AS contact_name, c.deleted_at AS contact_deleted_at
  FROM follow_ups f LEFT JOIN contacts c ON c.id = f.contact_id`;

/** Live follow-ups whose contact (if any) is live: a contact in the trash takes its follow-ups with it. */
const LIVE = 'f.deleted_at IS NULL AND (f.contact_id IS NULL OR c.deleted_at IS NULL)';

export function findFollowUpRow(db: ReadableDB, id: number): FollowUpDbRow | undefined {
  return stmt<[number], FollowUpDbRow>(db, `${SELECT} WHERE f.id = ?`).get(id);
}

export interface FollowUpFields {
  contactId: number | null;
  title: string;
  note: string;
  dueDate: string;
  dueTime: string | null;
  repeatDays: number | null;
}

export function insertFollowUp(db: WritableDB, fields: FollowUpFields, now: number): number {
  const info = stmt(
    db,
    `INSERT INTO follow_ups (contact_id, title, note, due_date, due_time, repeat_days, created_at, updated_at)
     VALUES (@contactId, @title, @note, @dueDate, @dueTime, @repeatDays, @now, @now)`,
  ).run({ ...fields, now });
  return Number(info.lastInsertRowid);
}

/** Rewrites the fields; a new due moment clears the snooze and the reminder, so it reminds again. */
export function updateFollowUpRow(db: WritableDB, id: number, fields: FollowUpFields, dueChanged: boolean, now: number): void {
  stmt(
    db,
    `UPDATE follow_ups SET contact_id = @contactId, title = @title, note = @note, due_date = @dueDate, due_time = @dueTime,
            repeat_days = @repeatDays, updated_at = @now,
            snoozed_until = CASE WHEN @dueChanged THEN NULL ELSE snoozed_until END,
            notified_at = CASE WHEN @dueChanged THEN NULL ELSE notified_at END
      WHERE id = @id`,
  ).run({ ...fields, dueChanged: dueChanged ? 1 : 0, now, id });
}

export function setFollowUpDeletedAt(db: WritableDB, id: number, deletedAt: number | null, now: number): void {
  stmt(db, 'UPDATE follow_ups SET deleted_at = ?, updated_at = ? WHERE id = ?').run(deletedAt, now, id);
}

export function setFollowUpDoneAt(db: WritableDB, id: number, doneAt: number | null, now: number): void {
  stmt(db, 'UPDATE follow_ups SET done_at = ?, updated_at = ? WHERE id = ?').run(doneAt, now, id);
}

/** A snooze hides it until `until`; the reminder is due again then. */
export function setFollowUpSnooze(db: WritableDB, id: number, until: number, now: number): void {
  stmt(db, 'UPDATE follow_ups SET snoozed_until = ?, notified_at = NULL, updated_at = ? WHERE id = ?').run(until, now, id);
}

export function markNotified(db: WritableDB, id: number, at: number): void {
  stmt(db, 'UPDATE follow_ups SET notified_at = ? WHERE id = ?').run(at, id);
}

export interface FollowUpListOptions {
  bucket?: FollowUp['bucket'] | undefined;
  contactId?: number | undefined;
  offset: number;
  limit: number;
}

/** When an upcoming follow-up next matters: its due moment, or the end of its snooze when that is later. */
const effectiveAt = (f: FollowUp): number => Math.max(f.dueAt, f.snoozedUntil ?? Number.NEGATIVE_INFINITY);

/**
 * Follow-ups by bucket (overdue, today and upcoming soonest first; done most recently done first),
 * by contact (open ones first, soonest first, then done ones), or both. Only live ones, of live contacts.
 */
export function listFollowUps(db: ReadableDB, o: FollowUpListOptions, now: number): { total: number; items: FollowUp[] } {
  const params = { today: localDateOf(now), now, contactId: o.contactId ?? null, offset: o.offset, limit: o.limit };
  const byContact = '(@contactId IS NULL OR f.contact_id = @contactId)';
  if (o.bucket === 'done' || o.bucket === undefined) {
    const where =
      o.bucket === 'done' ? `${LIVE} AND ${byContact} AND f.done_at IS NOT NULL` : `${LIVE} AND ${byContact}`;
    const total = stmt<[typeof params], { n: number }>(db, `SELECT count(*) AS n FROM follow_ups f LEFT JOIN contacts c ON c.id = f.contact_id WHERE ${where}`).get(params)?.n ?? 0;
    const rows = stmt<[typeof params], FollowUpDbRow>(
      db,
      `${SELECT} WHERE ${where}
        ORDER BY f.done_at IS NOT NULL,
                 CASE WHEN f.done_at IS NULL THEN f.due_date END, CASE WHEN f.done_at IS NULL THEN coalesce(f.due_time, '') END,
                 f.done_at DESC, f.id DESC
        LIMIT @limit OFFSET @offset`,
    ).all(params);
    return { total, items: rows.map((r) => toFollowUp(r, now)) };
  }
  // Open buckets: the date decides overdue / today / upcoming (a date-only or timed one is due on
  // its local date), a snooze past now moves it to upcoming. Open follow-ups are few enough to
  // order here by the moment each next matters.
  const open = `${LIVE} AND ${byContact} AND f.done_at IS NULL`;
  const notSnoozed = '(f.snoozed_until IS NULL OR f.snoozed_until <= @now)';
  const where =
    o.bucket === 'overdue'
      ? `${open} AND f.due_date < @today AND ${notSnoozed}`
      : o.bucket === 'today'
        ? `${open} AND f.due_date = @today AND ${notSnoozed}`
        : `${open} AND (f.due_date > @today OR f.snoozed_until > @now)`;
  const rows = stmt<[typeof params], FollowUpDbRow>(db, `${SELECT} WHERE ${where}`).all(params);
  const items = rows
    .map((r) => toFollowUp(r, now))
    .sort(o.bucket === 'upcoming' ? (a, b) => effectiveAt(a) - effectiveAt(b) || a.id - b.id : (a, b) => a.dueAt - b.dueAt || a.id - b.id);
  return { total: items.length, items: items.slice(o.offset, o.offset + o.limit) };
}

/** How many are overdue, due today and upcoming; snoozed ones count as upcoming until their snooze ends. */
export function countFollowUps(db: ReadableDB, now: number): FollowUpCounts {
  const row = stmt<[{ today: string; now: number }], FollowUpCounts>(
    db,
    `SELECT
       coalesce(sum(f.due_date < @today AND NOT coalesce(f.snoozed_until > @now, 0)), 0) AS overdue,
       coalesce(sum(f.due_date = @today AND NOT coalesce(f.snoozed_until > @now, 0)), 0) AS today,
       coalesce(sum(f.due_date > @today OR coalesce(f.snoozed_until > @now, 0)), 0) AS upcoming
     FROM follow_ups f LEFT JOIN contacts c ON c.id = f.contact_id
     WHERE ${LIVE} AND f.done_at IS NULL`,
  ).get({ today: localDateOf(now), now });
  return { overdue: row?.overdue ?? 0, today: row?.today ?? 0, upcoming: row?.upcoming ?? 0 };
}

/**
 * Open, live follow-ups (of live contacts) that could fall due by `until`: due on or before that
 * local date, or snoozed until a moment in (now, until]. The reminder scheduler reads these.
 */
export function openFollowUpsDueBy(db: ReadableDB, now: number, until: number): FollowUpDbRow[] {
  return stmt<[{ lastDate: string; now: number; until: number }], FollowUpDbRow>(
    db,
    `${SELECT} WHERE ${LIVE} AND f.done_at IS NULL
        AND (f.due_date <= @lastDate OR (f.snoozed_until > @now AND f.snoozed_until <= @until))
      ORDER BY f.due_date, coalesce(f.due_time, ''), f.id`,
  ).all({ lastDate: localDateOf(until), now, until });
}
