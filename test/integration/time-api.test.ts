import { beforeEach, describe, expect, test } from 'vitest';
import { openBook } from '../../electron/db/book';
import type { ErrorCode } from '../../shared/contract/index';
import { openTestBook, snapshotTables, T0, type TestBook } from '../helpers/book';

let t: TestBook;
beforeEach(() => {
  t = openTestBook();
});

/** Asserts a refusal: the right code and field, the database untouched, no event sent. */
async function expectRefused(method: string, input: unknown, code: ErrorCode, field?: string) {
  const before = snapshotTables(t.db);
  const eventsBefore = t.events.length;
  const error = await t.fails(method, input);
  expect(error.code, JSON.stringify(error)).toBe(code);
  expect(error.field).toBe(field);
  expect(error.message.length).toBeGreaterThan(0);
  if (field !== undefined) expect(error.issues?.[0]?.field).toBe(field);
  expect(snapshotTables(t.db)).toEqual(before);
  expect(t.events.length).toBe(eventsBefore);
  expect(t.logs).toEqual([]);
  return error;
}

async function contact(name: string) {
  return t.ok('contacts.create', { name });
}

const entryCount = () => t.db.prepare('SELECT count(*) FROM time_entries').pluck().get();
const timerCount = () => t.db.prepare('SELECT count(*) FROM timer').pluck().get();

/** Local wall-clock time in the process's zone (vitest pins Europe/Paris). */
const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).getTime();

describe('time entries: create, update, delete, restore', () => {
  test('create on a contact and on an activity with a source', async () => {
    const ana = await contact('Ana Lima');
    t.events.length = 0;
    const onAna = await t.ok('timeEntries.create', { contactId: ana.id, startedAt: T0 - 3_600_000, minutes: 45, note: ' call prep ' });
    expect(onAna).toMatchObject({ contactId: ana.id, contactName: 'Ana Lima', activity: '', source: '', startedAt: T0 - 3_600_000, minutes: 45, note: ' call prep ', deletedAt: null });
    expect(onAna.createdAt).toBe(T0);
    const posting = await t.ok('timeEntries.create', { activity: '  Posting on Instagram ', source: ' Instagram ', startedAt: T0, minutes: 30 });
    expect(posting).toMatchObject({ contactId: null, contactName: null, activity: 'Posting on Instagram', source: 'Instagram', minutes: 30 });
    expect(t.db.prepare('SELECT source_key FROM time_entries WHERE id = ?').pluck().get(posting.id)).toBe('instagram');
    expect(t.events).toEqual([
      { name: 'changed', payload: { area: 'records' } },
      { name: 'changed', payload: { area: 'records' } },
    ]);
  });

  test('create refuses bad input with field errors, and changes nothing', async () => {
    const ana = await contact('Ana Lima');
    const gone = await contact('Gone');
    await t.ok('contacts.delete', { id: gone.id });
    await expectRefused('timeEntries.create', { startedAt: T0, minutes: 10 }, 'invalid_input', 'activity');
    await expectRefused('timeEntries.create', { activity: '   ', startedAt: T0, minutes: 10 }, 'invalid_input', 'activity');
    await expectRefused('timeEntries.create', { contactId: 999, startedAt: T0, minutes: 10 }, 'invalid_input', 'contactId');
    await expectRefused('timeEntries.create', { contactId: gone.id, startedAt: T0, minutes: 10 }, 'invalid_input', 'contactId');
    await expectRefused('timeEntries.create', { contactId: ana.id, startedAt: T0, minutes: 0 }, 'invalid_input', 'minutes');
    await expectRefused('timeEntries.create', { contactId: ana.id, startedAt: T0, minutes: 10081 }, 'invalid_input', 'minutes');
    await expectRefused('timeEntries.create', { contactId: ana.id, startedAt: T0, minutes: 1.5 }, 'invalid_input', 'minutes');
    await expectRefused('timeEntries.create', { contactId: ana.id, startedAt: 'today', minutes: 5 }, 'invalid_input', 'startedAt');
    await expectRefused('timeEntries.create', { contactId: ana.id, minutes: 5 }, 'invalid_input', 'startedAt');
    await expectRefused('timeEntries.create', { activity: 'x'.repeat(121), startedAt: T0, minutes: 5 }, 'invalid_input', 'activity');
    await expectRefused('timeEntries.create', { activity: 'Posting', source: 'y'.repeat(81), startedAt: T0, minutes: 5 }, 'invalid_input', 'source');
    await expectRefused('timeEntries.create', { activity: 'Posting', startedAt: T0, minutes: 5, extra: 1 }, 'invalid_input');
    expect(entryCount()).toBe(0);
  });

  test('update changes some fields and keeps the rest; refusals change nothing', async () => {
    const ana = await contact('Ana Lima');
    const ben = await contact('Ben Okafor');
    const e = await t.ok('timeEntries.create', { contactId: ana.id, startedAt: T0, minutes: 20 });
    t.clock.advance();
    const moved = await t.ok('timeEntries.update', { id: e.id, contactId: ben.id, minutes: 25, note: 'moved' });
    expect(moved).toMatchObject({ contactId: ben.id, contactName: 'Ben Okafor', minutes: 25, note: 'moved', startedAt: T0, updatedAt: T0 + 60_000 });
    const toActivity = await t.ok('timeEntries.update', { id: e.id, contactId: null, activity: 'Newsletter', source: 'Email' });
    expect(toActivity).toMatchObject({ contactId: null, contactName: null, activity: 'Newsletter', source: 'Email' });

    await expectRefused('timeEntries.update', { id: e.id, activity: '' }, 'invalid_input', 'activity');
    await expectRefused('timeEntries.update', { id: e.id, contactId: 12345 }, 'invalid_input', 'contactId');
    await expectRefused('timeEntries.update', { id: e.id, minutes: -3 }, 'invalid_input', 'minutes');
    await expectRefused('timeEntries.update', { id: 9999, minutes: 3 }, 'not_found');
    await expectRefused('timeEntries.update', { minutes: 3 }, 'invalid_input', 'id');
    await t.ok('timeEntries.delete', { id: e.id });
    await expectRefused('timeEntries.update', { id: e.id, minutes: 3 }, 'conflict');
  });

  test('an entry keeps its contact while that contact is in the trash, but cannot move to one', async () => {
    const ana = await contact('Ana Lima');
    const ben = await contact('Ben Okafor');
    const e = await t.ok('timeEntries.create', { contactId: ana.id, startedAt: T0, minutes: 20 });
    await t.ok('contacts.delete', { id: ana.id });
    expect(await t.ok('timeEntries.update', { id: e.id, minutes: 21 })).toMatchObject({ contactId: ana.id, minutes: 21 });
    await t.ok('contacts.delete', { id: ben.id });
    await expectRefused('timeEntries.update', { id: e.id, contactId: ben.id }, 'invalid_input', 'contactId');
  });

  test('delete moves to the trash, restore brings it back, both idempotent', async () => {
    const e = await t.ok('timeEntries.create', { activity: 'Networking', startedAt: T0, minutes: 60 });
    t.clock.advance();
    const deleted = await t.ok('timeEntries.delete', { id: e.id });
    expect(deleted.deletedAt).toBe(T0 + 60_000);
    expect((await t.ok('timeEntries.delete', { id: e.id })).deletedAt).toBe(T0 + 60_000);
    expect((await t.ok('time.week', { weekStart: '2026-11-23' })).entries).toEqual([]);
    const restored = await t.ok('timeEntries.restore', { id: e.id });
    expect(restored.deletedAt).toBeNull();
    expect((await t.ok('timeEntries.restore', { id: e.id })).deletedAt).toBeNull();
    expect((await t.ok('time.week', { weekStart: '2026-11-23' })).total).toBe(60);
    await expectRefused('timeEntries.delete', { id: 777 }, 'not_found');
    await expectRefused('timeEntries.restore', { id: 777 }, 'not_found');
    await expectRefused('timeEntries.delete', { id: 'x' }, 'invalid_input', 'id');
    await expectRefused('timeEntries.restore', {}, 'invalid_input', 'id');
  });
});

describe('the timer', () => {
  test('start on a contact, get it with the name, stop records ONE entry', async () => {
    const ana = await contact('Ana Lima');
    expect(await t.ok('timer.get', {})).toBeNull();
    t.events.length = 0;
    const started = await t.ok('timer.start', { contactId: ana.id });
    expect(started).toEqual({ contactId: ana.id, contactName: 'Ana Lima', activity: '', source: '', note: '', startedAt: T0 });
    expect(t.events).toEqual([{ name: 'changed', payload: { area: 'timer' } }]);
    expect(await t.ok('timer.get', {})).toEqual(started);
    t.clock.advance(25 * 60_000 + 10_000);
    t.events.length = 0;
    const stopped = await t.ok('timer.stop', {});
    expect(stopped.elapsedMs).toBe(25 * 60_000 + 10_000);
    expect(stopped.entry).toMatchObject({ contactId: ana.id, contactName: 'Ana Lima', startedAt: T0, minutes: 25 });
    expect(entryCount()).toBe(1);
    expect(timerCount()).toBe(0);
    expect(t.db.prepare('SELECT count(*) FROM interactions').pluck().get()).toBe(0);
    expect(t.events).toEqual([
      { name: 'changed', payload: { area: 'timer' } },
      { name: 'changed', payload: { area: 'records' } },
    ]);
    expect(await t.ok('timer.get', {})).toBeNull();
  });

  test.each([
    [0, null],
    [29_000, null],
    [29_999, null],
    [30_000, 1],
    [60_000, 1],
    [89_000, 1],
    [89_999, 1],
    [90_000, 2],
    [150_000, 3],
    [8 * 86_400_000, 10_080],
  ])('stopping after %i ms records %s minutes', async (ms, minutes) => {
    await t.ok('timer.start', { activity: 'Posting on Instagram', source: 'Instagram', note: 'reels' });
    t.clock.advance(ms);
    const stopped = await t.ok('timer.stop', {});
    expect(stopped.elapsedMs).toBe(ms);
    if (minutes === null) {
      expect(stopped.entry).toBeNull();
      expect(entryCount()).toBe(0);
    } else {
      expect(stopped.entry).toMatchObject({ contactId: null, activity: 'Posting on Instagram', source: 'Instagram', note: 'reels', minutes, startedAt: T0 });
      expect(entryCount()).toBe(1);
    }
    expect(timerCount()).toBe(0);
  });

  test('start refuses while one runs, and bad inputs, changing nothing', async () => {
    const gone = await contact('Gone');
    await t.ok('contacts.delete', { id: gone.id });
    await expectRefused('timer.start', {}, 'invalid_input', 'activity');
    await expectRefused('timer.start', { contactId: 4242 }, 'invalid_input', 'contactId');
    await expectRefused('timer.start', { contactId: gone.id }, 'invalid_input', 'contactId');
    await expectRefused('timer.start', { contactId: -1 }, 'invalid_input', 'contactId');
    await expectRefused('timer.start', { activity: 'a'.repeat(121) }, 'invalid_input', 'activity');
    await expectRefused('timer.start', { activity: 'Posting', when: 1 }, 'invalid_input');
    await t.ok('timer.start', { activity: 'Posting' });
    const error = await expectRefused('timer.start', { activity: 'Other' }, 'conflict');
    expect(error.message).toContain('Posting');
  });

  test('stop and dropIdle refuse when no timer runs; cancel says whether it cancelled', async () => {
    await expectRefused('timer.stop', {}, 'conflict');
    await expectRefused('timer.stop', { now: 1 }, 'invalid_input');
    await expectRefused('timer.dropIdle', { idleSince: T0, resumedAt: T0 }, 'conflict');
    expect(await t.ok('timer.cancel', {})).toEqual({ cancelled: false });
    expect(t.events).toEqual([]);
    await t.ok('timer.start', { activity: 'Newsletter' });
    t.clock.advance(10 * 60_000);
    t.events.length = 0;
    expect(await t.ok('timer.cancel', {})).toEqual({ cancelled: true });
    expect(t.events).toEqual([{ name: 'changed', payload: { area: 'timer' } }]);
    expect(timerCount()).toBe(0);
    expect(entryCount()).toBe(0);
  });

  test('the timer survives closing and reopening the book', async () => {
    const ana = await contact('Ana Lima');
    await t.ok('timer.start', { contactId: ana.id, note: 'proposal' });
    t.book.close();
    const again = openTestBook({ dir: t.dir, start: T0 + 40 * 60_000 });
    expect(await again.ok('timer.get', {})).toEqual({ contactId: ana.id, contactName: 'Ana Lima', activity: '', source: '', note: 'proposal', startedAt: T0 });
    const stopped = await again.ok('timer.stop', {});
    expect(stopped.entry).toMatchObject({ contactId: ana.id, minutes: 40, note: 'proposal' });
    again.book.close();
    const third = openBook(t.dir);
    try {
      expect(third.db.prepare('SELECT count(*) FROM timer').pluck().get()).toBe(0);
      expect(third.db.prepare('SELECT minutes FROM time_entries').pluck().all()).toEqual([40]);
    } finally {
      third.close();
    }
  });

  test('dropIdle shifts the start forward by the idle time, never past now, never before the start', async () => {
    await t.ok('timer.start', { activity: 'Bookkeeping' });
    t.clock.advance(60 * 60_000); // 10:00 UTC
    // Away 20 minutes during the run.
    const dropped = await t.ok('timer.dropIdle', { idleSince: T0 + 30 * 60_000, resumedAt: T0 + 50 * 60_000 });
    expect(dropped.startedAt).toBe(T0 + 20 * 60_000);
    // Idle that began before the timer started only counts from the start.
    const before = await t.ok('timer.dropIdle', { idleSince: T0 - 60 * 60_000, resumedAt: T0 + 25 * 60_000 });
    expect(before.startedAt).toBe(T0 + 20 * 60_000 + 5 * 60_000);
    // A resume in the future is clamped to now: the start never passes now.
    const future = await t.ok('timer.dropIdle', { idleSince: T0, resumedAt: T0 + 10 * 3_600_000 });
    expect(future.startedAt).toBe(T0 + 60 * 60_000);
    expect((await t.ok('timer.stop', {})).entry).toBeNull();
  });

  test('dropIdle refuses an idle time that ends before it starts', async () => {
    await t.ok('timer.start', { activity: 'Bookkeeping' });
    await expectRefused('timer.dropIdle', { idleSince: T0 + 10, resumedAt: T0 }, 'invalid_input', 'resumedAt');
    await expectRefused('timer.dropIdle', { idleSince: 'x', resumedAt: T0 }, 'invalid_input', 'idleSince');
    await expectRefused('timer.dropIdle', {}, 'invalid_input', 'idleSince');
  });
});

describe('the week as a timesheet', () => {
  test('rows per contact and per activity (case-insensitive), minutes per day, totals, entries newest first', async () => {
    const ana = await contact('Ana Lima');
    const ben = await contact('Ben Okafor');
    const mk = (input: Parameters<TestBook['ok']>[1]) => t.ok('timeEntries.create', input as never);
    await mk({ contactId: ana.id, startedAt: local(2026, 11, 23, 9), minutes: 30 }); // Monday
    await mk({ contactId: ana.id, startedAt: local(2026, 11, 25, 14), minutes: 45 }); // Wednesday
    await mk({ contactId: ben.id, startedAt: local(2026, 11, 29, 23, 59), minutes: 15 }); // Sunday
    await mk({ activity: 'Posting on Instagram', source: 'Instagram', startedAt: local(2026, 11, 23, 0), minutes: 20 }); // Monday 00:00
    await mk({ activity: 'posting on instagram', startedAt: local(2026, 11, 24, 12), minutes: 25 });
    // Outside the week: the Sunday before and the Monday after.
    await mk({ contactId: ana.id, startedAt: local(2026, 11, 22, 23, 59), minutes: 99 });
    await mk({ contactId: ana.id, startedAt: local(2026, 11, 30, 0), minutes: 99 });
    // In the trash, or on a contact in the trash: not counted.
    const trashed = await mk({ activity: 'Gone', startedAt: local(2026, 11, 24, 8), minutes: 50 });
    await t.ok('timeEntries.delete', { id: trashed.id });
    const cleo = await contact('Cleo');
    await mk({ contactId: cleo.id, startedAt: local(2026, 11, 24, 8), minutes: 50 });
    await t.ok('contacts.delete', { id: cleo.id });

    const before = snapshotTables(t.db);
    const week = await t.ok('time.week', { weekStart: '2026-11-23' });
    expect(snapshotTables(t.db)).toEqual(before);
    expect(week.days).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
    expect(week.rows).toEqual([
      { key: `contact:${ana.id}`, contactId: ana.id, label: 'Ana Lima', days: [30, 0, 45, 0, 0, 0, 0], total: 75 },
      { key: 'activity:posting on instagram', contactId: null, label: 'Posting on Instagram', days: [20, 25, 0, 0, 0, 0, 0], total: 45 },
      { key: `contact:${ben.id}`, contactId: ben.id, label: 'Ben Okafor', days: [0, 0, 0, 0, 0, 0, 15], total: 15 },
    ]);
    expect(week.dayTotals).toEqual([50, 25, 45, 0, 0, 0, 15]);
    expect(week.total).toBe(135);
    expect(week.entries.map((e) => e.minutes)).toEqual([15, 45, 25, 30, 20]);
    expect(week.entries[0]).toMatchObject({ contactName: 'Ben Okafor' });
  });

  test.each([
    // In Europe/Paris summer time starts on Sunday 29 March 2026 and ends on Sunday 25 October 2026.
    ['2026-03-23', 2026, 3, 167],
    ['2026-10-19', 2026, 10, 169],
  ])('a DST week (%s): local midnights bound it', async (weekStart, y, m, hours) => {
    const d = Number(weekStart.slice(8));
    const monday = local(y, m, d);
    const nextMonday = local(y, m, d + 7);
    expect((nextMonday - monday) / 3_600_000).toBe(hours);
    await t.ok('timeEntries.create', { activity: 'First minute', startedAt: monday, minutes: 5 });
    await t.ok('timeEntries.create', { activity: 'Last minute', startedAt: nextMonday - 60_000, minutes: 7 });
    await t.ok('timeEntries.create', { activity: 'Next week', startedAt: nextMonday, minutes: 11 });
    await t.ok('timeEntries.create', { activity: 'Week before', startedAt: monday - 60_000, minutes: 13 });
    // Sunday 03:30 local, after the change, is still Sunday.
    await t.ok('timeEntries.create', { activity: 'Sunday', startedAt: local(y, m, d + 6, 3, 30), minutes: 2 });
    const week = await t.ok('time.week', { weekStart });
    expect(week.dayTotals).toEqual([5, 0, 0, 0, 0, 0, 9]);
    expect(week.total).toBe(14);
  });

  test('weekStart must be a Monday that exists', async () => {
    await expectRefused('time.week', { weekStart: '2026-11-24' }, 'invalid_input', 'weekStart');
    await expectRefused('time.week', { weekStart: '2026-02-30' }, 'invalid_input', 'weekStart');
    await expectRefused('time.week', { weekStart: '23/11/2026' }, 'invalid_input', 'weekStart');
    await expectRefused('time.week', {}, 'invalid_input', 'weekStart');
    await expectRefused('time.week', { weekStart: '2026-11-23', x: 1 }, 'invalid_input');
    const empty = await t.ok('time.week', { weekStart: '2026-11-23' });
    expect(empty).toMatchObject({ rows: [], total: 0, dayTotals: [0, 0, 0, 0, 0, 0, 0], entries: [] });
  });

  test('a timer stopped on a contact shows once in the week', async () => {
    const ana = await contact('Ana Lima');
    await t.ok('timer.start', { contactId: ana.id });
    t.clock.advance(25 * 60_000);
    await t.ok('timer.stop', {});
    const week = await t.ok('time.week', { weekStart: '2026-11-23' });
    expect(week.rows).toEqual([{ key: `contact:${ana.id}`, contactId: ana.id, label: 'Ana Lima', days: [0, 25, 0, 0, 0, 0, 0], total: 25 }]);
    expect(week.entries).toHaveLength(1);
  });
});
