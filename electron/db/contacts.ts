import type {
  AddressEntry,
  Contact,
  ContactFacets,
  ContactFields,
  ContactKind,
  ContactRow,
  EmailEntry,
  PhoneEntry,
  Stage,
} from '../../shared/contract/index';
import { ftsPrefixQuery, phoneDigits, sortKey, sourceKey } from '../../shared/domain/text';
import { stmt, type ReadableDB, type WritableDB } from './connection';

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

const TAG_SEPARATOR = '\u001f';

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

/** Rewrites one contact's row in the search index from what the database holds now. */
export function refreshSearch(db: WritableDB, id: number): void {
  stmt(db, 'DELETE FROM contacts_fts WHERE rowid = ?').run(id);
  const doc = stmt<[number], { name: string; company: string; emails: string; phones: string; tags: string; notes: string }>(
    db,
    `SELECT c.name,
            coalesce(b.name, '') || ' ' || c.job_title AS company,
            coalesce((SELECT group_concat(value, ' ') FROM contact_emails WHERE contact_id = c.id), '') AS emails,
            coalesce((SELECT group_concat(value || ' ' || digits, ' ') FROM contact_phones WHERE contact_id = c.id), '') AS phones,
            coalesce((SELECT group_concat(t.name, ' ') FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '') AS tags,
            c.notes || ' ' || c.source AS notes
       FROM contacts c LEFT JOIN contacts b ON b.id = c.business_id AND b.deleted_at IS NULL
      WHERE c.id = ?`,
  ).get(id);
  if (!doc) return;
  stmt(db, 'INSERT INTO contacts_fts (rowid, name, company, emails, phones, tags, notes) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    id,
    doc.name,
    doc.company,
    doc.emails,
    doc.phones,
    doc.tags,
    doc.notes,
  );
}

/** The people of a business carry its name in their search row: refresh them when it changes. */
export function refreshMembersSearch(db: WritableDB, businessId: number): void {
  const members = stmt<[number], { id: number }>(db, 'SELECT id FROM contacts WHERE business_id = ?').all(businessId);
  for (const m of members) refreshSearch(db, m.id);
}

/** Rebuilds the whole search index in one pass (after bulk writes). */
export function rebuildSearch(db: WritableDB): void {
  db.exec("INSERT INTO contacts_fts (contacts_fts) VALUES ('delete-all')");
  db.exec(`
    INSERT INTO contacts_fts (rowid, name, company, emails, phones, tags, notes)
    SELECT c.id, c.name,
           coalesce(b.name, '') || ' ' || c.job_title,
           coalesce((SELECT group_concat(value, ' ') FROM contact_emails WHERE contact_id = c.id), ''),
           coalesce((SELECT group_concat(value || ' ' || digits, ' ') FROM contact_phones WHERE contact_id = c.id), ''),
           coalesce((SELECT group_concat(t.name, ' ') FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), ''),
           c.notes || ' ' || c.source
      FROM contacts c LEFT JOIN contacts b ON b.id = c.business_id AND b.deleted_at IS NULL`);
}

export function setDeletedAt(db: WritableDB, id: number, deletedAt: number | null, now: number): void {
  stmt(db, 'UPDATE contacts SET deleted_at = ?, updated_at = ? WHERE id = ?').run(deletedAt, now, id);
}

export function purgeContact(db: WritableDB, id: number): void {
  stmt(db, 'DELETE FROM contacts_fts WHERE rowid = ?').run(id);
  stmt(db, 'DELETE FROM contacts WHERE id = ?').run(id);
}

export interface ListOptions {
  query: string;
  kind?: ContactKind | undefined;
  stage?: Stage | undefined;
  tag?: string | undefined;
  source?: string | undefined;
  sort: 'name' | 'created' | 'updated' | 'relevance';
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
}

const ROW_COLUMNS = `c.id, c.kind, c.name, c.stage, c.source, c.updated_at, c.deleted_at,
  b.name AS business_name,
  (SELECT value FROM contact_emails WHERE contact_id = c.id ORDER BY position LIMIT 1) AS email,
  (SELECT value FROM contact_phones WHERE contact_id = c.id ORDER BY position LIMIT 1) AS phone,
  (SELECT group_concat(t.name, char(31)) FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id) AS tags`;

function toRow(r: ListDbRow): ContactRow {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    businessName: r.business_name,
    stage: r.stage,
    source: r.source,
    tags: r.tags ? r.tags.split(TAG_SEPARATOR).sort((a, b) => a.localeCompare(b)) : [],
    email: r.email,
    phone: r.phone,
    updatedAt: r.updated_at,
    deletedAt: r.deleted_at,
  };
}

const ORDER_COLUMNS = { name: 'c.sort_name', created: 'c.created_at', updated: 'c.updated_at' } as const;

/**
 * A page of live contacts. The SQL is assembled from fixed fragments only (every value is bound),
 * so each shape of query is prepared once and cached.
 */
export function listContacts(db: ReadableDB, o: ListOptions): { total: number; rows: ContactRow[] } {
  const where: string[] = ['c.deleted_at IS NULL'];
  const params: (string | number)[] = [];
  let from = 'contacts c';
  const match = o.query ? ftsPrefixQuery(o.query) : null;
  if (o.query && !match) return { total: 0, rows: [] };
  if (match) {
    from = 'contacts_fts f JOIN contacts c ON c.id = f.rowid';
    where.push('contacts_fts MATCH ?');
    params.push(match);
  }
  if (o.kind) {
    where.push('c.kind = ?');
    params.push(o.kind);
  }
  if (o.stage) {
    where.push('c.stage = ?');
    params.push(o.stage);
  }
  if (o.source !== undefined) {
    where.push('c.source_key = ?');
    params.push(sourceKey(o.source));
  }
  if (o.tag !== undefined) {
    const tag = stmt<[string], { id: number }>(db, 'SELECT id FROM tags WHERE name_key = ?').get(tagKey(o.tag));
    if (!tag) return { total: 0, rows: [] };
    where.push('c.id IN (SELECT contact_id FROM contact_tags WHERE tag_id = ?)');
    params.push(tag.id);
  }
  const whereSql = where.join(' AND ');
  const total = stmt<(string | number)[], { n: number }>(db, `SELECT count(*) AS n FROM ${from} WHERE ${whereSql}`).get(...params)?.n ?? 0;
  if (total === 0 || o.offset >= total) return { total, rows: [] };

  const dir = o.direction === 'desc' ? 'DESC' : 'ASC';
  const order =
    o.sort === 'relevance' && match
      ? 'bm25(contacts_fts, 10.0, 4.0, 3.0, 3.0, 2.0, 1.0), c.sort_name, c.id'
      : `${ORDER_COLUMNS[o.sort === 'relevance' ? 'name' : o.sort]} ${dir}, c.id ${dir}`;
  const rows = stmt<(string | number)[], ListDbRow>(
    db,
    `SELECT ${ROW_COLUMNS}
       FROM ${from} LEFT JOIN contacts b ON b.id = c.business_id AND b.deleted_at IS NULL
      WHERE ${whereSql}
      ORDER BY ${order}
      LIMIT ? OFFSET ?`,
  ).all(...params, o.limit, o.offset);
  return { total, rows: rows.map(toRow) };
}

export function listTrash(db: ReadableDB, offset: number, limit: number): { total: number; rows: ContactRow[] } {
  const total = stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM contacts WHERE deleted_at IS NOT NULL').get()?.n ?? 0;
  const rows = stmt<[number, number], ListDbRow>(
    db,
    `SELECT ${ROW_COLUMNS}
       FROM contacts c LEFT JOIN contacts b ON b.id = c.business_id AND b.deleted_at IS NULL
      WHERE c.deleted_at IS NOT NULL
      ORDER BY c.deleted_at DESC, c.id DESC
      LIMIT ? OFFSET ?`,
  ).all(limit, offset);
  return { total, rows: rows.map(toRow) };
}

export function contactFacets(db: ReadableDB): ContactFacets {
  const tags = stmt<[], { name: string; count: number }>(
    db,
    `SELECT t.name, count(*) AS count
       FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id JOIN contacts c ON c.id = ct.contact_id
      WHERE c.deleted_at IS NULL
      GROUP BY t.id ORDER BY count DESC, t.name_key LIMIT 500`,
  ).all();
  const sources = stmt<[], { name: string; count: number }>(
    db,
    `SELECT min(source) AS name, count(*) AS count FROM contacts
      WHERE deleted_at IS NULL AND source_key <> ''
      GROUP BY source_key ORDER BY count DESC, source_key LIMIT 500`,
  ).all();
  const stages = stmt<[], { stage: Stage; count: number }>(
    db,
    'SELECT stage, count(*) AS count FROM contacts WHERE deleted_at IS NULL GROUP BY stage',
  ).all();
  const trashed = stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM contacts WHERE deleted_at IS NOT NULL').get()?.n ?? 0;
  return { tags, sources, stages, trashed };
}

export function countMembers(db: ReadableDB, businessId: number): number {
  return stmt<[number], { n: number }>(db, 'SELECT count(*) AS n FROM contacts WHERE business_id = ? AND deleted_at IS NULL').get(businessId)?.n ?? 0;
}
