import { beforeEach, describe, expect, test } from 'vitest';
import type { ErrorCode, FollowUp } from '../../shared/contract/index';
import { dueAtOf, toFollowUp, type FollowUpDbRow } from '../../electron/db/follow-ups';
import { openTestBook, snapshotTables, T0, type TestBook } from '../helpers/book';

// T0 is 24 November 2026, 09:00 UTC: 10:00 in Paris (the tests' time zone, UTC+1 in winter).
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Local midnight starting 24 November 2026 in Paris. */
const MIDNIGHT = Date.UTC(2026, 10, 23, 23);

let t: TestBook;
beforeEach(() => {
  t = openTestBook();
});

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

const titles = (items: FollowUp[]) => items.map((f) => f.title);
const bucket = async (b: FollowUp['bucket']) => titles((await t.ok('followUps.list', { bucket: b })).items);

describe('create, get through list, update', () => {
  test('a follow-up with a contact, a time and a repeat', async () => {
    const ana = await t.ok('contacts.create', { name: 'Ana Lima' });
    t.events.length = 0;
    const f = await t.ok('followUps.create', { contactId: ana.id, title: '  Call back ', note: 'About the order', dueDate: '2026-11-24', dueTime: '15:30', repeatDays: 7 });
    expect(f).toEqual({
      id: 1,
      contactId: ana.id,
      contactName: 'Ana Lima',
      title: 'Call back',
      note: 'About the order',
      dueDate: '2026-11-24',
      dueTime: '15:30',
      dueAt: Date.UTC(2026, 10, 24, 14, 30),
      repeatDays: 7,
      snoozedUntil: null,
      doneAt: null,
      bucket: 'today',
      createdAt: T0,
      updatedAt: T0,
      deletedAt: null,
    });
    expect(t.events).toEqual([{ name: 'changed', payload: { area: 'followUps' } }]);
  });

  test('defaults: no contact, no time (due at local 00:00), no repeat, empty note', async () => {
    const f = await t.ok('followUps.create', { title: 'Post the newsletter', dueDate: '2026-11-25' });
    expect(f).toMatchObject({ contactId: null, contactName: null, note: '', dueTime: null, repeatDays: null, bucket: 'upcoming' });
    expect(f.dueAt).toBe(Date.UTC(2026, 10, 24, 23));
    // Summer time: 00:00 in Paris is 22:00 UTC the day before.
    expect(dueAtOf('2026-07-01', null)).toBe(Date.UTC(2026, 5, 30, 22));
    expect(dueAtOf('2026-07-01', '09:00')).toBe(Date.UTC(2026, 6, 1, 7));
  });

  test('bad inputs are refused with their field, and nothing changes', async () => {
    const gone = await t.ok('contacts.create', { name: 'Gone' });
    await t.ok('contacts.delete', { id: gone.id });
    await expectRefused('followUps.create', { title: '', dueDate: '2026-11-25' }, 'invalid_input', 'title');
    await expectRefused('followUps.create', { title: '   ', dueDate: '2026-11-25' }, 'invalid_input', 'title');
    await expectRefused('followUps.create', { title: 'x'.repeat(201), dueDate: '2026-11-25' }, 'invalid_input', 'title');
    await expectRefused('followUps.create', { dueDate: '2026-11-25' }, 'invalid_input', 'title');
    await expectRefused('followUps.create', { title: 'Call' }, 'invalid_input', 'dueDate');
    await expectRefused('followUps.create', { title: 'Call', dueDate: '2026-02-30' }, 'invalid_input', 'dueDate');
    await expectRefused('followUps.create', { title: 'Call', dueDate: '25/11/2026' }, 'invalid_input', 'dueDate');
    await expectRefused('followUps.create', { title: 'Call', dueDate: '2026-11-25', dueTime: '24:00' }, 'invalid_input', 'dueTime');
    await expectRefused('followUps.create', { title: 'Call', dueDate: '2026-11-25', dueTime: '9:30' }, 'invalid_input', 'dueTime');
    await expectRefused('followUps.create', { title: 'Call', dueDate: '2026-11-25', repeatDays: 0 }, 'invalid_input', 'repeatDays');
    await expectRefused('followUps.create', { title: 'Call', dueDate: '2026-11-25', repeatDays: 1.5 }, 'invalid_input', 'repeatDays');
    await expectRefused('followUps.create', { title: 'Call', dueDate: '2026-11-25', repeatDays: 3651 }, 'invalid_input', 'repeatDays');
    await expectRefused('followUps.create', { title: 'Call', dueDate: '2026-11-25', note: 'x'.repeat(20001) }, 'invalid_input', 'note');
    await expectRefused('followUps.create', { title: 'Call', dueDate: '2026-11-25', contactId: 999 }, 'invalid_input', 'contactId');
    await expectRefused('followUps.create', { title: 'Call', dueDate: '2026-11-25', contactId: gone.id }, 'invalid_input', 'contactId');
    await expectRefused('followUps.create', { title: 'Call', dueDate: '2026-11-25', contactId: 'x' }, 'invalid_input', 'contactId');
    await expectRefused('followUps.create', { title: 'Call', dueDate: '2026-11-25', extra: 1 }, 'invalid_input');
  });

  test('update changes some fields; a new due moment clears the snooze; a trashed contact it already has may stay', async () => {
    const ana = await t.ok('contacts.create', { name: 'Ana' });
    const ben = await t.ok('contacts.create', { name: 'Ben' });
    const f = await t.ok('followUps.create', { contactId: ana.id, title: 'Call', dueDate: '2026-11-24', dueTime: '09:00' });
    await t.ok('followUps.snooze', { id: f.id, until: T0 + HOUR });
    t.clock.advance();
    const renamed = await t.ok('followUps.update', { id: f.id, title: 'Call Ana', note: 'n' });
    expect(renamed).toMatchObject({ title: 'Call Ana', note: 'n', dueTime: '09:00', snoozedUntil: T0 + HOUR, updatedAt: T0 + 60_000 });
    const moved = await t.ok('followUps.update', { id: f.id, dueDate: '2026-11-26', dueTime: null, contactId: ben.id, repeatDays: 3 });
    expect(moved).toMatchObject({ dueDate: '2026-11-26', dueTime: null, snoozedUntil: null, contactId: ben.id, contactName: 'Ben', repeatDays: 3, bucket: 'upcoming' });
    await t.ok('contacts.delete', { id: ben.id });
    // Editing a follow-up of a contact in the trash keeps the link; pointing at a trashed one is refused.
    expect(await t.ok('followUps.update', { id: f.id, title: 'Still' })).toMatchObject({ contactId: ben.id, contactName: null });
    await t.ok('contacts.restore', { id: ben.id });
    await t.ok('contacts.delete', { id: ana.id });
    await expectRefused('followUps.update', { id: f.id, contactId: ana.id }, 'invalid_input', 'contactId');
    await expectRefused('followUps.update', { id: f.id, title: '' }, 'invalid_input', 'title');
    await expectRefused('followUps.update', { id: f.id, dueDate: '2026-13-01' }, 'invalid_input', 'dueDate');
    await expectRefused('followUps.update', { title: 'x' }, 'invalid_input', 'id');
    await expectRefused('followUps.update', { id: 999, title: 'x' }, 'not_found');
    expect(await t.ok('followUps.update', { id: f.id, contactId: null })).toMatchObject({ contactId: null });
    await t.ok('followUps.delete', { id: f.id });
    await expectRefused('followUps.update', { id: f.id, title: 'x' }, 'conflict');
  });
});

describe('buckets, lists and counts', () => {
  async function seed() {
    const ana = await t.ok('contacts.create', { name: 'Ana' });
    await t.ok('followUps.create', { title: 'Yesterday late', dueDate: '2026-11-23', dueTime: '23:59' });
    await t.ok('followUps.create', { title: 'Last week', dueDate: '2026-11-17', contactId: ana.id });
    await t.ok('followUps.create', { title: 'Today 00:00', dueDate: '2026-11-24' });
    await t.ok('followUps.create', { title: 'Today 23:59', dueDate: '2026-11-24', dueTime: '23:59' });
    await t.ok('followUps.create', { title: 'Today 08:00', dueDate: '2026-11-24', dueTime: '08:00', contactId: ana.id });
    await t.ok('followUps.create', { title: 'Tomorrow', dueDate: '2026-11-25' });
    await t.ok('followUps.create', { title: 'Next month', dueDate: '2026-12-24' });
    return ana;
  }

  test('overdue before local midnight, today until the next, upcoming after; soonest first', async () => {
    await seed();
    expect(await bucket('overdue')).toEqual(['Last week', 'Yesterday late']);
    expect(await bucket('today')).toEqual(['Today 00:00', 'Today 08:00', 'Today 23:59']);
    expect(await bucket('upcoming')).toEqual(['Tomorrow', 'Next month']);
    expect(await bucket('done')).toEqual([]);
    expect(await t.ok('followUps.counts', {})).toEqual({ overdue: 2, today: 3, upcoming: 2 });
    const list = await t.ok('followUps.list', { bucket: 'today' });
    expect(list.total).toBe(3);
    expect(list.items.every((f) => f.bucket === 'today')).toBe(true);
    expect((await t.ok('followUps.list', { bucket: 'today', offset: 1, limit: 1 })).items.map((f) => f.title)).toEqual(['Today 08:00']);
  });

  test('across local midnight: 23:00 UTC on the 24th is already the 25th in Paris', async () => {
    await seed();
    t.clock.set(MIDNIGHT + DAY - 1);
    expect(await bucket('today')).toEqual(['Today 00:00', 'Today 08:00', 'Today 23:59']);
    t.clock.set(MIDNIGHT + DAY);
    expect(await bucket('today')).toEqual(['Tomorrow']);
    expect(await bucket('overdue')).toEqual(['Last week', 'Yesterday late', 'Today 00:00', 'Today 08:00', 'Today 23:59']);
    expect(await t.ok('followUps.counts', {})).toEqual({ overdue: 5, today: 1, upcoming: 1 });
  });

  test('a snoozed one counts as upcoming until its snooze ends; by contact lists open ones first', async () => {
    const ana = await seed();
    const list = await t.ok('followUps.list', { bucket: 'overdue' });
    const lastWeek = list.items[0] as FollowUp;
    t.events.length = 0;
    const snoozed = await t.ok('followUps.snooze', { id: lastWeek.id, until: T0 + 3 * HOUR });
    expect(snoozed).toMatchObject({ snoozedUntil: T0 + 3 * HOUR, bucket: 'upcoming' });
    expect(t.events).toEqual([{ name: 'changed', payload: { area: 'followUps' } }]);
    expect(await t.ok('followUps.counts', {})).toEqual({ overdue: 1, today: 3, upcoming: 3 });
    expect(await bucket('upcoming')).toEqual(['Last week', 'Tomorrow', 'Next month']);
    t.clock.set(T0 + 3 * HOUR);
    expect(await bucket('overdue')).toEqual(['Last week', 'Yesterday late']);

    const today8 = (await t.ok('followUps.list', { bucket: 'today' })).items.find((f) => f.title === 'Today 08:00') as FollowUp;
    await t.ok('followUps.complete', { id: today8.id });
    expect(titles((await t.ok('followUps.list', { contactId: ana.id })).items)).toEqual(['Last week', 'Today 08:00']);
    expect((await t.ok('followUps.list', { contactId: ana.id, bucket: 'done' })).items.map((f) => f.title)).toEqual(['Today 08:00']);
    expect((await t.ok('followUps.list', { contactId: ana.id + 100 })).total).toBe(0);
  });

  test('a contact in the trash takes its follow-ups out of the lists and counts', async () => {
    const ana = await seed();
    await t.ok('contacts.delete', { id: ana.id });
    expect(await bucket('overdue')).toEqual(['Yesterday late']);
    expect(await t.ok('followUps.counts', {})).toEqual({ overdue: 1, today: 2, upcoming: 2 });
    await t.ok('contacts.restore', { id: ana.id });
    expect(await t.ok('followUps.counts', {})).toEqual({ overdue: 2, today: 3, upcoming: 2 });
  });

  test('list and counts refuse junk and change nothing', async () => {
    await expectRefused('followUps.list', { bucket: 'later' }, 'invalid_input', 'bucket');
    await expectRefused('followUps.list', { limit: 0 }, 'invalid_input', 'limit');
    await expectRefused('followUps.list', { contactId: -1 }, 'invalid_input', 'contactId');
    await expectRefused('followUps.counts', { x: 1 }, 'invalid_input');
  });
});

describe('complete, reopen, snooze', () => {
  test('completing a repeating one schedules the next N days after the day it was DONE, not the day it was due', async () => {
    const ana = await t.ok('contacts.create', { name: 'Ana' });
    const f = await t.ok('followUps.create', { contactId: ana.id, title: 'Call back', note: 'n', dueDate: '2026-11-20', dueTime: '09:30', repeatDays: 7 });
    expect(f.bucket).toBe('overdue');
    t.clock.advance(HOUR);
    t.events.length = 0;
    const { done, next } = await t.ok('followUps.complete', { id: f.id });
    expect(done).toMatchObject({ id: f.id, doneAt: T0 + HOUR, bucket: 'done' });
    expect(next).toMatchObject({ contactId: ana.id, title: 'Call back', note: 'n', dueDate: '2026-12-01', dueTime: '09:30', repeatDays: 7, doneAt: null, bucket: 'upcoming' });
    expect(t.events).toEqual([{ name: 'changed', payload: { area: 'followUps' } }]);
    expect(await bucket('done')).toEqual(['Call back']);
    expect(await bucket('upcoming')).toEqual(['Call back']);

    // Done just after local midnight: the local day is the 25th, so the next is on 2 December.
    t.clock.set(MIDNIGHT + DAY + 60_000);
    const again = await t.ok('followUps.complete', { id: next?.id as number });
    expect(again.next?.dueDate).toBe('2026-12-02');
    // Across the change to summer time the local date still moves by whole days.
    t.clock.set(Date.UTC(2027, 2, 27, 12));
    const third = await t.ok('followUps.complete', { id: again.next?.id as number });
    expect(third.next?.dueDate).toBe('2027-04-03');
  });

  test('a one-off has no next; completing twice is a conflict; reopen brings it back', async () => {
    const f = await t.ok('followUps.create', { title: 'Send the quote', dueDate: '2026-11-24' });
    const { done, next } = await t.ok('followUps.complete', { id: f.id });
    expect(next).toBeNull();
    expect(done.doneAt).toBe(T0);
    await expectRefused('followUps.complete', { id: f.id }, 'conflict');
    await expectRefused('followUps.complete', { id: 999 }, 'not_found');
    await expectRefused('followUps.complete', { id: 'x' }, 'invalid_input', 'id');
    const reopened = await t.ok('followUps.reopen', { id: f.id });
    expect(reopened).toMatchObject({ doneAt: null, bucket: 'today' });
    await expectRefused('followUps.reopen', { id: f.id }, 'conflict');
    await expectRefused('followUps.reopen', { id: 999 }, 'not_found');
    await t.ok('followUps.delete', { id: f.id });
    await expectRefused('followUps.complete', { id: f.id }, 'conflict');
  });

  test('snooze must be in the future, of an open, live follow-up', async () => {
    const f = await t.ok('followUps.create', { title: 'Call', dueDate: '2026-11-24' });
    await expectRefused('followUps.snooze', { id: f.id, until: T0 }, 'invalid_input', 'until');
    await expectRefused('followUps.snooze', { id: f.id, until: T0 - HOUR }, 'invalid_input', 'until');
    await expectRefused('followUps.snooze', { id: f.id, until: 'tomorrow' }, 'invalid_input', 'until');
    await expectRefused('followUps.snooze', { id: f.id, until: 1.5 }, 'invalid_input', 'until');
    await expectRefused('followUps.snooze', { id: f.id }, 'invalid_input', 'until');
    await expectRefused('followUps.snooze', { id: 999, until: T0 + HOUR }, 'not_found');
    const snoozed = await t.ok('followUps.snooze', { id: f.id, until: T0 + HOUR });
    expect(snoozed.snoozedUntil).toBe(T0 + HOUR);
    await t.ok('followUps.complete', { id: f.id });
    await expectRefused('followUps.snooze', { id: f.id, until: T0 + 2 * HOUR }, 'conflict');
  });
});

describe('trash and restore', () => {
  test('delete moves it to the trash (out of every list), restore brings it back; both are idempotent', async () => {
    const f = await t.ok('followUps.create', { title: 'Call', dueDate: '2026-11-24' });
    t.clock.advance();
    t.events.length = 0;
    const deleted = await t.ok('followUps.delete', { id: f.id });
    expect(deleted.deletedAt).toBe(T0 + 60_000);
    expect(t.events).toEqual([{ name: 'changed', payload: { area: 'followUps' } }]);
    expect(await bucket('today')).toEqual([]);
    expect(await t.ok('followUps.counts', {})).toEqual({ overdue: 0, today: 0, upcoming: 0 });
    expect((await t.ok('followUps.delete', { id: f.id })).deletedAt).toBe(T0 + 60_000);
    const restored = await t.ok('followUps.restore', { id: f.id });
    expect(restored.deletedAt).toBeNull();
    expect(await bucket('today')).toEqual(['Call']);
    expect((await t.ok('followUps.restore', { id: f.id })).deletedAt).toBeNull();
    await expectRefused('followUps.delete', { id: 999 }, 'not_found');
    await expectRefused('followUps.restore', { id: 999 }, 'not_found');
    await expectRefused('followUps.delete', {}, 'invalid_input', 'id');
  });
});

describe('the row mapper the timeline reuses', () => {
  test('computes dueAt and the bucket for a given now', () => {
    const row: FollowUpDbRow = {
      id: 1,
      contact_id: 2,
      contact_name: 'Ana',
      contact_deleted_at: null,
      title: 'Call',
      note: '',
      due_date: '2026-11-25',
      due_time: '08:00',
      repeat_days: null,
      snoozed_until: null,
      done_at: null,
      notified_at: null,
      created_at: T0,
      updated_at: T0,
      deleted_at: null,
    };
    expect(toFollowUp(row, T0)).toMatchObject({ dueAt: Date.UTC(2026, 10, 25, 7), bucket: 'upcoming', contactName: 'Ana' });
    expect(toFollowUp(row, T0 + DAY).bucket).toBe('today');
    expect(toFollowUp(row, T0 + 2 * DAY).bucket).toBe('overdue');
    expect(toFollowUp({ ...row, snoozed_until: T0 + 3 * DAY }, T0 + 2 * DAY).bucket).toBe('upcoming');
    expect(toFollowUp({ ...row, done_at: T0 }, T0).bucket).toBe('done');
    expect(toFollowUp({ ...row, contact_deleted_at: T0 }, T0).contactName).toBeNull();
  });
});
