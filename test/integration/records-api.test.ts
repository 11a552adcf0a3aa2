import { beforeEach, describe, expect, test } from 'vitest';
import type { ErrorCode, TimelineItem } from '../../shared/contract/index';
import { openTestBook, snapshotTables, T0, type TestBook } from '../helpers/book';

let t: TestBook;
let ana: number;
let ben: number;
let gone: number;

const DAY = 86_400_000;

beforeEach(async () => {
  t = openTestBook();
  ana = (await t.ok('contacts.create', { name: 'Ana Lima' })).id;
  ben = (await t.ok('contacts.create', { name: 'Ben Okafor' })).id;
  gone = (await t.ok('contacts.create', { name: 'Gone' })).id;
  await t.ok('contacts.delete', { id: gone });
  t.events.length = 0;
});

/** Asserts a refusal: the right code and field, the database untouched, no event sent. */
async function expectRefused(method: string, input: unknown, code: ErrorCode, field?: string) {
  const before = snapshotTables(t.db);
  const eventsBefore = t.events.length;
  const error = await t.fails(method, input);
  expect(error.code, JSON.stringify(error)).toBe(code);
  expect(error.field, JSON.stringify(error)).toBe(field);
  expect(error.message.length).toBeGreaterThan(0);
  if (field !== undefined) expect(error.issues?.[0]?.field).toBe(field);
  expect(snapshotTables(t.db)).toEqual(before);
  expect(t.events.length).toBe(eventsBefore);
  expect(t.logs).toEqual([]);
  return error;
}

const kinds = (items: TimelineItem[]) => items.map((i) => i.kind);

describe('interactions', () => {
  test('create with defaults, then every field; update; events', async () => {
    t.clock.advance();
    const call = await t.ok('interactions.create', { contactId: ana, channel: 'phone', occurredAt: T0 - DAY });
    expect(call).toEqual({
      id: call.id,
      contactId: ana,
      channel: 'phone',
      network: '',
      direction: 'outbound',
      occurredAt: T0 - DAY,
      minutes: 0,
      cost: 0,
      sentiment: null,
      note: '',
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
      deletedAt: null,
    });
    expect(t.events).toEqual([{ name: 'changed', payload: { area: 'records' } }]);
    const post = await t.ok('interactions.create', {
      contactId: ana,
      channel: 'social',
      network: '  Instagram ',
      direction: 'inbound',
      occurredAt: T0,
      minutes: 15,
      cost: 250,
      sentiment: 'positive',
      note: 'Loved the new menu',
    });
    expect(post).toMatchObject({ network: 'Instagram', direction: 'inbound', minutes: 15, cost: 250, sentiment: 'positive', note: 'Loved the new menu' });

    const later = t.clock.advance();
    const changed = await t.ok('interactions.update', { id: call.id, minutes: 20, sentiment: 'neutral', note: 'Called back' });
    expect(changed).toMatchObject({ channel: 'phone', minutes: 20, sentiment: 'neutral', note: 'Called back', updatedAt: later, occurredAt: T0 - DAY });
    expect((await t.ok('interactions.update', { id: call.id, sentiment: null })).sentiment).toBeNull();
    const moved = await t.ok('interactions.update', { id: call.id, contactId: ben });
    expect(moved.contactId).toBe(ben);
  });

  test.each([
    ['no contact', { channel: 'phone', occurredAt: T0 }, 'contactId'],
    ['unknown contact', { contactId: 999, channel: 'phone', occurredAt: T0 }, 'contactId'],
    ['bad channel', { contactId: 1, channel: 'fax', occurredAt: T0 }, 'channel'],
    ['bad direction', { contactId: 1, channel: 'phone', direction: 'sideways', occurredAt: T0 }, 'direction'],
    ['no date', { contactId: 1, channel: 'phone' }, 'occurredAt'],
    ['date before 1900', { contactId: 1, channel: 'phone', occurredAt: Date.UTC(1850, 0, 1) }, 'occurredAt'],
    ['fractional date', { contactId: 1, channel: 'phone', occurredAt: 1.5 }, 'occurredAt'],
    ['negative minutes', { contactId: 1, channel: 'phone', occurredAt: T0, minutes: -1 }, 'minutes'],
    ['more than a day', { contactId: 1, channel: 'phone', occurredAt: T0, minutes: 1441 }, 'minutes'],
    ['negative cost', { contactId: 1, channel: 'phone', occurredAt: T0, cost: -5 }, 'cost'],
    ['fractional cost', { contactId: 1, channel: 'phone', occurredAt: T0, cost: 1.5 }, 'cost'],
    ['bad sentiment', { contactId: 1, channel: 'phone', occurredAt: T0, sentiment: 'meh' }, 'sentiment'],
    ['long network', { contactId: 1, channel: 'social', occurredAt: T0, network: 'x'.repeat(61) }, 'network'],
    ['long note', { contactId: 1, channel: 'phone', occurredAt: T0, note: 'x'.repeat(20001) }, 'note'],
  ])('create refuses %s', async (_name, input, field) => {
    await expectRefused('interactions.create', input, 'invalid_input', field);
  });

  test('create refuses an unknown key and a contact in the trash', async () => {
    await expectRefused('interactions.create', { contactId: ana, channel: 'phone', occurredAt: T0, color: 'red' }, 'invalid_input');
    const err = await expectRefused('interactions.create', { contactId: gone, channel: 'phone', occurredAt: T0 }, 'invalid_input', 'contactId');
    expect(err.message).toContain('trash');
  });

  test('update refusals: unknown id, bad field, trashed record, trashed contact, moving to a trashed contact', async () => {
    const call = await t.ok('interactions.create', { contactId: ana, channel: 'phone', occurredAt: T0 });
    await expectRefused('interactions.update', { id: 999, minutes: 3 }, 'not_found');
    await expectRefused('interactions.update', { id: call.id, minutes: 5000 }, 'invalid_input', 'minutes');
    await expectRefused('interactions.update', { id: call.id, contactId: gone }, 'invalid_input', 'contactId');
    await expectRefused('interactions.update', { id: call.id, contactId: 999 }, 'invalid_input', 'contactId');
    await expectRefused('interactions.update', { minutes: 5 }, 'invalid_input', 'id');
    await t.ok('interactions.delete', { id: call.id });
    await expectRefused('interactions.update', { id: call.id, minutes: 3 }, 'conflict');
    await t.ok('interactions.restore', { id: call.id });
    await t.ok('contacts.delete', { id: ana });
    await expectRefused('interactions.update', { id: call.id, minutes: 3 }, 'conflict');
  });

  test('delete to the trash and restore; restore refused while the contact is in the trash', async () => {
    const call = await t.ok('interactions.create', { contactId: ana, channel: 'email', occurredAt: T0 });
    t.events.length = 0;
    const now = t.clock.advance();
    const deleted = await t.ok('interactions.delete', { id: call.id });
    expect(deleted.deletedAt).toBe(now);
    expect(t.events).toEqual([{ name: 'changed', payload: { area: 'records' } }]);
    expect((await t.ok('contacts.timeline', { contactId: ana })).total).toBe(0);
    // Deleting again is harmless and keeps the first time.
    t.clock.advance();
    expect((await t.ok('interactions.delete', { id: call.id })).deletedAt).toBe(now);
    const restored = await t.ok('interactions.restore', { id: call.id });
    expect(restored.deletedAt).toBeNull();
    expect((await t.ok('contacts.timeline', { contactId: ana })).total).toBe(1);
    expect((await t.ok('interactions.restore', { id: call.id })).deletedAt).toBeNull();

    await t.ok('interactions.delete', { id: call.id });
    await t.ok('contacts.delete', { id: ana });
    await expectRefused('interactions.restore', { id: call.id }, 'conflict');
    await t.ok('contacts.restore', { id: ana });
    expect((await t.ok('interactions.restore', { id: call.id })).deletedAt).toBeNull();
    await expectRefused('interactions.delete', { id: 999 }, 'not_found');
    await expectRefused('interactions.restore', { id: 999 }, 'not_found');
    await expectRefused('interactions.delete', { id: 'one' }, 'invalid_input', 'id');
  });
});

describe('purchases', () => {
  test('a purchase and a refund; update; delete and restore', async () => {
    const sale = await t.ok('purchases.create', { contactId: ana, occurredAt: T0, amount: 1250, description: '  Flat white and cake ' });
    expect(sale).toMatchObject({ contactId: ana, occurredAt: T0, amount: 1250, description: 'Flat white and cake', deletedAt: null });
    const refund = await t.ok('purchases.create', { contactId: ana, occurredAt: T0 + 1000, amount: -450 });
    expect(refund).toMatchObject({ amount: -450, description: '' });
    expect((await t.ok('purchases.update', { id: sale.id, amount: 1300 })).amount).toBe(1300);
    expect((await t.ok('purchases.update', { id: sale.id, description: 'Beans' })).description).toBe('Beans');
    expect((await t.ok('purchases.delete', { id: refund.id })).deletedAt).not.toBeNull();
    expect((await t.ok('purchases.restore', { id: refund.id })).deletedAt).toBeNull();
    expect(t.events).toEqual(Array.from({ length: 6 }, () => ({ name: 'changed', payload: { area: 'records' } })));
  });

  test.each([
    ['zero', { contactId: 1, occurredAt: T0, amount: 0 }, 'amount'],
    ['fraction of a cent', { contactId: 1, occurredAt: T0, amount: 12.5 }, 'amount'],
    ['too large', { contactId: 1, occurredAt: T0, amount: 100_000_000_001 }, 'amount'],
    ['too negative', { contactId: 1, occurredAt: T0, amount: -100_000_000_001 }, 'amount'],
    ['a string amount', { contactId: 1, occurredAt: T0, amount: '12,50' }, 'amount'],
    ['no amount', { contactId: 1, occurredAt: T0 }, 'amount'],
    ['no date', { contactId: 1, amount: 5 }, 'occurredAt'],
    ['long description', { contactId: 1, occurredAt: T0, amount: 5, description: 'x'.repeat(501) }, 'description'],
    ['unknown contact', { contactId: 77, occurredAt: T0, amount: 5 }, 'contactId'],
  ])('create refuses %s', async (_name, input, field) => {
    await expectRefused('purchases.create', input, 'invalid_input', field);
  });

  test('refusals on a contact in the trash, a trashed purchase, an unknown one', async () => {
    await expectRefused('purchases.create', { contactId: gone, occurredAt: T0, amount: 5 }, 'invalid_input', 'contactId');
    const sale = await t.ok('purchases.create', { contactId: ana, occurredAt: T0, amount: 500 });
    await expectRefused('purchases.update', { id: sale.id, amount: 0 }, 'invalid_input', 'amount');
    await t.ok('purchases.delete', { id: sale.id });
    await expectRefused('purchases.update', { id: sale.id, amount: 600 }, 'conflict');
    await expectRefused('purchases.update', { id: 555, amount: 600 }, 'not_found');
    await t.ok('contacts.delete', { id: ana });
    await expectRefused('purchases.restore', { id: sale.id }, 'conflict');
  });
});

describe('notes', () => {
  test('create, update, delete, restore', async () => {
    const note = await t.ok('notes.create', { contactId: ana, body: '  Prefers oat milk ', notedAt: T0 });
    expect(note).toMatchObject({ contactId: ana, body: 'Prefers oat milk', notedAt: T0, deletedAt: null });
    expect((await t.ok('notes.update', { id: note.id, body: 'Prefers soy milk' })).body).toBe('Prefers soy milk');
    expect((await t.ok('notes.delete', { id: note.id })).deletedAt).not.toBeNull();
    expect((await t.ok('notes.restore', { id: note.id })).deletedAt).toBeNull();
  });

  test.each([
    ['empty body', { contactId: 1, body: '   ', notedAt: T0 }, 'body'],
    ['long body', { contactId: 1, body: 'x'.repeat(20001), notedAt: T0 }, 'body'],
    ['no date', { contactId: 1, body: 'x' }, 'notedAt'],
    ['trashed contact', { contactId: 3, body: 'x', notedAt: T0 }, 'contactId'],
  ])('create refuses %s', async (_name, input, field) => {
    await expectRefused('notes.create', input, 'invalid_input', field);
  });

  test('update refusals', async () => {
    const note = await t.ok('notes.create', { contactId: ana, body: 'x', notedAt: T0 });
    await expectRefused('notes.update', { id: note.id, body: '' }, 'invalid_input', 'body');
    await t.ok('notes.delete', { id: note.id });
    await expectRefused('notes.update', { id: note.id, body: 'y' }, 'conflict');
    await expectRefused('notes.restore', { id: 404 }, 'not_found');
  });
});

describe('NPS answers', () => {
  test('create, update, delete, restore', async () => {
    const answer = await t.ok('nps.create', { contactId: ana, score: 9, answeredAt: T0 });
    expect(answer).toMatchObject({ contactId: ana, score: 9, answeredAt: T0, note: '', deletedAt: null });
    expect((await t.ok('nps.create', { contactId: ana, score: 0, answeredAt: T0, note: 'Slow service' })).score).toBe(0);
    expect((await t.ok('nps.update', { id: answer.id, score: 10 })).score).toBe(10);
    expect((await t.ok('nps.delete', { id: answer.id })).deletedAt).not.toBeNull();
    expect((await t.ok('nps.restore', { id: answer.id })).deletedAt).toBeNull();
  });

  test.each([
    ['11', { contactId: 1, score: 11, answeredAt: T0 }, 'score'],
    ['-1', { contactId: 1, score: -1, answeredAt: T0 }, 'score'],
    ['7.5', { contactId: 1, score: 7.5, answeredAt: T0 }, 'score'],
    ['no score', { contactId: 1, answeredAt: T0 }, 'score'],
    ['long note', { contactId: 1, score: 5, answeredAt: T0, note: 'x'.repeat(2001) }, 'note'],
    ['trashed contact', { contactId: 3, score: 5, answeredAt: T0 }, 'contactId'],
  ])('create refuses %s', async (_name, input, field) => {
    await expectRefused('nps.create', input, 'invalid_input', field);
  });

  test('update refusals', async () => {
    const answer = await t.ok('nps.create', { contactId: ana, score: 7, answeredAt: T0 });
    await expectRefused('nps.update', { id: answer.id, score: 12 }, 'invalid_input', 'score');
    await t.ok('nps.delete', { id: answer.id });
    await expectRefused('nps.update', { id: answer.id, score: 8 }, 'conflict');
  });
});

describe('the timeline', () => {
  /** Rows of the kinds other areas own, written with SQL so this test does not depend on their methods. */
  function insertOthers() {
    const now = T0;
    const time = t.db
      .prepare('INSERT INTO time_entries (contact_id, started_at, minutes, note, created_at, updated_at) VALUES (?, ?, 45, ?, ?, ?)')
      .run(ana, T0 - 3 * DAY, 'Proposal', now, now);
    // Due 2026-11-20 09:30 local (Paris), not done: overdue at T0 (24 November).
    const overdue = t.db
      .prepare("INSERT INTO follow_ups (contact_id, title, due_date, due_time, created_at, updated_at) VALUES (?, 'Send the quote', '2026-11-20', '09:30', ?, ?)")
      .run(ana, now, now);
    // Due today, without a time: sorted at local midnight.
    const today = t.db
      .prepare("INSERT INTO follow_ups (contact_id, title, due_date, created_at, updated_at) VALUES (?, 'Call back', '2026-11-24', ?, ?)")
      .run(ana, now, now);
    const done = t.db
      .prepare("INSERT INTO follow_ups (contact_id, title, due_date, done_at, created_at, updated_at) VALUES (?, 'Thank you card', '2026-12-30', ?, ?, ?)")
      .run(ana, T0 - 5 * DAY, now, now);
    const made = t.db
      .prepare("INSERT INTO referrals (referrer_id, referred_id, referred_at, status, thanked_at, created_at, updated_at) VALUES (?, ?, ?, 'converted', ?, ?, ?)")
      .run(ana, ben, T0 - 6 * DAY, T0, now, now);
    const received = t.db
      .prepare("INSERT INTO referrals (referrer_id, referred_id, referred_at, status, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?)")
      .run(ben, ana, T0 - 7 * DAY, now, now);
    const byName = t.db
      .prepare("INSERT INTO referrals (referrer_id, referred_name, referred_at, status, created_at, updated_at) VALUES (?, 'Chloé', ?, 'pending', ?, ?)")
      .run(ana, T0 - 8 * DAY, now, now);
    // Another contact's and trashed rows never show.
    t.db.prepare('INSERT INTO time_entries (contact_id, started_at, minutes, created_at, updated_at) VALUES (?, ?, 5, ?, ?)').run(ben, T0, now, now);
    t.db.prepare('INSERT INTO time_entries (contact_id, started_at, minutes, created_at, updated_at, deleted_at) VALUES (?, ?, 5, ?, ?, ?)').run(ana, T0, now, now, now);
    return {
      time: Number(time.lastInsertRowid),
      overdue: Number(overdue.lastInsertRowid),
      today: Number(today.lastInsertRowid),
      done: Number(done.lastInsertRowid),
      made: Number(made.lastInsertRowid),
      received: Number(received.lastInsertRowid),
      byName: Number(byName.lastInsertRowid),
    };
  }

  test('every kind, newest first, mapped to its record', async () => {
    const ids = insertOthers();
    const call = await t.ok('interactions.create', { contactId: ana, channel: 'phone', occurredAt: T0 - DAY, minutes: 15 });
    const sale = await t.ok('purchases.create', { contactId: ana, occurredAt: T0 - 2 * DAY, amount: 1250 });
    const note = await t.ok('notes.create', { contactId: ana, body: 'Met at the market', notedAt: T0 - 4 * DAY });
    const answer = await t.ok('nps.create', { contactId: ana, score: 9, answeredAt: T0 - 9 * DAY });
    await t.ok('interactions.create', { contactId: ben, channel: 'email', occurredAt: T0 });

    const page = await t.ok('contacts.timeline', { contactId: ana });
    expect(page.total).toBe(11);
    expect(page.offset).toBe(0);
    expect(page.lastInteractionAt).toBe(T0 - DAY);
    expect(kinds(page.items)).toEqual([
      'followUp', // today, local midnight: 2026-11-23T23:00Z
      'interaction',
      'purchase',
      'time',
      'note', // 20 Nov 10:00 Paris
      'followUp', // 20 Nov 09:30 Paris
      'followUp', // done 5 days ago
      'referralMade',
      'referralReceived',
      'referralMade',
      'nps',
    ]);
    const at = page.items.map((i) => i.at);
    expect([...at].sort((a, b) => b - a)).toEqual(at);

    const [today, interaction, purchase, time, noteItem, overdue, done, made, received, byName, nps] = page.items;
    expect(today).toMatchObject({ kind: 'followUp', at: Date.UTC(2026, 10, 23, 23), record: { id: ids.today, bucket: 'today', dueTime: null, contactName: 'Ana Lima' } });
    expect(interaction).toEqual({ kind: 'interaction', at: T0 - DAY, record: call });
    expect(purchase).toEqual({ kind: 'purchase', at: T0 - 2 * DAY, record: sale });
    expect(time).toMatchObject({ kind: 'time', record: { id: ids.time, contactId: ana, contactName: 'Ana Lima', minutes: 45, note: 'Proposal', activity: '' } });
    expect(overdue).toMatchObject({
      kind: 'followUp',
      at: Date.UTC(2026, 10, 20, 8, 30),
      record: { id: ids.overdue, dueAt: Date.UTC(2026, 10, 20, 8, 30), dueDate: '2026-11-20', dueTime: '09:30', bucket: 'overdue', doneAt: null },
    });
    expect(noteItem).toEqual({ kind: 'note', at: T0 - 4 * DAY, record: note });
    expect(done).toMatchObject({ kind: 'followUp', at: T0 - 5 * DAY, record: { id: ids.done, bucket: 'done' } });
    expect(made).toMatchObject({ kind: 'referralMade', record: { id: ids.made, referrerName: 'Ana Lima', referredName: 'Ben Okafor', referredId: ben, thanked: true, status: 'converted' } });
    expect(received).toMatchObject({ kind: 'referralReceived', record: { id: ids.received, referrerName: 'Ben Okafor', referredName: 'Ana Lima', thanked: false } });
    expect(byName).toMatchObject({ kind: 'referralMade', record: { id: ids.byName, referredId: null, referredName: 'Chloé' } });
    expect(nps).toEqual({ kind: 'nps', at: T0 - 9 * DAY, record: answer });
  });

  test('upcoming follow-ups, and ties broken by kind then newest id', async () => {
    t.db.prepare("INSERT INTO follow_ups (contact_id, title, due_date, created_at, updated_at) VALUES (?, 'Later', '2026-11-25', ?, ?)").run(ana, T0, T0);
    const a = await t.ok('purchases.create', { contactId: ana, occurredAt: T0, amount: 1 });
    const b = await t.ok('purchases.create', { contactId: ana, occurredAt: T0, amount: 2 });
    const c = await t.ok('interactions.create', { contactId: ana, channel: 'phone', occurredAt: T0 });
    const page = await t.ok('contacts.timeline', { contactId: ana });
    expect(page.items.map((i) => [i.kind, i.record.id])).toEqual([
      ['followUp', 1],
      ['interaction', c.id],
      ['purchase', b.id],
      ['purchase', a.id],
    ]);
    expect(page.items[0]?.kind === 'followUp' && page.items[0].record.bucket).toBe('upcoming');
  });

  test('paging with offset and limit; an empty timeline; unknown contact', async () => {
    for (let i = 0; i < 7; i++) await t.ok('notes.create', { contactId: ana, body: `note ${i}`, notedAt: T0 - i * DAY });
    const first = await t.ok('contacts.timeline', { contactId: ana, limit: 3 });
    expect(first.total).toBe(7);
    expect(first.items.map((i) => (i.kind === 'note' ? i.record.body : ''))).toEqual(['note 0', 'note 1', 'note 2']);
    const last = await t.ok('contacts.timeline', { contactId: ana, offset: 6, limit: 3 });
    expect(last.offset).toBe(6);
    expect(last.items.map((i) => (i.kind === 'note' ? i.record.body : ''))).toEqual(['note 6']);
    expect((await t.ok('contacts.timeline', { contactId: ana, offset: 50 })).items).toEqual([]);
    expect(await t.ok('contacts.timeline', { contactId: ben })).toEqual({ total: 0, offset: 0, items: [], lastInteractionAt: null });
    await expectRefused('contacts.timeline', { contactId: 999 }, 'not_found');
    await expectRefused('contacts.timeline', { contactId: ana, limit: 201 }, 'invalid_input', 'limit');
    await expectRefused('contacts.timeline', { contactId: ana, offset: -1 }, 'invalid_input', 'offset');
    await expectRefused('contacts.timeline', {}, 'invalid_input', 'contactId');
  });

  test('a read changes nothing, and the last interaction ignores trashed ones', async () => {
    const newest = await t.ok('interactions.create', { contactId: ana, channel: 'phone', occurredAt: T0 });
    await t.ok('interactions.create', { contactId: ana, channel: 'phone', occurredAt: T0 - DAY });
    await t.ok('interactions.delete', { id: newest.id });
    const before = snapshotTables(t.db);
    expect((await t.ok('contacts.timeline', { contactId: ana })).lastInteractionAt).toBe(T0 - DAY);
    expect(snapshotTables(t.db)).toEqual(before);
  });

  test('fast for one contact with thousands of records, and each branch uses its index', async () => {
    const insert = t.db.transaction(() => {
      const i1 = t.db.prepare("INSERT INTO interactions (contact_id, channel, direction, occurred_at, created_at, updated_at) VALUES (?, 'phone', 'outbound', ?, 0, 0)");
      const p1 = t.db.prepare('INSERT INTO purchases (contact_id, occurred_at, amount, created_at, updated_at) VALUES (?, ?, 100, 0, 0)');
      for (let i = 0; i < 3000; i++) {
        i1.run(ana, T0 - i * 60_000);
        p1.run(ana, T0 - i * 90_000);
        i1.run(ben, T0 - i * 60_000);
      }
    });
    insert();
    const started = performance.now();
    const page = await t.ok('contacts.timeline', { contactId: ana, offset: 2000, limit: 50 });
    const elapsed = performance.now() - started;
    expect(page.total).toBe(6000);
    expect(page.items).toHaveLength(50);
    expect(elapsed).toBeLessThan(250);
    const plan = t.db
      .prepare("EXPLAIN QUERY PLAN SELECT id FROM interactions WHERE contact_id = 1 AND deleted_at IS NULL UNION ALL SELECT id FROM purchases WHERE contact_id = 1 AND deleted_at IS NULL")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/interactions USING INDEX interactions_(by_contact|sums)[\s\S]*purchases USING INDEX purchases_(by_contact|sums)/);
  });
});
