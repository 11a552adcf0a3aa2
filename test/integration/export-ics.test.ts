import ICAL from 'ical.js';
import { beforeEach, describe, expect, test } from 'vitest';
import { followUpUid } from '../../electron/db/export-ics';
import { openTestBook, snapshotTables, T0, type TestBook } from '../helpers/book';

let t: TestBook;
beforeEach(() => {
  t = openTestBook();
});

/** Reads the file with ical.js, an independent parser; returns the calendar and its events. */
function calendar(text: string) {
  const vcalendar = new ICAL.Component(ICAL.parse(text));
  return { vcalendar, events: vcalendar.getAllSubcomponents('vevent') };
}

describe('export.ics', () => {
  test('one event per open follow-up with every field; done, deleted and trashed-contact ones stay out', async () => {
    const ana = await t.ok('contacts.create', { name: 'Ana Lima' });
    const gone = await t.ok('contacts.create', { name: 'Gone Contact' });
    const allDay = await t.ok('followUps.create', { contactId: ana.id, title: 'Send the quote, v2; today', note: 'Prices:\n- beans\n- cups', dueDate: '2026-11-30' });
    const timed = await t.ok('followUps.create', { title: 'Order beans', dueDate: '2026-12-01', dueTime: '09:30', repeatDays: 14 });
    const done = await t.ok('followUps.create', { title: 'Done already', dueDate: '2026-11-20' });
    await t.ok('followUps.complete', { id: done.id });
    const deleted = await t.ok('followUps.create', { title: 'Deleted', dueDate: '2026-11-28' });
    await t.ok('followUps.delete', { id: deleted.id });
    await t.ok('followUps.create', { contactId: gone.id, title: 'Of a trashed contact', dueDate: '2026-11-28' });
    await t.ok('contacts.delete', { id: gone.id });
    const snoozed = await t.ok('followUps.create', { title: 'Snoozed', dueDate: '2026-11-24' });
    await t.ok('followUps.snooze', { id: snoozed.id, until: T0 + 2 * 86_400_000 });

    const file = await t.ok('export.ics', {});
    expect(file).toMatchObject({ count: 3, fileName: 'follow-ups-2026-11-24.ics' });
    expect(file.mimeType).toContain('text/calendar');
    const { vcalendar, events } = calendar(file.text);
    expect(vcalendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(String(vcalendar.getFirstPropertyValue('prodid'))).toContain('Rapport');
    expect(events).toHaveLength(3);

    const byUid = new Map(events.map((e) => [String(e.getFirstPropertyValue('uid')), new ICAL.Event(e)]));
    const a = byUid.get(followUpUid(allDay.id, allDay.createdAt))!;
    expect(a).toBeDefined();
    expect(a.summary).toBe('Send the quote, v2; today (Ana Lima)');
    expect(a.description).toBe('With Ana Lima\n\nPrices:\n- beans\n- cups');
    expect(a.startDate.isDate).toBe(true);
    expect(a.startDate.toString()).toBe('2026-11-30');
    expect(a.endDate.toString()).toBe('2026-12-01');
    expect(a.isRecurring()).toBe(false);
    expect(String(a.component.getFirstPropertyValue('dtstamp'))).toBe('2026-11-24T09:00:00Z');
    const aAlarm = a.component.getFirstSubcomponent('valarm')!;
    expect(aAlarm.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(String(aAlarm.getFirstPropertyValue('trigger'))).toBe('PT9H');

    const b = byUid.get(followUpUid(timed.id, timed.createdAt))!;
    expect(b.summary).toBe('Order beans');
    expect(b.startDate.isDate).toBe(false);
    // A floating time: 09:30 on the owner's wall clock, no zone.
    expect(b.startDate.toString()).toBe('2026-12-01T09:30:00');
    expect(b.startDate.zone?.tzid ?? 'floating').toBe('floating');
    expect(b.endDate.toString()).toBe('2026-12-01T09:45:00');
    expect(b.isRecurring()).toBe(true);
    const rule = b.component.getFirstPropertyValue('rrule') as ICAL.Recur;
    expect(rule.freq).toBe('DAILY');
    expect(rule.interval).toBe(14);
    const next = b.iterator();
    expect([next.next()!.toString(), next.next()!.toString()]).toEqual(['2026-12-01T09:30:00', '2026-12-15T09:30:00']);
    expect(String(b.component.getFirstSubcomponent('valarm')!.getFirstPropertyValue('trigger'))).toBe('PT0S');

    // Snoozed until 26 November 10:00 local: the event is when it next matters.
    const s = byUid.get(followUpUid(snoozed.id, snoozed.createdAt))!;
    expect(s.startDate.toString()).toBe('2026-11-26T10:00:00');
  });

  test("one contact's, the same UIDs on every export, and bad inputs refused", async () => {
    const ana = await t.ok('contacts.create', { name: 'Ana Lima' });
    await t.ok('followUps.create', { contactId: ana.id, title: 'Call', dueDate: '2026-11-30' });
    await t.ok('followUps.create', { title: 'Not hers', dueDate: '2026-11-30' });
    const hers = await t.ok('export.ics', { contactId: ana.id });
    expect(hers).toMatchObject({ count: 1, fileName: 'follow-ups Ana Lima.ics' });
    const uids = (text: string) => calendar(text).events.map((e) => String(e.getFirstPropertyValue('uid')));
    t.clock.advance(3_600_000);
    expect(uids((await t.ok('export.ics', {})).text)).toEqual(uids((await t.ok('export.ics', {})).text));

    const empty = await t.ok('export.ics', { contactId: (await t.ok('contacts.create', { name: 'Nobody' })).id });
    expect(empty.count).toBe(0);
    expect(calendar(empty.text).events).toEqual([]);

    const before = snapshotTables(t.db);
    for (const [input, field] of [
      [{ contactId: 0 }, 'contactId'],
      [{ contactId: 'ana' }, 'contactId'],
      [{ contactId: 9999 }, 'contactId'],
      [{ all: true }, undefined],
    ] as const) {
      const error = await t.fails('export.ics', input);
      expect(error.code).toBe('invalid_input');
      expect(error.field).toBe(field);
    }
    expect(snapshotTables(t.db)).toEqual(before);
  });
});
