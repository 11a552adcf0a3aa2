import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { SQLITE_PRAGMAS, type ReadableDB } from '../../electron/db/connection';
import type { ContactDossier } from '../../shared/contract/index';
import { openTestBook, snapshotTables, T0, type TestBook } from '../helpers/book';

const DAY = 86_400_000;
let t: TestBook;

/** Strings that exist only on the contact to erase: none of them may be left anywhere. */
const SECRET = {
  name: 'Qvoxlin Erasmyra',
  email: 'qvoxlin.secret@erasable-mail.example',
  phone: '+33 7 98 76 54 31',
  notes: 'Zyqtrel confidential allergy note',
  tag: 'Qvoxtagonly',
  street: '77 Wrenquist Lane',
  interaction: 'Wylderkin phone chat',
  purchase: 'Ombrelux espresso machine',
  note: 'Thrangolier timeline note',
  time: 'Plimbersnout prep',
  followUp: 'Krestavine follow up',
  referral: 'Glimmerodd referral notes',
  nps: 'Vortellish nps comment',
  timer: 'Snazzlebrook timer note',
};
/** The invented words in SECRET: no other string in the book contains them or their tails. */
const UNIQUE_WORDS = ['qvoxlin', 'erasmyra', 'zyqtrel', 'qvoxtagonly', 'wrenquist', 'wylderkin', 'ombrelux', 'thrangolier', 'plimbersnout', 'krestavine', 'glimmerodd', 'vortellish', 'snazzlebrook'];
/**
 * What to look for in raw bytes: each string as typed, in lower case (the search index's tokens),
 * and each invented word without its first two letters (FTS5 stores a term prefix-compressed
 * against the one before it on its page).
 */
function needles(): string[] {
  const out = new Set<string>();
  for (const s of Object.values(SECRET)) {
    out.add(s);
    out.add(s.toLowerCase());
  }
  for (const word of UNIQUE_WORDS) out.add(word.slice(2));
  return [...out];
}

function tracesIn(buf: Buffer): string[] {
  return needles().filter((n) => buf.includes(Buffer.from(n, 'utf8')));
}

function fileTraces(file: string): string[] {
  return fs.existsSync(file) ? tracesIn(fs.readFileSync(file)) : [];
}

/** Every table of the book with every row as text (the FTS5 shadow tables' blobs included). */
function tableTraces(db: ReadableDB): string[] {
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
  const found = new Set<string>();
  for (const { name } of tables) {
    for (const row of db.prepare(`SELECT * FROM "${name}"`).raw(true).all() as unknown[][]) {
      for (const cell of row) {
        const buf = Buffer.isBuffer(cell) ? cell : Buffer.from(String(cell), 'utf8');
        for (const n of tracesIn(buf)) found.add(`${name}: ${n}`);
      }
    }
  }
  return [...found];
}

let target: number;
let referrer: number;
let referred: number;

/** A book where the contact to erase has a record of every kind, referrals both ways, and a running timer. */
async function seed(): Promise<void> {
  const filler = t.db.prepare(`INSERT INTO contacts (kind, name, sort_name, notes, created_at, updated_at) VALUES ('person', ?, ?, ?, ?, ?)`);
  t.db.transaction(() => {
    for (let i = 0; i < 300; i++) filler.run(`Filler ${i}`, `filler ${i}`, `ordinary note ${i}`, T0, T0);
  })();
  await t.ok('figures.recompute', {});
  referrer = (await t.ok('contacts.create', { name: 'Rita Referrer' })).id;
  referred = (await t.ok('contacts.create', { name: 'Ned Referred' })).id;
  target = (
    await t.ok('contacts.create', {
      name: SECRET.name,
      notes: SECRET.notes,
      tags: [SECRET.tag, 'vip'],
      emails: [{ label: 'home', value: SECRET.email }],
      phones: [{ label: 'mobile', value: SECRET.phone }],
      addresses: [{ label: 'home', street: SECRET.street, city: 'Paris' }],
      birthday: { year: 1990, month: 5, day: 6 },
    })
  ).id;
  await t.ok('contacts.create', { name: 'Vic Vip', tags: ['vip'] });
  await t.ok('interactions.create', { contactId: target, channel: 'phone', occurredAt: T0 - 3 * DAY, minutes: 30, note: SECRET.interaction });
  await t.ok('purchases.create', { contactId: target, occurredAt: T0 - 2 * DAY, amount: 50_000, description: SECRET.purchase });
  await t.ok('notes.create', { contactId: target, body: SECRET.note, notedAt: T0 - DAY });
  await t.ok('timeEntries.create', { contactId: target, startedAt: T0 - DAY, minutes: 60, note: SECRET.time });
  await t.ok('followUps.create', { contactId: target, title: SECRET.followUp, dueDate: '2026-12-01' });
  await t.ok('referrals.create', { referrerId: referrer, referredId: target, referredAt: T0 - 10 * DAY, status: 'converted', notes: SECRET.referral });
  await t.ok('referrals.create', { referrerId: target, referredId: referred, referredAt: T0 - 5 * DAY, status: 'converted' });
  await t.ok('nps.create', { contactId: target, score: 10, answeredAt: T0 - DAY, note: SECRET.nps });
  const trashedNote = await t.ok('notes.create', { contactId: target, body: `${SECRET.note} in the trash`, notedAt: T0 - DAY });
  await t.ok('notes.delete', { id: trashedNote.id });
  await t.ok('timer.start', { contactId: target, note: SECRET.timer });
  // Earlier versions of the search row and the contact's row (an edit) are in the file too.
  await t.ok('contacts.update', { id: target, jobTitle: 'Chief tester' });
}

beforeEach(async () => {
  t = openTestBook();
  await seed();
  t.events.length = 0;
});

describe('privacy.exportContact', () => {
  test('holds the contact and every record about them, of every kind, with their figures', async () => {
    const file = await t.ok('privacy.exportContact', { id: target });
    expect(file).toMatchObject({ fileName: `${SECRET.name} - everything.json`, mimeType: 'application/json', count: 1 });
    const d = JSON.parse(file.text) as ContactDossier;
    expect(d).toMatchObject({ format: 'rapport.contact', version: 1, exportedAt: new Date(T0).toISOString() });
    expect(d.contact).toMatchObject({ id: target, name: SECRET.name, notes: SECRET.notes, jobTitle: 'Chief tester', tags: [SECRET.tag, 'vip'] });
    expect(d.contact.emails).toEqual([{ label: 'home', value: SECRET.email }]);
    expect(d.contact.phones).toEqual([{ label: 'mobile', value: SECRET.phone }]);
    expect(d.contact.addresses[0]).toMatchObject({ street: SECRET.street });
    expect(d.uid).toMatch(/^urn:uuid:/);
    expect(d.interactions.map((r) => r.note)).toEqual([SECRET.interaction]);
    expect(d.purchases.map((r) => r.description)).toEqual([SECRET.purchase]);
    expect(d.notes.map((r) => [r.body, r.deletedAt !== null])).toEqual([
      [SECRET.note, false],
      [`${SECRET.note} in the trash`, true],
    ]);
    expect(d.timeEntries.map((r) => r.note)).toEqual([SECRET.time]);
    expect(d.followUps.map((r) => r.title)).toEqual([SECRET.followUp]);
    expect(d.referralsReceived.map((r) => [r.referrerName, r.notes])).toEqual([['Rita Referrer', SECRET.referral]]);
    expect(d.referralsMade.map((r) => r.referredName)).toEqual(['Ned Referred']);
    expect(d.npsAnswers.map((r) => [r.score, r.note])).toEqual([[10, SECRET.nps]]);
    expect(d.timer).toMatchObject({ contactId: target, note: SECRET.timer });
    expect(d.figures).toMatchObject({ revenue: 50_000, minutes: 90 });
    expect(d.figures!.totalReturn).toBeGreaterThan(0);
  });

  test('a missing contact is not found, and nothing changes', async () => {
    const before = snapshotTables(t.db);
    expect((await t.fails('privacy.exportContact', { id: 987654 })).code).toBe('not_found');
    expect((await t.fails('privacy.exportContact', { id: -1 })).field).toBe('id');
    expect(snapshotTables(t.db)).toEqual(before);
  });
});

describe('privacy.erase', () => {
  test('no row anywhere refers to them, no trace of them in any table, and the referrer loses the credit they brought', async () => {
    const creditBefore = t.db.prepare<[number], { referral_return: number }>('SELECT referral_return FROM contact_figures WHERE contact_id = ?').get(referrer)!;
    expect(creditBefore.referral_return).toBeGreaterThan(0);
    expect(tableTraces(t.db).length).toBeGreaterThan(0);

    const outcome = await t.ok('privacy.erase', { id: target });
    expect(outcome).toEqual({
      id: target,
      name: SECRET.name,
      erased: { interactions: 1, purchases: 1, notes: 2, timeEntries: 1, followUps: 1, referrals: 2, npsAnswers: 1, tags: 1 },
      figuresChanged: 1,
      backupsDeleted: 0,
    });

    // Every column that points at a contact, in every table, and the search index.
    const tables = t.db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'").all();
    let checked = 0;
    for (const { name } of tables) {
      for (const fk of t.db.prepare<[], { table: string; from: string }>(`SELECT "table", "from" FROM pragma_foreign_key_list('${name}')`).all()) {
        if (fk.table !== 'contacts') continue;
        checked++;
        expect(t.db.prepare(`SELECT count(*) AS n FROM "${name}" WHERE "${fk.from}" = ?`).get(target), `${name}.${fk.from}`).toEqual({ n: 0 });
      }
    }
    expect(checked).toBeGreaterThanOrEqual(14);
    expect(t.db.prepare('SELECT count(*) AS n FROM contacts WHERE id = ?').get(target)).toEqual({ n: 0 });
    expect(t.db.prepare('SELECT count(*) AS n FROM contacts_fts WHERE rowid = ?').get(target)).toEqual({ n: 0 });
    expect(t.db.prepare('SELECT count(*) AS n FROM contact_figures WHERE contact_id = ?').get(target)).toEqual({ n: 0 });
    expect(tableTraces(t.db)).toEqual([]);
    // The shared tag stays for the others; the one only they had is gone.
    expect(t.db.prepare('SELECT name FROM tags ORDER BY name').pluck().all()).toEqual(['vip']);

    // Whoever they referred keeps their own figures; whoever referred them loses the credit.
    expect(t.db.prepare('SELECT referral_return FROM contact_figures WHERE contact_id = ?').get(referrer)).toEqual({ referral_return: 0 });
    expect((await t.ok('contacts.get', { id: referred })).deletedAt).toBeNull();
    expect((await t.ok('referrals.tree', { id: referred })).referredBy).toBeNull();
    const recompute = await t.ok('figures.recompute', {});
    expect(recompute.contacts).toBeGreaterThan(300);
    expect(t.db.prepare('SELECT referral_return FROM contact_figures WHERE contact_id = ?').get(referrer)).toEqual({ referral_return: 0 });
    // Insights' day sums lost their records too: they equal the sums of what is left.
    const days = t.db.prepare('SELECT coalesce(sum(revenue), 0) AS revenue FROM record_days').get();
    expect(days).toEqual({ revenue: 0 });

    expect(await t.ok('timer.get', {})).toBeNull();
    expect((await t.ok('contacts.list', { query: 'qvoxlin' })).total).toBe(0);
    const areas = t.events.filter((e) => e.name === 'changed').map((e) => (e.payload as { area: string }).area);
    expect(areas).toEqual(expect.arrayContaining(['contacts', 'records', 'followUps', 'referrals', 'timer', 'figures']));
  });

  test('no bytes of them are left on disk: not in the database file, not in its -wal, not in the search index', async () => {
    const file = t.book.file;
    // Before: the strings are there (so this test can fail).
    t.db.pragma('wal_checkpoint(PASSIVE)');
    expect([...fileTraces(file), ...fileTraces(`${file}-wal`)].length).toBeGreaterThan(0);

    await t.ok('privacy.erase', { id: target });

    // Read the files while the book is open, as the running app leaves them.
    expect(fileTraces(`${file}-wal`)).toEqual([]);
    expect(fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0).toBe(0);
    const left = fileTraces(file);
    // Not even residue of an earlier edit (the contact's row and search row before `contacts.update`):
    // every connection keeps secure_delete on, so freed space is zeroed when it is freed.
    expect(SQLITE_PRAGMAS).toContain('secure_delete = ON');
    expect(left).toEqual([]);
    // The FTS5 shadow tables hold the index's segments as blobs: no term of theirs in any of them.
    // The index is contentless: it keeps no copy of the text at all.
    const shadow = t.db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE name LIKE 'contacts_fts_%' AND type = 'table'").all();
    expect(shadow.map((s) => s.name).sort()).toEqual(['contacts_fts_config', 'contacts_fts_data', 'contacts_fts_docsize', 'contacts_fts_idx']);
    expect(tableTraces(t.db).filter((s) => s.startsWith('contacts_fts'))).toEqual([]);
    // After closing, too.
    t.book.close();
    expect(fileTraces(`${file}-wal`)).toEqual([]);
  });

  test('a contact in the trash is erased the same way', async () => {
    await t.ok('contacts.delete', { id: target });
    expect((await t.ok('trash.list', {})).items.some((i) => i.kind === 'contact' && i.id === target)).toBe(true);
    const outcome = await t.ok('privacy.erase', { id: target });
    expect(outcome.erased.interactions).toBe(1);
    expect((await t.ok('trash.list', {})).items.some((i) => i.contactId === target)).toBe(false);
    expect(tableTraces(t.db)).toEqual([]);
    expect(fileTraces(`${t.book.file}-wal`)).toEqual([]);
  });

  test('a business: its people stay, without it, and their search rows lose its name', async () => {
    const biz = (await t.ok('contacts.create', { kind: 'business', name: 'Frobnitzia Holdings' })).id;
    const member = (await t.ok('contacts.create', { name: 'Mia Member', businessId: biz })).id;
    expect((await t.ok('contacts.list', { query: 'frobnitzia' })).rows.map((r) => r.id).sort()).toEqual([biz, member].sort());
    await t.ok('privacy.erase', { id: biz });
    const mia = await t.ok('contacts.get', { id: member });
    expect(mia.businessId).toBeNull();
    expect((await t.ok('contacts.list', { query: 'frobnitzia' })).total).toBe(0);
    expect((await t.ok('contacts.list', { query: 'mia' })).total).toBe(1);
  });

  test('deleteBackups deletes every backup file and says how many; without it they stay', async () => {
    const backups = path.join(t.dir, 'backups');
    fs.mkdirSync(backups, { recursive: true });
    for (const name of ['daily-2026-11-23.db', 'weekly-2026-11-16.db', 'before-migration-v4-to-v5.db']) fs.writeFileSync(path.join(backups, name), 'backup');
    fs.writeFileSync(path.join(backups, 'README.txt'), 'not a backup');
    const ben = (await t.ok('contacts.create', { name: 'Ben Keep' })).id;
    expect((await t.ok('privacy.erase', { id: ben })).backupsDeleted).toBe(0);
    expect(fs.readdirSync(backups)).toHaveLength(4);

    const outcome = await t.ok('privacy.erase', { id: target, deleteBackups: true });
    expect(outcome.backupsDeleted).toBe(3);
    expect(fs.readdirSync(backups)).toEqual(['README.txt']);
    expect(t.events.some((e) => e.name === 'changed' && (e.payload as { area: string }).area === 'backups')).toBe(true);
  });

  test('bad inputs give field-level errors, and the tables and backups are unchanged', async () => {
    const backups = path.join(t.dir, 'backups');
    fs.mkdirSync(backups, { recursive: true });
    fs.writeFileSync(path.join(backups, 'daily.db'), 'backup');
    const before = snapshotTables(t.db);
    for (const [input, code, field] of [
      [{}, 'invalid_input', 'id'],
      [{ id: 'x' }, 'invalid_input', 'id'],
      [{ id: 1.5 }, 'invalid_input', 'id'],
      [{ id: target, deleteBackups: 'yes' }, 'invalid_input', 'deleteBackups'],
      [{ id: target, extra: true }, 'invalid_input', undefined],
      [{ id: 999_999, deleteBackups: true }, 'not_found', undefined],
    ] as const) {
      const error = await t.fails('privacy.erase', input);
      expect(error.code, JSON.stringify(input)).toBe(code);
      expect(error.field, JSON.stringify(input)).toBe(field);
    }
    expect(snapshotTables(t.db)).toEqual(before);
    expect(fs.readdirSync(backups)).toEqual(['daily.db']);
  });
});
