import {
  contactFieldsSchema,
  type AddressEntry,
  type ContactFields,
  type EmailEntry,
  type PhoneEntry,
  type DuplicatePolicy,
  type ImportSkip,
} from '../../shared/contract/index';
import { phoneDigits, sortKey, sourceKey } from '../../shared/domain/text';
import { batchedRows, BATCH_ROWS } from './batch';
import { stmt, type WritableDB } from './connection';
import {
  contactFieldsOf,
  getContact,
  bulkSearchWriter,
  rebuildSearch,
  refreshSearch,
  searchRow,
  tagKey,
  uniqueTags,
  updateContactRow,
} from './contacts';
import { pauseNewContactMarks, writeFiguresOfNewContacts } from './figures';
import { reasonOf, type CheckedRow, type RowSource } from './import-rows';

/**
 * The one way contacts come in from a file (CSV or vCard). Rows arrive checked (import-rows.ts), in
 * chunks, in file order: each chunk is planned (duplicates found by email or phone against the book
 * and the rows before it, UIDs matched) and its new contacts written before the next chunk is
 * taken, so a reader on another thread can read the next rows meanwhile. The search index takes
 * the new contacts' rows at once at the end (never row by row), their figures too, and the indexes
 * set aside are built again then. Everything is written in the caller's transaction.
 *
 * What a later row can change of an earlier one: a duplicate merges into a contact already
 * written (it is written again at the end); a business row names the business a person before it
 * had created from its company name (the row's fields replace that business's, and its people
 * stay linked). So the outcome is the one of planning the whole file before writing any of it.
 */

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
/** Above this many rows, the book's emails, phones, UIDs and businesses are read into memory once. */
const BULK_ROWS = 500;
/** Above this many rows (and more than the book holds), indexes are built once at the end. */
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

/** A contact this import writes: a new one, or one of the book's. */
interface Target {
  /** The book's contact this row changes; null for a new contact. */
  existingId: number | null;
  /** A new contact's id, once written. */
  id: number | null;
  /**
   * What the contact will hold; null once a new contact is written and nothing is left to change
   * (read back from the book if a later row merges into it): a large file's contacts are not all
   * kept in memory.
   */
  fields: ContactFields | null;
  company: string;
  uid: string | null;
  /** The uid the book already holds for an existing contact. */
  storedUid: string | null;
  line: number;
  how: 'added' | 'merged' | 'updated';
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
 * helpers: sortKey, sourceKey, phoneDigits, tagKey, uniqueTags, searchRow), with the tags' ids kept
 * in memory, the UID in the same INSERT, and every table's rows written BATCH_ROWS at a time. Ids
 * are given here (the book's largest plus one, as SQLite would): a contact's emails, phones and
 * links can then be written beside it before it is flushed. `flush` writes what is pending,
 * contacts first so the others' foreign keys find them; it runs every BATCH_ROWS contacts and must
 * run at the end. The search row is written at once, from the fields in hand.
 */
function bulkInserter(
  db: WritableDB,
  now: number,
  businessName: (id: number) => string | null,
): { insert(fields: ContactFields, uid: string | null): number; flush(): void; finish(): void; firstId: number; lastId(): number } {
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
  const search = bulkSearchWriter(db);
  const findTag = stmt<[string], { id: number; name: string }>(db, 'SELECT id, name FROM tags WHERE name_key = ?');
  const addTag = stmt(db, 'INSERT INTO tags (name, name_key) VALUES (?, ?)');
  const tagsByKey = new Map<string, { id: number; name: string }>();
  const firstId = (stmt<[], number>(db, 'SELECT coalesce(max(id), 0) FROM contacts').pluck().get() ?? 0) + 1;
  let nextId = firstId;
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
    const tagNames: string[] = [];
    for (const name of uniqueTags(f.tags)) {
      const key = tagKey(name);
      let tag = tagsByKey.get(key);
      if (tag === undefined) {
        tag = findTag.get(key) ?? { id: Number(addTag.run(name, key).lastInsertRowid), name };
        tagsByKey.set(key, tag);
      }
      links.push(id, tag.id);
      tagNames.push(tag.name);
    }
    search.push(
      id,
      searchRow({
        name: f.name,
        businessName: f.businessId === null ? null : businessName(f.businessId),
        jobTitle: f.jobTitle,
        emails: f.emails.map((e) => e.value),
        phones: f.phones.map((p) => p.value),
        tags: tagNames,
        notes: f.notes,
        source: f.source,
      }),
    );
    if (++pending === BATCH_ROWS) flush();
    return id;
  };
  const finish = () => {
    flush();
    search.finish();
  };
  return { insert, flush, finish, firstId, lastId: () => nextId - 1 };
}

const CONTACT_TABLES = ['contacts', 'contact_emails', 'contact_phones', 'contact_addresses', 'contact_tags', 'contact_figures'];

/**
 * Partial indexes no row an import writes enters: the trash, contacts with a rhythm, buyers' and
 * referrers' figures (a new contact has none). Kept, they cost nothing per row; built again, a
 * scan of their table each (measured: about 45 ms for 100,000 rows). Either way they stay right.
 */
const NOT_ENTERED_BY_IMPORTS = [
  'contacts_in_trash',
  'contacts_with_cadence',
  'figures_buyers_by_last',
  'figures_buyers_by_count',
  'figures_buyers_by_revenue',
  'figures_buyers_by_direct',
  'figures_referrers',
];

/**
 * Drops the secondary indexes of the contacts' tables (not those of UNIQUE or PRIMARY KEY, nor
 * NOT_ENTERED_BY_IMPORTS); returns how to build them again. Even those whose new entries would all
 * come at the end cost more kept than built again (measured: 0.3 s more for 100,000 rows kept for
 * creation time, update time, tags and figures).
 */
function dropContactIndexes(db: WritableDB): string[] {
  const indexes = stmt<string[], { name: string; sql: string }>(
    db,
    `SELECT name, sql FROM sqlite_schema
      WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${CONTACT_TABLES.map(() => '?').join(', ')})
        AND name NOT IN (${NOT_ENTERED_BY_IMPORTS.map(() => '?').join(', ')})
      ORDER BY name`,
  ).all(...CONTACT_TABLES, ...NOT_ENTERED_BY_IMPORTS);
  for (const { name } of indexes) db.exec(`DROP INDEX "${name.replace(/"/g, '""')}"`);
  return indexes.map((i) => i.sql);
}

/**
 * What the book already holds that an import matches against: live contacts' emails, phones and
 * businesses by name, and every contact's UID. Looked up per row for a small file; read into
 * memory once for a large one (one pass over each index instead of a lookup per value, and no
 * lookup left for the indexes set aside while the rows are written).
 */
function bookLookups(db: WritableDB, bulk: boolean) {
  const lookupEmail = stmt<[string], number>(
    db,
    `SELECT c.id FROM contact_emails e JOIN contacts c ON c.id = e.contact_id
      WHERE e.value_key = ? AND c.deleted_at IS NULL ORDER BY c.id LIMIT 1`,
  ).pluck();
  const lookupPhone = stmt<[string], number>(
    db,
    `SELECT c.id FROM contact_phones p JOIN contacts c ON c.id = p.contact_id
      WHERE p.digits = ? AND c.deleted_at IS NULL ORDER BY c.id LIMIT 1`,
  ).pluck();
  const lookupBusiness = stmt<[string], number>(
    db,
    "SELECT id FROM contacts WHERE kind = 'business' AND deleted_at IS NULL AND sort_name = ? ORDER BY id LIMIT 1",
  ).pluck();
  type UidHolder = { id: number; name: string; deleted_at: number | null };
  const lookupUid = stmt<[string], UidHolder>(db, 'SELECT id, name, deleted_at FROM contacts WHERE uid = ?');
  if (!bulk) {
    return {
      email: (key: string): number | undefined => lookupEmail.get(key),
      phone: (key: string): number | undefined => lookupPhone.get(key),
      business: (key: string): number | undefined => lookupBusiness.get(key),
      uid: (uid: string): UidHolder | undefined => lookupUid.get(uid),
    };
  }
  const firstOf = <K>(sql: string): Map<K, number> => {
    const into = new Map<K, number>();
    for (const [key, id] of stmt<[], [K, number]>(db, sql).raw(true).iterate()) if (!into.has(key)) into.set(key, id);
    return into;
  };
  const emails = firstOf<string>(
    'SELECT e.value_key, e.contact_id FROM contact_emails e JOIN contacts c ON c.id = e.contact_id WHERE c.deleted_at IS NULL ORDER BY e.contact_id',
  );
  const phones = firstOf<string>(
    'SELECT p.digits, p.contact_id FROM contact_phones p JOIN contacts c ON c.id = p.contact_id WHERE c.deleted_at IS NULL ORDER BY p.contact_id',
  );
  const businesses = firstOf<string>("SELECT sort_name, id FROM contacts WHERE kind = 'business' AND deleted_at IS NULL ORDER BY id");
  const uids = new Map<string, UidHolder>();
  for (const holder of stmt<[], UidHolder & { uid: string }>(db, 'SELECT uid, id, name, deleted_at FROM contacts WHERE uid IS NOT NULL').iterate()) {
    uids.set(holder.uid, { id: holder.id, name: holder.name, deleted_at: holder.deleted_at });
  }
  return {
    email: (key: string) => emails.get(key),
    phone: (key: string) => phones.get(key),
    business: (key: string) => businesses.get(key),
    uid: (uid: string) => uids.get(uid),
  };
}

export function importContacts(db: WritableDB, source: RowSource, policy: DuplicatePolicy, now: number, progress: ImportProgress = () => {}): ImportOutcome {
  // A large import touches pages of a dozen indexes in no order: with SQLite's default 2 MB cache
  // they are written out and read back again and again (measured: 100,000 rows took 4 times longer).
  const cache = db.pragma('cache_size', { simple: true }) as number;
  const big = source.total > BULK_ROWS;
  if (big) db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  const resumeMarks = pauseNewContactMarks(db);
  try {
    return importAll(db, source, policy, now, progress);
  } finally {
    resumeMarks();
    if (big) db.pragma(`cache_size = ${cache}`);
  }
}

function importAll(db: WritableDB, source: RowSource, policy: DuplicatePolicy, now: number, progress: ImportProgress): ImportOutcome {
  const skips: ImportSkip[] = [];
  let added = 0;
  let merged = 0;
  let updated = 0;
  let businessesAdded = 0;
  const book = bookLookups(db, source.total > BULK_ROWS);
  const live = stmt<[], number>(db, 'SELECT count(*) FROM contacts WHERE deleted_at IS NULL').pluck().get() ?? 0;
  // A large import into a small book: the contact tables' secondary indexes are set aside and
  // built again at the end (one sort each instead of 100,000 inserts in random places); their
  // definitions come from the schema itself, so they come back exactly as they were.
  const setAside = source.total > REINDEX_ROWS && source.total > live ? dropContactIndexes(db) : [];
  // Progress counts rows, then the end's work: when the indexes are built again it takes about a
  // third of a large import (100,000 rows: 1.5 s of 4.2, the search index about half of it), so it
  // is given half as many steps as the rows.
  const total = source.total + (setAside.length > 0 ? Math.ceil(source.total / 2) : 1);

  /** The book's contacts this import changes, by id, written at the end. */
  const existing = new Map<number, Target>();
  /** New contacts a later row changed after they were written: written again at the end. */
  const rewrite = new Set<Target>();
  /** Contacts whose search rows are rewritten at the end (the book's, and new ones written again). */
  const touched = new Set<number>();
  const byEmail = new Map<string, Target>();
  const byPhone = new Map<string, Target>();
  const byUid = new Map<string, Target>();
  /** Businesses by name key: the book's, the file's, and those made from a person's company name. */
  const businesses = new Map<string, number>();
  /** Businesses made from a company name that no business row of the file has claimed yet. */
  const madeFromCompany = new Set<number>();
  const businessNames = new Map<number, string>();
  const businessName = (id: number): string | null => {
    let name = businessNames.get(id);
    if (name === undefined) {
      name = stmt<[number], string>(db, 'SELECT name FROM contacts WHERE id = ? AND deleted_at IS NULL').pluck().get(id);
      if (name === undefined) return null;
      businessNames.set(id, name);
    }
    return name;
  };
  const inserter = bulkInserter(db, now, businessName);
  const nameOf = (id: number) => stmt<[number], string>(db, 'SELECT name FROM contacts WHERE id = ?').pluck().get(id) ?? 'a contact';

  /** The book's contact as a target of this import (loaded once). */
  const existingTarget = (id: number, line: number, how: Target['how']): Target | null => {
    const known = existing.get(id);
    if (known) return known;
    const contact = getContact(db, id);
    if (!contact) return null;
    const uid = stmt<[number], string | null>(db, 'SELECT uid FROM contacts WHERE id = ?').pluck().get(id) ?? null;
    const fields = contactFieldsOf(contact);
    const target: Target = { existingId: id, id, fields, company: '', uid, storedUid: uid, line, how };
    existing.set(id, target);
    if (fields.kind === 'business') {
      const key = sortKey(fields.name);
      if (!businesses.has(key)) businesses.set(key, id);
    }
    return target;
  };

  /** A target's fields, read back from the book when they were let go after it was written. */
  const fieldsOf = (target: Target): ContactFields => {
    if (target.fields) return target.fields;
    inserter.flush();
    const contact = target.id === null ? null : getContact(db, target.id);
    if (!contact) throw new Error(`the contact written for line ${target.line} could not be read back`);
    target.fields = contactFieldsOf(contact);
    return target.fields;
  };

  /** A target's fields changed after it was planned: a new contact already written is written again. */
  const changed = (target: Target) => {
    if (target.existingId === null && target.id !== null) rewrite.add(target);
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
      const inBook = book.email(key);
      if (inBook !== undefined) return { inFile: null, inBook, what: `email (${e.value})` };
    }
    for (const p of fields.phones) {
      const key = phoneKey(p.value);
      if (!key) continue;
      const inFile = byPhone.get(key);
      if (inFile) return { inFile, inBook: null, what: `phone (${p.value})` };
      const inBook = book.phone(key);
      if (inBook !== undefined) return { inFile: null, inBook, what: `phone (${p.value})` };
    }
    return null;
  };

  /** What a checked row does: a new contact (returned, to write), a change to another, or a skip. */
  const plan = (row: CheckedRow): Target | null => {
    const { fields, uid, line } = row;
    const name = fields.name;
    if (uid) {
      const seen = byUid.get(uid);
      if (seen) {
        skips.push({ line, name, reason: `Same UID as the card on line ${seen.line}` });
        return null;
      }
      const holder = book.uid(uid);
      if (holder) {
        if (holder.deleted_at !== null) {
          skips.push({ line, name, reason: `This card is ${holder.name}, who is in the trash: restore them first, then import again` });
          return null;
        }
        const target = existingTarget(holder.id, line, 'updated');
        if (!target) {
          skips.push({ line, name, reason: 'The contact with this UID could not be read' });
          return null;
        }
        const next = updateFromCard(fieldsOf(target), fields);
        const check = contactFieldsSchema.safeParse(next);
        if (!check.success) {
          skips.push({ line, name, reason: reasonOf(check.error, next as unknown as Record<string, unknown>) });
          return null;
        }
        target.fields = check.data;
        if (row.company) target.company = row.company;
        target.how = 'updated';
        byUid.set(uid, target);
        remember(target, target.fields);
        updated++;
        return null;
      }
    }

    const dup = policy === 'add' ? null : duplicateOf(fields);
    if (dup && policy === 'skip') {
      const reason = dup.inFile
        ? `Same ${dup.what} as line ${dup.inFile.line}`
        : `Same ${dup.what} as ${dup.inBook !== null ? nameOf(dup.inBook) : 'a contact'}, already in the book`;
      skips.push({ line, name, reason });
      return null;
    }
    if (dup) {
      const target = dup.inFile ?? (dup.inBook !== null ? existingTarget(dup.inBook, line, 'merged') : null);
      if (target) {
        const base = fieldsOf(target);
        const next = mergeFields(base, fields);
        const check = contactFieldsSchema.safeParse(next);
        if (!check.success) {
          skips.push({ line, name, reason: `Merging into ${base.name}: ${reasonOf(check.error, next as unknown as Record<string, unknown>)}` });
          return null;
        }
        target.fields = check.data;
        if (!target.company) target.company = row.company;
        if (uid && !target.uid) target.uid = uid;
        changed(target);
        remember(target, target.fields);
        merged++;
        return null;
      }
    }
    const target: Target = { existingId: null, id: null, fields, company: row.company, uid, storedUid: null, line, how: 'added' };
    remember(target, fields);
    added++;
    return target;
  };

  /** The business a company name links to: the file's or the book's of that name, or a new one. */
  const businessFor = (company: string): number | null => {
    const name = company.trim().slice(0, 200);
    const key = sortKey(name);
    if (!key) return null;
    let id = businesses.get(key) ?? book.business(key);
    if (id === undefined) {
      id = inserter.insert(contactFieldsSchema.parse({ kind: 'business', name }), null);
      businessNames.set(id, name);
      madeFromCompany.add(id);
      businessesAdded++;
    }
    businesses.set(key, id);
    return id;
  };

  /** Links a person to the business their company names, where the row says so. */
  const linkCompany = (target: Target) => {
    const fields = fieldsOf(target);
    if (fields.kind === 'business' || !target.company) return;
    if (fields.businessId === null || target.how === 'updated') target.fields = { ...fields, businessId: businessFor(target.company) };
  };

  const writeNew = (target: Target) => {
    const fields = fieldsOf(target);
    if (fields.kind === 'business') {
      const key = sortKey(fields.name);
      const made = businesses.get(key);
      if (made !== undefined && madeFromCompany.has(made)) {
        // People before this row named this business: it becomes theirs, with this row's fields.
        madeFromCompany.delete(made);
        businessesAdded--;
        target.id = made;
        businessNames.set(made, fields.name);
        rewrite.add(target);
        return;
      }
      target.id = inserter.insert(fields, target.uid);
      businessNames.set(target.id, fields.name);
      if (!businesses.has(key)) businesses.set(key, target.id);
      return;
    }
    linkCompany(target);
    target.id = inserter.insert(fieldsOf(target), target.uid);
  };

  // 1. Plan and write, chunk by chunk: each chunk's businesses first, so its people can be linked.
  const setUid = stmt<[string, number]>(db, 'UPDATE contacts SET uid = ? WHERE id = ?');
  let done = 0;
  for (const chunk of source.chunks) {
    for (const skip of chunk.skips) skips.push(skip);
    const fresh: Target[] = [];
    for (const row of chunk.rows) {
      const target = plan(row);
      if (target) fresh.push(target);
    }
    const isBusiness = (target: Target) => fieldsOf(target).kind === 'business';
    for (const target of fresh) if (isBusiness(target)) writeNew(target);
    for (const target of fresh) if (!isBusiness(target)) writeNew(target);
    // Written: what a later row may need of them is read back from the book.
    for (const target of fresh) if (!rewrite.has(target)) target.fields = null;
    done += chunk.rows.length + chunk.skips.length;
    progress(done, total, 'Importing contacts');
  }
  inserter.flush();

  // 2. The book's contacts this import changed, and new ones a later row changed.
  const rewriteRow = (id: number, target: Target) => {
    const fields = fieldsOf(target);
    updateContactRow(db, id, fields, now);
    if (target.uid && target.uid !== target.storedUid) setUid.run(target.uid, id);
    if (fields.kind === 'business') {
      for (const member of stmt<[number], number>(db, 'SELECT id FROM contacts WHERE business_id = ?').pluck().all(id)) touched.add(member);
    }
    touched.add(id);
  };
  for (const target of existing.values()) if (fieldsOf(target).kind === 'business') rewriteRow(target.existingId as number, target);
  for (const target of existing.values()) {
    if (fieldsOf(target).kind === 'business') continue;
    linkCompany(target);
    inserter.flush();
    rewriteRow(target.existingId as number, target);
  }
  for (const target of rewrite) {
    linkCompany(target);
    inserter.flush();
    rewriteRow(target.id as number, target);
  }
  const rowsDone = Math.min(done, total);
  progress(rowsDone, total, 'Building the search index');
  inserter.finish();
  writeFiguresOfNewContacts(db, inserter.firstId, inserter.lastId());

  progress(Math.round((rowsDone + total) / 2), total, 'Building the indexes');
  for (const sql of setAside) db.exec(sql);

  // 3. The search index: new contacts' rows were written with them; the contacts written again get
  //    theirs rewritten, one by one, or in one pass over the whole index when they are many.
  if (touched.size > 1000 && touched.size * 4 > live) rebuildSearch(db);
  else for (const id of touched) refreshSearch(db, id);
  progress(total, total, 'Done');

  skips.sort((a, b) => a.line - b.line);
  return { added, merged, updated, businessesAdded, skips };
}
