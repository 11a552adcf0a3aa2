import { ApiFailure, contactFieldsSchema, type Referral } from '../../shared/contract/index';
import { stmt, type WritableDB } from '../db/connection';
import { findContactRow, insertContact, refreshSearch } from '../db/contacts';
import {
  getReferral,
  insertReferral,
  listReferrals,
  REFERRAL_SELECT,
  referralTree,
  referrerOf,
  setReferralDeletedAt,
  updateReferralRow,
  wouldLoop,
  type ReferralColumns,
  type ReferralDbRow,
} from '../db/referrals';
import type { ApiContext } from './context';
import type { HandlerTable } from './registry';

function findRow(db: WritableDB, id: number): ReferralDbRow {
  const row = stmt<[number], ReferralDbRow>(db, `${REFERRAL_SELECT} WHERE r.id = ?`).get(id);
  if (!row) throw ApiFailure.notFound(`There is no referral with id ${id}`);
  return row;
}

function mustBeLive(db: WritableDB, id: number): ReferralDbRow {
  const row = findRow(db, id);
  if (row.deleted_at !== null) throw new ApiFailure({ code: 'conflict', message: 'That referral is in the trash; restore it first' });
  return row;
}

function liveContactName(db: WritableDB, id: number): string | null {
  const row = findContactRow(db, id);
  return row && row.deleted_at === null ? row.name : null;
}

/**
 * The forest's rules, as field errors: a live referrer, a live referred contact, nobody refers
 * themself, one referrer per contact, no loops. The one-referrer rule and the loop walk look at every
 * referral not in the trash, even one whose contacts are in the trash: a trashed contact's referrals
 * stop counting (tree, list, figures) but keep their place, so restoring a contact can never break
 * the forest. `referredField` names the input field that chose the referred contact.
 */
function checkReferral(db: WritableDB, c: ReferralColumns, selfId: number | null, referredField = 'referredId'): void {
  const referrer = liveContactName(db, c.referrerId);
  if (referrer === null) throw ApiFailure.invalid('referrerId', 'That contact does not exist (or is in the trash)');
  if (c.referredId === null) {
    if (c.referredName === '') throw ApiFailure.invalid('referredName', 'Choose who was referred, or type their name');
    if (c.status === 'converted') {
      throw ApiFailure.invalid('status', 'A converted referral needs its contact: pick them from your contacts, or keep it pending and use Convert');
    }
    return;
  }
  if (c.referredId === c.referrerId) throw ApiFailure.invalid(referredField, 'Someone cannot refer themself');
  const referred = liveContactName(db, c.referredId);
  if (referred === null) throw ApiFailure.invalid(referredField, 'That contact does not exist (or is in the trash)');
  const other = referrerOf(db, c.referredId, selfId);
  if (other) {
    throw ApiFailure.invalid(
      referredField,
      other.referrer_trashed
        ? `${referred} was already referred by ${other.referrer_name}, who is in the trash`
        : `${referred} was already referred by ${other.referrer_name}`,
    );
  }
  if (wouldLoop(db, c.referrerId, c.referredId, selfId)) {
    throw ApiFailure.invalid(referredField, `That would make a loop: ${referred} already brought ${referrer} (directly or through others)`);
  }
}

function columnsOf(row: ReferralDbRow): ReferralColumns {
  return {
    referrerId: row.referrer_id,
    referredId: row.referred_id,
    referredName: row.referred_name,
    referredAt: row.referred_at,
    status: row.status,
    thankedAt: row.thanked_at,
    notes: row.notes,
  };
}

function thankedAt(thanked: boolean | undefined, current: number | null, now: number): number | null {
  if (thanked === undefined) return current;
  return thanked ? (current ?? now) : null;
}

function result(db: WritableDB, id: number): Referral {
  const referral = getReferral(db, id);
  if (!referral) throw ApiFailure.notFound(`There is no referral with id ${id}`);
  return referral;
}

function changed(ctx: ApiContext): void {
  ctx.emit('changed', { area: 'referrals' });
}

export const referralHandlers: Pick<
  HandlerTable,
  | 'referrals.create'
  | 'referrals.update'
  | 'referrals.delete'
  | 'referrals.restore'
  | 'referrals.convert'
  | 'referrals.list'
  | 'referrals.tree'
> = {
  'referrals.create': (input, ctx) => {
    const { db } = ctx;
    const id = db.transaction(() => {
      const c: ReferralColumns = {
        referrerId: input.referrerId,
        referredId: input.referredId,
        referredName: input.referredName,
        referredAt: input.referredAt,
        status: input.status,
        thankedAt: input.thanked ? ctx.now() : null,
        notes: input.notes,
      };
      checkReferral(db, c, null);
      return insertReferral(db, c, ctx.now());
    })();
    changed(ctx);
    return result(db, id);
  },

  'referrals.update': ({ id, thanked, ...patch }, ctx) => {
    const { db } = ctx;
    db.transaction(() => {
      const current = columnsOf(mustBeLive(db, id));
      const c: ReferralColumns = {
        referrerId: patch.referrerId ?? current.referrerId,
        referredId: patch.referredId !== undefined ? patch.referredId : current.referredId,
        referredName: patch.referredName ?? current.referredName,
        referredAt: patch.referredAt ?? current.referredAt,
        status: patch.status ?? current.status,
        thankedAt: thankedAt(thanked, current.thankedAt, ctx.now()),
        notes: patch.notes ?? current.notes,
      };
      checkReferral(db, c, id);
      updateReferralRow(db, id, c, ctx.now());
    })();
    changed(ctx);
    return result(db, id);
  },

  'referrals.delete': ({ id }, ctx) => {
    const { db } = ctx;
    const moved = db.transaction(() => {
      const row = findRow(db, id);
      if (row.deleted_at !== null) return false;
      setReferralDeletedAt(db, id, ctx.now(), ctx.now());
      return true;
    })();
    if (moved) changed(ctx);
    return result(db, id);
  },

  'referrals.restore': ({ id }, ctx) => {
    const { db } = ctx;
    const restored = db.transaction(() => {
      const row = findRow(db, id);
      if (row.deleted_at === null) return false;
      if (row.referred_id !== null) {
        const referred = row.referred_contact_name ?? row.referred_name;
        const other = referrerOf(db, row.referred_id, id);
        if (other) {
          throw new ApiFailure({
            code: 'conflict',
            message: `${referred} has been referred by ${other.referrer_name} since; a contact has one referrer, so this referral cannot come back`,
          });
        }
        if (wouldLoop(db, row.referrer_id, row.referred_id, id)) {
          throw new ApiFailure({
            code: 'conflict',
            message: `Bringing this referral back would make a loop: ${referred} has since brought ${row.referrer_name} (directly or through others)`,
          });
        }
      }
      setReferralDeletedAt(db, id, null, ctx.now());
      return true;
    })();
    if (restored) changed(ctx);
    return result(db, id);
  },

  'referrals.convert': ({ id, contactId }, ctx) => {
    const { db } = ctx;
    let createdContact = false;
    db.transaction(() => {
      const row = mustBeLive(db, id);
      if (row.status !== 'pending') {
        throw new ApiFailure({ code: 'conflict', message: `Only a pending referral can be converted; this one is ${row.status}` });
      }
      const current = columnsOf(row);
      let referredId = contactId ?? current.referredId;
      if (referredId === null) {
        // Check the referrer first, so that a refusal creates nothing.
        checkReferral(db, { ...current, status: 'pending' }, id, 'contactId');
        const fields = contactFieldsSchema.safeParse({ kind: 'person', name: current.referredName, source: 'referral', stage: 'customer' });
        if (!fields.success) throw ApiFailure.invalid('contactId', 'This referral has no usable name: pick a contact to link instead');
        referredId = insertContact(db, fields.data, ctx.now());
        refreshSearch(db, referredId);
        createdContact = true;
      }
      const c: ReferralColumns = { ...current, referredId, status: 'converted' };
      checkReferral(db, c, id, 'contactId');
      updateReferralRow(db, id, c, ctx.now());
    })();
    if (createdContact) ctx.emit('changed', { area: 'contacts' });
    changed(ctx);
    return result(db, id);
  },

  'referrals.list': (input, { db }) => listReferrals(db, input),

  'referrals.tree': ({ id }, { db }) => {
    const contact = findContactRow(db, id);
    if (!contact) throw ApiFailure.notFound(`There is no contact with id ${id}`);
    return referralTree(db, id, contact.name);
  },
};
