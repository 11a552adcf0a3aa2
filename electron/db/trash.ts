import type { Channel, TrashItem, TrashKind } from '../../shared/contract/index';
import { purgeContact, refreshSearch } from './contacts';
import { stmt, type ReadableDB, type WritableDB } from './connection';

/** The table behind each kind of record (a contact is purged through `purgeContact`). */
export const TRASH_TABLES = {
  interaction: 'interactions',
  purchase: 'purchases',
  note: 'contact_notes',
  timeEntry: 'time_entries',
  followUp: 'follow_ups',
  referral: 'referrals',
  nps: 'nps_answers',
} as const satisfies Record<Exclude<TrashKind, 'contact'>, string>;

/** What a row of the trash carries before it is put into words: two texts and two numbers per kind. */
interface TrashDbRow {
  kind: TrashKind;
  id: number;
  contact_id: number | null;
  contact_name: string | null;
  deleted_at: number;
  t1: string | null;
  t2: string | null;
  n1: number | null;
}

/**
 * Every deleted row of every table, as one list. A record whose contact is itself in the trash is
 * left out: it comes back with its contact (or goes with it). For a referral that is its referrer,
 * and its referred contact when it has one. Time and follow-ups may belong to no contact.
 */
const TRASH_UNION = `
  SELECT 'contact' AS kind, c.id, c.id AS contact_id, c.name AS contact_name, c.deleted_at, c.kind AS t1, NULL AS t2, NULL AS n1
    FROM contacts c WHERE c.deleted_at IS NOT NULL
  UNION ALL
  SELECT 'interaction', r.id, c.id, c.name, r.deleted_at, r.channel, r.network, r.cost
    FROM interactions r JOIN contacts c ON c.id = r.contact_id
   WHERE r.deleted_at IS NOT NULL AND c.deleted_at IS NULL
  UNION ALL
  SELECT 'purchase', r.id, c.id, c.name, r.deleted_at, r.description, NULL, r.amount
    FROM purchases r JOIN contacts c ON c.id = r.contact_id
   WHERE r.deleted_at IS NOT NULL AND c.deleted_at IS NULL
  UNION ALL
  SELECT 'note', r.id, c.id, c.name, r.deleted_at, substr(r.body, 1, 200), NULL, NULL
    FROM contact_notes r JOIN contacts c ON c.id = r.contact_id
   WHERE r.deleted_at IS NOT NULL AND c.deleted_at IS NULL
  UNION ALL
  SELECT 'timeEntry', r.id, c.id, c.name, r.deleted_at, r.activity, NULL, r.minutes
    FROM time_entries r LEFT JOIN contacts c ON c.id = r.contact_id
   WHERE r.deleted_at IS NOT NULL AND (r.contact_id IS NULL OR c.deleted_at IS NULL)
  UNION ALL
  SELECT 'followUp', r.id, c.id, c.name, r.deleted_at, r.title, NULL, NULL
    FROM follow_ups r LEFT JOIN contacts c ON c.id = r.contact_id
   WHERE r.deleted_at IS NOT NULL AND (r.contact_id IS NULL OR c.deleted_at IS NULL)
  UNION ALL
  SELECT 'referral', r.id, c.id, c.name, r.deleted_at, coalesce(d.name, r.referred_name), NULL, NULL
    FROM referrals r JOIN contacts c ON c.id = r.referrer_id LEFT JOIN contacts d ON d.id = r.referred_id
   WHERE r.deleted_at IS NOT NULL AND c.deleted_at IS NULL AND (r.referred_id IS NULL OR d.deleted_at IS NULL)
  UNION ALL
  SELECT 'nps', r.id, c.id, c.name, r.deleted_at, r.note, NULL, r.score
    FROM nps_answers r JOIN contacts c ON c.id = r.contact_id
   WHERE r.deleted_at IS NOT NULL AND c.deleted_at IS NULL`;

const CHANNEL_WORDS: Record<Channel, string> = {
  in_person: 'Meeting in person',
  phone: 'Phone call',
  email: 'Email',
  message: 'Message',
  social: 'Social message',
  event: 'Event',
  video: 'Video call',
  other: 'Interaction',
};

/** At most `max` characters of one line of text, with an ellipsis when cut. */
export function snippet(text: string, max = 60): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

function minutesText(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')} min`;
}

/** The row in words. Money stays out of the label (the UI formats `amount` in the book's currency). */
function toItem(r: TrashDbRow): TrashItem {
  const who = r.contact_name ?? '';
  let label: string;
  let amount: number | null = null;
  switch (r.kind) {
    case 'contact':
      label = who;
      break;
    case 'interaction': {
      const channel = r.t1 as Channel;
      const words = channel === 'social' && r.t2 ? `${r.t2} message` : CHANNEL_WORDS[channel] ?? 'Interaction';
      label = `${words} with ${who}`;
      amount = r.n1 ? r.n1 : null;
      break;
    }
    case 'purchase': {
      const refund = (r.n1 ?? 0) < 0;
      label = `${refund ? 'Refund to' : 'Purchase by'} ${who}${r.t1 ? `: ${snippet(r.t1)}` : ''}`;
      amount = r.n1;
      break;
    }
    case 'note':
      label = `Note on ${who}: ${snippet(r.t1 ?? '')}`;
      break;
    case 'timeEntry':
      label = r.contact_id !== null ? `${minutesText(r.n1 ?? 0)} with ${who}` : `${minutesText(r.n1 ?? 0)} on ${snippet(r.t1 ?? '')}`;
      break;
    case 'followUp':
      label = `Follow-up: ${snippet(r.t1 ?? '')}${r.contact_id !== null ? ` (${who})` : ''}`;
      break;
    case 'referral':
      label = `${who} referred ${r.t1 ?? ''}`;
      break;
    case 'nps':
      label = `NPS ${r.n1 ?? 0} from ${who}`;
      break;
  }
  return { kind: r.kind, id: r.id, label, amount, contactId: r.contact_id, contactName: r.contact_name, deletedAt: r.deleted_at };
}

export function countTrash(db: ReadableDB): number {
  return stmt<[], { n: number }>(db, `SELECT count(*) AS n FROM (${TRASH_UNION})`).get()?.n ?? 0;
}

export function listTrashItems(db: ReadableDB, offset: number, limit: number): { total: number; items: TrashItem[] } {
  const total = countTrash(db);
  if (total === 0 || offset >= total) return { total, items: [] };
  const rows = stmt<[number, number], TrashDbRow>(db, `SELECT * FROM (${TRASH_UNION}) ORDER BY deleted_at DESC, kind, id DESC LIMIT ? OFFSET ?`).all(limit, offset);
  return { total, items: rows.map(toItem) };
}

/** A record of one kind: whether it exists, and whether it is in the trash. */
export function findTrashable(db: ReadableDB, kind: Exclude<TrashKind, 'contact'>, id: number): { deleted_at: number | null } | undefined {
  return stmt<[number], { deleted_at: number | null }>(db, `SELECT deleted_at FROM ${TRASH_TABLES[kind]} WHERE id = ?`).get(id);
}

export function purgeRecord(db: WritableDB, kind: Exclude<TrashKind, 'contact'>, id: number): void {
  stmt(db, `DELETE FROM ${TRASH_TABLES[kind]} WHERE id = ?`).run(id);
}

/**
 * Deletes everything in the trash for good: every deleted record (those of trashed contacts too,
 * which would go with their contact anyway), then every trashed contact with its search row.
 * Returns how many items the trash listed. Run it inside a transaction.
 */
export function emptyTrash(db: WritableDB): { purged: number; contacts: number } {
  const purged = countTrash(db);
  for (const table of Object.values(TRASH_TABLES)) stmt(db, `DELETE FROM ${table} WHERE deleted_at IS NOT NULL`).run();
  const contacts = stmt<[], { id: number }>(db, 'SELECT id FROM contacts WHERE deleted_at IS NOT NULL').all();
  // Live members of a purged business: their search row is refreshed once the link is gone.
  const members = stmt<[], { id: number }>(
    db,
    `SELECT m.id FROM contacts m JOIN contacts b ON b.id = m.business_id
      WHERE b.deleted_at IS NOT NULL AND m.deleted_at IS NULL`,
  ).all();
  for (const { id } of contacts) purgeContact(db, id);
  for (const { id } of members) refreshSearch(db, id);
  return { purged, contacts: contacts.length };
}
