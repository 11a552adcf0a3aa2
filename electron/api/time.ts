import { addDays, differenceInCalendarDays, format } from 'date-fns';
import { ApiFailure, type RunningTimer, type TimeEntry, type Timesheet, type TimesheetRow } from '../../shared/contract/index';
import type { WritableDB } from '../db/connection';
import { findContactRow } from '../db/contacts';
import {
  deleteTimer,
  getTimeEntry,
  getTimer,
  insertTimeEntry,
  insertTimer,
  liveEntriesBetween,
  setTimeEntryDeletedAt,
  setTimerStartedAt,
  updateTimeEntryRow,
  type TimeEntryFields,
} from '../db/time';
import type { HandlerTable } from './registry';

/** Under this, a stopped timer records nothing: a start pressed by mistake. */
export const MIN_RECORDED_MS = 30_000;
/** The longest a time entry may be (a week), as the schema and the table say. */
export const MAX_ENTRY_MINUTES = 10_080;

/** Elapsed time to the nearest minute, half a minute rounding up (30 s is 1 min, 89 s is 1, 90 s is 2). */
export function roundedMinutes(elapsedMs: number): number {
  return Math.floor((elapsedMs + 30_000) / 60_000);
}

function mustGetEntry(db: WritableDB, id: number): TimeEntry {
  const entry = getTimeEntry(db, id);
  if (!entry) throw ApiFailure.notFound(`There is no time entry with id ${id}`);
  return entry;
}

/** The contact a time entry or the timer names must be a live one (field error on contactId). */
function checkContact(db: WritableDB, contactId: number | null, kept: number | null = null): void {
  if (contactId === null || contactId === kept) return;
  const contact = findContactRow(db, contactId);
  if (!contact) throw ApiFailure.invalid('contactId', 'That contact does not exist');
  if (contact.deleted_at !== null) throw ApiFailure.invalid('contactId', `${contact.name} is in the trash; restore them first`);
}

function mustHaveTimer(db: WritableDB): RunningTimer {
  const timer = getTimer(db);
  if (!timer) throw new ApiFailure({ code: 'conflict', message: 'No timer is running' });
  return timer;
}

/** Monday 00:00 of a local date (YYYY-MM-DD), in the process's time zone; null when not a Monday. */
function localMonday(weekStart: string): Date | null {
  const [y, m, d] = weekStart.split('-').map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d);
  // Years 0..99 are mapped to 1900..1999 by the Date constructor; the schema keeps us above 1900.
  return date.getDay() === 1 ? date : null;
}

function groupKey(entry: TimeEntry): { key: string; label: string } {
  if (entry.contactId !== null) return { key: `contact:${entry.contactId}`, label: entry.contactName ?? `Contact ${entry.contactId}` };
  return { key: `activity:${entry.activity.toLowerCase()}`, label: entry.activity };
}

export function buildTimesheet(weekStart: string, monday: Date, entries: TimeEntry[]): Timesheet {
  const days = Array.from({ length: 7 }, (_, i) => format(addDays(monday, i), 'yyyy-MM-dd'));
  const rows = new Map<string, TimesheetRow>();
  const dayTotals = [0, 0, 0, 0, 0, 0, 0];
  // Oldest first, so an activity's row is labelled with its first spelling of the week.
  for (const entry of [...entries].reverse()) {
    const day = differenceInCalendarDays(new Date(entry.startedAt), monday);
    if (day < 0 || day > 6) continue;
    const { key, label } = groupKey(entry);
    let row = rows.get(key);
    if (!row) {
      row = { key, contactId: entry.contactId, label, days: [0, 0, 0, 0, 0, 0, 0], total: 0 };
      rows.set(key, row);
    }
    row.days[day] = (row.days[day] ?? 0) + entry.minutes;
    row.total += entry.minutes;
    dayTotals[day] = (dayTotals[day] ?? 0) + entry.minutes;
  }
  const sorted = [...rows.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label) || a.key.localeCompare(b.key));
  return { weekStart, days, rows: sorted, dayTotals, total: dayTotals.reduce((a, b) => a + b, 0), entries };
}

export const timeHandlers: Pick<
  HandlerTable,
  | 'timeEntries.create'
  | 'timeEntries.update'
  | 'timeEntries.delete'
  | 'timeEntries.restore'
  | 'time.week'
  | 'timer.get'
  | 'timer.start'
  | 'timer.stop'
  | 'timer.cancel'
  | 'timer.dropIdle'
> = {
  'timeEntries.create': (fields, ctx) => {
    const { db } = ctx;
    const id = db.transaction(() => {
      checkContact(db, fields.contactId);
      return insertTimeEntry(db, fields, ctx.now());
    })();
    ctx.emit('changed', { area: 'records' });
    return mustGetEntry(db, id);
  },

  'timeEntries.update': ({ id, ...patch }, ctx) => {
    const { db } = ctx;
    db.transaction(() => {
      const current = mustGetEntry(db, id);
      if (current.deletedAt !== null) throw new ApiFailure({ code: 'conflict', message: 'That time entry is in the trash; restore it first' });
      const merged: TimeEntryFields = {
        contactId: patch.contactId !== undefined ? patch.contactId : current.contactId,
        activity: patch.activity ?? current.activity,
        source: patch.source ?? current.source,
        startedAt: patch.startedAt ?? current.startedAt,
        minutes: patch.minutes ?? current.minutes,
        note: patch.note ?? current.note,
      };
      if (merged.contactId === null && merged.activity === '') throw ApiFailure.invalid('activity', 'Choose a contact or name the activity');
      // An entry may keep the contact it has even while that contact is in the trash.
      checkContact(db, merged.contactId, current.contactId);
      updateTimeEntryRow(db, id, merged, ctx.now());
    })();
    ctx.emit('changed', { area: 'records' });
    return mustGetEntry(db, id);
  },

  'timeEntries.delete': ({ id }, ctx) => {
    const { db } = ctx;
    db.transaction(() => {
      const current = mustGetEntry(db, id);
      if (current.deletedAt === null) setTimeEntryDeletedAt(db, id, ctx.now(), ctx.now());
    })();
    ctx.emit('changed', { area: 'records' });
    return mustGetEntry(db, id);
  },

  'timeEntries.restore': ({ id }, ctx) => {
    const { db } = ctx;
    db.transaction(() => {
      const current = mustGetEntry(db, id);
      if (current.deletedAt !== null) setTimeEntryDeletedAt(db, id, null, ctx.now());
    })();
    ctx.emit('changed', { area: 'records' });
    return mustGetEntry(db, id);
  },

  'time.week': ({ weekStart }, { db }) => {
    const monday = localMonday(weekStart);
    if (!monday) throw ApiFailure.invalid('weekStart', 'A week starts on a Monday');
    // Local midnights: a week with a daylight-saving change lasts 167 or 169 hours.
    const from = monday.getTime();
    const to = addDays(monday, 7).getTime();
    return buildTimesheet(weekStart, monday, liveEntriesBetween(db, from, to));
  },

  'timer.get': (_input, { db }) => getTimer(db),

  'timer.start': (input, ctx) => {
    const { db } = ctx;
    db.transaction(() => {
      const running = getTimer(db);
      if (running) {
        const what = running.contactName ?? running.activity;
        throw new ApiFailure({ code: 'conflict', message: `The timer is already running on ${what}; stop it first` });
      }
      checkContact(db, input.contactId);
      insertTimer(db, { ...input, startedAt: ctx.now() });
    })();
    ctx.emit('changed', { area: 'timer' });
    return mustHaveTimer(db);
  },

  'timer.stop': (_input, ctx) => {
    const { db } = ctx;
    const { entryId, elapsedMs } = db.transaction(() => {
      const timer = mustHaveTimer(db);
      const elapsed = Math.max(0, ctx.now() - timer.startedAt);
      deleteTimer(db);
      if (elapsed < MIN_RECORDED_MS) return { entryId: null, elapsedMs: elapsed };
      const id = insertTimeEntry(
        db,
        {
          contactId: timer.contactId,
          activity: timer.activity,
          source: timer.source,
          startedAt: timer.startedAt,
          minutes: Math.min(MAX_ENTRY_MINUTES, roundedMinutes(elapsed)),
          note: timer.note,
        },
        ctx.now(),
      );
      return { entryId: id, elapsedMs: elapsed };
    })();
    ctx.emit('changed', { area: 'timer' });
    if (entryId !== null) ctx.emit('changed', { area: 'records' });
    return { entry: entryId === null ? null : mustGetEntry(db, entryId), elapsedMs };
  },

  'timer.cancel': (_input, ctx) => {
    const cancelled = ctx.db.transaction(() => deleteTimer(ctx.db))();
    if (cancelled) ctx.emit('changed', { area: 'timer' });
    return { cancelled };
  },

  'timer.dropIdle': ({ idleSince, resumedAt }, ctx) => {
    const { db } = ctx;
    db.transaction(() => {
      const timer = mustHaveTimer(db);
      const now = ctx.now();
      // Only the part of the idle time while the timer ran counts, and the start never passes now.
      const idle = Math.max(0, Math.min(resumedAt, now) - Math.max(idleSince, timer.startedAt));
      const startedAt = Math.min(timer.startedAt + idle, Math.max(now, timer.startedAt));
      if (startedAt !== timer.startedAt) setTimerStartedAt(db, startedAt);
    })();
    ctx.emit('changed', { area: 'timer' });
    return mustHaveTimer(db);
  },
};
