import type { RunningTimer, TimeEntry } from '../../shared/contract/index';
import { sourceKey } from '../../shared/domain/text';
import { stmt, type ReadableDB, type WritableDB } from './connection';

interface TimeEntryDbRow {
  id: number;
  contact_id: number | null;
  contact_name: string | null;
  activity: string;
  source: string;
  started_at: number;
  minutes: number;
  note: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

interface TimerDbRow {
  contact_id: number | null;
  contact_name: string | null;
  activity: string;
  source: string;
  note: string;
  started_at: number;
}

/** What a time entry holds, as the handlers write it. */
export interface TimeEntryFields {
  contactId: number | null;
  activity: string;
  source: string;
  startedAt: number;
  minutes: number;
  note: string;
}

const ENTRY_COLUMNS = `t.id, t.contact_id, c.name AS contact_name, t.activity, t.source, t.started_at, t.minutes, t.note,
  t.created_at, t.updated_at, t.deleted_at`;

function toEntry(r: TimeEntryDbRow): TimeEntry {
  return {
    id: r.id,
    contactId: r.contact_id,
    contactName: r.contact_name,
    activity: r.activity,
    source: r.source,
    startedAt: r.started_at,
    minutes: r.minutes,
    note: r.note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deletedAt: r.deleted_at,
  };
}

export function getTimeEntry(db: ReadableDB, id: number): TimeEntry | null {
  const row = stmt<[number], TimeEntryDbRow>(db, `SELECT ${ENTRY_COLUMNS} FROM time_entries t LEFT JOIN contacts c ON c.id = t.contact_id WHERE t.id = ?`).get(id);
  return row ? toEntry(row) : null;
}

function params(fields: TimeEntryFields) {
  return {
    contact_id: fields.contactId,
    activity: fields.activity,
    source: fields.source,
    source_key: sourceKey(fields.source),
    started_at: fields.startedAt,
    minutes: fields.minutes,
    note: fields.note,
  };
}

export function insertTimeEntry(db: WritableDB, fields: TimeEntryFields, now: number): number {
  const info = stmt(
    db,
    `INSERT INTO time_entries (contact_id, activity, source, source_key, started_at, minutes, note, created_at, updated_at)
     VALUES (@contact_id, @activity, @source, @source_key, @started_at, @minutes, @note, @now, @now)`,
  ).run({ ...params(fields), now });
  return Number(info.lastInsertRowid);
}

export function updateTimeEntryRow(db: WritableDB, id: number, fields: TimeEntryFields, now: number): void {
  stmt(
    db,
    `UPDATE time_entries SET contact_id = @contact_id, activity = @activity, source = @source, source_key = @source_key,
            started_at = @started_at, minutes = @minutes, note = @note, updated_at = @now
      WHERE id = @id`,
  ).run({ ...params(fields), now, id });
}

export function setTimeEntryDeletedAt(db: WritableDB, id: number, deletedAt: number | null, now: number): void {
  stmt(db, 'UPDATE time_entries SET deleted_at = ?, updated_at = ? WHERE id = ?').run(deletedAt, now, id);
}

/**
 * Live entries that started in [from, to), newest first. An entry whose contact is in the trash
 * is left out: a contact in the trash counts as if it did not exist (scoring.md).
 */
export function liveEntriesBetween(db: ReadableDB, from: number, to: number): TimeEntry[] {
  return stmt<[number, number], TimeEntryDbRow>(
    db,
    `SELECT ${ENTRY_COLUMNS}
       FROM time_entries t LEFT JOIN contacts c ON c.id = t.contact_id
      WHERE t.started_at >= ? AND t.started_at < ? AND t.deleted_at IS NULL
        AND (t.contact_id IS NULL OR c.deleted_at IS NULL)
      ORDER BY t.started_at DESC, t.id DESC`,
  )
    .all(from, to)
    .map(toEntry);
}

// ---------------------------------------------------------------- the running timer

export function getTimer(db: ReadableDB): RunningTimer | null {
  const row = stmt<[], TimerDbRow>(
    db,
    `SELECT t.contact_id, c.name AS contact_name, t.activity, t.source, t.note, t.started_at
       FROM timer t LEFT JOIN contacts c ON c.id = t.contact_id WHERE t.id = 1`,
  ).get();
  if (!row) return null;
  return {
    contactId: row.contact_id,
    contactName: row.contact_name,
    activity: row.activity,
    source: row.source,
    note: row.note,
    startedAt: row.started_at,
  };
}

export function insertTimer(db: WritableDB, timer: Omit<RunningTimer, 'contactName'>): void {
  stmt(db, 'INSERT INTO timer (id, contact_id, activity, source, note, started_at) VALUES (1, ?, ?, ?, ?, ?)').run(
    timer.contactId,
    timer.activity,
    timer.source,
    timer.note,
    timer.startedAt,
  );
}

export function setTimerStartedAt(db: WritableDB, startedAt: number): void {
  stmt(db, 'UPDATE timer SET started_at = ? WHERE id = 1').run(startedAt);
}

export function deleteTimer(db: WritableDB): boolean {
  return stmt(db, 'DELETE FROM timer WHERE id = 1').run().changes > 0;
}
