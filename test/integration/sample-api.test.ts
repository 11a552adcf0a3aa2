import { describe, expect, test } from 'vitest';
import { createReminderScheduler } from '../../electron/backend/reminders';
import type { ReadableDB } from '../../electron/db/connection';
import type { EventMap } from '../../shared/contract/index';
import { searchTerms } from '../../shared/domain/text';
import { openTestBook, snapshotTables, T0, type TestBook } from '../helpers/book';

const DAY = 86_400_000;

const count = (db: ReadableDB, sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;
const ids = (db: ReadableDB, sql: string, ...params: unknown[]) => (db.prepare(sql).pluck().all(...params) as number[]).sort((a, b) => a - b);

/** A fresh book with its currency chosen, as after the first-run screen. */
async function freshBook(): Promise<TestBook> {
  const t = openTestBook();
  await t.ok('settings.update', { currency: 'EUR', locale: 'en-GB' });
  t.events.length = 0;
  return t;
}

const progressOf = (t: TestBook) =>
  t.events.flatMap((e) => (e.name === 'progress' ? [e.payload as EventMap['progress']] : [])).filter((p) => p.task === 'sample');
const changedAreas = (t: TestBook) => t.events.filter((e) => e.name === 'changed').map((e) => (e.payload as EventMap['changed']).area);

/** Every table that points at a contact, and the columns it does so by. */
function contactColumns(db: ReadableDB): { table: string; column: string }[] {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  const out: { table: string; column: string }[] = [];
  for (const table of tables) {
    const fks = db.prepare('SELECT "table" AS target, "from" AS column FROM pragma_foreign_key_list(?)').all(table) as { target: string; column: string }[];
    for (const fk of fks) if (fk.target === 'contacts') out.push({ table, column: fk.column });
  }
  return out;
}

describe('the sample business', () => {
  test('loads a café: about 300 contacts with two years of history up to now, and says so', async () => {
    const t = await freshBook();
    expect(await t.ok('sample.status', {})).toEqual({ loaded: null, canLoad: true, contacts: 0 });

    const status = await t.ok('sample.load', { kind: 'cafe' });
    const db = t.db;
    const live = count(db, 'SELECT count(*) AS n FROM contacts WHERE deleted_at IS NULL');
    expect(status).toEqual({ loaded: 'cafe', canLoad: false, contacts: live });
    expect(await t.ok('sample.status', {})).toEqual(status);
    expect(count(db, 'SELECT count(*) AS n FROM contacts')).toBe(300);
    expect(live).toBeGreaterThan(290);
    expect(count(db, "SELECT count(*) AS n FROM contacts WHERE kind = 'business'")).toBeGreaterThan(5);
    for (const table of ['interactions', 'purchases', 'time_entries', 'referrals', 'follow_ups', 'nps_answers', 'contact_notes', 'tags']) {
      expect(count(db, `SELECT count(*) AS n FROM ${table}`), table).toBeGreaterThan(10);
    }
    expect(count(db, 'SELECT count(*) AS n FROM interactions')).toBe(3_000);
    expect(count(db, 'SELECT count(*) AS n FROM purchases')).toBe(1_500);
    // Activities (time on no contact) are part of it too.
    expect(count(db, 'SELECT count(*) AS n FROM time_entries WHERE contact_id IS NULL')).toBeGreaterThan(10);

    // Two years of history, ending at the back end's clock: the last days are busy, nothing is later.
    for (const [table, column] of [['interactions', 'occurred_at'], ['purchases', 'occurred_at'], ['time_entries', 'started_at']] as const) {
      const span = db.prepare(`SELECT min(${column}) AS lo, max(${column}) AS hi FROM ${table}`).get() as { lo: number; hi: number };
      expect(span.hi, table).toBeLessThanOrEqual(T0);
      expect(span.hi, table).toBeGreaterThan(T0 - 3 * DAY);
      expect(span.lo, table).toBeGreaterThanOrEqual(T0 - 731 * DAY);
      expect(span.lo, table).toBeLessThan(T0 - 700 * DAY);
    }
    expect(count(db, 'SELECT count(*) AS n FROM interactions WHERE occurred_at > ?', T0 - 30 * DAY)).toBeGreaterThan(20);
    // Follow-ups in every bucket, so the screen and Today have something due.
    const due = await t.ok('followUps.counts', {});
    expect(due.overdue).toBeGreaterThan(0);
    expect(due.today).toBeGreaterThan(0);
    expect(due.upcoming).toBeGreaterThan(0);
    // What fell due before the sample came is not a flood of reminders; what falls due later reminds.
    const reminded: number[] = [];
    const scheduler = createReminderScheduler({ db, now: t.clock.now, emit: (_name, r) => reminded.push(r.followUpId), setTimer: () => null, clearTimer: () => {} });
    expect(scheduler.check()).toEqual([]);
    t.clock.advance(3 * DAY);
    expect(scheduler.check().length).toBeGreaterThan(0);
    scheduler.stop();
    t.clock.set(T0);

    // Today has people to reach out to, with reasons.
    const today = await t.ok('today.get', { limit: 20 });
    expect(today.total).toBeGreaterThan(10);
    expect(today.items.length).toBeGreaterThan(0);
    expect(today.items.every((item) => item.reasons.length > 0)).toBe(true);

    // Searchable, listed, with figures for every live contact.
    expect((await t.ok('contacts.list', { limit: 1 })).total).toBe(live);
    expect(count(db, 'SELECT count(*) AS n FROM contacts_fts')).toBe(live);
    expect(ids(db, 'SELECT contact_id FROM contact_figures')).toEqual(ids(db, 'SELECT id FROM contacts WHERE deleted_at IS NULL'));
    expect(count(db, 'SELECT count(*) AS n FROM contact_figures WHERE total_return > 0')).toBeGreaterThan(100);
    expect(db.pragma('foreign_key_check')).toEqual([]);

    // A progress bar from 0 to the end, then every screen told to look again.
    const progress = progressOf(t);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.every((p) => p.total === progress[0]?.total && p.label.length > 0)).toBe(true);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress[0]?.done).toBe(0);
    expect(progress.at(-1)?.done).toBe(progress.at(-1)?.total);
    expect(changedAreas(t)).toContain('sample');
    expect(changedAreas(t)).toContain('contacts');
    expect(t.logs).toEqual([]);
  });

  test('the same clock gives the same sample; the history moves with the clock', async () => {
    const a = await freshBook();
    const b = await freshBook();
    await a.ok('sample.load', { kind: 'cafe' });
    await b.ok('sample.load', { kind: 'cafe' });
    const tables = ['contacts', 'interactions', 'purchases', 'referrals', 'follow_ups'];
    const sa = snapshotTables(a.db);
    const sb = snapshotTables(b.db);
    for (const table of tables) expect(sb[table], table).toEqual(sa[table]);

    const later = openTestBook({ start: T0 + 100 * DAY });
    await later.ok('sample.load', { kind: 'cafe' });
    const last = (db: ReadableDB) => count(db, 'SELECT max(occurred_at) AS n FROM interactions');
    expect(last(later.db)).toBeGreaterThan(T0 + 97 * DAY);
    expect(last(later.db)).toBeLessThanOrEqual(T0 + 100 * DAY);
  });

  test('is refused, with nothing changed, when a sample is loaded or the book has contacts of its own', async () => {
    const t = await freshBook();
    await t.ok('sample.load', { kind: 'cafe' });
    t.events.length = 0;
    const before = snapshotTables(t.db);
    for (const kind of ['cafe', 'consultancy'] as const) {
      const error = await t.fails('sample.load', { kind });
      expect(error.code).toBe('conflict');
      expect(error.message).toMatch(/sample café is already loaded/);
    }
    expect(snapshotTables(t.db)).toEqual(before);
    expect(t.events.filter((e) => e.name === 'changed')).toEqual([]);

    const own = await freshBook();
    await own.ok('contacts.create', { name: 'Ana Lima' });
    expect(await own.ok('sample.status', {})).toEqual({ loaded: null, canLoad: false, contacts: 1 });
    const ownBefore = snapshotTables(own.db);
    const error = await own.fails('sample.load', { kind: 'consultancy' });
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/only into an empty book.*1 contact/);
    expect(snapshotTables(own.db)).toEqual(ownBefore);

    // Junk is refused by the contract, and there is nothing to remove in a book without a sample.
    expect((await own.fails('sample.load', { kind: 'bakery' })).code).toBe('invalid_input');
    expect((await own.fails('sample.load', {})).code).toBe('invalid_input');
    expect((await own.fails('sample.remove', {})).code).toBe('conflict');
    expect(snapshotTables(own.db)).toEqual(ownBefore);
  });

  test('remove deletes exactly the sample, for good, and leaves what the owner added', async () => {
    const t = await freshBook();
    const db = t.db;
    const untouched = new Map<string, number>();
    const countAll = (table: string) => count(db, `SELECT count(*) AS n FROM "${table}"`);
    const allTables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    for (const table of allTables) untouched.set(table, countAll(table));

    await t.ok('sample.load', { kind: 'cafe' });
    const sampleIds = ids(db, 'SELECT id FROM contacts');
    const sampleNames = db.prepare('SELECT name FROM contacts WHERE deleted_at IS NULL ORDER BY id LIMIT 5').pluck().all() as string[];
    const business = db.prepare("SELECT id, name FROM contacts WHERE kind = 'business' AND deleted_at IS NULL ORDER BY id LIMIT 1").get() as { id: number; name: string };
    const someone = sampleIds[10] as number;

    // The owner works in the book for a while.
    t.clock.advance(DAY);
    // The sample's last contact, purged for good, hands its rowid to the owner's next contact.
    const last = sampleIds.at(-1) as number;
    const lastRow = db.prepare('SELECT deleted_at FROM contacts WHERE id = ?').get(last) as { deleted_at: number | null };
    if (lastRow.deleted_at === null) await t.ok('contacts.delete', { id: last });
    await t.ok('contacts.purge', { id: last });
    const reused = (await t.ok('contacts.create', { name: 'Rui Reused' })).id;
    expect(reused).toBe(last);
    const zed = (await t.ok('contacts.create', { name: 'Zed Owner', tags: ['vip', 'own tag'], emails: [{ label: 'work', value: 'zed@example.com' }] })).id;
    const mia = (await t.ok('contacts.create', { name: 'Mia Member', businessId: business.id, jobTitle: 'Buyer' })).id;
    await t.ok('interactions.create', { contactId: zed, channel: 'phone', occurredAt: t.clock.now() - 60_000, minutes: 5 });
    await t.ok('purchases.create', { contactId: zed, occurredAt: t.clock.now() - 60_000, amount: 1200 });
    await t.ok('interactions.create', { contactId: someone, channel: 'email', occurredAt: t.clock.now() - 60_000 });
    await t.ok('referrals.create', { referrerId: someone, referredId: zed, referredAt: t.clock.now() - 60_000 });
    const ownActivity = (await t.ok('timeEntries.create', { activity: 'Bookkeeping', startedAt: t.clock.now() - 3_600_000, minutes: 30 })).id;
    const ownTask = (await t.ok('followUps.create', { title: 'Order the oat milk', dueDate: '2026-12-01' })).id;
    const ownFollowUp = (await t.ok('followUps.create', { contactId: zed, title: 'Call Zed', dueDate: '2026-12-02' })).id;
    await t.ok('timer.start', { contactId: someone });
    const own = [zed, mia, reused].sort((a, b) => a - b);
    expect((await t.ok('contacts.get', { id: mia })).businessId).toBe(business.id);

    t.events.length = 0;
    const status = await t.ok('sample.remove', {});
    expect(status).toEqual({ loaded: null, canLoad: false, contacts: 3 });
    expect(changedAreas(t)).toEqual(expect.arrayContaining(['sample', 'contacts', 'records', 'followUps', 'referrals', 'timer']));

    // Only the owner's contacts are left, in the list and in the search index.
    expect(ids(db, 'SELECT id FROM contacts')).toEqual(own);
    expect((await t.ok('contacts.list', { limit: 50 })).rows.map((c) => c.name).sort()).toEqual(['Mia Member', 'Rui Reused', 'Zed Owner']);
    expect(ids(db, 'SELECT rowid FROM contacts_fts')).toEqual(own);
    for (const name of [...sampleNames, business.name]) {
      expect((await t.ok('contacts.list', { query: name, limit: 5 })).total, name).toBe(0);
    }
    expect((await t.ok('contacts.list', { query: 'zed@example', limit: 5 })).total).toBe(1);
    // Mia worked at a sample business: the link is gone, and so is its name from her search row.
    expect((await t.ok('contacts.get', { id: mia })).businessId).toBeNull();
    const inSearchRow = db.prepare('SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH ? AND rowid = ?').pluck();
    expect(inSearchRow.get(`company : (${searchTerms(business.name).map((w) => `"${w}"`).join(' ')})`, mia)).toBe(0);
    expect(inSearchRow.get('name : "Member"', mia)).toBe(1);

    // No orphans anywhere: every column pointing at a contact points at one of the owner's.
    const columns = contactColumns(db);
    expect(columns.length).toBeGreaterThan(10);
    for (const { table, column } of columns) {
      const strays = count(db, `SELECT count(*) AS n FROM "${table}" WHERE "${column}" IS NOT NULL AND "${column}" NOT IN (${own.join(',')})`);
      expect(strays, `${table}.${column}`).toBe(0);
    }
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The rows of no contact: only the owner's activity and task are left.
    expect(ids(db, 'SELECT id FROM time_entries WHERE contact_id IS NULL')).toEqual([ownActivity]);
    expect(ids(db, 'SELECT id FROM follow_ups')).toEqual([ownTask, ownFollowUp].sort((a, b) => a - b));
    expect(count(db, 'SELECT count(*) AS n FROM referrals')).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM timer')).toBe(0);
    expect(count(db, 'SELECT count(*) AS n FROM interactions')).toBe(1);
    expect(count(db, 'SELECT count(*) AS n FROM purchases')).toBe(1);
    // Tags: the owner's two, nothing the sample brought.
    expect((db.prepare('SELECT name FROM tags ORDER BY name').pluck().all() as string[])).toEqual(['own tag', 'vip']);
    expect(count(db, "SELECT count(*) AS n FROM settings WHERE key = 'sample'")).toBe(0);
    expect(ids(db, 'SELECT contact_id FROM contact_figures')).toEqual(own);
    // Any other table (added later) holds what it held before the sample came.
    const checked = new Set(['contacts', 'contacts_fts', 'tags', 'settings', 'time_entries', 'follow_ups', 'record_days', ...columns.map((c) => c.table)]);
    for (const table of allTables) {
      if (checked.has(table) || table.startsWith('contacts_fts_')) continue;
      expect(countAll(table), table).toBe(untouched.get(table));
    }

    expect(await t.ok('sample.status', {})).toEqual(status);
    expect((await t.fails('sample.remove', {})).code).toBe('conflict');
  });

  test('loads beside contacts in the trash, and removing it leaves them there', async () => {
    const t = await freshBook();
    const old = (await t.ok('contacts.create', { name: 'Old Customer', tags: ['regular'] })).id;
    await t.ok('contacts.delete', { id: old });
    expect(await t.ok('sample.status', {})).toEqual({ loaded: null, canLoad: true, contacts: 0 });
    t.clock.advance();
    await t.ok('sample.load', { kind: 'cafe' });
    expect(count(t.db, 'SELECT count(*) AS n FROM contacts')).toBe(301);
    // Its records are about its own contacts only.
    expect(count(t.db, 'SELECT count(*) AS n FROM interactions WHERE contact_id = ?', old)).toBe(0);
    expect(count(t.db, 'SELECT count(*) AS n FROM referrals WHERE referrer_id = ? OR referred_id = ?', old, old)).toBe(0);
    await t.ok('sample.remove', {});
    expect(ids(t.db, 'SELECT id FROM contacts')).toEqual([old]);
    expect((await t.ok('contacts.get', { id: old })).tags).toEqual(['regular']);
    expect(count(t.db, 'SELECT count(*) AS n FROM tags')).toBe(1);
  });

  test('loads a consultancy too, and after removal the book takes a café', async () => {
    const t = await freshBook();
    const status = await t.ok('sample.load', { kind: 'consultancy' });
    expect(status.loaded).toBe('consultancy');
    expect(status.contacts).toBeGreaterThan(290);
    const db = t.db;
    // Its clients are businesses more often than a café's, and buy bigger.
    expect(count(db, "SELECT count(*) AS n FROM contacts WHERE kind = 'business'")).toBeGreaterThan(50);
    expect(count(db, "SELECT count(*) AS n FROM purchases WHERE description = 'Monthly retainer'")).toBeGreaterThan(10);
    expect(count(db, "SELECT count(*) AS n FROM interactions WHERE channel = 'video'")).toBeGreaterThan(100);
    expect(count(db, "SELECT count(*) AS n FROM contacts WHERE source = 'LinkedIn'")).toBeGreaterThan(10);
    expect(count(db, "SELECT count(*) AS n FROM contacts WHERE source = 'walk-in'")).toBe(0);

    expect(await t.ok('sample.remove', {})).toEqual({ loaded: null, canLoad: true, contacts: 0 });
    for (const table of ['contacts', 'contacts_fts', 'interactions', 'purchases', 'time_entries', 'follow_ups', 'referrals', 'nps_answers', 'contact_notes', 'tags', 'contact_figures']) {
      expect(count(db, `SELECT count(*) AS n FROM ${table}`), table).toBe(0);
    }
    expect((await t.ok('sample.load', { kind: 'cafe' })).loaded).toBe('cafe');
  });
});
