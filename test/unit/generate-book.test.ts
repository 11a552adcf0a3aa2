import { describe, expect, test } from 'vitest';
import { openBook, type OpenBook } from '../../electron/db/book';
import { countFollowUps, localDateOf } from '../../electron/db/follow-ups';
import {
  contactNoteCreateSchema,
  followUpCreateSchema,
  interactionCreateSchema,
  npsCreateSchema,
  purchaseCreateSchema,
  referralCreateSchema,
  timeEntryCreateSchema,
} from '../../shared/contract/records';
import { bookCounts, countRows, generateBook, MAX_REFERRAL_DEPTH, type BookOptions } from '../bench/generate-records';
import { makeTempDir, snapshotTables } from '../helpers/book';

const NOW = Date.UTC(2026, 10, 24, 9);

function generated(options: Omit<BookOptions, 'now'>): OpenBook {
  const book = openBook(makeTempDir('rapport-book-'), { now: () => NOW });
  generateBook(book.db, { now: NOW, ...options });
  return book;
}

type Row = Record<string, unknown>;

/** Every n-th row of a table, so the schema checks see rows from the whole book. */
function sampleRows(book: OpenBook, table: string, n = 40): Row[] {
  const total = (book.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const step = Math.max(1, Math.floor(total / n));
  return book.db.prepare(`SELECT * FROM ${table} WHERE id % ? = 0 OR id = 1`).all(step) as Row[];
}

function expectParses(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: unknown } } }, value: unknown): void {
  const parsed = schema.safeParse(value);
  expect(parsed.success, `${JSON.stringify(value)}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
}

/** The invariants every generated book keeps, whatever its size and kind. */
function checkInvariants(book: OpenBook, options: Omit<BookOptions, 'now'>): void {
  const db = book.db;
  const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;
  const count = (sql: string, ...params: unknown[]) => one<{ n: number }>(sql, ...params).n;

  // Exactly the quantities asked for; foreign keys and the file intact.
  expect(countRows(db)).toEqual(bookCounts(options.size));
  expect(db.pragma('foreign_key_check')).toEqual([]);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

  // Referrals form a forest: at most one live referrer each, no one refers themselves, every
  // chain ends at a root within MAX_REFERRAL_DEPTH steps (so no loops).
  expect(count('SELECT count(*) AS n FROM referrals WHERE referred_id = referrer_id')).toBe(0);
  expect(count('SELECT count(*) AS n FROM (SELECT referred_id FROM referrals WHERE referred_id IS NOT NULL AND deleted_at IS NULL GROUP BY referred_id HAVING count(*) > 1)')).toBe(0);
  const edges = db.prepare('SELECT referrer_id AS r, referred_id AS d FROM referrals WHERE referred_id IS NOT NULL AND deleted_at IS NULL').all() as { r: number; d: number }[];
  const referrerOf = new Map<number, number>();
  for (const { r, d } of edges) referrerOf.set(d, r);
  let deepest = 0;
  for (const start of referrerOf.keys()) {
    const seen = new Set<number>([start]);
    let depth = 0;
    for (let at = referrerOf.get(start); at !== undefined; at = referrerOf.get(at)) {
      depth++;
      expect(seen.has(at), `a referral loop through ${at}`).toBe(false);
      seen.add(at);
      expect(depth).toBeLessThanOrEqual(MAX_REFERRAL_DEPTH);
    }
    deepest = Math.max(deepest, depth);
  }
  expect(deepest).toBeGreaterThanOrEqual(3);
  // Statuses: mostly converted, some pending names, some lost; some thanked; referred contacts came by referral.
  const statuses = Object.fromEntries((db.prepare('SELECT status, count(*) AS n FROM referrals WHERE deleted_at IS NULL GROUP BY status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]));
  expect(statuses.converted).toBeGreaterThan((statuses.pending ?? 0) + (statuses.lost ?? 0));
  expect(statuses.pending).toBeGreaterThan(0);
  expect(statuses.lost).toBeGreaterThan(0);
  expect(count("SELECT count(*) AS n FROM referrals WHERE status = 'pending' AND (referred_id IS NOT NULL OR referred_name = '')")).toBe(0);
  expect(count('SELECT count(*) AS n FROM referrals WHERE thanked_at IS NOT NULL')).toBeGreaterThan(0);
  expect(count("SELECT count(*) AS n FROM referrals r JOIN contacts c ON c.id = r.referred_id WHERE r.deleted_at IS NULL AND c.source_key <> 'referral'")).toBe(0);
  expect(count('SELECT count(*) AS n FROM referrals r JOIN contacts c ON c.id = r.referrer_id WHERE r.deleted_at IS NULL AND r.referred_at < c.created_at')).toBe(0);

  // Nothing happens after now, or before its contact existed.
  for (const [table, column] of [['interactions', 'occurred_at'], ['purchases', 'occurred_at'], ['time_entries', 'started_at'], ['nps_answers', 'answered_at'], ['contact_notes', 'noted_at']] as const) {
    expect(count(`SELECT count(*) AS n FROM ${table} WHERE ${column} > ? OR created_at > ? OR updated_at < created_at`, NOW, NOW), table).toBe(0);
    expect(count(`SELECT count(*) AS n FROM ${table} t JOIN contacts c ON c.id = t.contact_id WHERE t.${column} < c.created_at`), table).toBe(0);
    expect(count(`SELECT count(*) AS n FROM ${table} WHERE ${column} < ?`, NOW - 731 * 86_400_000), table).toBe(0);
  }
  expect(count('SELECT count(*) AS n FROM follow_ups WHERE created_at > ? OR done_at > ? OR done_at < created_at', NOW, NOW)).toBe(0);

  // Purchases: refunds (about 2%), and a long tail: many buy once, a loyal few very often.
  const refunds = count('SELECT count(*) AS n FROM purchases WHERE amount < 0');
  const purchases = count('SELECT count(*) AS n FROM purchases');
  expect(refunds).toBeGreaterThan(0);
  expect(refunds / purchases).toBeLessThan(0.05);
  const perBuyer = (db.prepare('SELECT count(*) AS n FROM purchases GROUP BY contact_id ORDER BY n DESC').all() as { n: number }[]).map((r) => r.n);
  const top = perBuyer.slice(0, Math.ceil(perBuyer.length / 10)).reduce((s, n) => s + n, 0);
  expect(top / purchases).toBeGreaterThan(0.35);
  expect(perBuyer.filter((n) => n <= 2).length).toBeGreaterThan(perBuyer.length / 5);

  // Channels follow the kind of business.
  const channels = (db.prepare('SELECT channel FROM interactions GROUP BY channel ORDER BY count(*) DESC').all() as { channel: string }[]).map((r) => r.channel);
  expect(channels[0]).toBe((options.kind ?? 'cafe') === 'cafe' ? 'in_person' : 'email');
  expect(count('SELECT count(*) AS n FROM interactions WHERE cost > 0')).toBeGreaterThan(0);
  expect(count("SELECT count(*) AS n FROM interactions WHERE channel = 'social' AND network <> ''")).toBeGreaterThan(0);

  // Time on contacts and on activities that name a source.
  expect(count('SELECT count(*) AS n FROM time_entries WHERE contact_id IS NOT NULL')).toBeGreaterThan(count('SELECT count(*) AS n FROM time_entries WHERE contact_id IS NULL'));
  expect(count("SELECT count(*) AS n FROM time_entries WHERE contact_id IS NULL AND activity = 'Newsletter' AND source_key = 'email'")).toBeGreaterThan(0);
  expect(count("SELECT count(*) AS n FROM time_entries WHERE contact_id IS NULL AND source_key IN ('instagram', 'linkedin')")).toBeGreaterThan(0);

  // Follow-ups in every bucket, some repeating.
  const buckets = countFollowUps(db, NOW);
  expect(buckets.overdue).toBeGreaterThan(0);
  expect(buckets.today).toBeGreaterThan(0);
  expect(buckets.upcoming).toBeGreaterThan(0);
  expect(count('SELECT count(*) AS n FROM follow_ups WHERE done_at IS NOT NULL')).toBeGreaterThan(0);
  expect(count('SELECT count(*) AS n FROM follow_ups WHERE due_date = ? AND done_at IS NULL AND NOT coalesce(snoozed_until > ?, 0)', localDateOf(NOW), NOW)).toBe(buckets.today);
  expect(count('SELECT count(DISTINCT repeat_days) AS n FROM follow_ups WHERE repeat_days IN (7, 14, 30)')).toBeGreaterThanOrEqual(2);

  // NPS skewed high.
  const nps = one<{ avg: number; promoters: number; detractors: number }>('SELECT avg(score) AS avg, sum(score >= 9) AS promoters, sum(score <= 6) AS detractors FROM nps_answers');
  expect(nps.avg).toBeGreaterThan(7);
  expect(nps.promoters).toBeGreaterThan(nps.detractors);

  // The search index: every live contact once (rebuilt after referred contacts changed source).
  expect(count('SELECT count(*) AS n FROM contacts_fts')).toBe(count('SELECT count(*) AS n FROM contacts WHERE deleted_at IS NULL'));
  expect(count("SELECT count(*) AS n FROM contacts_fts WHERE contacts_fts MATCH 'notes:referral'")).toBeGreaterThan(0);

  // A sample of every table passes the contract's schemas, as the API would take it.
  for (const r of sampleRows(book, 'interactions')) {
    expectParses(interactionCreateSchema, { contactId: r.contact_id, channel: r.channel, network: r.network, direction: r.direction, occurredAt: r.occurred_at, minutes: r.minutes, cost: r.cost, sentiment: r.sentiment, note: r.note });
  }
  for (const r of sampleRows(book, 'purchases')) expectParses(purchaseCreateSchema, { contactId: r.contact_id, occurredAt: r.occurred_at, amount: r.amount, description: r.description });
  for (const r of sampleRows(book, 'time_entries')) {
    expectParses(timeEntryCreateSchema, { contactId: r.contact_id, activity: r.activity, source: r.source, startedAt: r.started_at, minutes: r.minutes, note: r.note });
  }
  for (const r of sampleRows(book, 'follow_ups')) {
    expectParses(followUpCreateSchema, { contactId: r.contact_id, title: r.title, note: r.note, dueDate: r.due_date, dueTime: r.due_time, repeatDays: r.repeat_days });
  }
  for (const r of sampleRows(book, 'referrals')) {
    expectParses(referralCreateSchema, {
      referrerId: r.referrer_id,
      referredId: r.referred_id,
      referredName: r.referred_name,
      referredAt: r.referred_at,
      status: r.status,
      thanked: r.thanked_at !== null,
      notes: r.notes,
    });
  }
  for (const r of sampleRows(book, 'nps_answers')) expectParses(npsCreateSchema, { contactId: r.contact_id, score: r.score, answeredAt: r.answered_at, note: r.note });
  for (const r of sampleRows(book, 'contact_notes')) expectParses(contactNoteCreateSchema, { contactId: r.contact_id, body: r.body, notedAt: r.noted_at });
}

describe('the whole-book generator', () => {
  test('the large book has exactly the quantities quality.md lists; other sizes keep its proportions', () => {
    expect(bookCounts('large')).toMatchObject({
      contacts: 100_000,
      interactions: 1_000_000,
      purchases: 500_000,
      time_entries: 200_000,
      referrals: 30_000,
      follow_ups: 20_000,
      nps_answers: 10_000,
    });
    expect(bookCounts('sample')).toMatchObject({ contacts: 300, interactions: 3_000, purchases: 1_500, time_entries: 600, referrals: 90 });
    expect(bookCounts({ contacts: 3_000 })).toMatchObject({ interactions: 30_000, purchases: 15_000, follow_ups: 600, nps_answers: 300 });
    expect(() => bookCounts({ contacts: 1 })).toThrow();
  });

  test('the same seed and clock give the same sample book, every table alike; another seed another book', () => {
    const first = generated({ size: 'sample', seed: 7 });
    const second = generated({ size: 'sample', seed: 7 });
    const other = generated({ size: 'sample', seed: 8 });
    try {
      const a = snapshotTables(first.db);
      expect(snapshotTables(second.db)).toEqual(a);
      const b = snapshotTables(other.db);
      for (const table of ['contacts', 'interactions', 'purchases', 'time_entries', 'referrals', 'follow_ups', 'nps_answers']) {
        expect((a[table] ?? []).length, table).toBeGreaterThan(0);
        expect(b[table], table).not.toEqual(a[table]);
      }
    } finally {
      first.close();
      second.close();
      other.close();
    }
  });

  test('refuses a book that already holds contacts, and leaves the page cache as it was', () => {
    const book = openBook(makeTempDir('rapport-book-'), { now: () => NOW });
    try {
      const cacheSize = book.db.pragma('cache_size', { simple: true });
      generateBook(book.db, { size: { contacts: 20 }, seed: 1, now: NOW });
      expect(book.db.pragma('cache_size', { simple: true })).toBe(cacheSize);
      expect(() => generateBook(book.db, { size: 'sample', now: NOW })).toThrow(/already holds/);
    } finally {
      book.close();
    }
  });

  test('the sample book (a café) keeps every invariant', () => {
    const options = { size: 'sample', seed: 20250601 } as const;
    const book = generated(options);
    try {
      checkInvariants(book, options);
    } finally {
      book.close();
    }
  });

  test('a mid-size consultancy book (3,000 contacts) keeps every invariant', { timeout: 60_000 }, () => {
    const options = { size: { contacts: 3_000 }, seed: 99, kind: 'consultancy' } as const;
    const book = generated(options);
    try {
      checkInvariants(book, options);
    } finally {
      book.close();
    }
  });

  test('a mid-size café book (3,000 contacts) keeps every invariant', { timeout: 60_000 }, () => {
    const options = { size: { contacts: 3_000 }, seed: 3, kind: 'cafe' } as const;
    const book = generated(options);
    try {
      checkInvariants(book, options);
    } finally {
      book.close();
    }
  });
});
