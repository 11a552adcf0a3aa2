import { beforeEach, describe, expect, test } from 'vitest';
import { RESTORE_METHOD, TRASH_KINDS, type ErrorCode, type TrashItem, type TrashKind } from '../../shared/contract/index';
import { openTestBook, snapshotTables, T0, type TestBook } from '../helpers/book';

let t: TestBook;
let ana: number;
let ben: number;

const DAY = 86_400_000;

beforeEach(async () => {
  t = openTestBook();
  ana = (await t.ok('contacts.create', { name: 'Ana Lima' })).id;
  ben = (await t.ok('contacts.create', { name: 'Ben Okafor' })).id;
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
  expect(snapshotTables(t.db)).toEqual(before);
  expect(t.events.length).toBe(eventsBefore);
  expect(t.logs).toEqual([]);
  return error;
}

const list = async () => (await t.ok('trash.list', { limit: 500 })).items;
const keys = (items: TrashItem[]) => items.map((i) => `${i.kind}:${i.id}`);

/** One live record of each kind (on Ana unless said), by kind; each create a minute apart. */
async function oneOfEach(contactId = ana): Promise<Record<TrashKind, number>> {
  const at = T0 - DAY;
  const step = () => t.clock.advance();
  step();
  const interaction = (await t.ok('interactions.create', { contactId, channel: 'phone', occurredAt: at, minutes: 10 })).id;
  step();
  const purchase = (await t.ok('purchases.create', { contactId, occurredAt: at, amount: 1250, description: 'Two bags of beans' })).id;
  step();
  const note = (await t.ok('notes.create', { contactId, body: 'Likes her coffee strong', notedAt: at })).id;
  step();
  const timeEntry = (await t.ok('timeEntries.create', { contactId, startedAt: at, minutes: 45 })).id;
  step();
  const followUp = (await t.ok('followUps.create', { contactId, title: 'Send the quote', dueDate: '2026-11-30' })).id;
  step();
  const referral = (await t.ok('referrals.create', { referrerId: contactId, referredName: 'Dora Vale', referredAt: at })).id;
  step();
  const nps = (await t.ok('nps.create', { contactId, score: 9, answeredAt: at })).id;
  return { contact: contactId, interaction, purchase, note, timeEntry, followUp, referral, nps };
}

const DELETE = {
  contact: 'contacts.delete',
  interaction: 'interactions.delete',
  purchase: 'purchases.delete',
  note: 'notes.delete',
  timeEntry: 'timeEntries.delete',
  followUp: 'followUps.delete',
  referral: 'referrals.delete',
  nps: 'nps.delete',
} as const satisfies Record<TrashKind, string>;

async function trash(kind: TrashKind, id: number) {
  t.clock.advance();
  await t.ok(DELETE[kind], { id });
}

/** A kind's row count in its table. */
const TABLE: Record<TrashKind, string> = {
  contact: 'contacts',
  interaction: 'interactions',
  purchase: 'purchases',
  note: 'contact_notes',
  timeEntry: 'time_entries',
  followUp: 'follow_ups',
  referral: 'referrals',
  nps: 'nps_answers',
};
const exists = (kind: TrashKind, id: number) => t.db.prepare(`SELECT count(*) FROM ${TABLE[kind]} WHERE id = ?`).pluck().get(id) === 1;

describe('trash.list', () => {
  test('an empty trash', async () => {
    expect(await t.ok('trash.list', {})).toEqual({ total: 0, items: [] });
  });

  test('every kind shows up after its delete, newest first, in words, and leaves after its restore', async () => {
    const ids = await oneOfEach();
    const records = TRASH_KINDS.filter((k) => k !== 'contact');
    for (const kind of records) await trash(kind, ids[kind]);
    t.clock.advance();
    await t.ok('contacts.delete', { id: ben });

    const items = await list();
    expect(keys(items)).toEqual([`contact:${ben}`, ...[...records].reverse().map((k) => `${k}:${ids[k]}`)]);
    const byKind = Object.fromEntries(items.map((i) => [i.kind, i])) as Record<TrashKind, TrashItem>;
    expect(byKind.contact).toEqual({ kind: 'contact', id: ben, label: 'Ben Okafor', amount: null, contactId: ben, contactName: 'Ben Okafor', deletedAt: t.clock.now() });
    expect(byKind.interaction).toMatchObject({ label: 'Phone call with Ana Lima', amount: null, contactId: ana, contactName: 'Ana Lima' });
    expect(byKind.purchase).toMatchObject({ label: 'Purchase by Ana Lima: Two bags of beans', amount: 1250, contactId: ana });
    expect(byKind.note).toMatchObject({ label: 'Note on Ana Lima: Likes her coffee strong', amount: null });
    expect(byKind.timeEntry).toMatchObject({ label: '45 min with Ana Lima', contactId: ana });
    expect(byKind.followUp).toMatchObject({ label: 'Follow-up: Send the quote (Ana Lima)', contactId: ana });
    expect(byKind.referral).toMatchObject({ label: 'Ana Lima referred Dora Vale', contactId: ana });
    expect(byKind.nps).toMatchObject({ label: 'NPS 9 from Ana Lima', contactId: ana });
    for (const item of items) expect(item.deletedAt).toBeGreaterThan(T0);

    // Paging.
    const page = await t.ok('trash.list', { offset: 2, limit: 3 });
    expect(page.total).toBe(8);
    expect(keys(page.items)).toEqual(keys(items).slice(2, 5));
    expect(await t.ok('trash.list', { offset: 8 })).toEqual({ total: 8, items: [] });

    // Each leaves with its own area's restore.
    let left = items.length;
    for (const kind of TRASH_KINDS) {
      const id = kind === 'contact' ? ben : ids[kind];
      await t.ok(RESTORE_METHOD[kind], { id });
      left -= 1;
      const now = await list();
      expect(now).toHaveLength(left);
      expect(keys(now)).not.toContain(`${kind}:${id}`);
    }
  });

  test('labels: a refund, a cost, a social network, time and follow-ups on no contact, a converted referral, long text', async () => {
    const at = T0 - DAY;
    const refund = await t.ok('purchases.create', { contactId: ana, occurredAt: at, amount: -400 });
    const post = await t.ok('interactions.create', { contactId: ana, channel: 'social', network: 'Instagram', occurredAt: at, cost: 300 });
    const visit = await t.ok('interactions.create', { contactId: ana, channel: 'in_person', occurredAt: at });
    const activity = await t.ok('timeEntries.create', { activity: 'Posting on Instagram', startedAt: at, minutes: 90 });
    const chore = await t.ok('followUps.create', { title: 'Order cups', dueDate: '2026-11-30' });
    const brought = await t.ok('referrals.create', { referrerId: ana, referredId: ben, referredAt: at, status: 'converted' });
    const long = await t.ok('notes.create', { contactId: ana, body: `Line one\n\n${'x'.repeat(200)}`, notedAt: at });
    await trash('purchase', refund.id);
    await trash('interaction', post.id);
    await trash('interaction', visit.id);
    await trash('timeEntry', activity.id);
    await trash('followUp', chore.id);
    await trash('referral', brought.id);
    await trash('note', long.id);
    const labels = Object.fromEntries((await list()).map((i) => [`${i.kind}:${i.id}`, [i.label, i.amount, i.contactId]]));
    expect(labels[`purchase:${refund.id}`]).toEqual(['Refund to Ana Lima', -400, ana]);
    expect(labels[`interaction:${post.id}`]).toEqual(['Instagram message with Ana Lima', 300, ana]);
    expect(labels[`interaction:${visit.id}`]).toEqual(['Meeting in person with Ana Lima', null, ana]);
    expect(labels[`timeEntry:${activity.id}`]).toEqual(['1 h 30 min on Posting on Instagram', null, null]);
    expect(labels[`followUp:${chore.id}`]).toEqual(['Follow-up: Order cups', null, null]);
    expect(labels[`referral:${brought.id}`]).toEqual(['Ana Lima referred Ben Okafor', null, ana]);
    const note = labels[`note:${long.id}`]?.[0] as string;
    expect(note.startsWith('Note on Ana Lima: Line one xxx')).toBe(true);
    expect(note.endsWith('…')).toBe(true);
    expect(note.length).toBeLessThan(90);
  });

  test("records of a contact in the trash are not listed: they come back with the contact", async () => {
    const ids = await oneOfEach();
    // Two of Ana's records trashed on their own, then Ana herself.
    await trash('note', ids.note);
    await trash('nps', ids.nps);
    // A referral that brought Ana, by Ben: it goes with Ana too.
    const byBen = await t.ok('referrals.create', { referrerId: ben, referredId: ana, referredAt: T0 - DAY });
    await trash('referral', byBen.id);
    expect(keys(await list())).toEqual([`referral:${byBen.id}`, `nps:${ids.nps}`, `note:${ids.note}`]);
    await trash('contact', ana);
    expect(keys(await list())).toEqual([`contact:${ana}`]);
    expect((await t.ok('trash.list', {})).total).toBe(1);
    // Ana back: her own trashed records are in the trash again, the rest are live.
    await t.ok('contacts.restore', { id: ana });
    expect(keys(await list())).toEqual([`referral:${byBen.id}`, `nps:${ids.nps}`, `note:${ids.note}`]);
  });

  test('bad inputs', async () => {
    await expectRefused('trash.list', { offset: -1 }, 'invalid_input', 'offset');
    await expectRefused('trash.list', { limit: 0 }, 'invalid_input', 'limit');
    await expectRefused('trash.list', { limit: 501 }, 'invalid_input', 'limit');
    await expectRefused('trash.list', { limit: 1.5 }, 'invalid_input', 'limit');
    await expectRefused('trash.list', { kind: 'contact' }, 'invalid_input');
    await expectRefused('trash.list', 'all', 'invalid_input');
  });
});

describe('trash.purge', () => {
  test.each(TRASH_KINDS.filter((k) => k !== 'contact'))('%s: gone for good, nothing else touched', async (kind) => {
    const ids = await oneOfEach();
    const other = await oneOfEach(ben);
    await trash(kind, ids[kind]);
    await trash(kind, other[kind]);
    t.events.length = 0;
    expect(await t.ok('trash.purge', { kind, id: ids[kind] })).toEqual({ kind, id: ids[kind] });
    expect(exists(kind, ids[kind])).toBe(false);
    expect(exists(kind, other[kind])).toBe(true);
    expect(keys(await list())).toEqual([`${kind}:${other[kind]}`]);
    expect(t.events.length).toBeGreaterThan(0);
    // Restoring it now finds nothing.
    expect((await t.fails(RESTORE_METHOD[kind], { id: ids[kind] })).code).toBe('not_found');
    // Purging it again: not found, nothing changes.
    await expectRefused('trash.purge', { kind, id: ids[kind] }, 'not_found');
  });

  test('contact: gone with everything about it, search row included; a member keeps living', async () => {
    const shop = await t.ok('contacts.create', { name: 'Café Lumen', kind: 'business' });
    const member = await t.ok('contacts.create', { name: 'Chloé Martin', businessId: shop.id });
    await oneOfEach(shop.id);
    await trash('contact', shop.id);
    expect(await t.ok('trash.purge', { kind: 'contact', id: shop.id })).toEqual({ kind: 'contact', id: shop.id });
    expect(exists('contact', shop.id)).toBe(false);
    for (const kind of TRASH_KINDS) if (kind !== 'contact') expect(t.db.prepare(`SELECT count(*) FROM ${TABLE[kind]}`).pluck().get()).toBe(0);
    expect(t.db.prepare('SELECT count(*) FROM contacts_fts WHERE rowid = ?').pluck().get(shop.id)).toBe(0);
    expect((await t.ok('contacts.get', { id: member.id })).businessId).toBeNull();
    expect((await t.ok('contacts.list', { query: 'Chloé' })).total).toBe(1);
    expect(await list()).toEqual([]);
    expect(t.events.map((e) => e.payload)).toContainEqual({ area: 'contacts' });
  });

  test('a record of a contact in the trash can be purged on its own', async () => {
    const ids = await oneOfEach();
    await trash('purchase', ids.purchase);
    await trash('contact', ana);
    await t.ok('trash.purge', { kind: 'purchase', id: ids.purchase });
    await t.ok('contacts.restore', { id: ana });
    expect(await list()).toEqual([]);
    expect(exists('purchase', ids.purchase)).toBe(false);
  });

  test.each(TRASH_KINDS)('%s: a live one is refused, the book unchanged', async (kind) => {
    const ids = await oneOfEach();
    const error = await expectRefused('trash.purge', { kind, id: ids[kind] }, 'conflict');
    expect(error.message).toMatch(/not in the trash/);
  });

  test('bad inputs', async () => {
    const ids = await oneOfEach();
    await trash('note', ids.note);
    await expectRefused('trash.purge', { kind: 'note', id: 999 }, 'not_found');
    await expectRefused('trash.purge', { kind: 'contact', id: 999 }, 'not_found');
    // The id of a trashed note under another kind is that kind's id (none here).
    await expectRefused('trash.purge', { kind: 'timeEntry', id: ids.note + 100 }, 'not_found');
    await expectRefused('trash.purge', { kind: 'person', id: ids.note }, 'invalid_input', 'kind');
    await expectRefused('trash.purge', { kind: 'time', id: ids.note }, 'invalid_input', 'kind');
    await expectRefused('trash.purge', { id: ids.note }, 'invalid_input', 'kind');
    await expectRefused('trash.purge', { kind: 'note' }, 'invalid_input', 'id');
    await expectRefused('trash.purge', { kind: 'note', id: 0 }, 'invalid_input', 'id');
    await expectRefused('trash.purge', { kind: 'note', id: '1' }, 'invalid_input', 'id');
    await expectRefused('trash.purge', { kind: 'note', id: ids.note, extra: 1 }, 'invalid_input');
    await expectRefused('trash.purge', null, 'invalid_input');
    expect(exists('note', ids.note)).toBe(true);
  });
});

describe('trash.empty', () => {
  test('everything in the trash goes in one go; the live book stays', async () => {
    const ids = await oneOfEach();
    const bens = await oneOfEach(ben);
    const shop = await t.ok('contacts.create', { name: 'Café Lumen', kind: 'business' });
    const member = await t.ok('contacts.create', { name: 'Chloé Martin', businessId: shop.id });
    const activity = await t.ok('timeEntries.create', { activity: 'Flyers', startedAt: T0 - DAY, minutes: 30 });
    for (const kind of TRASH_KINDS) if (kind !== 'contact') await trash(kind, ids[kind]);
    await trash('timeEntry', activity.id);
    await trash('note', bens.note);
    await trash('contact', ben); // with its other records, live or not
    await trash('contact', shop.id);
    const before = await t.ok('trash.list', {});
    expect(before.total).toBe(7 + 1 + 2); // Ana's 7 records, the activity, Ben and the shop (Ben's note goes with Ben)
    t.events.length = 0;

    expect(await t.ok('trash.empty', {})).toEqual({ purged: before.total });
    expect(await t.ok('trash.list', {})).toEqual({ total: 0, items: [] });
    expect(t.events.map((e) => e.payload)).toContainEqual({ area: 'contacts' });
    for (const [, table] of Object.entries(TABLE)) {
      expect(t.db.prepare(`SELECT count(*) FROM ${table} WHERE deleted_at IS NOT NULL`).pluck().get(), table).toBe(0);
    }
    // Only Ana (with no record left), and Chloé remain; the search index agrees.
    expect(t.db.prepare('SELECT name FROM contacts ORDER BY id').pluck().all()).toEqual(['Ana Lima', 'Chloé Martin']);
    expect(t.db.prepare('SELECT rowid FROM contacts_fts ORDER BY rowid').pluck().all()).toEqual([ana, member.id]);
    expect(() => t.db.prepare("INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
    expect(t.db.pragma('foreign_key_check')).toEqual([]);
    expect((await t.ok('contacts.facets', {})).trashed).toBe(0);

    // Emptying an empty trash changes nothing and says so.
    const snapshot = snapshotTables(t.db);
    t.events.length = 0;
    expect(await t.ok('trash.empty', {})).toEqual({ purged: 0 });
    expect(snapshotTables(t.db)).toEqual(snapshot);
    expect(t.events).toEqual([]);
  });

  test('it is one transaction: a failure half-way leaves the trash whole', async () => {
    const ids = await oneOfEach();
    for (const kind of TRASH_KINDS) if (kind !== 'contact') await trash(kind, ids[kind]);
    await trash('contact', ben);
    // A trigger that fails on the last step (the contacts) must undo the records' deletion too.
    t.db.exec("CREATE TEMP TRIGGER no_purge BEFORE DELETE ON contacts BEGIN SELECT raise(ABORT, 'nope'); END");
    const before = snapshotTables(t.db);
    const error = await t.fails('trash.empty', {});
    expect(error.code).toBe('internal');
    expect(snapshotTables(t.db)).toEqual(before);
    t.db.exec('DROP TRIGGER no_purge');
    t.logs.length = 0;
    expect((await t.ok('trash.empty', {})).purged).toBe(8);
  });

  test('bad inputs', async () => {
    await expectRefused('trash.empty', { all: true }, 'invalid_input');
    await expectRefused('trash.empty', [], 'invalid_input');
  });
});
