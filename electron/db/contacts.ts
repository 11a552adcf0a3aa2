import type {
  CONTACT_SORTS,
  AddressEntry,
  Contact,
  ContactFacets,
  ContactFields,
  ContactKind,
  ContactRow,
  EmailEntry,
  FigureRange,
  FigureSort,
  PhoneEntry,
  Stage,
} from '../../shared/contract/index';
import { FIGURE_SORTS } from '../../shared/contract/index';
import { DAY } from '../../shared/scoring/index';
import { ftsPrefixQuery, phoneDigits, phoneSearchDigits, sortKey, sourceKey } from '../../shared/domain/text';
import { BATCH_ROWS, batchedRows } from './batch';
import { stmt, type ReadableDB, type WritableDB } from './connection';
import { SEARCH_STALE_KEY } from './migrations/006-contentless-search';

interface ContactDbRow {
  id: number;
  kind: ContactKind;
  name: string;
  business_id: number | null;
  business_name: string | null;
  job_title: string;
  stage: Stage;
  source: string;
  birthday_year: number | null;
  birthday_month: number | null;
  birthday_day: number | null;
  cadence_days: number | null;
  notes: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export function tagKey(tag: string): string {
  return tag.normalize('NFC').trim().toLowerCase();
}

/** Keeps the first spelling of each tag, case-insensitively. */
export function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of tags) {
    const key = tagKey(tag);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(tag.normalize('NFC').trim());
    }
  }
  return out;
}

export function findContactRow(db: ReadableDB, id: number): ContactDbRow | undefined {
  return stmt<[number], ContactDbRow>(
    db,
    `SELECT c.*, b.name AS business_name
       FROM contacts c LEFT JOIN contacts b ON b.id = c.business_id AND b.deleted_at IS NULL
      WHERE c.id = ?`,
  ).get(id);
}

/** The editable fields of a stored contact, as the contract's schemas take them (for merges and checks). */
export function contactFieldsOf(c: Contact): ContactFields {
  return {
    kind: c.kind,
    name: c.name,
    businessId: c.businessId,
    jobTitle: c.jobTitle,
    stage: c.stage,
    source: c.source,
    birthday: c.birthday,
    cadenceDays: c.cadenceDays,
    notes: c.notes,
    emails: c.emails,
    phones: c.phones,
    addresses: c.addresses,
    tags: c.tags,
  };
}

export function getContact(db: ReadableDB, id: number): Contact | null {
  const row = findContactRow(db, id);
  if (!row) return null;
  const emails = stmt<[number], EmailEntry>(db, 'SELECT label, value FROM contact_emails WHERE contact_id = ? ORDER BY position').all(id);
  const phones = stmt<[number], PhoneEntry>(db, 'SELECT label, value FROM contact_phones WHERE contact_id = ? ORDER BY position').all(id);
  const addresses = stmt<[number], AddressEntry>(
    db,
    `SELECT label, street, city, region, postal_code AS postalCode, country
       FROM contact_addresses WHERE contact_id = ? ORDER BY position`,
  ).all(id);
  const tags = stmt<[number], { name: string }>(
    db,
    'SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = ? ORDER BY t.name_key',
  )
    .all(id)
    .map((t) => t.name);
  const members =
    row.kind === 'business'
      ? stmt<[number], { id: number; name: string }>(
          db,
          'SELECT id, name FROM contacts WHERE business_id = ? AND deleted_at IS NULL ORDER BY sort_name, id LIMIT 500',
        ).all(id)
      : [];
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    businessId: row.business_id,
    businessName: row.business_name,
    jobTitle: row.job_title,
    stage: row.stage,
    source: row.source,
    birthday: row.birthday_month !== null && row.birthday_day !== null ? { year: row.birthday_year, month: row.birthday_month, day: row.birthday_day } : null,
    cadenceDays: row.cadence_days,
    notes: row.notes,
    emails,
    phones,
    addresses,
    tags,
    members,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

function scalarParams(fields: ContactFields) {
  return {
    kind: fields.kind,
    name: fields.name,
    sort_name: sortKey(fields.name),
    business_id: fields.businessId,
    job_title: fields.jobTitle,
    stage: fields.stage,
    source: fields.source,
    source_key: sourceKey(fields.source),
    birthday_year: fields.birthday?.year ?? null,
    birthday_month: fields.birthday?.month ?? null,
    birthday_day: fields.birthday?.day ?? null,
    cadence_days: fields.cadenceDays,
    notes: fields.notes,
  };
}

export function insertContact(db: WritableDB, fields: ContactFields, now: number): number {
  const info = stmt(
    db,
    `INSERT INTO contacts (kind, name, sort_name, business_id, job_title, stage, source, source_key,
                           birthday_year, birthday_month, birthday_day, cadence_days, notes, created_at, updated_at)
     VALUES (@kind, @name, @sort_name, @business_id, @job_title, @stage, @source, @source_key,
             @birthday_year, @birthday_month, @birthday_day, @cadence_days, @notes, @now, @now)`,
  ).run({ ...scalarParams(fields), now });
  const id = Number(info.lastInsertRowid);
  writeChildren(db, id, fields);
  return id;
}

export function updateContactRow(db: WritableDB, id: number, fields: ContactFields, now: number): void {
  stmt(
    db,
    `UPDATE contacts SET kind = @kind, name = @name, sort_name = @sort_name, business_id = @business_id,
            job_title = @job_title, stage = @stage, source = @source, source_key = @source_key,
            birthday_year = @birthday_year, birthday_month = @birthday_month, birthday_day = @birthday_day,
            cadence_days = @cadence_days, notes = @notes, updated_at = @now
      WHERE id = @id`,
  ).run({ ...scalarParams(fields), now, id });
  for (const table of ['contact_emails', 'contact_phones', 'contact_addresses', 'contact_tags'] as const) {
    stmt(db, `DELETE FROM ${table} WHERE contact_id = ?`).run(id);
  }
  writeChildren(db, id, fields);
}

function writeChildren(db: WritableDB, id: number, fields: ContactFields): void {
  const email = stmt(db, 'INSERT INTO contact_emails (contact_id, position, label, value, value_key) VALUES (?, ?, ?, ?, ?)');
  fields.emails.forEach((e, i) => email.run(id, i, e.label, e.value, e.value.toLowerCase()));
  const phone = stmt(db, 'INSERT INTO contact_phones (contact_id, position, label, value, digits) VALUES (?, ?, ?, ?, ?)');
  fields.phones.forEach((p, i) => phone.run(id, i, p.label, p.value, phoneDigits(p.value)));
  const address = stmt(
    db,
    `INSERT INTO contact_addresses (contact_id, position, label, street, city, region, postal_code, country)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  fields.addresses.forEach((a, i) => address.run(id, i, a.label, a.street, a.city, a.region, a.postalCode, a.country));
  const findTag = stmt<[string], { id: number }>(db, 'SELECT id FROM tags WHERE name_key = ?');
  const addTag = stmt(db, 'INSERT INTO tags (name, name_key) VALUES (?, ?)');
  const link = stmt(db, 'INSERT OR IGNORE INTO contact_tags (contact_id, tag_id) VALUES (?, ?)');
  for (const tag of uniqueTags(fields.tags)) {
    const key = tagKey(tag);
    const tagId = findTag.get(key)?.id ?? Number(addTag.run(tag, key).lastInsertRowid);
    link.run(id, tagId);
  }
}

/** What a contact's row in the search index is made of. */
export interface SearchParts {
  name: string;
  /** The live business the contact works for, if any. */
  businessName: string | null;
  jobTitle: string;
  emails: readonly string[];
  phones: readonly string[];
  tags: readonly string[];
  notes: string;
  source: string;
}

/** The columns of `contacts_fts` after its rowid, in order. */
export const SEARCH_COLUMNS = 'name, company, emails, phones, tags, notes';
export type SearchRow = [name: string, company: string, emails: string, phones: string, tags: string, notes: string];

/**
 * A contact's row in the search index: the one definition every writer of the index uses (a
 * contact saved, a bulk import, a rebuild). Phones are also indexed by their digits from each group
 * on (see phoneSearchDigits), so "5550" finds "+1 555 0100".
 */
export function searchRow(p: SearchParts): SearchRow {
  return [
    p.name,
    `${p.businessName ?? ''} ${p.jobTitle}`,
    p.emails.join(' '),
    p.phones.map((v) => `${v} ${phoneSearchDigits(v)}`).join(' '),
    p.tags.join(' '),
    `${p.notes} ${p.source}`,
  ];
}

/** Writes one search row (the contact has none). */
function writeSearchRow(db: WritableDB, id: number, row: SearchRow): void {
  stmt(db, `INSERT INTO contacts_fts (rowid, ${SEARCH_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(id, ...row);
}

/** FTS5's own setting: merge a level's segments once it holds 4. */
const AUTOMERGE = 4;

/**
 * Search rows for many contacts that have none yet: staged in a temporary table as they come
 * (BATCH_ROWS to a statement), then moved into the index by one INSERT ... SELECT, with FTS5
 * merging segments less often meanwhile (once a level holds 16, not 4). Measured for 100,000 rows:
 * 0.8 s, against 1.3 s a statement a row and 1.9 s in multi-row INSERTs straight into the index;
 * searches are no slower after. `finish` must run at the end, in the same transaction.
 */
export function bulkSearchWriter(db: WritableDB): { push(id: number, row: SearchRow): void; finish(): void } {
  db.exec(`DROP TABLE IF EXISTS temp.search_staging;
           CREATE TEMP TABLE search_staging (id INTEGER PRIMARY KEY, ${SEARCH_COLUMNS})`);
  const staged = batchedRows(db, `INSERT INTO temp.search_staging (id, ${SEARCH_COLUMNS})`, 7);
  let pending = 0;
  return {
    push(id, row) {
      staged.push(id, ...row);
      if (++pending === BATCH_ROWS) {
        staged.flush();
        pending = 0;
      }
    },
    finish() {
      staged.flush();
      db.exec(`INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('automerge', 16)`);
      db.exec(`INSERT INTO contacts_fts (rowid, ${SEARCH_COLUMNS}) SELECT id, ${SEARCH_COLUMNS} FROM temp.search_staging ORDER BY id`);
      db.exec(`INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('automerge', ${AUTOMERGE});
               DROP TABLE temp.search_staging`);
    },
  };
}

/** The parts of live contacts' search rows, as SQL reads them (lists as JSON arrays). */
const SEARCH_PARTS_SQL = `
  SELECT c.id, c.name, b.name AS business_name, c.job_title, c.notes, c.source,
         (SELECT json_group_array(value) FROM contact_emails WHERE contact_id = c.id) AS emails,
         (SELECT json_group_array(value) FROM contact_phones WHERE contact_id = c.id) AS phones,
         (SELECT json_group_array(t.name) FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id) AS tags
    FROM contacts c LEFT JOIN contacts b ON b.id = c.business_id AND b.deleted_at IS NULL
   WHERE c.deleted_at IS NULL`;
interface SearchPartsRow {
  id: number;
  name: string;
  business_name: string | null;
  job_title: string;
  notes: string;
  source: string;
  emails: string;
  phones: string;
  tags: string;
}
const searchRowOf = (r: SearchPartsRow): SearchRow =>
  searchRow({
    name: r.name,
    businessName: r.business_name,
    jobTitle: r.job_title,
    emails: JSON.parse(r.emails) as string[],
    phones: JSON.parse(r.phones) as string[],
    tags: JSON.parse(r.tags) as string[],
    notes: r.notes,
    source: r.source,
  });

/** Rewrites one contact's row in the search index from what the database holds now (live contacts only). */
export function refreshSearch(db: WritableDB, id: number): void {
  stmt(db, 'DELETE FROM contacts_fts WHERE rowid = ?').run(id);
  const parts = stmt<[number], SearchPartsRow>(db, `${SEARCH_PARTS_SQL} AND c.id = ?`).get(id);
  if (!parts) return;
  writeSearchRow(db, id, searchRowOf(parts));
}

/** The people of a business carry its name in their search row: refresh them when it changes. */
export function refreshMembersSearch(db: WritableDB, businessId: number): void {
  const members = stmt<[number], { id: number }>(db, 'SELECT id FROM contacts WHERE business_id = ?').all(businessId);
  for (const m of members) refreshSearch(db, m.id);
}

/** Rebuilds the whole search index in one pass (after bulk writes). */
export function rebuildSearch(db: WritableDB): void {
  db.exec(`INSERT INTO contacts_fts (contacts_fts) VALUES ('delete-all')`);
  stmt(db, 'DELETE FROM settings WHERE key = ?').run(SEARCH_STALE_KEY);
  const out = bulkSearchWriter(db);
  // Read in pages by id: the connection cannot write while a statement is being iterated.
  const page = stmt<[number], SearchPartsRow>(db, `${SEARCH_PARTS_SQL} AND c.id > ? ORDER BY c.id LIMIT 2000`);
  let after = 0;
  for (;;) {
    const rows = page.all(after);
    const last = rows.at(-1);
    if (!last) break;
    for (const parts of rows) out.push(parts.id, searchRowOf(parts));
    after = last.id;
  }
  out.finish();
}

/**
 * Moves a contact to the trash or back. The search index holds live contacts only (so a search
 * counts its hits from the index alone): the contact leaves it or comes back with it.
 */
/** Whether a migration left the search index to be built again (SEARCH_STALE_KEY). */
export function searchIsStale(db: ReadableDB): boolean {
  return stmt<[string], number>(db, 'SELECT count(*) FROM settings WHERE key = ?').pluck().get(SEARCH_STALE_KEY) === 1;
}

export function setDeletedAt(db: WritableDB, id: number, deletedAt: number | null, now: number): void {
  stmt(db, 'UPDATE contacts SET deleted_at = ?, updated_at = ? WHERE id = ?').run(deletedAt, now, id);
  if (deletedAt === null) refreshSearch(db, id);
  else stmt(db, 'DELETE FROM contacts_fts WHERE rowid = ?').run(id);
}

/**
 * Deletes a contact for good. A business's people lose its name from their search rows: they are
 * found before the delete, which clears their link to it.
 */
export function purgeContact(db: WritableDB, id: number): void {
  const members = stmt<[number], number>(db, 'SELECT id FROM contacts WHERE business_id = ?').pluck().all(id);
  stmt(db, 'DELETE FROM contacts_fts WHERE rowid = ?').run(id);
  stmt(db, 'DELETE FROM contacts WHERE id = ?').run(id);
  for (const member of members) refreshSearch(db, member);
}

export interface ListOptions {
  query: string;
  kind?: ContactKind | undefined;
  stage?: Stage | undefined;
  tag?: string | undefined;
  source?: string | undefined;
  sort: ContactSort;
  /** A range over one figure (contact_figures); lastContact counts days before `now`. */
  figure?: FigureRange | undefined;
  now: number;
  direction: 'asc' | 'desc';
  offset: number;
  limit: number;
}

interface ListDbRow {
  id: number;
  kind: ContactKind;
  name: string;
  business_name: string | null;
  stage: Stage;
  source: string;
  tags: string | null;
  email: string | null;
  phone: string | null;
  updated_at: number;
  deleted_at: number | null;
  f_id: number | null;
  f_return: number | null;
  f_ror: number | null;
  f_rph: number | null;
  f_minutes: number | null;
  f_last: number | null;
}

const ROW_COLUMNS = `c.id, c.kind, c.name, c.stage, c.source, c.updated_at, c.deleted_at,
  b.name AS business_name,
  fg.contact_id AS f_id, fg.total_return AS f_return, fg.ror AS f_ror, fg.return_per_hour AS f_rph, fg.minutes AS f_minutes,
  fg.last_interaction_at AS f_last,
  (SELECT value FROM contact_emails WHERE contact_id = c.id ORDER BY position LIMIT 1) AS email,
  (SELECT value FROM contact_phones WHERE contact_id = c.id ORDER BY position LIMIT 1) AS phone,
  (SELECT json_group_array(t.name) FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id) AS tags`;

function toRow(r: ListDbRow): ContactRow {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    businessName: r.business_name,
    stage: r.stage,
    source: r.source,
    // JSON, not a separator character: a tag may hold any character.
    tags: r.tags ? (JSON.parse(r.tags) as string[]).sort((a, b) => a.localeCompare(b)) : [],
    email: r.email,
    phone: r.phone,
    updatedAt: r.updated_at,
    deletedAt: r.deleted_at,
    figures:
      r.f_id === null
        ? null
        : { totalReturn: r.f_return ?? 0, ror: r.f_ror, returnPerHour: r.f_rph, minutes: r.f_minutes ?? 0, lastInteractionAt: r.f_last },
  };
}

type ContactSort = (typeof CONTACT_SORTS)[number];
type IndexedSort = Exclude<ContactSort, 'relevance'>;
const ORDER_COLUMNS: Record<IndexedSort, string> = {
  name: 'c.sort_name',
  created: 'c.created_at',
  updated: 'c.updated_at',
  return: 'f.total_return',
  ror: 'f.ror',
  returnPerHour: 'f.return_per_hour',
  hours: 'f.minutes',
  lastContact: 'f.last_interaction_at',
};
/** The index that walks each sort in order (partial ones for the contacts table: live contacts only). */
const ORDER_INDEXES: Record<IndexedSort, string> = {
  name: 'contacts_by_name',
  created: 'contacts_by_created',
  updated: 'contacts_by_updated',
  return: 'figures_by_return',
  ror: 'figures_by_ror',
  returnPerHour: 'figures_by_return_per_hour',
  hours: 'figures_by_minutes',
  lastContact: 'figures_by_last_interaction',
};
const isFigureSort = (sort: ContactSort): sort is FigureSort => (FIGURE_SORTS as readonly string[]).includes(sort);

/** A figure range as SQL over contact_figures (alias f), its bounds bound. */
function figureRangeSql(range: FigureRange, now: number, plus: string): { where: string[]; params: Param[] } {
  const where: string[] = [];
  const params: Param[] = [];
  if (range.by === 'lastContact') {
    // Days since the last interaction: at least min means on or before now - min days (or never);
    // at most max means after now - (max + 1) days.
    if (range.min !== undefined) {
      where.push(`(${plus}f.last_interaction_at IS NULL OR ${plus}f.last_interaction_at <= ?)`);
      params.push(now - Math.ceil(range.min) * DAY);
    }
    if (range.max !== undefined) {
      where.push(`${plus}f.last_interaction_at > ?`);
      params.push(now - (Math.floor(range.max) + 1) * DAY);
    }
    return { where, params };
  }
  const column = ORDER_COLUMNS[range.by];
  const scale = range.by === 'hours' ? 60 : 1;
  if (range.min !== undefined) {
    where.push(`${plus}${column} >= ?`);
    params.push(range.min * scale);
  }
  if (range.max !== undefined) {
    where.push(`${plus}${column} <= ?`);
    params.push(range.max * scale);
  }
  return { where, params };
}

/**
 * A search that matches more live contacts than this is ordered newest first (the search index's
 * own order, free) instead of by bm25: ranking costs about 0.5 µs a hit, 25 ms for the 50,000
 * contacts a one-letter prefix matches in a large book, and ranks them almost all alike anyway.
 * Once the owner has typed enough to narrow it down, the ranking comes back.
 */
export const RANK_LIMIT = 5000;

/**
 * Where the count of a list reads from. The live-contact indexes are partial (WHERE deleted_at IS
 * NULL), which SQLite does not treat as covering a count, so once the book has statistics
 * (PRAGMA optimize) it counts an unfiltered or a broad filter by scanning the table itself, notes
 * and all: about 20 ms at 100,000 contacts against 2 ms through the index. When no filter or one
 * indexed filter decides the count, name its index.
 */
function countFrom(o: ListOptions, from: string, match: string | null): string {
  if (match || o.tag !== undefined) return from;
  const filters = [o.kind ? 'contacts_by_kind' : null, o.stage ? 'contacts_by_stage' : null, o.source !== undefined ? 'contacts_by_source' : null].filter(
    (ix): ix is string => ix !== null,
  );
  if (filters.length > 1) return from;
  return `contacts c INDEXED BY ${filters[0] ?? 'contacts_by_name'}`;
}

type Param = string | number;

/**
 * A page of live contacts. The SQL is assembled from fixed fragments only (every value is bound),
 * so each shape of query is prepared once and cached. Two statements: the count, then the page.
 *
 * The page is a deferred join: an inner query finds the page's ids from an index alone (skipping
 * OFFSET rows costs about 20 ns each there, against 0.6 µs when every skipped row is joined and
 * read), and only those 50 rows are read in full. A page past the middle is read from the other
 * end (the sort reversed), so the last page costs what the first does. With a filter that no index
 * sorts (a tag, or a stage with a sort by date), the inner query either walks the sort's index and
 * tests each contact against the filter, or gathers the filtered contacts and sorts them: whichever
 * the counts say is cheaper for this offset.
 */
export function listContacts(db: ReadableDB, o: ListOptions): { total: number; rows: ContactRow[] } {
  // A query with nothing searchable in it (spaces, punctuation) filters nothing.
  const match = o.query ? ftsPrefixQuery(o.query) : null;
  let tagId: number | null = null;
  if (o.tag !== undefined) {
    const tag = stmt<[string], { id: number }>(db, 'SELECT id FROM tags WHERE name_key = ?').get(tagKey(o.tag));
    if (!tag) return { total: 0, rows: [] };
    tagId = tag.id;
  }
  const columns: [string, Param][] = [];
  if (o.kind) columns.push(['c.kind', o.kind]);
  if (o.stage) columns.push(['c.stage', o.stage]);
  if (o.source !== undefined) columns.push(['c.source_key', sourceKey(o.source)]);

  // The filters as SQL; `walk` writes them so that no index is used for them (unary +, the search
  // as a set of ids), leaving the sort's index to drive the query.
  const filterSql = (walk: boolean) => {
    const plus = walk ? '+' : '';
    const where = ['c.deleted_at IS NULL'];
    const params: Param[] = [];
    if (match) {
      where.push(walk ? '+c.id IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)' : 'contacts_fts MATCH ?');
      params.push(match);
    }
    for (const [column, value] of columns) {
      where.push(`${plus}${column} = ?`);
      params.push(value);
    }
    if (tagId !== null) {
      where.push(`${plus}c.id IN (SELECT contact_id FROM contact_tags WHERE tag_id = ?)`);
      params.push(tagId);
    }
    if (o.figure) {
      // The walked index may serve a range on its own column.
      const range = figureRangeSql(o.figure, o.now, walk && o.figure.by !== o.sort ? '+' : '');
      where.push(...range.where);
      params.push(...range.params);
    }
    return { where: where.join(' AND '), params };
  };
  const withFigures = isFigureSort(o.sort) || o.figure !== undefined;
  const from =
    (match ? 'contacts_fts s JOIN contacts c ON c.id = s.rowid' : 'contacts c') + (withFigures ? ' JOIN contact_figures f ON f.contact_id = c.id' : '');

  // 1. The count. The search index holds live contacts only, so a search counts from it alone; a
  // tag alone counts its links less those of contacts in the trash (a few hundred at most).
  let total: number;
  const natural = filterSql(false);
  if (o.figure) {
    total = stmt<Param[], { n: number }>(db, `SELECT count(*) AS n FROM ${from} WHERE ${natural.where}`).get(...natural.params)?.n ?? 0;
  } else if (match && columns.length === 0 && tagId === null) {
    total = stmt<[string], { n: number }>(db, 'SELECT count(*) AS n FROM contacts_fts s WHERE contacts_fts MATCH ?').get(match)?.n ?? 0;
  } else if (!match && columns.length === 0 && tagId !== null) {
    total =
      stmt<[number, number], { n: number }>(
        db,
        `SELECT count(*) - (SELECT count(*) FROM contacts c JOIN contact_tags ct ON ct.contact_id = c.id AND ct.tag_id = ?
                             WHERE c.deleted_at IS NOT NULL) AS n
           FROM contact_tags WHERE tag_id = ?`,
      ).get(tagId, tagId)?.n ?? 0;
  } else if (!match && tagId !== null) {
    // A tag and a column filter: from the tag's links to their contacts (7 ms for 30,000 links
    // at 100,000 contacts, against 11 ms for the same count written with IN).
    const rest = columns.map(([column]) => ` AND ${column} = ?`).join('');
    total =
      stmt<Param[], { n: number }>(
        db,
        `SELECT count(*) AS n FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id
          WHERE ct.tag_id = ? AND c.deleted_at IS NULL${rest}`,
      ).get(tagId, ...columns.map(([, value]) => value))?.n ?? 0;
  } else {
    total = stmt<Param[], { n: number }>(db, `SELECT count(*) AS n FROM ${countFrom(o, from, match)} WHERE ${natural.where}`).get(...natural.params)?.n ?? 0;
  }
  if (total === 0 || o.offset >= total) return { total, rows: [] };

  // 2. The page: its ids from an index (the inner query), then those rows in full.
  const end = Math.min(o.offset + o.limit, total);
  const ranked = o.sort === 'relevance' && match !== null && total <= RANK_LIMIT;
  // Past the middle, read from the far end with the order reversed.
  const reverse = !ranked && total - end < o.offset;
  const offset = reverse ? total - end : o.offset;
  const limit = end - o.offset;
  const asc = (o.direction === 'desc') === reverse;
  const dir = asc ? 'ASC' : 'DESC';
  const outerDir = o.direction === 'desc' ? 'DESC' : 'ASC';

  let inner: string;
  let outerOrder: string;
  let params: Param[];
  if (ranked) {
    inner = `SELECT c.id AS id, bm25(contacts_fts, 10.0, 4.0, 3.0, 3.0, 2.0, 1.0) AS k, c.sort_name AS k2
               FROM ${from} WHERE ${natural.where} ORDER BY k, k2, id LIMIT ? OFFSET ?`;
    outerOrder = 'p.k, p.k2, p.id';
    params = natural.params;
  } else if (o.sort === 'relevance' && match) {
    // A broad search: newest first, in the search index's own order.
    const rowidDir = reverse ? 'ASC' : 'DESC';
    inner = `SELECT c.id AS id FROM ${from} WHERE ${natural.where} ORDER BY s.rowid ${rowidDir} LIMIT ? OFFSET ?`;
    outerOrder = 'p.id DESC';
    params = natural.params;
  } else {
    const sort = o.sort === 'relevance' ? 'name' : o.sort;
    const key = ORDER_COLUMNS[sort];
    const figureSort = isFigureSort(sort);
    // An index sorts this list as it is filtered: no filter, or one column filter under a sort by
    // name. A sort by a figure with no filter walks its index on contact_figures.
    const unfiltered = !match && tagId === null && columns.length === 0 && !o.figure;
    const indexed = !figureSort && !o.figure && !match && tagId === null && (columns.length === 0 || (columns.length === 1 && sort === 'name'));
    let walk = false;
    if (!indexed) {
      // Walking the sort's index visits about everyone/total contacts per row of the page; gathering
      // reads every filtered contact (or search hit) and keeps the first offset+limit in a sorter.
      const everyone = stmt<[], { n: number | null }>(db, 'SELECT max(id) AS n FROM contacts').get()?.n ?? total;
      const walkCost = ((offset + limit) * Math.max(everyone, total)) / total;
      const gatherCost = total * 1.2 + offset * 4;
      walk = unfiltered || walkCost < gatherCost;
    }
    const filters = walk ? filterSql(true) : natural;
    const source = !walk
      ? from
      : figureSort
        ? `contact_figures f INDEXED BY ${ORDER_INDEXES[sort]} JOIN contacts c ON c.id = f.contact_id`
        : `contacts c INDEXED BY ${ORDER_INDEXES[sort]}` + (withFigures ? ' JOIN contact_figures f ON f.contact_id = c.id' : '');
    const idColumn = walk && figureSort ? 'f.contact_id' : 'c.id';
    inner = `SELECT c.id AS id, ${key} AS k FROM ${source} WHERE ${filters.where} ORDER BY ${key} ${dir}, ${idColumn} ${dir} LIMIT ? OFFSET ?`;
    outerOrder = `p.k ${outerDir}, p.id ${outerDir}`;
    params = filters.params;
  }
  const rows = stmt<Param[], ListDbRow>(
    db,
    `SELECT ${ROW_COLUMNS}
       FROM (${inner}) AS p
       JOIN contacts c ON c.id = p.id
       LEFT JOIN contacts b ON b.id = c.business_id AND b.deleted_at IS NULL
       LEFT JOIN contact_figures fg ON fg.contact_id = c.id
      ORDER BY ${outerOrder}`,
  ).all(...params, limit, offset);
  return { total, rows: rows.map(toRow) };
}

export function listTrash(db: ReadableDB, offset: number, limit: number): { total: number; rows: ContactRow[] } {
  const total = stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM contacts WHERE deleted_at IS NOT NULL').get()?.n ?? 0;
  const rows = stmt<[number, number], ListDbRow>(
    db,
    `SELECT ${ROW_COLUMNS}
       FROM contacts c LEFT JOIN contacts b ON b.id = c.business_id AND b.deleted_at IS NULL
       LEFT JOIN contact_figures fg ON fg.contact_id = c.id
      WHERE c.deleted_at IS NOT NULL
      ORDER BY c.deleted_at DESC, c.id DESC
      LIMIT ? OFFSET ?`,
  ).all(limit, offset);
  return { total, rows: rows.map(toRow) };
}

/**
 * The filters' choices with their counts. Each count is read from an index alone: tag links are
 * counted per tag and the few links of trashed contacts subtracted, instead of joining every
 * link to its contact (about 120 ms at 100,000 contacts before, a few ms now).
 */
export function contactFacets(db: ReadableDB): ContactFacets {
  const tags = stmt<[], { name: string; count: number }>(
    db,
    `WITH linked AS (SELECT tag_id, count(*) AS n FROM contact_tags GROUP BY tag_id),
          trashed AS (SELECT ct.tag_id, count(*) AS n
                        FROM contacts c JOIN contact_tags ct ON ct.contact_id = c.id
                       WHERE c.deleted_at IS NOT NULL GROUP BY ct.tag_id)
     SELECT t.name, linked.n - coalesce(trashed.n, 0) AS count
       FROM linked JOIN tags t ON t.id = linked.tag_id LEFT JOIN trashed ON trashed.tag_id = linked.tag_id
      WHERE linked.n - coalesce(trashed.n, 0) > 0
      ORDER BY count DESC, t.name_key LIMIT 500`,
  ).all();
  const sources = stmt<[], { name: string; count: number }>(
    db,
    `SELECT min(source) AS name, count(*) AS count FROM contacts INDEXED BY contacts_source_names
      WHERE deleted_at IS NULL AND source_key <> ''
      GROUP BY source_key ORDER BY count DESC, source_key LIMIT 500`,
  ).all();
  const stages = stmt<[], { stage: Stage; count: number }>(
    db,
    'SELECT stage, count(*) AS count FROM contacts INDEXED BY contacts_by_stage WHERE deleted_at IS NULL GROUP BY stage',
  ).all();
  const trashed = stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM contacts WHERE deleted_at IS NOT NULL').get()?.n ?? 0;
  return { tags, sources, stages, trashed };
}

export function countMembers(db: ReadableDB, businessId: number): number {
  return stmt<[number], { n: number }>(db, 'SELECT count(*) AS n FROM contacts WHERE business_id = ? AND deleted_at IS NULL').get(businessId)?.n ?? 0;
}
