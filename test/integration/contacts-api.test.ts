import { beforeEach, describe, expect, test } from 'vitest';
import { openBook } from '../../electron/db/book';
import { LATEST_VERSION } from '../../electron/db/migrate';
import type { ContactFieldsInput, ErrorCode } from '../../shared/contract/index';
import { BOOK_LOCALES } from '../../shared/domain/locales';
import { openTestBook, snapshotTables, T0, type TestBook } from '../helpers/book';

let t: TestBook;
beforeEach(() => {
  t = openTestBook();
});

const names = (rows: { name: string }[]) => rows.map((r) => r.name);

async function create(fields: ContactFieldsInput) {
  t.clock.advance();
  return t.ok('contacts.create', fields);
}

/** Asserts a refusal: the right code and field, the database untouched, no event sent. */
async function expectRefused(method: string, input: unknown, code: ErrorCode, field?: string) {
  const before = snapshotTables(t.db);
  const eventsBefore = t.events.length;
  const error = await t.fails(method, input);
  expect(error.code, JSON.stringify(error)).toBe(code);
  expect(error.field).toBe(field);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  if (field !== undefined) expect(error.issues?.[0]?.field).toBe(field);
  expect(snapshotTables(t.db)).toEqual(before);
  expect(t.events.length).toBe(eventsBefore);
  expect(t.logs).toEqual([]);
  return error;
}

async function search(query: string, extra: Record<string, unknown> = {}) {
  return names((await t.ok('contacts.list', { query, limit: 500, ...extra })).rows);
}

describe('app.info and settings', () => {
  test('app.info tells the version, mode, where the book is and its schema', async () => {
    expect(await t.ok('app.info', {})).toEqual({
      version: '9.9.9-test',
      mode: 'desktop',
      dataDir: t.dir,
      databaseFile: t.book.file,
      schemaVersion: LATEST_VERSION,
    });
    expect(await t.ok('app.info', undefined as never)).toMatchObject({ schemaVersion: LATEST_VERSION });
  });

  test('settings: defaults, update, persisted across a reopen', async () => {
    const defaults = { theme: 'system', currency: null, locale: null, hourlyRate: 5000, grossMarginPct: 100, referralSharePct: 50, windowDays: null };
    expect(await t.ok('settings.get', {})).toEqual(defaults);
    expect(await t.ok('settings.update', { theme: 'dark' })).toEqual({ ...defaults, theme: 'dark' });
    expect(t.events).toEqual([{ name: 'changed', payload: { area: 'settings' } }]);
    expect(await t.ok('settings.update', {})).toEqual({ ...defaults, theme: 'dark' });
    expect(await t.ok('settings.update', { currency: 'EUR', locale: 'fr-FR' })).toEqual({ ...defaults, theme: 'dark', currency: 'EUR', locale: 'fr-FR' });
    expect(await t.ok('settings.get', {})).toEqual({ ...defaults, theme: 'dark', currency: 'EUR', locale: 'fr-FR' });
    expect(await t.ok('settings.update', { hourlyRate: 7500, windowDays: 365 })).toMatchObject({ hourlyRate: 7500, windowDays: 365, currency: 'EUR' });
    expect((await t.fails('settings.update', { hourlyRate: -1 })).field).toBe('hourlyRate');
    expect((await t.fails('settings.update', { referralSharePct: 100 })).field).toBe('referralSharePct');
    t.book.close();
    const again = openBook(t.dir);
    try {
      expect(again.db.prepare("SELECT value FROM settings WHERE key = 'theme'").pluck().get()).toBe('"dark"');
    } finally {
      again.close();
    }
  });

  test('a damaged stored setting falls back to its default, and only that one', async () => {
    const defaults = { theme: 'system', currency: null, locale: null, hourlyRate: 5000, grossMarginPct: 100, referralSharePct: 50, windowDays: null };
    t.db.prepare("INSERT INTO settings (key, value) VALUES ('theme', '{not json')").run();
    expect(await t.ok('settings.get', {})).toEqual(defaults);
    t.db.prepare("UPDATE settings SET value = '\"purple\"' WHERE key = 'theme'").run();
    expect(await t.ok('settings.get', {})).toEqual(defaults);
    t.db.prepare("INSERT INTO settings (key, value) VALUES ('currency', '\"EUR\"'), ('hourlyRate', '-5')").run();
    expect(await t.ok('settings.get', {})).toEqual({ ...defaults, currency: 'EUR' });
  });

  test('the locale is one of the list the first run offers, never free text', async () => {
    for (const locale of ['French', 'fr', 'en-us', 'en-XX', 'de-DE-u-nu-arab', 'ar-EG']) {
      const before = snapshotTables(t.db);
      expect((await t.fails('settings.update', { locale })).field, locale).toBe('locale');
      expect(snapshotTables(t.db)).toEqual(before);
    }
    for (const locale of BOOK_LOCALES) expect((await t.ok('settings.update', { locale })).locale).toBe(locale);
  });

  test('a locale stored as free text before the list is read as the nearest one offered', async () => {
    for (const [stored, read] of [['"fr"', 'fr-FR'], ['"en-us"', 'en-US'], ['"de-LU"', 'de-DE'], ['"French"', null], ['"not a locale!"', null], ['5', null]] as const) {
      t.db.prepare("INSERT INTO settings (key, value) VALUES ('locale', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(stored);
      expect((await t.ok('settings.get', {})).locale, stored).toBe(read);
    }
  });
});

describe('create and get', () => {
  test('a person with labelled emails, phones, addresses, a birthday without year, tags, stage, source, cadence and notes', async () => {
    const ana = await create({
      name: '  Ana López ',
      jobTitle: 'Florist',
      stage: 'customer',
      source: 'Referral',
      birthday: { month: 2, day: 29 },
      cadenceDays: 30,
      notes: 'Prefers mornings.\nAllergic to lilies.',
      emails: [
        { label: 'work', value: ' ana@shop.example ' },
        { label: 'home', value: 'ana.lopez@mail.example' },
      ],
      phones: [
        { label: 'mobile', value: '+1 (555) 010-2030' },
        { label: 'work', value: '555.010.9999 ext. 12' },
      ],
      addresses: [
        { label: 'shop', street: '1 Rue de la Paix', city: 'Paris', postalCode: '75002', country: 'France' },
        { label: 'home', city: 'Lyon' },
      ],
      tags: ['VIP', 'flowers', 'vip', ' Flowers '],
    });
    expect(ana).toEqual({
      id: 1,
      kind: 'person',
      name: 'Ana López',
      businessId: null,
      businessName: null,
      jobTitle: 'Florist',
      stage: 'customer',
      source: 'Referral',
      birthday: { year: null, month: 2, day: 29 },
      cadenceDays: 30,
      notes: 'Prefers mornings.\nAllergic to lilies.',
      emails: [
        { label: 'work', value: 'ana@shop.example' },
        { label: 'home', value: 'ana.lopez@mail.example' },
      ],
      phones: [
        { label: 'mobile', value: '+1 (555) 010-2030' },
        { label: 'work', value: '555.010.9999 ext. 12' },
      ],
      addresses: [
        { label: 'shop', street: '1 Rue de la Paix', city: 'Paris', region: '', postalCode: '75002', country: 'France' },
        { label: 'home', street: '', city: 'Lyon', region: '', postalCode: '', country: '' },
      ],
      tags: ['flowers', 'VIP'],
      members: [],
      createdAt: T0 + 60_000,
      updatedAt: T0 + 60_000,
      deletedAt: null,
    });
    expect(await t.ok('contacts.get', { id: ana.id })).toEqual(ana);
    expect(t.events).toEqual([{ name: 'changed', payload: { area: 'contacts' } }]);
  });

  test('only a name: every default', async () => {
    const c = await create({ name: 'Bo' });
    expect(c).toMatchObject({ kind: 'person', stage: 'lead', source: '', birthday: null, cadenceDays: null, emails: [], tags: [], members: [] });
  });

  test('a business with its members', async () => {
    const shop = await create({ name: 'Fleurs & Co', kind: 'business', stage: 'customer' });
    const zoe = await create({ name: 'Zoë', businessId: shop.id, jobTitle: 'Owner' });
    const bea = await create({ name: 'béa', businessId: shop.id });
    const loner = await create({ name: 'Al' });
    expect(zoe.businessName).toBe('Fleurs & Co');
    const got = await t.ok('contacts.get', { id: shop.id });
    expect(got.kind).toBe('business');
    expect(got.members).toEqual([
      { id: bea.id, name: 'béa' },
      { id: zoe.id, name: 'Zoë' },
    ]);
    expect(got.members.map((m) => m.id)).not.toContain(loner.id);
    // A member in the trash is no longer listed as a member.
    await t.ok('contacts.delete', { id: zoe.id });
    expect((await t.ok('contacts.get', { id: shop.id })).members).toEqual([{ id: bea.id, name: 'béa' }]);
  });

  test('names and notes from any script and direction round-trip exactly', async () => {
    // A NUL or half a surrogate pair is refused instead (fuzz-api.test.ts tries every text field).
    const samples = ['Émile', 'E\u0301mile', 'שלום עליכם', 'مرحبا بك', '李小龍', '👩‍👩‍👧‍👦 Family', 'Zoë\u202eevil', 'tab\there', 'unit\u001fseparator'];
    for (const name of samples) {
      const c = await create({ name, notes: `${name} — ${name}`, tags: [name.trim().slice(0, 40)] });
      const got = await t.ok('contacts.get', { id: c.id });
      expect(got.name).toBe(name.trim());
      expect(got.notes).toBe(`${name} — ${name}`);
      expect(got.tags).toEqual([name.trim().slice(0, 40).normalize('NFC')]);
    }
    const listed = await t.ok('contacts.list', { limit: 500 });
    expect(listed.total).toBe(samples.length);
    for (const row of listed.rows) expect(row.tags).toEqual([row.name.normalize('NFC')]);
  });
});

describe('update', () => {
  test('changes only the fields sent; updatedAt moves, createdAt stays', async () => {
    const ana = await create({
      name: 'Ana',
      stage: 'lead',
      source: 'Web',
      emails: [{ value: 'ana@example.com' }],
      phones: [{ value: '555 0102' }],
      birthday: { year: 1990, month: 3, day: 12 },
      cadenceDays: 14,
      tags: ['a'],
      notes: 'n',
    });
    t.clock.advance(3_600_000);
    const updated = await t.ok('contacts.update', { id: ana.id, stage: 'loyal' });
    expect(updated).toEqual({ ...ana, stage: 'loyal', updatedAt: ana.createdAt + 3_600_000 });

    const cleared = await t.ok('contacts.update', { id: ana.id, birthday: null, cadenceDays: null, emails: [], tags: ['b', 'c'], notes: '' });
    expect(cleared).toMatchObject({ birthday: null, cadenceDays: null, emails: [], tags: ['b', 'c'], notes: '', phones: ana.phones, source: 'Web' });
    expect(await t.ok('contacts.get', { id: ana.id })).toEqual(cleared);
    expect(t.events.filter((e) => e.name === 'changed')).toHaveLength(3);
  });

  test('join, move and leave a business', async () => {
    const a = await create({ name: 'Acme', kind: 'business' });
    const b = await create({ name: 'Bolt', kind: 'business' });
    const p = await create({ name: 'Pat' });
    expect((await t.ok('contacts.update', { id: p.id, businessId: a.id })).businessName).toBe('Acme');
    expect((await t.ok('contacts.update', { id: p.id, businessId: b.id })).businessName).toBe('Bolt');
    expect((await t.ok('contacts.get', { id: a.id })).members).toEqual([]);
    expect((await t.ok('contacts.update', { id: p.id, businessId: null })).businessName).toBeNull();
  });

  test('a business without members may become a person, and back', async () => {
    const b = await create({ name: 'Solo', kind: 'business' });
    expect((await t.ok('contacts.update', { id: b.id, kind: 'person' })).kind).toBe('person');
    expect((await t.ok('contacts.update', { id: b.id, kind: 'business' })).kind).toBe('business');
  });

  test('a member of a business in the trash can still be edited, and keeps its link', async () => {
    const shop = await create({ name: 'Shop', kind: 'business' });
    const pat = await create({ name: 'Pat', businessId: shop.id });
    await t.ok('contacts.delete', { id: shop.id });
    const renamed = await t.ok('contacts.update', { id: pat.id, name: 'Patricia' });
    expect(renamed.name).toBe('Patricia');
    expect(renamed.businessId).toBe(shop.id);
    expect(renamed.businessName).toBeNull();
    await t.ok('contacts.restore', { id: shop.id });
    expect((await t.ok('contacts.get', { id: pat.id })).businessName).toBe('Shop');
    // Joining a business in the trash is still refused.
    const other = await create({ name: 'Other', kind: 'business' });
    await t.ok('contacts.delete', { id: other.id });
    await expectRefused('contacts.update', { id: pat.id, businessId: other.id }, 'invalid_input', 'businessId');
  });
});

describe('trash', () => {
  test('delete -> trash -> restore', async () => {
    const a = await create({ name: 'Ana' });
    const b = await create({ name: 'Bo' });
    t.clock.advance();
    const deleted = await t.ok('contacts.delete', { id: a.id });
    expect(deleted.deletedAt).toBe(t.clock.now());
    expect(deleted.updatedAt).toBe(t.clock.now());
    expect((await t.ok('contacts.get', { id: a.id })).deletedAt).toBe(t.clock.now());
    expect(names((await t.ok('contacts.list', {})).rows)).toEqual(['Bo']);

    t.clock.advance();
    await t.ok('contacts.delete', { id: b.id });
    const trash = await t.ok('contacts.trash', {});
    expect(trash.total).toBe(2);
    expect(trash.offset).toBe(0);
    expect(names(trash.rows)).toEqual(['Bo', 'Ana']); // most recently deleted first
    expect(trash.rows.every((r) => r.deletedAt !== null)).toBe(true);
    const page2 = await t.ok('contacts.trash', { offset: 1, limit: 1 });
    expect(page2).toMatchObject({ total: 2, offset: 1 });
    expect(names(page2.rows)).toEqual(['Ana']);

    const restored = await t.ok('contacts.restore', { id: a.id });
    expect(restored.deletedAt).toBeNull();
    expect(names((await t.ok('contacts.list', {})).rows)).toEqual(['Ana']);
    expect(names((await t.ok('contacts.trash', {})).rows)).toEqual(['Bo']);
  });

  test('delete of a contact already in the trash and restore of a live one change nothing', async () => {
    const a = await create({ name: 'Ana' });
    const live = await t.ok('contacts.restore', { id: a.id });
    expect(live).toEqual(a);
    const deleted = await t.ok('contacts.delete', { id: a.id });
    const before = snapshotTables(t.db);
    t.clock.advance();
    expect(await t.ok('contacts.delete', { id: a.id })).toEqual(deleted);
    expect(snapshotTables(t.db)).toEqual(before);
  });

  test('purge only from the trash; it removes the contact and everything about it', async () => {
    const shop = await create({ name: 'Shop', kind: 'business' });
    const ana = await create({
      name: 'Ana',
      businessId: shop.id,
      emails: [{ value: 'ana@example.com' }],
      phones: [{ value: '555 0102' }],
      addresses: [{ city: 'Lyon' }],
      tags: ['vip'],
    });
    await expectRefused('contacts.purge', { id: ana.id }, 'conflict');
    await t.ok('contacts.delete', { id: ana.id });
    expect(await t.ok('contacts.purge', { id: ana.id })).toEqual({ id: ana.id });
    expect((await t.fails('contacts.get', { id: ana.id })).code).toBe('not_found');
    for (const table of ['contact_emails', 'contact_phones', 'contact_addresses', 'contact_tags']) {
      expect(t.db.prepare(`SELECT count(*) FROM ${table} WHERE contact_id = ?`).pluck().get(ana.id)).toBe(0);
    }
    expect(t.db.prepare('SELECT count(*) FROM contacts_fts WHERE rowid = ?').pluck().get(ana.id)).toBe(0);
    expect(await search('ana')).toEqual([]);
    expect((await t.ok('contacts.trash', {})).total).toBe(0);
    expect((await t.ok('contacts.facets', {})).tags).toEqual([]);
  });

  test('purging a business lets go of its members (they stay, without a business)', async () => {
    const shop = await create({ name: 'Shop', kind: 'business' });
    const pat = await create({ name: 'Pat', businessId: shop.id });
    await t.ok('contacts.delete', { id: shop.id });
    await t.ok('contacts.purge', { id: shop.id });
    expect(await t.ok('contacts.get', { id: pat.id })).toMatchObject({ businessId: null, businessName: null });
    expect(await search('shop')).toEqual([]);
    expect(await search('pat')).toEqual(['Pat']);
  });
});

describe('facets', () => {
  test('tags, sources (case and spaces ignored), stages and the trash, live contacts only', async () => {
    await create({ name: 'A', tags: ['VIP', 'golf'], source: 'Referral', stage: 'customer' });
    await create({ name: 'B', tags: ['vip'], source: ' referral ', stage: 'customer' });
    await create({ name: 'C', tags: ['golf', 'Tennis'], source: 'Instagram', stage: 'lead' });
    const gone = await create({ name: 'D', tags: ['tennis', 'gone'], source: 'Web', stage: 'advocate' });
    await t.ok('contacts.delete', { id: gone.id });
    const facets = await t.ok('contacts.facets', {});
    expect(facets.tags).toEqual([
      { name: 'golf', count: 2 },
      { name: 'VIP', count: 2 },
      { name: 'Tennis', count: 1 },
    ]);
    expect(facets.sources).toEqual([
      { name: expect.stringMatching(/^ ?[Rr]eferral ?$/), count: 2 },
      { name: 'Instagram', count: 1 },
    ]);
    expect([...facets.stages].sort((x, y) => x.stage.localeCompare(y.stage))).toEqual([
      { stage: 'customer', count: 2 },
      { stage: 'lead', count: 1 },
    ]);
    expect(facets.trashed).toBe(1);
  });

  test('an empty book', async () => {
    expect(await t.ok('contacts.facets', {})).toEqual({ tags: [], sources: [], stages: [], trashed: 0 });
  });
});

describe('list: filters, sorts and pages', () => {
  beforeEach(async () => {
    const acme = await create({ name: 'Acme', kind: 'business', stage: 'customer', source: 'Web', tags: ['b2b'] });
    await create({ name: 'Émile', stage: 'lead', source: 'Referral', tags: ['VIP'], businessId: acme.id });
    await create({ name: 'dan', stage: 'customer', source: 'referral', tags: ['vip', 'golf'] });
    await create({ name: 'Fay', stage: 'loyal', source: 'Instagram', tags: ['golf'] });
    await create({ name: 'Bo', stage: 'customer', source: '', tags: [] });
    const gone = await create({ name: 'Cy', stage: 'customer', source: 'Referral', tags: ['vip'] });
    await t.ok('contacts.delete', { id: gone.id });
  });

  test('default: live contacts by name, accents and case ignored', async () => {
    const page = await t.ok('contacts.list', {});
    expect(page.total).toBe(5);
    expect(page.offset).toBe(0);
    expect(names(page.rows)).toEqual(['Acme', 'Bo', 'dan', 'Émile', 'Fay']);
    const emile = page.rows.find((r) => r.name === 'Émile');
    expect(emile).toMatchObject({ kind: 'person', businessName: 'Acme', stage: 'lead', source: 'Referral', tags: ['VIP'], email: null, phone: null, deletedAt: null });
  });

  test.each<[string, Record<string, unknown>, string[]]>([
    ['stage', { stage: 'customer' }, ['Acme', 'Bo', 'dan']],
    ['stage with none', { stage: 'advocate' }, []],
    ['tag, any case', { tag: 'VIP' }, ['dan', 'Émile']],
    ['tag, spaces trimmed', { tag: ' golf ' }, ['dan', 'Fay']],
    ['tag nobody has', { tag: 'nope' }, []],
    ['source, any case', { source: 'REFERRAL' }, ['dan', 'Émile']],
    ['empty source', { source: '' }, ['Bo']],
    ['kind business', { kind: 'business' }, ['Acme']],
    ['kind person', { kind: 'person' }, ['Bo', 'dan', 'Émile', 'Fay']],
    ['stage and tag', { stage: 'customer', tag: 'vip' }, ['dan']],
    ['tag and source and kind', { tag: 'vip', source: 'referral', kind: 'person' }, ['dan', 'Émile']],
    ['search and stage', { query: 'a', stage: 'customer' }, ['Acme']],
  ])('filter: %s', async (_label, filter, expected) => {
    const page = await t.ok('contacts.list', { limit: 500, ...filter });
    expect(names(page.rows)).toEqual(expected);
    expect(page.total).toBe(expected.length);
  });

  test('sorts by name, created and updated, both ways', async () => {
    expect(names((await t.ok('contacts.list', { sort: 'name', direction: 'desc' })).rows)).toEqual(['Fay', 'Émile', 'dan', 'Bo', 'Acme']);
    expect(names((await t.ok('contacts.list', { sort: 'created' })).rows)).toEqual(['Acme', 'Émile', 'dan', 'Fay', 'Bo']);
    expect(names((await t.ok('contacts.list', { sort: 'created', direction: 'desc' })).rows)).toEqual(['Bo', 'Fay', 'dan', 'Émile', 'Acme']);
    t.clock.advance();
    const dan = (await t.ok('contacts.list', { query: 'dan' })).rows[0];
    await t.ok('contacts.update', { id: dan?.id ?? 0, notes: 'touched' });
    expect(names((await t.ok('contacts.list', { sort: 'updated', direction: 'desc' })).rows)[0]).toBe('dan');
    expect(names((await t.ok('contacts.list', { sort: 'updated' })).rows).at(-1)).toBe('dan');
  });

  test('ties are broken by id, so pages never overlap', async () => {
    t.clock.set(T0);
    for (let i = 0; i < 7; i++) await t.ok('contacts.create', { name: 'Same' });
    const all = (await t.ok('contacts.list', { query: 'same', sort: 'created', limit: 500 })).rows.map((r) => r.id);
    expect(all).toEqual([...all].sort((a, b) => a - b));
    const paged: number[] = [];
    for (let offset = 0; offset < 7; offset += 3) paged.push(...(await t.ok('contacts.list', { query: 'same', sort: 'created', offset, limit: 3 })).rows.map((r) => r.id));
    expect(paged).toEqual(all);
    const desc = (await t.ok('contacts.list', { query: 'same', sort: 'name', direction: 'desc', limit: 500 })).rows.map((r) => r.id);
    expect(desc).toEqual([...all].reverse());
  });

  test('pages: offset and limit, total stays the count of all matches', async () => {
    const first = await t.ok('contacts.list', { limit: 2 });
    expect(first).toMatchObject({ total: 5, offset: 0 });
    expect(names(first.rows)).toEqual(['Acme', 'Bo']);
    const second = await t.ok('contacts.list', { offset: 2, limit: 2 });
    expect(second).toMatchObject({ total: 5, offset: 2 });
    expect(names(second.rows)).toEqual(['dan', 'Émile']);
    const last = await t.ok('contacts.list', { offset: 4, limit: 2 });
    expect(names(last.rows)).toEqual(['Fay']);
    const beyond = await t.ok('contacts.list', { offset: 50 });
    expect(beyond).toEqual({ total: 5, offset: 50, rows: [] });
  });
});

describe('search as you type', () => {
  beforeEach(async () => {
    const shop = await create({ name: 'Fleuriste Dupont', kind: 'business' });
    await create({
      name: 'Émile Zola',
      businessId: shop.id,
      jobTitle: 'Gardener',
      emails: [{ value: 'emile.z@jaccuse.example' }],
      phones: [{ value: '+1 (555) 010-2030' }],
      tags: ['Novelist'],
      notes: 'Met at the Salon des Refusés',
      source: 'Instagram',
    });
    await create({ name: 'Ana López', phones: [{ value: '06 12 34 56 78' }], tags: ['golf'], notes: 'Wants roses' });
    await create({ name: 'Zoë Emerson', emails: [{ value: 'zoe@example.com' }] });
    const gone = await create({ name: 'Emily Trashed', notes: 'roses' });
    await t.ok('contacts.delete', { id: gone.id });
  });

  test.each<[string, string[]]>([
    ['e', ['Émile Zola', 'Zoë Emerson']],
    ['em', ['Émile Zola', 'Zoë Emerson']],
    ['emile', ['Émile Zola']],
    ['ÉMILE', ['Émile Zola']],
    ['zo', ['Émile Zola', 'Zoë Emerson']],
    ['zoe', ['Zoë Emerson']],
    ['lopez', ['Ana López']],
    ['emile zo', ['Émile Zola']], // every word must match
    ['zola ana', []],
    ['fleur', ['Émile Zola', 'Fleuriste Dupont']], // business name finds the business and its people
    ['dupont', ['Émile Zola', 'Fleuriste Dupont']],
    ['garden', ['Émile Zola']], // job title
    ['jaccuse', ['Émile Zola']], // email
    ['zoe@example', ['Zoë Emerson']],
    ['5550102', ['Émile Zola']], // phone digits without the country code
    ['15550102', ['Émile Zola']],
    ['555 010', ['Émile Zola']],
    ['0102030', ['Émile Zola']],
    ['2030', ['Émile Zola']],
    ['0612', ['Ana López']],
    ['novel', ['Émile Zola']], // tag
    ['golf', ['Ana López']],
    ['roses', ['Ana López']], // notes; the trashed "roses" is not found
    ['refuses', ['Émile Zola']], // accents in notes ignored
    ['instagram', ['Émile Zola']], // source
    ['trashed', []],
    // Nothing searchable typed (only quotes, stars, spaces): the whole list, not an empty one.
    ['"', ['Ana López', 'Émile Zola', 'Fleuriste Dupont', 'Zoë Emerson']],
    ['   ', ['Ana López', 'Émile Zola', 'Fleuriste Dupont', 'Zoë Emerson']],
    ['NEAR(', []],
    ['*', ['Ana López', 'Émile Zola', 'Fleuriste Dupont', 'Zoë Emerson']],
    ['zo*', ['Émile Zola', 'Zoë Emerson']],
    ['-zola', ['Émile Zola']],
    ['😀', ['Ana López', 'Émile Zola', 'Fleuriste Dupont', 'Zoë Emerson']],
  ])('%j finds %j', async (query, expected) => {
    expect(await search(query)).toEqual(expected);
  });

  test('relevance puts the name match first', async () => {
    await create({ name: 'Rose', notes: 'x' });
    const rows = names((await t.ok('contacts.list', { query: 'rose', sort: 'relevance' })).rows);
    expect(rows).toEqual(['Rose', 'Ana López']);
  });

  test('renaming a business refreshes its members; trashing it hides them from its name', async () => {
    const shop = (await t.ok('contacts.list', { query: 'fleuriste', kind: 'business' })).rows[0];
    if (!shop) throw new Error('no shop');
    await t.ok('contacts.update', { id: shop.id, name: 'Jardin Moreau' });
    expect(await search('fleur')).toEqual([]);
    expect(await search('moreau')).toEqual(['Émile Zola', 'Jardin Moreau']);
    await t.ok('contacts.delete', { id: shop.id });
    expect(await search('moreau')).toEqual([]);
    await t.ok('contacts.restore', { id: shop.id });
    expect(await search('moreau')).toEqual(['Émile Zola', 'Jardin Moreau']);
  });

  test('an edit is searchable at once and the old words are gone', async () => {
    const ana = (await t.ok('contacts.list', { query: 'ana' })).rows[0];
    if (!ana) throw new Error('no ana');
    await t.ok('contacts.update', { id: ana.id, name: 'Anabel Ruiz', tags: ['tennis'], phones: [] });
    expect(await search('lopez')).toEqual([]);
    expect(await search('golf')).toEqual([]);
    expect(await search('0612')).toEqual([]);
    expect(await search('ruiz')).toEqual(['Anabel Ruiz']);
    expect(await search('tenn')).toEqual(['Anabel Ruiz']);
  });

  test('a restored contact is found again', async () => {
    const trash = await t.ok('contacts.trash', {});
    await t.ok('contacts.restore', { id: trash.rows[0]?.id ?? 0 });
    expect(await search('emily')).toEqual(['Emily Trashed']);
  });
});

describe('bad input: a typed error and the database untouched', () => {
  let shopId: number;
  let personId: number;
  let trashedId: number;
  let trashedShopId: number;
  beforeEach(async () => {
    shopId = (await create({ name: 'Shop', kind: 'business' })).id;
    personId = (await create({ name: 'Pat', businessId: shopId, emails: [{ value: 'pat@example.com' }], tags: ['x'] })).id;
    trashedId = (await create({ name: 'Gone' })).id;
    await t.ok('contacts.delete', { id: trashedId });
    trashedShopId = (await create({ name: 'Old shop', kind: 'business' })).id;
    await t.ok('contacts.delete', { id: trashedShopId });
    t.events.length = 0;
  });

  const long = (n: number) => 'x'.repeat(n);

  test.each<[string, string, unknown, ErrorCode, string | undefined]>([
    ['create: no name', 'contacts.create', {}, 'invalid_input', 'name'],
    ['create: empty name', 'contacts.create', { name: '' }, 'invalid_input', 'name'],
    ['create: blank name', 'contacts.create', { name: '  \n ' }, 'invalid_input', 'name'],
    ['create: name is a number', 'contacts.create', { name: 42 }, 'invalid_input', 'name'],
    ['create: name is null', 'contacts.create', { name: null }, 'invalid_input', 'name'],
    ['create: name too long', 'contacts.create', { name: long(201) }, 'invalid_input', 'name'],
    ['create: unknown key', 'contacts.create', { name: 'A', nickname: 'B' }, 'invalid_input', undefined],
    ['create: id may not be chosen', 'contacts.create', { name: 'A', id: 99 }, 'invalid_input', undefined],
    ['create: kind wrong', 'contacts.create', { name: 'A', kind: 'cat' }, 'invalid_input', 'kind'],
    ['create: stage wrong', 'contacts.create', { name: 'A', stage: 7 }, 'invalid_input', 'stage'],
    ['create: bad email', 'contacts.create', { name: 'A', emails: [{ value: 'not-an-email' }] }, 'invalid_input', 'emails.0.value'],
    ['create: email not an object', 'contacts.create', { name: 'A', emails: ['a@b.co'] }, 'invalid_input', 'emails.0'],
    ['create: bad phone', 'contacts.create', { name: 'A', phones: [{ value: '555-CALL' }] }, 'invalid_input', 'phones.0.value'],
    ['create: phone too short', 'contacts.create', { name: 'A', phones: [{ value: '12' }] }, 'invalid_input', 'phones.0.value'],
    ['create: impossible birthday', 'contacts.create', { name: 'A', birthday: { year: 2023, month: 2, day: 29 } }, 'invalid_input', 'birthday.day'],
    ['create: birthday month 13', 'contacts.create', { name: 'A', birthday: { month: 13, day: 1 } }, 'invalid_input', 'birthday.month'],
    ['create: cadence 0', 'contacts.create', { name: 'A', cadenceDays: 0 }, 'invalid_input', 'cadenceDays'],
    ['create: cadence as text', 'contacts.create', { name: 'A', cadenceDays: '7' }, 'invalid_input', 'cadenceDays'],
    ['create: notes too long', 'contacts.create', { name: 'A', notes: long(20001) }, 'invalid_input', 'notes'],
    ['create: job title too long', 'contacts.create', { name: 'A', jobTitle: long(121) }, 'invalid_input', 'jobTitle'],
    ['create: source too long', 'contacts.create', { name: 'A', source: long(81) }, 'invalid_input', 'source'],
    ['create: tag too long', 'contacts.create', { name: 'A', tags: [long(41)] }, 'invalid_input', 'tags.0'],
    ['create: tags not an array', 'contacts.create', { name: 'A', tags: 'vip' }, 'invalid_input', 'tags'],
    ['create: empty address', 'contacts.create', { name: 'A', addresses: [{}] }, 'invalid_input', 'addresses.0.street'],
    ['create: business that does not exist', 'contacts.create', { name: 'A', businessId: 9999 }, 'invalid_input', 'businessId'],
    ['create: business id is a string', 'contacts.create', { name: 'A', businessId: '1' }, 'invalid_input', 'businessId'],
    ['create: non-object input', 'contacts.create', 'Ana', 'invalid_input', undefined],
    ['create: null input', 'contacts.create', null, 'invalid_input', undefined],
    ['create: array input', 'contacts.create', [{ name: 'A' }], 'invalid_input', undefined],
    ['update: no id', 'contacts.update', { name: 'B' }, 'invalid_input', 'id'],
    ['update: id is text', 'contacts.update', { id: 'one' }, 'invalid_input', 'id'],
    ['update: missing id', 'contacts.update', { id: 9999, name: 'B' }, 'not_found', undefined],
    ['update: empty name', 'contacts.update', { id: 2, name: '' }, 'invalid_input', 'name'],
    ['update: unknown key', 'contacts.update', { id: 2, createdAt: 0 }, 'invalid_input', undefined],
    ['update: cadence 0', 'contacts.update', { id: 2, cadenceDays: 0 }, 'invalid_input', 'cadenceDays'],
    ['get: missing id', 'contacts.get', { id: 9999 }, 'not_found', undefined],
    ['get: id 0', 'contacts.get', { id: 0 }, 'invalid_input', 'id'],
    ['get: no input', 'contacts.get', undefined, 'invalid_input', 'id'],
    ['delete: missing id', 'contacts.delete', { id: 9999 }, 'not_found', undefined],
    ['delete: id -1', 'contacts.delete', { id: -1 }, 'invalid_input', 'id'],
    ['restore: missing id', 'contacts.restore', { id: 9999 }, 'not_found', undefined],
    ['purge: missing id', 'contacts.purge', { id: 9999 }, 'not_found', undefined],
    ['purge: live contact', 'contacts.purge', { id: 2 }, 'conflict', undefined],
    ['list: limit 501', 'contacts.list', { limit: 501 }, 'invalid_input', 'limit'],
    ['list: bad sort', 'contacts.list', { sort: 'age' }, 'invalid_input', 'sort'],
    ['list: query too long', 'contacts.list', { query: long(201) }, 'invalid_input', 'query'],
    ['list: unknown key', 'contacts.list', { q: 'a' }, 'invalid_input', undefined],
    ['trash: limit 0', 'contacts.trash', { limit: 0 }, 'invalid_input', 'limit'],
    ['facets: any key', 'contacts.facets', { all: true }, 'invalid_input', undefined],
    ['settings.update: bad theme', 'settings.update', { theme: 'blue' }, 'invalid_input', 'theme'],
    ['settings.update: unknown currency', 'settings.update', { currency: 'XYZ' }, 'invalid_input', 'currency'],
    ['settings.update: lower-case currency', 'settings.update', { currency: 'eur' }, 'invalid_input', 'currency'],
    ['settings.update: bad locale', 'settings.update', { locale: 'not a locale!' }, 'invalid_input', 'locale'],
    ['settings.update: unknown key', 'settings.update', { fontSize: 3 }, 'invalid_input', undefined],
    ['settings.update: not an object', 'settings.update', 'dark', 'invalid_input', undefined],
    ['settings.get: extra key', 'settings.get', { x: 1 }, 'invalid_input', undefined],
    ['app.info: number input', 'app.info', 5, 'invalid_input', undefined],
    ['unknown method', 'contacts.erase', { id: 2 }, 'unknown_method', undefined],
    ['inherited name', 'toString', {}, 'unknown_method', undefined],
    ['__proto__', '__proto__', {}, 'unknown_method', undefined],
    ['empty method', '', {}, 'unknown_method', undefined],
  ])('%s', async (_label, method, input, code, field) => {
    await expectRefused(method, input, code, field);
  });

  test('a method name that is not a string', async () => {
    for (const method of [5, null, undefined, {}, ['contacts.list'], Symbol('x')]) {
      const before = snapshotTables(t.db);
      const result = await t.raw(method, {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('unknown_method');
      expect(snapshotTables(t.db)).toEqual(before);
    }
  });

  test('the unknown-key error names the key', async () => {
    const error = await expectRefused('contacts.create', { name: 'A', nickname: 'B' }, 'invalid_input', undefined);
    expect(error.message).toContain('nickname');
  });

  test('every offending field is listed', async () => {
    const error = await expectRefused('contacts.create', { name: '', cadenceDays: 0, emails: [{ value: 'x' }] }, 'invalid_input', 'name');
    expect(error.issues?.map((i) => i.field).sort()).toEqual(['cadenceDays', 'emails.0.value', 'name']);
  });

  test('relations that need the database', async () => {
    await expectRefused('contacts.create', { name: 'A', businessId: personId }, 'invalid_input', 'businessId'); // a person
    await expectRefused('contacts.create', { name: 'A', businessId: trashedShopId }, 'invalid_input', 'businessId'); // in trash
    await expectRefused('contacts.create', { name: 'B', kind: 'business', businessId: shopId }, 'invalid_input', 'businessId');
    await expectRefused('contacts.update', { id: shopId, businessId: shopId }, 'invalid_input', 'businessId'); // self
    await expectRefused('contacts.update', { id: personId, businessId: personId }, 'invalid_input', 'businessId'); // self
    await expectRefused('contacts.update', { id: personId, businessId: 9999 }, 'invalid_input', 'businessId');
    await expectRefused('contacts.update', { id: personId, kind: 'business' }, 'invalid_input', 'businessId'); // a member cannot be a business
    const error = await expectRefused('contacts.update', { id: shopId, kind: 'person' }, 'invalid_input', 'kind'); // has members
    expect(error.message).toMatch(/1 person belongs/);
  });

  test('a contact in the trash cannot be edited until restored', async () => {
    await expectRefused('contacts.update', { id: trashedId, name: 'Back' }, 'conflict', undefined);
    await t.ok('contacts.restore', { id: trashedId });
    expect((await t.ok('contacts.update', { id: trashedId, name: 'Back' })).name).toBe('Back');
  });

  test('reads never write', async () => {
    const before = snapshotTables(t.db);
    await t.ok('contacts.list', { query: 'pat', tag: 'x' });
    await t.ok('contacts.get', { id: personId });
    await t.ok('contacts.trash', {});
    await t.ok('contacts.facets', {});
    await t.ok('settings.get', {});
    await t.ok('app.info', {});
    expect(snapshotTables(t.db)).toEqual(before);
    expect(t.events).toEqual([]);
  });
});

describe('events', () => {
  test('every write sends one "changed" event for its area', async () => {
    const a = await create({ name: 'Ana' });
    await t.ok('contacts.update', { id: a.id, stage: 'loyal' });
    await t.ok('contacts.delete', { id: a.id });
    await t.ok('contacts.restore', { id: a.id });
    await t.ok('contacts.delete', { id: a.id });
    await t.ok('contacts.purge', { id: a.id });
    await t.ok('settings.update', { theme: 'light' });
    expect(t.events).toEqual([
      ...Array.from({ length: 6 }, () => ({ name: 'changed', payload: { area: 'contacts' } })),
      { name: 'changed', payload: { area: 'settings' } },
    ]);
  });
});
