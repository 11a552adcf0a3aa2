import { describe, expect, test } from 'vitest';
import { openBook } from '../../electron/db/book';
import { contactFieldsOf, getContact } from '../../electron/db/contacts';
import { contactFieldsSchema } from '../../shared/contract/index';
import { generateContacts, mulberry32 } from '../bench/generate';
import { makeTempDir, snapshotTables } from '../helpers/book';

const NOW = Date.UTC(2026, 10, 24, 9);

function generatedBook(count: number, seed: number) {
  const book = openBook(makeTempDir('rapport-gen-'), { now: () => NOW });
  const summary = generateContacts(book.db, { count, seed, now: NOW });
  const snapshot = snapshotTables(book.db);
  return { book, summary, snapshot };
}

describe('the reference book generator', () => {
  test('mulberry32 is a pure function of its seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });

  test('the same seed gives the same book, every table and the search index alike', () => {
    const first = generatedBook(300, 1234);
    const second = generatedBook(300, 1234);
    try {
      expect(first.summary.count).toBe(300);
      expect((first.snapshot.contacts ?? []).length).toBe(300);
      expect(second.snapshot).toEqual(first.snapshot);
      expect({ ...second.summary, insertMs: 0, searchMs: 0 }).toEqual({ ...first.summary, insertMs: 0, searchMs: 0 });
    } finally {
      first.book.close();
      second.book.close();
    }
  });

  test('another seed gives another book', () => {
    const a = generatedBook(300, 1234);
    const b = generatedBook(300, 1235);
    try {
      expect(b.snapshot.contacts).not.toEqual(a.snapshot.contacts);
      expect(b.snapshot.contact_emails).not.toEqual(a.snapshot.contact_emails);
    } finally {
      a.book.close();
      b.book.close();
    }
  });

  test('what it writes is what the API would accept, and looks like a real book', () => {
    const { book, summary } = generatedBook(1000, 99);
    try {
      const db = book.db;
      expect(summary.businesses).toBeGreaterThan(40);
      expect(summary.businesses).toBeLessThan(130);
      for (let id = 1; id <= 1000; id++) {
        const c = getContact(db, id);
        if (!c) throw new Error(`contact ${id} is missing`);
        const fields = contactFieldsOf(c);
        const parsed = contactFieldsSchema.safeParse(fields);
        expect(parsed.success, `${id}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      }
      const one = <T>(sql: string) => db.prepare(sql).get() as T;
      // People belong to businesses; some names are in other scripts; some birthdays have no year.
      expect(one<{ n: number }>("SELECT count(*) AS n FROM contacts WHERE business_id IS NOT NULL").n).toBeGreaterThan(150);
      expect(one<{ n: number }>("SELECT count(*) AS n FROM contacts WHERE name GLOB '*[^ -~]*'").n).toBeGreaterThan(100);
      expect(one<{ n: number }>('SELECT count(*) AS n FROM contacts WHERE birthday_month IS NOT NULL AND birthday_year IS NULL').n).toBeGreaterThan(10);
      expect(one<{ n: number }>('SELECT count(*) AS n FROM contacts WHERE cadence_days IS NOT NULL').n).toBeGreaterThan(100);
      // Tags are skewed: the most common is on far more contacts than the median tag.
      const counts = (db.prepare('SELECT count(*) AS n FROM contact_tags GROUP BY tag_id ORDER BY n DESC').all() as { n: number }[]).map((r) => r.n);
      expect(counts[0] ?? 0).toBeGreaterThan(10 * (counts[Math.floor(counts.length / 2)] ?? 0));
      // The search index holds every live contact once, and no contact in the trash.
      expect(one<{ n: number }>('SELECT count(*) AS n FROM contacts_fts').n).toBe(1000 - summary.trashed);
      expect(one<{ n: number }>('SELECT count(*) AS n FROM contacts_fts WHERE rowid IN (SELECT id FROM contacts WHERE deleted_at IS NOT NULL)').n).toBe(0);
    } finally {
      book.close();
    }
  });
});
