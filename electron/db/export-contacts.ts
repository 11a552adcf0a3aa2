import { createHash } from 'node:crypto';
import type { AddressEntry, Birthday, ContactExportFilter, ContactKind, EmailEntry, PhoneEntry, Stage } from '../../shared/contract/index';
import { contactExportFilterSchema } from '../../shared/contract/index';
import { stmt, type ReadableDB } from './connection';
import { listContacts } from './contacts';

/** One contact with everything an export writes, read in bulk. */
export interface ExportContact {
  id: number;
  uid: string;
  kind: ContactKind;
  name: string;
  company: string;
  jobTitle: string;
  stage: Stage;
  source: string;
  birthday: Birthday | null;
  cadenceDays: number | null;
  notes: string;
  emails: EmailEntry[];
  phones: PhoneEntry[];
  addresses: AddressEntry[];
  tags: string[];
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
  figures: {
    minutes: number;
    invested: number;
    totalReturn: number;
    ror: number | null;
    returnPerHour: number | null;
    lastInteractionAt: number | null;
  } | null;
}

/**
 * A contact's vCard UID when it has none of its own (an imported card's UID lives in
 * `contacts.uid`, migration 005): a name-based UUID (RFC 9562 version 5, SHA-1) of the contact's
 * id and creation instant. Both survive the book's JSON export and import exactly, so exporting
 * the same book again gives the same UID (a phone's address book updates the card instead of
 * adding a second), and contact #12 of another book, made at another millisecond, differs.
 */
export function derivedUid(id: number, createdAt: number): string {
  const bytes = createHash('sha1').update(`rapport.contact:${id}:${createdAt}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Every contact the list shows under this filter and sort, as ids in the list's order (no paging). */
export function idsForFilter(db: ReadableDB, filter: ContactExportFilter, now: number): number[] {
  const f = contactExportFilterSchema.parse(filter);
  const { rows } = listContacts(db, { ...f, now, offset: 0, limit: Number.MAX_SAFE_INTEGER });
  return rows.map((r) => r.id);
}

/** How many contacts an export reads at a time: the heap holds one chunk, not the whole book. */
export const EXPORT_CHUNK = 5000;

/** Calls `fn` with the contacts of `ids` a chunk at a time, in order. */
export function forEachExportChunk(db: ReadableDB, ids: readonly number[], fn: (contacts: ExportContact[], done: number) => void): void {
  for (let i = 0; i < ids.length; i += EXPORT_CHUNK) {
    const chunk = ids.slice(i, i + EXPORT_CHUNK);
    fn(loadExportContacts(db, chunk), i + chunk.length);
  }
}

/** Every live contact, by name. */
export function allLiveIds(db: ReadableDB): number[] {
  return stmt<[], number>(db, 'SELECT id FROM contacts INDEXED BY contacts_by_name WHERE deleted_at IS NULL ORDER BY sort_name, id').pluck().all();
}

interface ContactExportRow {
  id: number;
  uid: string | null;
  kind: ContactKind;
  name: string;
  company: string | null;
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
  f_id: number | null;
  f_minutes: number | null;
  f_invested: number | null;
  f_return: number | null;
  f_ror: number | null;
  f_rph: number | null;
  f_last: number | null;
}

/**
 * The contacts of `ids`, in that order, with their emails, phones, addresses, tags and figures.
 * Each table is read once for all of them (the ids go in as one JSON array), so 100,000 contacts
 * cost five joins, not half a million statements. Unknown ids are skipped.
 */
export function loadExportContacts(db: ReadableDB, ids: readonly number[]): ExportContact[] {
  if (ids.length === 0) return [];
  const json = JSON.stringify(ids);
  const rows = stmt<[string], ContactExportRow & { pos: number }>(
    db,
    `SELECT j.key AS pos, c.id, c.uid, c.kind, c.name, b.name AS company, c.job_title, c.stage, c.source,
            c.birthday_year, c.birthday_month, c.birthday_day, c.cadence_days, c.notes, c.created_at, c.updated_at, c.deleted_at,
            f.contact_id AS f_id, f.minutes AS f_minutes, f.invested AS f_invested, f.total_return AS f_return, f.ror AS f_ror,
            f.return_per_hour AS f_rph, f.last_interaction_at AS f_last
       FROM json_each(?) j
       JOIN contacts c ON c.id = j.value
       LEFT JOIN contacts b ON b.id = c.business_id AND b.deleted_at IS NULL
       LEFT JOIN contact_figures f ON f.contact_id = c.id
      ORDER BY j.key`,
  ).all(json);
  const byId = new Map<number, ExportContact>();
  const out: ExportContact[] = [];
  for (const r of rows) {
    if (byId.has(r.id)) continue;
    const contact: ExportContact = {
      id: r.id,
      uid: r.uid ?? derivedUid(r.id, r.created_at),
      kind: r.kind,
      name: r.name,
      company: r.company ?? '',
      jobTitle: r.job_title,
      stage: r.stage,
      source: r.source,
      birthday:
        r.birthday_month !== null && r.birthday_day !== null ? { year: r.birthday_year, month: r.birthday_month, day: r.birthday_day } : null,
      cadenceDays: r.cadence_days,
      notes: r.notes,
      emails: [],
      phones: [],
      addresses: [],
      tags: [],
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      deletedAt: r.deleted_at,
      figures:
        r.f_id === null
          ? null
          : {
              minutes: r.f_minutes ?? 0,
              invested: r.f_invested ?? 0,
              totalReturn: r.f_return ?? 0,
              ror: r.f_ror,
              returnPerHour: r.f_rph,
              lastInteractionAt: r.f_last,
            },
    };
    byId.set(r.id, contact);
    out.push(contact);
  }
  // A long list reads each child table whole, in index order (twice as fast as probing it per id
  // at 100,000 contacts); a short one probes it for its ids.
  const whole = ids.length > 20_000;
  const where = whole ? '' : 'WHERE contact_id IN (SELECT DISTINCT value FROM json_each(?))';
  const args = whole ? [] : [json];
  const emails = stmt<string[], [number, string, string]>(db, `SELECT contact_id, label, value FROM contact_emails ${where} ORDER BY contact_id, position`).raw().all(...args);
  for (const [id, label, value] of emails) byId.get(id)?.emails.push({ label, value });
  const phones = stmt<string[], [number, string, string]>(db, `SELECT contact_id, label, value FROM contact_phones ${where} ORDER BY contact_id, position`).raw().all(...args);
  for (const [id, label, value] of phones) byId.get(id)?.phones.push({ label, value });
  const addresses = stmt<string[], [number, string, string, string, string, string, string]>(
    db,
    `SELECT contact_id, label, street, city, region, postal_code, country FROM contact_addresses ${where} ORDER BY contact_id, position`,
  ).raw().all(...args);
  for (const [id, label, street, city, region, postalCode, country] of addresses) byId.get(id)?.addresses.push({ label, street, city, region, postalCode, country });
  const tags = stmt<string[], [number, string]>(
    db,
    `SELECT ct.contact_id, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id ${where.replace('contact_id', 'ct.contact_id')} ORDER BY ct.contact_id, t.name_key`,
  ).raw().all(...args);
  for (const [id, name] of tags) byId.get(id)?.tags.push(name);
  return out;
}
