import Papa from 'papaparse';
import { beforeEach, describe, expect, test } from 'vitest';
import type { ErrorCode, FileDownload } from '../../shared/contract/index';
import { openTestBook, snapshotTables, T0, type TestBook } from '../helpers/book';

const DAY = 86_400_000;
let t: TestBook;

beforeEach(async () => {
  t = openTestBook();
  await t.ok('settings.update', { currency: 'EUR' });
});

/** Parses an export the way a spreadsheet would: BOM first, then RFC 4180 CSV. */
function parse(file: FileDownload): { header: string[]; rows: Record<string, string>[] } {
  expect(file.text.charCodeAt(0)).toBe(0xfeff);
  const parsed = Papa.parse<Record<string, string>>(file.text.slice(1), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return { header: parsed.meta.fields ?? [], rows: parsed.data };
}

async function expectRefused(input: unknown, code: ErrorCode, field?: string) {
  const before = snapshotTables(t.db);
  const error = await t.fails('export.csv', input);
  expect(error.code, JSON.stringify(error)).toBe(code);
  expect(error.field, JSON.stringify(error)).toBe(field);
  expect(snapshotTables(t.db)).toEqual(before);
  return error;
}

describe('export.csv of contacts', () => {
  test('hard text round-trips: quotes, commas, line breaks, emoji, RTL, combining marks, formula cells', async () => {
    const hard = [
      { name: 'Zoë "the boss", Ltd', notes: 'line one\nline two, with "quotes"\r\nline three' },
      { name: 'مريم الحسيني', notes: 'نص من اليمين إلى اليسار 🌍' },
      { name: '=HYPERLINK("http://evil.example","click")', notes: '+1+2' },
      { name: 'Ana\u0301 Lima', notes: '-2 and more' },
      { name: '@SUM(A1:A2)', notes: '\tTabbed' },
      { name: 'Emoji 👩‍👩‍👧 family', notes: '=cmd|\n second line' },
    ];
    for (const h of hard) await t.ok('contacts.create', { ...h, tags: ['café', 'a;b'], emails: [{ label: 'work', value: `x${hard.indexOf(h)}@example.com` }] });
    const file = await t.ok('export.csv', { list: 'contacts' });
    expect(file.mimeType).toContain('text/csv');
    expect(file.fileName).toBe('contacts-2026-11-24.csv');
    expect(file.count).toBe(hard.length);
    const { header, rows } = parse(file);
    expect(header).toEqual(expect.arrayContaining(['Name', 'Kind', 'Company', 'Job title', 'Stage', 'Source', 'Tags', 'Email', 'Phone', 'Address', 'Birthday', 'Total return (EUR)', 'ROR', 'Hours', 'Last contact', 'Notes']));
    expect(rows).toHaveLength(hard.length);
    for (const h of hard) {
      const injectable = /^[=+\-@\t\r]/;
      const row = rows.find((r) => r['Name'] === (injectable.test(h.name) ? `'${h.name}` : h.name));
      expect(row, h.name).toBeDefined();
      expect(row!['Notes']).toBe(injectable.test(h.notes) ? `'${h.notes}` : h.notes);
      expect(row!['Tags']).toBe('a;b; café');
    }
    // Every cell that a spreadsheet would run as a formula starts with an apostrophe, even over several lines.
    for (const row of rows) for (const value of Object.values(row)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
  });

  test('the list filter and sort decide the rows, all of them, in order; figures and details are there', async () => {
    const acme = (await t.ok('contacts.create', { kind: 'business', name: 'Acme' })).id;
    const ana = await t.ok('contacts.create', {
      name: 'Ana Lima',
      businessId: acme,
      jobTitle: 'Buyer',
      stage: 'customer',
      source: 'Instagram',
      tags: ['vip'],
      birthday: { year: null, month: 3, day: 14 },
      emails: [
        { label: 'work', value: 'ana@acme.example' },
        { label: 'home', value: 'ana@home.example' },
      ],
      phones: [{ label: 'mobile', value: '+33 6 12 34 56 78' }],
      addresses: [{ label: 'work', street: '1 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'France' }],
    });
    await t.ok('contacts.create', { name: 'Ben Okafor', tags: ['vip'], birthday: { year: 1980, month: 1, day: 2 } });
    await t.ok('contacts.create', { name: 'Cleo Park' });
    await t.ok('purchases.create', { contactId: ana.id, occurredAt: T0 - DAY, amount: -1250 + 100_000 });
    await t.ok('interactions.create', { contactId: ana.id, channel: 'phone', occurredAt: T0 - 2 * DAY, minutes: 90 });

    const vip = parse(await t.ok('export.csv', { list: 'contacts', tag: 'vip', sort: 'name', direction: 'desc' }));
    expect(vip.rows.map((r) => r['Name'])).toEqual(['Ben Okafor', 'Ana Lima']);
    const a = vip.rows[1]!;
    expect(a).toMatchObject({
      Kind: 'person',
      Company: 'Acme',
      'Job title': 'Buyer',
      Stage: 'customer',
      Source: 'Instagram',
      Email: 'ana@acme.example',
      'Other emails': 'ana@home.example (home)',
      // A cell that starts with + or - is one Excel would evaluate ("+33 6 12" is a formula to it):
      // it carries the apostrophe too, as OWASP recommends.
      Phone: "'+33 6 12 34 56 78",
      Address: '1 rue de la Paix, 75002 Paris, France',
      Birthday: "'--03-14",
      'Total return (EUR)': '987.5',
      Hours: '1.5',
      'Last contact': '2026-11-22 10:00',
    });
    expect(Number(a['ROR'])).toBeGreaterThan(0);
    expect(vip.rows[0]!['Birthday']).toBe('1980-01-02');

    // The same filter as contacts.list, and the same order, without its paging.
    const list = await t.ok('contacts.list', { sort: 'return', direction: 'desc', limit: 500 });
    const all = parse(await t.ok('export.csv', { list: 'contacts', sort: 'return', direction: 'desc' }));
    expect(all.rows.map((r) => r['Name'])).toEqual(list.rows.map((r) => r.name));
    const search = parse(await t.ok('export.csv', { list: 'contacts', query: 'lim' }));
    expect(search.rows.map((r) => r['Name'])).toEqual(['Ana Lima']);
  });

  test('a big list reports its progress and holds every row', async () => {
    const n = 5200;
    const insert = t.db.prepare(`INSERT INTO contacts (kind, name, sort_name, created_at, updated_at) VALUES ('person', ?, ?, ?, ?)`);
    t.db.transaction(() => {
      for (let i = 0; i < n; i++) insert.run(`Person ${i}`, `person ${String(i).padStart(5, '0')}`, T0, T0);
    })();
    const file = await t.ok('export.csv', { list: 'contacts' });
    expect(parse(file).rows).toHaveLength(n);
    const progress = t.events.filter((e) => e.name === 'progress' && (e.payload as { task: string }).task === 'export');
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)!.payload).toMatchObject({ done: n, total: n });
  });

  test('bad inputs give field-level errors and change nothing', async () => {
    await t.ok('contacts.create', { name: 'Ana' });
    await expectRefused({ list: 'everything' }, 'invalid_input', 'list');
    await expectRefused({}, 'invalid_input', 'list');
    await expectRefused({ list: 'contacts', sort: 'height' }, 'invalid_input', 'sort');
    await expectRefused({ list: 'contacts', offset: 0 }, 'invalid_input');
    await expectRefused({ list: 'followUps', bucket: 'someday' }, 'invalid_input', 'bucket');
    await expectRefused({ list: 'timeEntries', weekStart: '2026-11-25' }, 'invalid_input', 'weekStart');
    await expectRefused({ list: 'timeEntries', weekStart: '2026-02-30' }, 'invalid_input', 'weekStart');
    await expectRefused({ list: 'purchases', contactId: 999 }, 'invalid_input', 'contactId');
    await expectRefused({ list: 'trash', extra: 1 }, 'invalid_input');
  });
});

describe('export.csv of the other lists', () => {
  test('follow-ups by bucket, referrals, a week of time or all of it, purchases, interactions, the trash', async () => {
    const ana = (await t.ok('contacts.create', { name: 'Ana Lima' })).id;
    const ben = (await t.ok('contacts.create', { name: 'Ben Okafor' })).id;
    await t.ok('followUps.create', { contactId: ana, title: 'Send the quote, "v2"', dueDate: '2026-11-20', note: 'Late' });
    await t.ok('followUps.create', { title: 'Order beans', dueDate: '2026-11-30', dueTime: '09:30', repeatDays: 14 });
    await t.ok('referrals.create', { referrerId: ana, referredId: ben, referredAt: T0 - DAY, status: 'converted', thanked: true });
    await t.ok('referrals.create', { referrerId: ana, referredName: 'Dora Vale', referredAt: T0 - 2 * DAY });
    // 2026-11-23 is a Monday: one entry this week, one the week before.
    await t.ok('timeEntries.create', { contactId: ana, startedAt: T0 - 1000, minutes: 45, note: '=1+1' });
    await t.ok('timeEntries.create', { activity: 'Posting on Instagram', source: 'Instagram', startedAt: T0 - 7 * DAY, minutes: 30 });
    await t.ok('purchases.create', { contactId: ana, occurredAt: T0 - DAY, amount: -1250, description: 'Refund, broken mug' });
    await t.ok('interactions.create', { contactId: ben, channel: 'social', network: 'Instagram', occurredAt: T0 - DAY, cost: 199, note: 'DM' });
    const gone = (await t.ok('purchases.create', { contactId: ben, occurredAt: T0 - DAY, amount: 500 })).id;
    await t.ok('purchases.delete', { id: gone });

    const overdue = parse(await t.ok('export.csv', { list: 'followUps', bucket: 'overdue' }));
    expect(overdue.rows).toEqual([expect.objectContaining({ Title: 'Send the quote, "v2"', Contact: 'Ana Lima', 'Due date': '2026-11-20', Status: 'Overdue', Note: 'Late' })]);
    const allFollowUps = parse(await t.ok('export.csv', { list: 'followUps' }));
    expect(allFollowUps.rows.map((r) => r['Title'])).toEqual(['Send the quote, "v2"', 'Order beans']);
    expect(allFollowUps.rows[1]).toMatchObject({ 'Due time': '09:30', 'Repeats every (days)': '14', Status: 'Upcoming' });

    const referrals = parse(await t.ok('export.csv', { list: 'referrals' }));
    expect(referrals.rows).toEqual([
      expect.objectContaining({ 'Referred by': 'Ana Lima', Referred: 'Ben Okafor', 'Is a contact': 'yes', Status: 'converted', Thanked: 'yes' }),
      expect.objectContaining({ Referred: 'Dora Vale', 'Is a contact': 'no', Status: 'pending', Thanked: 'no' }),
    ]);
    const pending = parse(await t.ok('export.csv', { list: 'referrals', status: 'pending' }));
    expect(pending.rows).toHaveLength(1);

    const week = parse(await t.ok('export.csv', { list: 'timeEntries', weekStart: '2026-11-23' }));
    expect(week.rows).toEqual([expect.objectContaining({ Date: '2026-11-24', Start: '09:59', Minutes: '45', Hours: '0.75', Contact: 'Ana Lima', Note: "'=1+1" })]);
    const time = parse(await t.ok('export.csv', { list: 'timeEntries' }));
    expect(time.rows.map((r) => r['Activity'])).toEqual(['', 'Posting on Instagram']);

    const purchases = parse(await t.ok('export.csv', { list: 'purchases' }));
    // A refund is a number, not text: no apostrophe before its minus sign.
    expect(purchases.rows).toEqual([expect.objectContaining({ Contact: 'Ana Lima', 'Amount (EUR)': '-12.5', Description: 'Refund, broken mug' })]);
    const anaOnly = parse(await t.ok('export.csv', { list: 'purchases', contactId: ben }));
    expect(anaOnly.rows).toEqual([]);

    const interactions = parse(await t.ok('export.csv', { list: 'interactions' }));
    expect(interactions.rows).toEqual([expect.objectContaining({ Contact: 'Ben Okafor', Channel: 'Social', Network: 'Instagram', 'Cost (EUR)': '1.99', Note: 'DM' })]);

    const trash = parse(await t.ok('export.csv', { list: 'trash' }));
    expect(trash.rows).toEqual([expect.objectContaining({ Kind: 'Purchase', Contact: 'Ben Okafor', 'Amount (EUR)': '5' })]);
  });
});
