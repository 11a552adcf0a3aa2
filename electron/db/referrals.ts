import type { Referral, ReferralTree, ReferralTreeNode } from '../../shared/contract/index';
import { stmt, type ReadableDB, type WritableDB } from './connection';

/** A referrals row joined with both contacts' names (the mapper's input). */
export interface ReferralDbRow {
  id: number;
  referrer_id: number;
  referrer_name: string;
  referred_id: number | null;
  referred_name: string;
  /** The referred contact's name when linked (null otherwise). */
  referred_contact_name: string | null;
  referred_at: number;
  status: Referral['status'];
  thanked_at: number | null;
  notes: string;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

/**
 * The SELECT that every reader of referrals starts from (alias `r`; `rc` is the referrer, `dc` the
 * referred contact): add a WHERE and an ORDER, then map each row with `toReferral`.
 */
export const REFERRAL_SELECT = `SELECT r.id, r.referrer_id, rc.name AS referrer_name, r.referred_id, r.referred_name,
       dc.name AS referred_contact_name, r.referred_at, r.status, r.thanked_at, r.notes,
       r.created_at, r.updated_at, r.deleted_at
  FROM referrals r
  JOIN contacts rc ON rc.id = r.referrer_id
  LEFT JOIN contacts dc ON dc.id = r.referred_id`;

/**
 * Where a referral counts: itself not in the trash and no contact it names in the trash (a trashed
 * contact counts as if it did not exist, with every referral that names it).
 */
export const REFERRAL_COUNTS = `r.deleted_at IS NULL AND rc.deleted_at IS NULL AND (r.referred_id IS NULL OR dc.deleted_at IS NULL)`;

/** Maps a row of `REFERRAL_SELECT` to the contract's Referral. */
export function toReferral(row: ReferralDbRow): Referral {
  return {
    id: row.id,
    referrerId: row.referrer_id,
    referrerName: row.referrer_name,
    referredId: row.referred_id,
    referredName: row.referred_contact_name ?? row.referred_name,
    referredAt: row.referred_at,
    status: row.status,
    thanked: row.thanked_at !== null,
    thankedAt: row.thanked_at,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

export function getReferral(db: ReadableDB, id: number): Referral | null {
  const row = stmt<[number], ReferralDbRow>(db, `${REFERRAL_SELECT} WHERE r.id = ?`).get(id);
  return row ? toReferral(row) : null;
}

/** The stored columns of one referral, as written. */
export interface ReferralColumns {
  referrerId: number;
  referredId: number | null;
  referredName: string;
  referredAt: number;
  status: Referral['status'];
  thankedAt: number | null;
  notes: string;
}

export function insertReferral(db: WritableDB, c: ReferralColumns, now: number): number {
  const info = stmt(
    db,
    `INSERT INTO referrals (referrer_id, referred_id, referred_name, referred_at, status, thanked_at, notes, created_at, updated_at)
     VALUES (@referrerId, @referredId, @referredName, @referredAt, @status, @thankedAt, @notes, @now, @now)`,
  ).run({ ...c, now });
  return Number(info.lastInsertRowid);
}

export function updateReferralRow(db: WritableDB, id: number, c: ReferralColumns, now: number): void {
  stmt(
    db,
    `UPDATE referrals SET referrer_id = @referrerId, referred_id = @referredId, referred_name = @referredName,
            referred_at = @referredAt, status = @status, thanked_at = @thankedAt, notes = @notes, updated_at = @now
      WHERE id = @id`,
  ).run({ ...c, now, id });
}

export function setReferralDeletedAt(db: WritableDB, id: number, deletedAt: number | null, now: number): void {
  stmt(db, 'UPDATE referrals SET deleted_at = ?, updated_at = ? WHERE id = ?').run(deletedAt, now, id);
}

/**
 * The referral that holds a contact's one-referrer place: any referral not in the trash that names
 * it, even when its referrer is in the trash (so that restoring a contact never breaks the forest).
 */
export function referrerOf(
  db: ReadableDB,
  referredId: number,
  exceptReferralId: number | null,
): { id: number; referrer_id: number; referrer_name: string; referrer_trashed: number } | undefined {
  return stmt<[number, number], { id: number; referrer_id: number; referrer_name: string; referrer_trashed: number }>(
    db,
    `SELECT r.id, r.referrer_id, c.name AS referrer_name, c.deleted_at IS NOT NULL AS referrer_trashed
       FROM referrals r JOIN contacts c ON c.id = r.referrer_id
      WHERE r.referred_id = ? AND r.deleted_at IS NULL AND r.id <> ?`,
  ).get(referredId, exceptReferralId ?? 0);
}

/**
 * Would a referral from `referrerId` to `referredId` close a loop? Walks up from the referrer through
 * every referral not in the trash (leaving out the one being edited); the forest keeps this walk
 * short and finite, and the depth cap guards against a damaged file.
 */
export function wouldLoop(db: ReadableDB, referrerId: number, referredId: number, exceptReferralId: number | null): boolean {
  const found = stmt<[number, number, number], { hit: number }>(
    db,
    `WITH RECURSIVE up(id, depth) AS (
       SELECT ?, 0
       UNION
       SELECT r.referrer_id, up.depth + 1
         FROM up JOIN referrals r ON r.referred_id = up.id AND r.deleted_at IS NULL AND r.id <> ?
        WHERE up.depth < 100000
     )
     SELECT 1 AS hit FROM up WHERE id = ? LIMIT 1`,
  ).get(referrerId, exceptReferralId ?? 0, referredId);
  return found !== undefined;
}

export function listReferrals(
  db: ReadableDB,
  o: { status?: Referral['status'] | undefined; offset: number; limit: number },
): { total: number; items: Referral[] } {
  const where = `${REFERRAL_COUNTS} AND (@status IS NULL OR r.status = @status)`;
  const status = { status: o.status ?? null };
  const params = { ...status, offset: o.offset, limit: o.limit };
  const total = stmt<[typeof status], { n: number }>(
    db,
    `SELECT count(*) AS n FROM referrals r JOIN contacts rc ON rc.id = r.referrer_id LEFT JOIN contacts dc ON dc.id = r.referred_id
      WHERE ${where}`,
  ).get(status)!.n;
  const rows = stmt<[typeof params], ReferralDbRow>(
    db,
    `${REFERRAL_SELECT} WHERE ${where} ORDER BY r.referred_at DESC, r.id DESC LIMIT @limit OFFSET @offset`,
  ).all(params);
  return { total, items: rows.map(toReferral) };
}

/** How deep the tree goes below its root. */
export const TREE_DEPTH = 6;

/** One contact's referral tree, over referrals that count (see REFERRAL_COUNTS). */
export function referralTree(db: ReadableDB, contactId: number, rootName: string): ReferralTree {
  const by = stmt<[number], { contact_id: number; name: string; referral_id: number }>(
    db,
    `SELECT r.referrer_id AS contact_id, rc.name, r.id AS referral_id
       FROM referrals r JOIN contacts rc ON rc.id = r.referrer_id LEFT JOIN contacts dc ON dc.id = r.referred_id
      WHERE r.referred_id = ? AND ${REFERRAL_COUNTS}
      ORDER BY r.id LIMIT 1`,
  ).get(contactId);

  // Everyone below the root, level by level, in one recursive query.
  const rows = stmt<[number, number], { parent_id: number; contact_id: number | null; name: string; referral_id: number; status: Referral['status']; thanked: number }>(
    db,
    `WITH RECURSIVE down(parent_id, contact_id, name, referral_id, status, thanked, depth, referred_at) AS (
       SELECT r.referrer_id, r.referred_id, coalesce(dc.name, r.referred_name), r.id, r.status, r.thanked_at IS NOT NULL, 1, r.referred_at
         FROM referrals r JOIN contacts rc ON rc.id = r.referrer_id LEFT JOIN contacts dc ON dc.id = r.referred_id
        WHERE r.referrer_id = ? AND ${REFERRAL_COUNTS}
       UNION
       SELECT r.referrer_id, r.referred_id, coalesce(dc.name, r.referred_name), r.id, r.status, r.thanked_at IS NOT NULL, down.depth + 1, r.referred_at
         FROM down
         JOIN referrals r ON r.referrer_id = down.contact_id
         JOIN contacts rc ON rc.id = r.referrer_id LEFT JOIN contacts dc ON dc.id = r.referred_id
        WHERE down.depth < ? AND ${REFERRAL_COUNTS}
     )
     SELECT parent_id, contact_id, name, referral_id, status, thanked FROM down ORDER BY depth, referred_at, referral_id`,
  ).all(contactId, TREE_DEPTH);

  const root: ReferralTreeNode = { contactId, name: rootName, referralId: null, status: null, thanked: false, children: [] };
  const nodes = new Map<number, ReferralTreeNode>([[contactId, root]]);
  const seen = new Set<number>();
  for (const row of rows) {
    if (seen.has(row.referral_id)) continue;
    seen.add(row.referral_id);
    const parent = nodes.get(row.parent_id);
    if (!parent) continue;
    const node: ReferralTreeNode = {
      contactId: row.contact_id,
      name: row.name,
      referralId: row.referral_id,
      status: row.status,
      thanked: row.thanked === 1,
      children: [],
    };
    parent.children.push(node);
    if (row.contact_id !== null && !nodes.has(row.contact_id)) nodes.set(row.contact_id, node);
  }
  return { referredBy: by ? { contactId: by.contact_id, name: by.name, referralId: by.referral_id } : null, root };
}
