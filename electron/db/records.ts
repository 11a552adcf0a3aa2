import type {
  ContactNote,
  FollowUp,
  Interaction,
  NpsAnswer,
  Purchase,
  TimelineItem,
  TimelineKind,
} from '../../shared/contract/index';
import { stmt, type ReadableDB, type WritableDB } from './connection';
import { dueAtOf, findFollowUpRow, toFollowUp } from './follow-ups';
import { getReferral } from './referrals';
import { getTimeEntry } from './time';

const withFunctions = new WeakSet<ReadableDB>();
/** SQL cannot do local time zones well; the timeline's sort key for a follow-up comes from JS. */
function ensureFunctions(db: ReadableDB): void {
  if (withFunctions.has(db)) return;
  db.function('rapport_local_instant', { deterministic: true }, (date: unknown, time: unknown) =>
    typeof date === 'string' ? dueAtOf(date, typeof time === 'string' ? time : null) : null,
  );
  withFunctions.add(db);
}

// ---------------------------------------------------------------- row shapes and mappers

interface InteractionRow {
  id: number;
  contact_id: number;
  channel: Interaction['channel'];
  network: string;
  direction: Interaction['direction'];
  occurred_at: number;
  minutes: number;
  cost: number;
  sentiment: Interaction['sentiment'];
  note: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}
const mapInteraction = (r: InteractionRow): Interaction => ({
  id: r.id,
  contactId: r.contact_id,
  channel: r.channel,
  network: r.network,
  direction: r.direction,
  occurredAt: r.occurred_at,
  minutes: r.minutes,
  cost: r.cost,
  sentiment: r.sentiment,
  note: r.note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

interface PurchaseRow {
  id: number;
  contact_id: number;
  occurred_at: number;
  amount: number;
  description: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}
const mapPurchase = (r: PurchaseRow): Purchase => ({
  id: r.id,
  contactId: r.contact_id,
  occurredAt: r.occurred_at,
  amount: r.amount,
  description: r.description,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

interface NoteRow {
  id: number;
  contact_id: number;
  body: string;
  noted_at: number;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}
const mapNote = (r: NoteRow): ContactNote => ({
  id: r.id,
  contactId: r.contact_id,
  body: r.body,
  notedAt: r.noted_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

interface NpsRow {
  id: number;
  contact_id: number;
  score: number;
  answered_at: number;
  note: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}
const mapNps = (r: NpsRow): NpsAnswer => ({
  id: r.id,
  contactId: r.contact_id,
  score: r.score,
  answeredAt: r.answered_at,
  note: r.note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

// ---------------------------------------------------------------- reads by id

export function getInteraction(db: ReadableDB, id: number): Interaction | null {
  const row = stmt<[number], InteractionRow>(db, 'SELECT * FROM interactions WHERE id = ?').get(id);
  return row ? mapInteraction(row) : null;
}
export function getPurchase(db: ReadableDB, id: number): Purchase | null {
  const row = stmt<[number], PurchaseRow>(db, 'SELECT * FROM purchases WHERE id = ?').get(id);
  return row ? mapPurchase(row) : null;
}
export function getNote(db: ReadableDB, id: number): ContactNote | null {
  const row = stmt<[number], NoteRow>(db, 'SELECT * FROM contact_notes WHERE id = ?').get(id);
  return row ? mapNote(row) : null;
}
export function getNps(db: ReadableDB, id: number): NpsAnswer | null {
  const row = stmt<[number], NpsRow>(db, 'SELECT * FROM nps_answers WHERE id = ?').get(id);
  return row ? mapNps(row) : null;
}
/** A follow-up as the Follow-ups screen sees it (same bucket rules, snoozes included). */
function getFollowUp(db: ReadableDB, id: number, now: number): FollowUp | null {
  const row = findFollowUpRow(db, id);
  return row ? toFollowUp(row, now) : null;
}

// ---------------------------------------------------------------- writes

export interface InteractionFields {
  contactId: number;
  channel: Interaction['channel'];
  network: string;
  direction: Interaction['direction'];
  occurredAt: number;
  minutes: number;
  cost: number;
  sentiment: Interaction['sentiment'];
  note: string;
}
export function insertInteraction(db: WritableDB, f: InteractionFields, now: number): number {
  const info = stmt(
    db,
    `INSERT INTO interactions (contact_id, channel, network, direction, occurred_at, minutes, cost, sentiment, note, created_at, updated_at)
     VALUES (@contactId, @channel, @network, @direction, @occurredAt, @minutes, @cost, @sentiment, @note, @now, @now)`,
  ).run({ ...f, now });
  return Number(info.lastInsertRowid);
}
export function updateInteraction(db: WritableDB, id: number, f: InteractionFields, now: number): void {
  stmt(
    db,
    `UPDATE interactions SET contact_id = @contactId, channel = @channel, network = @network, direction = @direction,
            occurred_at = @occurredAt, minutes = @minutes, cost = @cost, sentiment = @sentiment, note = @note, updated_at = @now
      WHERE id = @id`,
  ).run({ ...f, id, now });
}

export interface PurchaseFields {
  contactId: number;
  occurredAt: number;
  amount: number;
  description: string;
}
export function insertPurchase(db: WritableDB, f: PurchaseFields, now: number): number {
  const info = stmt(
    db,
    `INSERT INTO purchases (contact_id, occurred_at, amount, description, created_at, updated_at)
     VALUES (@contactId, @occurredAt, @amount, @description, @now, @now)`,
  ).run({ ...f, now });
  return Number(info.lastInsertRowid);
}
export function updatePurchase(db: WritableDB, id: number, f: PurchaseFields, now: number): void {
  stmt(
    db,
    `UPDATE purchases SET contact_id = @contactId, occurred_at = @occurredAt, amount = @amount, description = @description, updated_at = @now
      WHERE id = @id`,
  ).run({ ...f, id, now });
}

export interface NoteFields {
  contactId: number;
  body: string;
  notedAt: number;
}
export function insertNote(db: WritableDB, f: NoteFields, now: number): number {
  const info = stmt(
    db,
    `INSERT INTO contact_notes (contact_id, body, noted_at, created_at, updated_at) VALUES (@contactId, @body, @notedAt, @now, @now)`,
  ).run({ ...f, now });
  return Number(info.lastInsertRowid);
}
export function updateNote(db: WritableDB, id: number, f: NoteFields, now: number): void {
  stmt(db, 'UPDATE contact_notes SET contact_id = @contactId, body = @body, noted_at = @notedAt, updated_at = @now WHERE id = @id').run({
    ...f,
    id,
    now,
  });
}

export interface NpsFields {
  contactId: number;
  score: number;
  answeredAt: number;
  note: string;
}
export function insertNps(db: WritableDB, f: NpsFields, now: number): number {
  const info = stmt(
    db,
    `INSERT INTO nps_answers (contact_id, score, answered_at, note, created_at, updated_at) VALUES (@contactId, @score, @answeredAt, @note, @now, @now)`,
  ).run({ ...f, now });
  return Number(info.lastInsertRowid);
}
export function updateNps(db: WritableDB, id: number, f: NpsFields, now: number): void {
  stmt(db, 'UPDATE nps_answers SET contact_id = @contactId, score = @score, answered_at = @answeredAt, note = @note, updated_at = @now WHERE id = @id').run({
    ...f,
    id,
    now,
  });
}

/** The tables of the records this module owns; never built from input. */
export type OwnTable = 'interactions' | 'purchases' | 'contact_notes' | 'nps_answers';
export function setRecordDeletedAt(db: WritableDB, table: OwnTable, id: number, deletedAt: number | null, now: number): void {
  stmt(db, `UPDATE ${table} SET deleted_at = ?, updated_at = ? WHERE id = ?`).run(deletedAt, now, id);
}

// ---------------------------------------------------------------- the timeline

/**
 * One contact's live records of every kind. Each branch reads its table through the per-contact
 * index; only (kind, id, at) are sorted, then the page's records are read by id.
 */
const TIMELINE_UNION = `
  SELECT 'interaction' AS kind, id, occurred_at AS at FROM interactions WHERE contact_id = @contactId AND deleted_at IS NULL
  UNION ALL
  SELECT 'purchase', id, occurred_at FROM purchases WHERE contact_id = @contactId AND deleted_at IS NULL
  UNION ALL
  SELECT 'note', id, noted_at FROM contact_notes WHERE contact_id = @contactId AND deleted_at IS NULL
  UNION ALL
  SELECT 'time', id, started_at FROM time_entries WHERE contact_id = @contactId AND deleted_at IS NULL
  UNION ALL
  SELECT 'followUp', id, coalesce(done_at, rapport_local_instant(due_date, due_time)) FROM follow_ups WHERE contact_id = @contactId AND deleted_at IS NULL
  UNION ALL
  SELECT 'referralMade', id, referred_at FROM referrals WHERE referrer_id = @contactId AND deleted_at IS NULL
  UNION ALL
  SELECT 'referralReceived', id, referred_at FROM referrals WHERE referred_id = @contactId AND deleted_at IS NULL
  UNION ALL
  SELECT 'nps', id, answered_at FROM nps_answers WHERE contact_id = @contactId AND deleted_at IS NULL`;

export interface TimelineRows {
  total: number;
  items: TimelineItem[];
  lastInteractionAt: number | null;
}

export function contactTimeline(db: ReadableDB, contactId: number, offset: number, limit: number, now: number): TimelineRows {
  ensureFunctions(db);
  const total = stmt<[{ contactId: number }], { n: number }>(db, `SELECT count(*) AS n FROM (${TIMELINE_UNION})`).get({ contactId })?.n ?? 0;
  const keys = stmt<[{ contactId: number; offset: number; limit: number }], { kind: TimelineKind; id: number; at: number }>(
    db,
    `${TIMELINE_UNION} ORDER BY at DESC, kind, id DESC LIMIT @limit OFFSET @offset`,
  ).all({ contactId, offset, limit });
  const items: TimelineItem[] = [];
  for (const { kind, id, at } of keys) {
    const item = timelineItem(db, kind, id, at, now);
    if (item) items.push(item);
  }
  const lastInteractionAt =
    stmt<[number], { at: number | null }>(db, 'SELECT max(occurred_at) AS at FROM interactions WHERE contact_id = ? AND deleted_at IS NULL').get(contactId)?.at ??
    null;
  return { total, items, lastInteractionAt };
}

function timelineItem(db: ReadableDB, kind: TimelineKind, id: number, at: number, now: number): TimelineItem | null {
  switch (kind) {
    case 'interaction': {
      const record = getInteraction(db, id);
      return record && { kind, at, record };
    }
    case 'purchase': {
      const record = getPurchase(db, id);
      return record && { kind, at, record };
    }
    case 'note': {
      const record = getNote(db, id);
      return record && { kind, at, record };
    }
    case 'nps': {
      const record = getNps(db, id);
      return record && { kind, at, record };
    }
    case 'time': {
      const record = getTimeEntry(db, id);
      return record && { kind, at, record };
    }
    case 'followUp': {
      const record = getFollowUp(db, id, now);
      return record && { kind, at, record };
    }
    case 'referralMade':
    case 'referralReceived': {
      const record = getReferral(db, id);
      return record && { kind, at, record };
    }
  }
}
