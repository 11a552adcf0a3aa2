import { beforeEach, describe, expect, test } from 'vitest';
import type { EventMap } from '../../shared/contract/index';
import { createApi } from '../../electron/api/index';
import { createReminderScheduler, MAX_REMINDERS_AT_ONCE, MAX_SLEEP_MS, type ReminderScheduler } from '../../electron/backend/reminders';
import { onCleanup, openTestBook, T0, type TestBook } from '../helpers/book';

// T0 is 24 November 2026, 09:00 UTC: 10:00 in Paris. These tests start earlier that morning.
const MINUTE = 60_000;
/** 24 November 2026 at hh:mm in Paris (UTC+1). */
const paris = (hh: number, mm = 0) => Date.UTC(2026, 10, 24, hh - 1, mm);

interface FakeTimer {
  id: number;
  at: number;
  fn: () => void;
}

let t: TestBook;
let reminders: EventMap['reminder'][];
let timers: FakeTimer[];
let scheduler: ReminderScheduler;
let nextTimerId = 1;

/** Moves the fake clock to `to`, firing every timer that falls due on the way, in order. */
function advanceTo(to: number): void {
  for (;;) {
    const due = timers.filter((x) => x.at <= to).sort((a, b) => a.at - b.at || a.id - b.id)[0];
    if (!due) break;
    timers = timers.filter((x) => x !== due);
    t.clock.set(Math.max(t.clock.now(), due.at));
    due.fn();
  }
  t.clock.set(to);
}

beforeEach(() => {
  t = openTestBook({ start: paris(8, 0) });
  reminders = [];
  timers = [];
  scheduler = createReminderScheduler({
    db: t.db,
    now: t.clock.now,
    emit: (name, payload) => {
      expect(name).toBe('reminder');
      reminders.push(payload);
    },
    setTimer: (fn, ms) => {
      const timer = { id: nextTimerId++, at: t.clock.now() + ms, fn };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => {
      timers = timers.filter((x) => x !== timer);
    },
  });
  onCleanup(() => scheduler.stop());
});

describe('reminders with a fake clock and fake timers', () => {
  test('due at 09:00: nothing at 08:59, one reminder at 09:00, no repeat; a snooze reminds again; done stops it', async () => {
    const ana = await t.ok('contacts.create', { name: 'Ana Lima' });
    const f = await t.ok('followUps.create', { contactId: ana.id, title: 'Call back', dueDate: '2026-11-24', dueTime: '09:00' });
    t.clock.set(paris(8, 59));
    expect(scheduler.check()).toEqual([]);
    expect(reminders).toEqual([]);
    // It sleeps until exactly 09:00.
    expect(scheduler.nextCheckAt).toBe(paris(9, 0));
    expect(timers).toHaveLength(1);

    advanceTo(paris(9, 0));
    expect(reminders).toEqual([{ followUpId: f.id, title: 'Call back', contactId: ana.id, contactName: 'Ana Lima', dueAt: paris(9, 0) }]);
    expect(t.db.prepare('SELECT notified_at FROM follow_ups WHERE id = ?').pluck().get(f.id)).toBe(paris(9, 0));

    // No repeat on the next checks, nor after a restart of the scheduler (notified_at is in the book).
    advanceTo(paris(9, 30));
    scheduler.check();
    expect(reminders).toHaveLength(1);

    // Snoozed to 10:30: reminded again then, not before.
    await t.ok('followUps.snooze', { id: f.id, until: paris(10, 30) });
    scheduler.reschedule();
    expect(scheduler.nextCheckAt).toBe(paris(10, 30));
    advanceTo(paris(10, 29));
    expect(reminders).toHaveLength(1);
    advanceTo(paris(10, 30));
    expect(reminders).toHaveLength(2);
    expect(reminders[1]).toMatchObject({ followUpId: f.id, dueAt: paris(9, 0) });

    // Done: no more, even when snoozed earlier... it cannot be; and reopening does not remind twice.
    await t.ok('followUps.complete', { id: f.id });
    scheduler.reschedule();
    advanceTo(paris(12, 0));
    expect(reminders).toHaveLength(2);
  });

  test('a follow-up created already due reminds at once; one of a contact in the trash never does', async () => {
    t.clock.set(paris(9, 0));
    const gone = await t.ok('contacts.create', { name: 'Gone' });
    await t.ok('followUps.create', { contactId: gone.id, title: 'Call Gone', dueDate: '2026-11-24', dueTime: '09:30' });
    await t.ok('contacts.delete', { id: gone.id });
    await t.ok('followUps.create', { title: 'Post on Instagram', dueDate: '2026-11-24', dueTime: '08:00' });
    scheduler.reschedule();
    expect(reminders.map((r) => r.title)).toEqual(['Post on Instagram']);
    expect(reminders[0]?.contactName).toBeNull();
    advanceTo(paris(11, 0));
    expect(reminders.map((r) => r.title)).toEqual(['Post on Instagram']);
    // Back from the trash, it is reminded of.
    await t.ok('contacts.restore', { id: gone.id });
    scheduler.check();
    expect(reminders.map((r) => r.title)).toEqual(['Post on Instagram', 'Call Gone']);
  });

  test('a date-only follow-up is due at local 00:00 (23:00 UTC the day before, in Paris in winter)', async () => {
    t.clock.set(Date.UTC(2026, 10, 24, 22, 0));
    const f = await t.ok('followUps.create', { title: 'Birthday card', dueDate: '2026-11-25' });
    scheduler.check();
    expect(reminders).toEqual([]);
    expect(scheduler.nextCheckAt).toBe(Date.UTC(2026, 10, 24, 23, 0));
    advanceTo(Date.UTC(2026, 10, 24, 22, 59, 59));
    expect(reminders).toEqual([]);
    advanceTo(Date.UTC(2026, 10, 24, 23, 0));
    expect(reminders).toEqual([{ followUpId: f.id, title: 'Birthday card', contactId: null, contactName: null, dueAt: Date.UTC(2026, 10, 24, 23, 0) }]);
  });

  test('sleeps at most an hour; deleted ones and far ones do not wake it; stop() stops', async () => {
    await t.ok('followUps.create', { title: 'Next week', dueDate: '2026-12-01', dueTime: '09:00' });
    const gone = await t.ok('followUps.create', { title: 'Deleted', dueDate: '2026-11-24', dueTime: '08:30' });
    await t.ok('followUps.delete', { id: gone.id });
    scheduler.check();
    expect(scheduler.nextCheckAt).toBe(paris(8, 0) + MAX_SLEEP_MS);
    advanceTo(paris(12, 0));
    expect(reminders).toEqual([]);
    expect(timers).toHaveLength(1);
    scheduler.stop();
    expect(timers).toHaveLength(0);
    expect(scheduler.check()).toEqual([]);
  });

  test('after a long break, at most a few reminders at once, the latest due first; all are marked reminded', async () => {
    for (let i = 0; i < MAX_REMINDERS_AT_ONCE + 3; i++) {
      await t.ok('followUps.create', { title: `Old ${i}`, dueDate: `2026-11-${String(10 + i).padStart(2, '0')}` });
    }
    const due = scheduler.check();
    expect(due).toHaveLength(MAX_REMINDERS_AT_ONCE + 3);
    expect(reminders.map((r) => r.title)).toEqual(['Old 7', 'Old 6', 'Old 5', 'Old 4', 'Old 3']);
    expect(scheduler.check()).toEqual([]);
    expect(t.db.prepare('SELECT count(*) FROM follow_ups WHERE notified_at IS NULL').pluck().get()).toBe(0);
  });

  test('a new due moment reminds again; the reschedule hook follows writes', async () => {
    t.clock.set(T0);
    const f = await t.ok('followUps.create', { title: 'Call', dueDate: '2026-11-24', dueTime: '09:00' });
    scheduler.check();
    expect(reminders).toHaveLength(1);
    await t.ok('followUps.update', { id: f.id, dueTime: '11:00' });
    scheduler.reschedule();
    expect(scheduler.nextCheckAt).toBe(paris(11, 0));
    advanceTo(paris(11, 0) + MINUTE);
    expect(reminders).toHaveLength(2);
  });

  test('the API calls the reschedule hook after each follow-up write (the worker wires it to the scheduler)', async () => {
    const areas: string[] = [];
    const api = createApi({
      db: t.db,
      now: t.clock.now,
      emit: () => {},
      afterWrite: (area) => {
        areas.push(area);
        scheduler.reschedule();
      },
      info: { version: 'test', mode: 'browser', dataDir: t.dir, databaseFile: t.book.file },
    });
    const created = await api.call('followUps.create', { title: 'Now', dueDate: '2026-11-24', dueTime: '07:00' });
    expect(created.ok).toBe(true);
    expect(areas).toEqual(['followUps']);
    expect(reminders.map((r) => r.title)).toEqual(['Now']);
    // A refusal writes nothing and calls nothing.
    await api.call('followUps.create', { title: '' });
    expect(areas).toEqual(['followUps']);
  });
});
