import ical, { ICalAlarmRelatesTo, ICalAlarmType, ICalEventRepeatingFreq } from 'ical-generator';
import { stmt, type ReadableDB } from './connection';
import type { FollowUpDbRow } from './follow-ups';

/**
 * Open follow-ups as an iCalendar file (RFC 5545), written by ical-generator.
 *
 * Why VEVENT and not VTODO: a follow-up is a to-do with a due date, and VTODO with DUE is the
 * honest model, but the calendars owners actually import into drop VTODO silently (Google
 * Calendar's import, Outlook, and Apple Calendar routes them to Reminders only on some versions),
 * so the owner would import a file and see nothing. A follow-up is therefore one VEVENT on the day
 * it is due: an all-day event when it has no time, a 15-minute event at its time otherwise, with a
 * display alarm (at its time, or at 09:00 on the day for an all-day one) so the calendar reminds
 * like Rapport does. A repeating follow-up carries RRULE:FREQ=DAILY;INTERVAL=N, which is how
 * Rapport repeats it (every N days).
 *
 * Times are floating (no time zone): a follow-up is due at 09:30 on the owner's wall clock
 * wherever they are, which is what a floating time means (RFC 5545 3.3.5). A snoozed follow-up is
 * placed at the end of its snooze, when it next matters.
 */

export interface IcsOptions {
  now: number;
  contactId?: number | undefined;
  productVersion: string;
}

/** A follow-up's UID: the same for the same follow-up in every export, so a re-import updates it. */
export const followUpUid = (id: number, createdAt: number): string => `follow-up-${id}-${createdAt}@rapport`;

/** Minutes a timed follow-up's event lasts. */
const TIMED_MINUTES = 15;
/** When an all-day follow-up's alarm rings: 09:00 on the day. */
const ALL_DAY_ALARM_SECONDS = 9 * 3600;

/** A local wall-clock moment as a Date whose UTC fields hold it (how ical-generator writes floating and date values). */
const wall = (y: number, m: number, d: number, hh = 0, mm = 0) => new Date(Date.UTC(y, m - 1, d, hh, mm));

export function openFollowUpsForCalendar(db: ReadableDB, contactId: number | null): FollowUpDbRow[] {
  return stmt<[{ contactId: number | null }], FollowUpDbRow>(
    db,
    `SELECT f.*, c.name AS contact_name, c.deleted_at AS contact_deleted_at
       FROM follow_ups f LEFT JOIN contacts c ON c.id = f.contact_id
      WHERE f.deleted_at IS NULL AND f.done_at IS NULL AND (f.contact_id IS NULL OR c.deleted_at IS NULL)
        AND (@contactId IS NULL OR f.contact_id = @contactId)
      ORDER BY f.due_date, coalesce(f.due_time, ''), f.id`,
  ).all({ contactId });
}

export function followUpsToIcs(rows: readonly FollowUpDbRow[], o: IcsOptions): string {
  const calendar = ical({
    prodId: { company: 'Rapport', product: `Rapport ${o.productVersion}`, language: 'EN' },
    name: 'Rapport follow-ups',
  });
  for (const f of rows) {
    const snoozed = f.snoozed_until !== null && f.snoozed_until > o.now ? new Date(f.snoozed_until) : null;
    const [y, m, d] = f.due_date.split('-').map(Number) as [number, number, number];
    const who = f.contact_name && f.contact_deleted_at === null ? f.contact_name : null;
    const description = [who ? `With ${who}` : null, f.repeat_days ? `Repeats every ${f.repeat_days} days` : null, f.note || null]
      .filter((line): line is string => line !== null)
      .join('\n\n');
    let start: Date;
    let allDay: boolean;
    if (snoozed) {
      start = wall(snoozed.getFullYear(), snoozed.getMonth() + 1, snoozed.getDate(), snoozed.getHours(), snoozed.getMinutes());
      allDay = false;
    } else if (f.due_time !== null) {
      const [hh, mm] = f.due_time.split(':').map(Number) as [number, number];
      start = wall(y, m, d, hh, mm);
      allDay = false;
    } else {
      start = wall(y, m, d);
      allDay = true;
    }
    calendar.createEvent({
      id: followUpUid(f.id, f.created_at),
      stamp: new Date(o.now),
      created: new Date(f.created_at),
      lastModified: new Date(f.updated_at),
      start,
      end: allDay ? new Date(start.getTime() + 86_400_000) : new Date(start.getTime() + TIMED_MINUTES * 60_000),
      allDay,
      floating: !allDay,
      summary: who ? `${f.title} (${who})` : f.title,
      ...(description ? { description } : {}),
      ...(f.repeat_days !== null ? { repeating: { freq: ICalEventRepeatingFreq.DAILY, interval: f.repeat_days } } : {}),
      alarms: [
        allDay
          ? { type: ICalAlarmType.display, relatesTo: ICalAlarmRelatesTo.start, trigger: -ALL_DAY_ALARM_SECONDS }
          : { type: ICalAlarmType.display, relatesTo: ICalAlarmRelatesTo.start, trigger: 0 },
      ],
    });
  }
  return calendar.toString();
}
