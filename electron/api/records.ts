import { ApiFailure, type ContactNote, type Interaction, type NpsAnswer, type Purchase } from '../../shared/contract/index';
import type { ReadableDB, WritableDB } from '../db/connection';
import { findContactRow } from '../db/contacts';
import {
  contactTimeline,
  getInteraction,
  getNote,
  getNps,
  getPurchase,
  insertInteraction,
  insertNote,
  insertNps,
  insertPurchase,
  setRecordDeletedAt,
  updateInteraction,
  updateNote,
  updateNps,
  updatePurchase,
  type OwnTable,
} from '../db/records';
import type { ApiContext } from './context';
import type { HandlerTable } from './registry';

/** A record refers to a contact that must exist and be live; otherwise the form marks its field. */
function checkLiveContact(db: ReadableDB, contactId: number): void {
  const contact = findContactRow(db, contactId);
  if (!contact || contact.deleted_at !== null) throw ApiFailure.invalid('contactId', 'That contact does not exist (or is in the trash)');
}

interface RecordBase {
  id: number;
  contactId: number;
  deletedAt: number | null;
}

/** What the four record kinds owned here share: their table, their name in messages, their reader. */
interface Kind<R extends RecordBase> {
  table: OwnTable;
  noun: string;
  get(db: ReadableDB, id: number): R | null;
}
const INTERACTION: Kind<Interaction> = { table: 'interactions', noun: 'interaction', get: getInteraction };
const PURCHASE: Kind<Purchase> = { table: 'purchases', noun: 'purchase', get: getPurchase };
const NOTE: Kind<ContactNote> = { table: 'contact_notes', noun: 'note', get: getNote };
const NPS: Kind<NpsAnswer> = { table: 'nps_answers', noun: 'NPS answer', get: getNps };

function mustGet<R extends RecordBase>(db: ReadableDB, kind: Kind<R>, id: number): R {
  const record = kind.get(db, id);
  if (!record) throw ApiFailure.notFound(`There is no ${kind.noun} with id ${id}`);
  return record;
}

/** Editing needs a live record whose contact is live (a trashed contact's records are frozen). */
function mustBeEditable<R extends RecordBase>(db: ReadableDB, kind: Kind<R>, id: number, newContactId: number | undefined): R {
  const record = mustGet(db, kind, id);
  if (record.deletedAt !== null) throw new ApiFailure({ code: 'conflict', message: `This ${kind.noun} is in the trash; restore it first` });
  if (newContactId !== undefined && newContactId !== record.contactId) {
    checkLiveContact(db, newContactId);
  } else {
    const contact = findContactRow(db, record.contactId);
    if (!contact || contact.deleted_at !== null) throw new ApiFailure({ code: 'conflict', message: `Its contact is in the trash; restore the contact first` });
  }
  return record;
}

/** Create, update, delete and restore share the same shape for every kind owned here. */
function writer<R extends RecordBase>(kind: Kind<R>) {
  const done = (ctx: ApiContext, id: number): R => {
    ctx.emit('changed', { area: 'records' });
    return mustGet(ctx.db, kind, id);
  };
  return {
    create(ctx: ApiContext, contactId: number, insert: (db: WritableDB, now: number) => number): R {
      const { db } = ctx;
      const id = db.transaction(() => {
        checkLiveContact(db, contactId);
        return insert(db, ctx.now());
      })();
      return done(ctx, id);
    },
    update(ctx: ApiContext, id: number, newContactId: number | undefined, write: (db: WritableDB, current: R, now: number) => void): R {
      const { db } = ctx;
      db.transaction(() => {
        const current = mustBeEditable(db, kind, id, newContactId);
        write(db, current, ctx.now());
      })();
      return done(ctx, id);
    },
    remove(ctx: ApiContext, id: number): R {
      const { db } = ctx;
      db.transaction(() => {
        const current = mustGet(db, kind, id);
        if (current.deletedAt === null) setRecordDeletedAt(db, kind.table, id, ctx.now(), ctx.now());
      })();
      return done(ctx, id);
    },
    restore(ctx: ApiContext, id: number): R {
      const { db } = ctx;
      db.transaction(() => {
        const current = mustGet(db, kind, id);
        if (current.deletedAt === null) return;
        const contact = findContactRow(db, current.contactId);
        if (!contact || contact.deleted_at !== null) {
          throw new ApiFailure({ code: 'conflict', message: `${contact?.name ?? 'Its contact'} is in the trash; restore the contact first` });
        }
        setRecordDeletedAt(db, kind.table, id, null, ctx.now());
      })();
      return done(ctx, id);
    },
  };
}

const interactions = writer(INTERACTION);
const purchases = writer(PURCHASE);
const notes = writer(NOTE);
const nps = writer(NPS);

export const recordHandlers: Pick<
  HandlerTable,
  | 'contacts.timeline'
  | 'interactions.create'
  | 'interactions.update'
  | 'interactions.delete'
  | 'interactions.restore'
  | 'purchases.create'
  | 'purchases.update'
  | 'purchases.delete'
  | 'purchases.restore'
  | 'notes.create'
  | 'notes.update'
  | 'notes.delete'
  | 'notes.restore'
  | 'nps.create'
  | 'nps.update'
  | 'nps.delete'
  | 'nps.restore'
> = {
  'contacts.timeline': ({ contactId, offset, limit }, ctx) => {
    if (!findContactRow(ctx.db, contactId)) throw ApiFailure.notFound(`There is no contact with id ${contactId}`);
    const page = contactTimeline(ctx.db, contactId, offset, limit, ctx.now());
    return { total: page.total, offset, items: page.items, lastInteractionAt: page.lastInteractionAt };
  },

  'interactions.create': (input, ctx) => interactions.create(ctx, input.contactId, (db, now) => insertInteraction(db, input, now)),
  'interactions.update': ({ id, ...patch }, ctx) =>
    interactions.update(ctx, id, patch.contactId, (db, current, now) => {
      const merged = {
        contactId: patch.contactId ?? current.contactId,
        channel: patch.channel ?? current.channel,
        network: patch.network ?? current.network,
        direction: patch.direction ?? current.direction,
        occurredAt: patch.occurredAt ?? current.occurredAt,
        minutes: patch.minutes ?? current.minutes,
        cost: patch.cost ?? current.cost,
        sentiment: patch.sentiment !== undefined ? patch.sentiment : current.sentiment,
        note: patch.note ?? current.note,
      };
      updateInteraction(db, id, merged, now);
    }),
  'interactions.delete': ({ id }, ctx) => interactions.remove(ctx, id),
  'interactions.restore': ({ id }, ctx) => interactions.restore(ctx, id),

  'purchases.create': (input, ctx) => purchases.create(ctx, input.contactId, (db, now) => insertPurchase(db, input, now)),
  'purchases.update': ({ id, ...patch }, ctx) =>
    purchases.update(ctx, id, patch.contactId, (db, current, now) => {
      updatePurchase(
        db,
        id,
        {
          contactId: patch.contactId ?? current.contactId,
          occurredAt: patch.occurredAt ?? current.occurredAt,
          amount: patch.amount ?? current.amount,
          description: patch.description ?? current.description,
        },
        now,
      );
    }),
  'purchases.delete': ({ id }, ctx) => purchases.remove(ctx, id),
  'purchases.restore': ({ id }, ctx) => purchases.restore(ctx, id),

  'notes.create': (input, ctx) => notes.create(ctx, input.contactId, (db, now) => insertNote(db, input, now)),
  'notes.update': ({ id, ...patch }, ctx) =>
    notes.update(ctx, id, patch.contactId, (db, current, now) => {
      updateNote(db, id, { contactId: patch.contactId ?? current.contactId, body: patch.body ?? current.body, notedAt: patch.notedAt ?? current.notedAt }, now);
    }),
  'notes.delete': ({ id }, ctx) => notes.remove(ctx, id),
  'notes.restore': ({ id }, ctx) => notes.restore(ctx, id),

  'nps.create': (input, ctx) => nps.create(ctx, input.contactId, (db, now) => insertNps(db, input, now)),
  'nps.update': ({ id, ...patch }, ctx) =>
    nps.update(ctx, id, patch.contactId, (db, current, now) => {
      updateNps(
        db,
        id,
        {
          contactId: patch.contactId ?? current.contactId,
          score: patch.score ?? current.score,
          answeredAt: patch.answeredAt ?? current.answeredAt,
          note: patch.note ?? current.note,
        },
        now,
      );
    }),
  'nps.delete': ({ id }, ctx) => nps.remove(ctx, id),
  'nps.restore': ({ id }, ctx) => nps.restore(ctx, id),
};
