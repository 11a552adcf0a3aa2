import { ApiFailure, contactFieldsSchema, type Contact, type ContactFields } from '../../shared/contract/index';
import type { WritableDB } from '../db/connection';
import {
  contactFacets,
  countMembers,
  findContactRow,
  getContact,
  insertContact,
  listContacts,
  listTrash,
  purgeContact,
  refreshMembersSearch,
  refreshSearch,
  setDeletedAt,
  updateContactRow,
} from '../db/contacts';
import type { HandlerTable } from './registry';

function mustGet(db: WritableDB, id: number): Contact {
  const contact = getContact(db, id);
  if (!contact) throw ApiFailure.notFound(`There is no contact with id ${id}`);
  return contact;
}

function mustBeLive(db: WritableDB, id: number): Contact {
  const contact = mustGet(db, id);
  if (contact.deletedAt !== null) {
    throw new ApiFailure({ code: 'conflict', message: `${contact.name} is in the trash; restore it first` });
  }
  return contact;
}

/**
 * Rules that need the database: a person may join a live business, never itself. A link the
 * contact already has (`keptBusinessId`) may point to a business in the trash: editing a member
 * of a trashed business is allowed, and the link comes back to life with the business.
 */
function checkRelations(db: WritableDB, fields: ContactFields, selfId: number | null, keptBusinessId: number | null = null): void {
  if (fields.businessId !== null) {
    if (fields.kind === 'business') throw ApiFailure.invalid('businessId', 'A business cannot belong to another business');
    if (fields.businessId === selfId) throw ApiFailure.invalid('businessId', 'A contact cannot belong to itself');
    const business = findContactRow(db, fields.businessId);
    const trashedOk = fields.businessId === keptBusinessId;
    if (!business || (business.deleted_at !== null && !trashedOk)) throw ApiFailure.invalid('businessId', 'That business does not exist (or is in the trash)');
    if (business.kind !== 'business') throw ApiFailure.invalid('businessId', `${business.name} is a person, not a business`);
  }
  if (selfId !== null && fields.kind === 'person') {
    const members = countMembers(db, selfId);
    if (members > 0) {
      throw ApiFailure.invalid('kind', `${members} ${members === 1 ? 'person belongs' : 'people belong'} to this business; move them first`);
    }
  }
}

export const contactHandlers: Pick<
  HandlerTable,
  | 'contacts.list'
  | 'contacts.get'
  | 'contacts.create'
  | 'contacts.update'
  | 'contacts.delete'
  | 'contacts.restore'
  | 'contacts.trash'
  | 'contacts.purge'
  | 'contacts.facets'
> = {
  'contacts.list': (input, ctx) => {
    const page = listContacts(ctx.db, { ...input, now: ctx.now() });
    return { total: page.total, offset: input.offset, rows: page.rows };
  },

  'contacts.get': ({ id }, { db }) => mustGet(db, id),

  'contacts.create': (fields, ctx) => {
    const { db } = ctx;
    const id = db.transaction(() => {
      checkRelations(db, fields, null);
      const newId = insertContact(db, fields, ctx.now());
      refreshSearch(db, newId);
      return newId;
    })();
    ctx.emit('changed', { area: 'contacts' });
    return mustGet(db, id);
  },

  'contacts.update': ({ id, ...patch }, ctx) => {
    const { db } = ctx;
    db.transaction(() => {
      const current = mustBeLive(db, id);
      const merged = contactFieldsSchema.parse({
        kind: patch.kind ?? current.kind,
        name: patch.name ?? current.name,
        businessId: patch.businessId !== undefined ? patch.businessId : current.businessId,
        jobTitle: patch.jobTitle ?? current.jobTitle,
        stage: patch.stage ?? current.stage,
        source: patch.source ?? current.source,
        birthday: patch.birthday !== undefined ? patch.birthday : current.birthday,
        cadenceDays: patch.cadenceDays !== undefined ? patch.cadenceDays : current.cadenceDays,
        notes: patch.notes ?? current.notes,
        emails: patch.emails ?? current.emails,
        phones: patch.phones ?? current.phones,
        addresses: patch.addresses ?? current.addresses,
        tags: patch.tags ?? current.tags,
      });
      checkRelations(db, merged, id, current.businessId);
      updateContactRow(db, id, merged, ctx.now());
      refreshSearch(db, id);
      if (current.kind === 'business' && merged.name !== current.name) refreshMembersSearch(db, id);
    })();
    ctx.emit('changed', { area: 'contacts' });
    return mustGet(db, id);
  },

  'contacts.delete': ({ id }, ctx) => {
    const { db } = ctx;
    db.transaction(() => {
      const current = mustGet(db, id);
      if (current.deletedAt !== null) return;
      setDeletedAt(db, id, ctx.now(), ctx.now());
      if (current.kind === 'business') refreshMembersSearch(db, id);
    })();
    ctx.emit('changed', { area: 'contacts' });
    return mustGet(db, id);
  },

  'contacts.restore': ({ id }, ctx) => {
    const { db } = ctx;
    db.transaction(() => {
      const current = mustGet(db, id);
      if (current.deletedAt === null) return;
      setDeletedAt(db, id, null, ctx.now());
      if (current.kind === 'business') refreshMembersSearch(db, id);
    })();
    ctx.emit('changed', { area: 'contacts' });
    return mustGet(db, id);
  },

  'contacts.trash': ({ offset, limit }, { db }) => ({ offset, ...listTrash(db, offset, limit) }),

  'contacts.purge': ({ id }, ctx) => {
    const { db } = ctx;
    db.transaction(() => {
      const current = mustGet(db, id);
      if (current.deletedAt === null) {
        throw new ApiFailure({ code: 'conflict', message: `${current.name} is not in the trash; move it there first` });
      }
      purgeContact(db, id);
    })();
    ctx.emit('changed', { area: 'contacts' });
    return { id };
  },

  'contacts.facets': (_input, { db }) => contactFacets(db),
};
