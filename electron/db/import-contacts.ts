import type { z } from 'zod';
import {
  contactFieldsSchema,
  type AddressEntry,
  type ContactFields,
  type ContactFieldsInput,
  type EmailEntry,
  type PhoneEntry,
  type DuplicatePolicy,
  type ImportSkip,
} from '../../shared/contract/index';
import { phoneDigits, sortKey, sourceKey } from '../../shared/domain/text';
import { batchedRows, BATCH_ROWS } from './batch';
import { stmt, type WritableDB } from './connection';
import { contactFieldsOf, getContact, rebuildSearch, refreshSearch, tagKey, uniqueTags, updateContactRow } from './contacts';

/**
 * The one way contacts come in from a file (CSV or vCard): every row is checked with the contact's
 * own schema (contactFieldsSchema), duplicates are found by email or phone against the book and
 * within the file, and everything is written in the caller's transaction, with the search index
 * written once at the end for the contacts touched.
 */

/** A contact as read from a file, before any check. */
export interface ImportRow {
  /** The file's line where the row (or card) starts, for the report. */
  line: number;
  /** The contact's fields; the business link comes from `company`. */
  fields: Omit<ContactFieldsInput, 'businessId'>;
  /** The company a person works for: linked to the live business of that name, created if none. */
  company: string;
  /** A vCard's UID: a contact already holding it is updated instead of duplicated. */
  uid: string | null;
}

export interface ImportOutcome {
  added: number;
  merged: number;
  updated: number;
  businessesAdded: number;
  /** Every row left out, in line order (the reader's own refusals included). */
  skips: ImportSkip[];
}

export type ImportProgress = (done: number, total: number, label: string) => void;

/** Phone numbers shorter than this (in digits) are too short to say two contacts are one. */
const MIN_PHONE_MATCH_DIGITS = 5;
export const MAX_UID_LENGTH = 255;
/** Above this many rows, the book's emails and phones are read into memory once. */
const BULK_ROWS = 500;
/** Above this many new contacts (and more than the book holds), indexes are built once at the end. */
const REINDEX_ROWS = 20_000;
/** SQLite's page cache during a large import (KiB): the contacts' indexes and the search index fit. */
const IMPORT_CACHE_KIB = 131_072;

/** The key an email is stored and matched by (contact_emails.value_key, as contacts.ts writes it). */
const emailKey = (value: string) => value.toLowerCase();
const phoneKey = (value: string): string | null => {
  const digits = phoneDigits(value);
  return digits.length >= MIN_PHONE_MATCH_DIGITS ? digits : null;
};
const addressKey = (a: AddressEntry) => [a.street, a.city, a.region, a.postalCode, a.country].map((p) => sortKey(p)).join('\u0001');

/** A contact this import will write: a new one, or one of the book's. */
interface Target {
  existingId: number | null;
  fields: ContactFields;
  company: string;
  uid: string | null;
  /** The uid the book already holds for an existing contact. */
  storedUid: string | null;
  line: number;
  how: 'added' | 'merged' | 'updated';
}

const FIELD_NAMES: Record<string, string> = {
  kind: 'Kind',
  name: 'Name',
  jobTitle: 'Job title',
  stage: 'Stage',
  source: 'Source',
  birthday: 'Birthday',
  notes: 'Notes',
  emails: 'Email',
  phones: 'Phone',
  addresses: 'Address',
  tags: 'Tag',
};

const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A validation failure in words a person reads: `Email "ana@": Enter an email address like ana@example.com`. */
function reasonOf(error: z.ZodError, fields: Record<string, unknown>): string {
  const issue = error.issues[0];
  if (!issue) return 'The row is not a valid contact';
  const [key, index] = issue.path;
  const field = FIELD_NAMES[String(key)] ?? String(key ?? 'Row');
  let value: unknown = typeof key === 'string' ? fields[key] : undefined;
  if (Array.isArray(value) && typeof index === 'number') value = value[index];
  if (value && typeof value === 'object' && 'value' in value) value = (value as { value: unknown }).value;
  const shown = typeof value === 'string' && value.length > 0 && key !== 'notes' ? ` "${clip(value)}"` : '';
  return `${field}${shown}: ${issue.message}`;
}

/** Fills what the first lacks from the second; never overwrites a filled field. */
export function mergeFields(base: ContactFields, extra: ContactFields): ContactFields {
  const emails = [...base.emails];
  const emailKeys = new Set(emails.map((e) => emailKey(e.value)));
  for (const e of extra.emails) {
    if (emailKeys.has(emailKey(e.value))) continue;
    emailKeys.add(emailKey(e.value));
    emails.push(e);
  }
  const phones = [...base.phones];
  const phoneKeys = new Set(phones.map((p) => phoneDigits(p.value)));
  for (const p of extra.phones) {
    if (phoneKeys.has(phoneDigits(p.value))) continue;
    phoneKeys.add(phoneDigits(p.value));
    phones.push(p);
  }
  const addresses = [...base.addresses];
  const addressKeys = new Set(addresses.map(addressKey));
  for (const a of extra.addresses) {
    if (addressKeys.has(addressKey(a))) continue;
    addressKeys.add(addressKey(a));
    addresses.push(a);
  }
  return {
    ...base,
    businessId: base.businessId ?? extra.businessId,
    jobTitle: base.jobTitle || extra.jobTitle,
    source: base.source || extra.source,
    birthday: base.birthday ?? extra.birthday,
    cadenceDays: base.cadenceDays ?? extra.cadenceDays,
    notes: base.notes || extra.notes,
    emails,
    phones,
    addresses,
    tags: uniqueTags([...base.tags, ...extra.tags]),
  };
}

/**
 * A reimport of a card the book already holds (same UID): the card's name, job title, birthday,
 * notes and source replace the contact's when the card has them; its emails, phones and addresses
 * replace the contact's when the card has any of that kind; its categories are added to the tags.
 * The contact's kind, stage, rhythm, business link (unless the card names a company), records and
 * figures are kept.
 */
export function updateFromCard(base: ContactFields, card: ContactFields): ContactFields {
  return {
    ...base,
    name: card.name,
    jobTitle: card.jobTitle || base.jobTitle,
    source: card.source || base.source,
    birthday: card.birthday ?? base.birthday,
    notes: card.notes || base.notes,
    emails: card.emails.length > 0 ? card.emails : base.emails,
    phones: card.phones.length > 0 ? card.phones : base.phones,
    addresses: card.addresses.length > 0 ? card.addresses : base.addresses,
    tags: uniqueTags([...base.tags, ...card.tags]),
  };
}

/**
 * New contacts, written as contacts.ts's insertContact writes them (the same columns, keys and
 * helpers: sortKey, sourceKey, phoneDigits, tagKey, uniqueTags), with the tags' ids kept in memory,
 * the UID in the same INSERT, and every table's rows written BATCH_ROWS at a time. Ids are given
 * here (the book's largest plus one, as SQLite would): a contact's emails, phones and links can
 * then be written beside it before it is flushed. `flush` writes what is pending, contacts first
 * so the others' foreign keys find them; it runs every BATCH_ROWS contacts and must run at the end.
 */
function bulkInserter(db: WritableDB, now: number): { insert(fields: ContactFields, uid: string | null): number; flush(): void } {
  const contacts = batchedRows(
    db,
    `INSERT INTO contacts (id, kind, name, sort_name, business_id, job_title, stage, source, source_key,
                           birthday_year, birthday_month, birthday_day, cadence_days, notes, created_at, updated_at, uid)`,
    17,
  );
  const emails = batchedRows(db, 'INSERT INTO contact_emails (contact_id, position, label, value, value_key)', 5);
  const phones = batchedRows(db, 'INSERT INTO contact_phones (contact_id, position, label, value, digits)', 5);
  const addresses = batchedRows(db, 'INSERT INTO contact_addresses (contact_id, position, label, street, city, region, postal_code, country)', 8);
  const links = batchedRows(db, 'INSERT OR IGNORE INTO contact_tags (contact_id, tag_id)', 2);
  const findTag = db.prepare<[string], { id: number }>('SELECT id FROM tags WHERE name_key = ?');
  const addTag = db.prepare('INSERT INTO tags (name, name_key) VALUES (?, ?)');
  const tagIds = new Map<string, number>();
  let nextId = (db.prepare<[], number>('SELECT coalesce(max(id), 0) FROM contacts').pluck().get() ?? 0) + 1;
  let pending = 0;
  const flush = () => {
    contacts.flush();
    emails.flush();
    phones.flush();
    addresses.flush();
    links.flush();
    pending = 0;
  };
  const insert = (f: ContactFields, uid: string | null): number => {
    const id = nextId++;
    contacts.push(
      id,
      f.kind,
      f.name,
      sortKey(f.name),
      f.businessId,
      f.jobTitle,
      f.stage,
      f.source,
      sourceKey(f.source),
      f.birthday?.year ?? null,
      f.birthday?.month ?? null,
      f.birthday?.day ?? null,
      f.cadenceDays,
      f.notes,
      now,
      now,
      uid,
    );
    for (let i = 0; i < f.emails.length; i++) {
      const e = f.emails[i] as EmailEntry;
      emails.push(id, i, e.label, e.value, emailKey(e.value));
    }
    for (let i = 0; i < f.phones.length; i++) {
      const p = f.phones[i] as PhoneEntry;
      phones.push(id, i, p.label, p.value, phoneDigits(p.value));
    }
    for (let i = 0; i < f.addresses.length; i++) {
      const a = f.addresses[i] as AddressEntry;
      addresses.push(id, i, a.label, a.street, a.city, a.region, a.postalCode, a.country);
    }
    for (const tag of uniqueTags(f.tags)) {
      const key = tagKey(tag);
      let tagId = tagIds.get(key);
      if (tagId === undefined) {
        tagId = findTag.get(key)?.id ?? Number(addTag.run(tag, key).lastInsertRowid);
        tagIds.set(key, tagId);
      }
      links.push(id, tagId);
    }
    if (++pending === BATCH_ROWS) flush();
    return id;
  };
  return { insert, flush };
}

const CONTACT_TABLES = ['contacts', 'contact_emails', 'contact_phones', 'contact_addresses', 'contact_tags'];

/** Drops the contact tables' own secondary indexes (not those of UNIQUE or PRIMARY KEY); returns how to build them again. */
function dropContactIndexes(db: WritableDB): string[] {
  const indexes = db
    .prepare<string[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${CONTACT_TABLES.map(() => '?').join(', ')}) ORDER BY name`,
    )
    .all(...CONTACT_TABLES);
  for (const { name } of indexes) db.exec(`DROP INDEX "${name.replace(/"/g, '""')}"`);
  return indexes.map((i) => i.sql);
}

function existingFields(db: WritableDB, id: number): ContactFields | null {
  const c = getContact(db, id);
  return c ? contactFieldsOf(c) : null;
}

export function importContacts(
  db: WritableDB,
  input: { rows: readonly ImportRow[]; skips: readonly ImportSkip[] },
  policy: DuplicatePolicy,
  now: number,
  progress: ImportProgress = () => {},
): ImportOutcome {
  // A large import touches pages of a dozen indexes in no order: with SQLite's default 2 MB cache
  // they are written out and read back again and again (measured: 100,000 rows took 4 times longer).
  const cache = db.pragma('cache_size', { simple: true }) as number;
  const big = input.rows.length > BULK_ROWS;
  if (big) db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  try {
    return importAll(db, input, policy, now, progress);
  } finally {
    if (big) db.pragma(`cache_size = ${cache}`);
  }
}

function importAll(
  db: WritableDB,
  input: { rows: readonly ImportRow[]; skips: readonly ImportSkip[] },
  policy: DuplicatePolicy,
  now: number,
  progress: ImportProgress = () => {},
): ImportOutcome {
  const { rows } = input;
  const skips: ImportSkip[] = [...input.skips];
  const total = rows.length * 2 + 1;
  const targets: Target[] = [];
  const existing = new Map<number, Target>();
  const byEmail = new Map<string, Target>();
  const byPhone = new Map<string, Target>();
  const byUid = new Map<string, Target>();
  let added = 0;
  let merged = 0;
  let updated = 0;

  // The book's emails and phones (live contacts): looked up per row for a small file, read into
  // memory once for a large one (one pass over two indexes instead of a lookup per value).
  const lookupEmail = stmt<[string], { id: number }>(
    db,
    `SELECT c.id FROM contact_emails e JOIN contacts c ON c.id = e.contact_id
      WHERE e.value_key = ? AND c.deleted_at IS NULL ORDER BY c.id LIMIT 1`,
  );
  const lookupPhone = stmt<[string], { id: number }>(
    db,
    `SELECT c.id FROM contact_phones p JOIN contacts c ON c.id = p.contact_id
      WHERE p.digits = ? AND c.deleted_at IS NULL ORDER BY c.id LIMIT 1`,
  );
  let findEmail = (key: string): number | undefined => lookupEmail.get(key)?.id;
  let findPhone = (key: string): number | undefined => lookupPhone.get(key)?.id;
  if (rows.length > BULK_ROWS) {
    const emails = new Map<string, number>();
    const phones = new Map<string, number>();
    const keys = (sql: string, into: Map<string, number>) => {
      for (const [key, id] of stmt<[], [string, number]>(db, sql).raw(true).iterate()) if (!into.has(key)) into.set(key, id);
    };
    keys('SELECT e.value_key, e.contact_id FROM contact_emails e JOIN contacts c ON c.id = e.contact_id WHERE c.deleted_at IS NULL ORDER BY e.contact_id', emails);
    keys('SELECT p.digits, p.contact_id FROM contact_phones p JOIN contacts c ON c.id = p.contact_id WHERE c.deleted_at IS NULL ORDER BY p.contact_id', phones);
    findEmail = (key) => emails.get(key);
    findPhone = (key) => phones.get(key);
  }
  const nameOf = (id: number) => stmt<[number], { name: string }>(db, 'SELECT name FROM contacts WHERE id = ?').get(id)?.name ?? 'a contact';
  const findUid = stmt<[string], { id: number; name: string; deleted_at: number | null; uid: string }>(
    db,
    'SELECT id, name, deleted_at, uid FROM contacts WHERE uid = ?',
  );

  /** The book's contact as a target of this import (loaded once). */
  const existingTarget = (id: number, line: number, how: Target['how']): Target | null => {
    const known = existing.get(id);
    if (known) return known;
    const fields = existingFields(db, id);
    if (!fields) return null;
    const uid = stmt<[number], { uid: string | null }>(db, 'SELECT uid FROM contacts WHERE id = ?').get(id)?.uid ?? null;
    const target: Target = { existingId: id, fields, company: '', uid, storedUid: uid, line, how };
    existing.set(id, target);
    targets.push(target);
    return target;
  };

  const remember = (target: Target, fields: ContactFields) => {
    for (const e of fields.emails) if (!byEmail.has(emailKey(e.value))) byEmail.set(emailKey(e.value), target);
    for (const p of fields.phones) {
      const key = phoneKey(p.value);
      if (key && !byPhone.has(key)) byPhone.set(key, target);
    }
    if (target.uid && !byUid.has(target.uid)) byUid.set(target.uid, target);
  };

  /** The first contact this row duplicates, in the file or in the book, and what gave it away. */
  const duplicateOf = (fields: ContactFields): { inFile: Target | null; inBook: number | null; what: string } | null => {
    for (const e of fields.emails) {
      const key = emailKey(e.value);
      const inFile = byEmail.get(key);
      if (inFile) return { inFile, inBook: null, what: `email (${e.value})` };
      const inBook = findEmail(key);
      if (inBook !== undefined) return { inFile: null, inBook, what: `email (${e.value})` };
    }
    for (const p of fields.phones) {
      const key = phoneKey(p.value);
      if (!key) continue;
      const inFile = byPhone.get(key);
      if (inFile) return { inFile, inBook: null, what: `phone (${p.value})` };
      const inBook = findPhone(key);
      if (inBook !== undefined) return { inFile: null, inBook, what: `phone (${p.value})` };
    }
    return null;
  };

  // 1. Check every row and plan what it does; nothing is written yet.
  rows.forEach((row, i) => {
    if (i % 2000 === 0) progress(i, total, 'Checking rows');
    const parsed = contactFieldsSchema.safeParse({ ...row.fields, businessId: null });
    const name = typeof row.fields.name === 'string' ? row.fields.name.trim() : '';
    if (!parsed.success) {
      skips.push({ line: row.line, name, reason: reasonOf(parsed.error, row.fields as Record<string, unknown>) });
      return;
    }
    const fields = parsed.data;
    const uid = row.uid && row.uid.length <= MAX_UID_LENGTH ? row.uid : null;

    if (uid) {
      const seen = byUid.get(uid);
      if (seen) {
        skips.push({ line: row.line, name, reason: `Same UID as the card on line ${seen.line}` });
        return;
      }
      const holder = findUid.get(uid);
      if (holder) {
        if (holder.deleted_at !== null) {
          skips.push({ line: row.line, name, reason: `This card is ${holder.name}, who is in the trash: restore them first, then import again` });
          return;
        }
        const target = existingTarget(holder.id, row.line, 'updated');
        if (!target) {
          skips.push({ line: row.line, name, reason: 'The contact with this UID could not be read' });
          return;
        }
        const next = updateFromCard(target.fields, fields);
        const check = contactFieldsSchema.safeParse(next);
        if (!check.success) {
          skips.push({ line: row.line, name, reason: reasonOf(check.error, next as unknown as Record<string, unknown>) });
          return;
        }
        target.fields = check.data;
        if (row.company) target.company = row.company;
        target.how = 'updated';
        byUid.set(uid, target);
        remember(target, target.fields);
        updated++;
        return;
      }
    }

    const dup = policy === 'add' ? null : duplicateOf(fields);
    if (dup && policy === 'skip') {
      const reason = dup.inFile
        ? `Same ${dup.what} as line ${dup.inFile.line}`
        : `Same ${dup.what} as ${dup.inBook !== null ? nameOf(dup.inBook) : 'a contact'}, already in the book`;
      skips.push({ line: row.line, name, reason });
      return;
    }
    if (dup) {
      const target = dup.inFile ?? (dup.inBook !== null ? existingTarget(dup.inBook, row.line, 'merged') : null);
      if (target) {
        const next = mergeFields(target.fields, fields);
        const check = contactFieldsSchema.safeParse(next);
        if (!check.success) {
          skips.push({ line: row.line, name, reason: `Merging into ${target.fields.name}: ${reasonOf(check.error, next as unknown as Record<string, unknown>)}` });
          return;
        }
        target.fields = check.data;
        if (!target.company) target.company = row.company;
        if (uid && !target.uid) target.uid = uid;
        remember(target, target.fields);
        merged++;
        return;
      }
    }
    const target: Target = { existingId: null, fields, company: row.company, uid, storedUid: null, line: row.line, how: 'added' };
    targets.push(target);
    remember(target, fields);
    added++;
  });

  // 2. Write: businesses named in the file first, so the people who work there can be linked.
  const touched = new Set<number>();
  const businesses = new Map<string, number>();
  let businessesAdded = 0;
  const lookupBusiness = stmt<[string], { id: number }>(
    db,
    "SELECT id FROM contacts WHERE kind = 'business' AND deleted_at IS NULL AND sort_name = ? ORDER BY id LIMIT 1",
  );
  let findBusiness = (key: string): number | undefined => lookupBusiness.get(key)?.id;
  if (rows.length > BULK_ROWS) {
    // The book's businesses by name, read once (and before any index is set aside).
    const known = new Map<string, number>();
    const all = stmt<[], [string, number]>(db, "SELECT sort_name, id FROM contacts WHERE kind = 'business' AND deleted_at IS NULL ORDER BY id");
    for (const [key, id] of all.raw(true).iterate()) if (!known.has(key)) known.set(key, id);
    findBusiness = (key) => known.get(key);
  }
  const setUid = stmt<[string, number]>(db, 'UPDATE contacts SET uid = ? WHERE id = ?');
  let done = rows.length;
  const tick = () => {
    done++;
    if (done % 2000 === 0) progress(done, total, 'Writing contacts');
  };
  const inserter = bulkInserter(db, now);
  const insert = inserter.insert;
  // A large import into a small book: the contact tables' secondary indexes are set aside and
  // built again at the end (one sort each instead of 100,000 inserts in random places); their
  // definitions come from the schema itself, so they come back exactly as they were.
  const live = stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM contacts WHERE deleted_at IS NULL').get()?.n ?? 0;
  const setAside = targets.length > REINDEX_ROWS && targets.length > live ? dropContactIndexes(db) : [];
  const write = (target: Target) => {
    let id = target.existingId;
    if (id === null) {
      id = insert(target.fields, target.uid);
    } else {
      // Its business may be one of the new contacts still pending: write those first.
      inserter.flush();
      updateContactRow(db, id, target.fields, now);
      if (target.uid && target.uid !== target.storedUid) setUid.run(target.uid, id);
      if (target.fields.kind === 'business') {
        for (const m of stmt<[number], { id: number }>(db, 'SELECT id FROM contacts WHERE business_id = ?').all(id)) touched.add(m.id);
      }
    }
    touched.add(id);
    tick();
    return id;
  };
  const businessFor = (company: string): number | null => {
    const name = company.trim().slice(0, 200);
    const key = sortKey(name);
    if (!key) return null;
    let id = businesses.get(key) ?? findBusiness(key);
    if (id === undefined) {
      id = insert(contactFieldsSchema.parse({ kind: 'business', name }), null);
      touched.add(id);
      businessesAdded++;
    }
    businesses.set(key, id);
    return id;
  };
  const writeAll = () => {
    for (const target of targets) {
      if (target.fields.kind !== 'business') continue;
      const id = write(target);
      const key = sortKey(target.fields.name);
      if (!businesses.has(key)) businesses.set(key, id);
    }
    for (const target of targets) {
      if (target.fields.kind === 'business') continue;
      if (target.company && (target.fields.businessId === null || target.how === 'updated')) {
        target.fields = { ...target.fields, businessId: businessFor(target.company) };
      }
      write(target);
    }
  };
  writeAll();
  inserter.flush();

  for (const sql of setAside) db.exec(sql);

  // 3. The search index, once, for every contact touched: one pass over the whole index when the
  //    import touched a good part of the book, a row per contact otherwise.
  progress(total - 1, total, 'Updating the search index');
  if (touched.size > 1000 && touched.size * 4 > live) rebuildSearch(db);
  else for (const id of touched) refreshSearch(db, id);
  progress(total, total, 'Done');

  skips.sort((a, b) => a.line - b.line);
  return { added, merged, updated, businessesAdded, skips };
}
