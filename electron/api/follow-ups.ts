import { ApiFailure, type FollowUp } from '../../shared/contract/index';
import type { WritableDB } from '../db/connection';
import { findContactRow } from '../db/contacts';
import {
  countFollowUps,
  findFollowUpRow,
  insertFollowUp,
  listFollowUps,
  localDatePlusDays,
  setFollowUpDeletedAt,
  setFollowUpDoneAt,
  setFollowUpSnooze,
  toFollowUp,
  updateFollowUpRow,
  type FollowUpDbRow,
  type FollowUpFields,
} from '../db/follow-ups';
import type { ApiContext } from './context';
import type { HandlerTable } from './registry';

function mustFind(db: WritableDB, id: number): FollowUpDbRow {
  const row = findFollowUpRow(db, id);
  if (!row) throw ApiFailure.notFound(`There is no follow-up with id ${id}`);
  return row;
}

function mustBeLive(db: WritableDB, id: number): FollowUpDbRow {
  const row = mustFind(db, id);
  if (row.deleted_at !== null) throw new ApiFailure({ code: 'conflict', message: `“${row.title}” is in the trash; restore it first` });
  return row;
}

/** A follow-up may name a live contact; one it already names may have gone to the trash since. */
function checkContact(db: WritableDB, contactId: number | null, keptContactId: number | null = null): void {
  if (contactId === null || contactId === keptContactId) return;
  const contact = findContactRow(db, contactId);
  if (!contact || contact.deleted_at !== null) throw ApiFailure.invalid('contactId', 'That contact does not exist (or is in the trash)');
}

function get(ctx: ApiContext, id: number): FollowUp {
  return toFollowUp(mustFind(ctx.db, id), ctx.now());
}

/** Every follow-up write tells the UI and the reminder scheduler. */
function written(ctx: ApiContext): void {
  ctx.emit('changed', { area: 'followUps' });
  ctx.afterWrite?.('followUps');
}

export const followUpHandlers: Pick<
  HandlerTable,
  | 'followUps.create'
  | 'followUps.update'
  | 'followUps.delete'
  | 'followUps.restore'
  | 'followUps.list'
  | 'followUps.counts'
  | 'followUps.complete'
  | 'followUps.reopen'
  | 'followUps.snooze'
> = {
  'followUps.create': (fields, ctx) => {
    const { db } = ctx;
    const id = db.transaction(() => {
      checkContact(db, fields.contactId);
      return insertFollowUp(db, fields, ctx.now());
    })();
    written(ctx);
    return get(ctx, id);
  },

  'followUps.update': ({ id, ...patch }, ctx) => {
    const { db } = ctx;
    db.transaction(() => {
      const current = mustBeLive(db, id);
      const merged: FollowUpFields = {
        contactId: patch.contactId !== undefined ? patch.contactId : current.contact_id,
        title: patch.title ?? current.title,
        note: patch.note ?? current.note,
        dueDate: patch.dueDate ?? current.due_date,
        dueTime: patch.dueTime !== undefined ? patch.dueTime : current.due_time,
        repeatDays: patch.repeatDays !== undefined ? patch.repeatDays : current.repeat_days,
      };
      checkContact(db, merged.contactId, current.contact_id);
      const dueChanged = merged.dueDate !== current.due_date || merged.dueTime !== current.due_time;
      updateFollowUpRow(db, id, merged, dueChanged, ctx.now());
    })();
    written(ctx);
    return get(ctx, id);
  },

  'followUps.delete': ({ id }, ctx) => {
    const { db } = ctx;
    const changed = db.transaction(() => {
      const current = mustFind(db, id);
      if (current.deleted_at !== null) return false;
      setFollowUpDeletedAt(db, id, ctx.now(), ctx.now());
      return true;
    })();
    if (changed) written(ctx);
    return get(ctx, id);
  },

  'followUps.restore': ({ id }, ctx) => {
    const { db } = ctx;
    const changed = db.transaction(() => {
      const current = mustFind(db, id);
      if (current.deleted_at === null) return false;
      setFollowUpDeletedAt(db, id, null, ctx.now());
      return true;
    })();
    if (changed) written(ctx);
    return get(ctx, id);
  },

  'followUps.list': (input, { db, now }) => listFollowUps(db, input, now()),

  'followUps.counts': (_input, { db, now }) => countFollowUps(db, now()),

  'followUps.complete': ({ id }, ctx) => {
    const { db } = ctx;
    const now = ctx.now();
    const nextId = db.transaction(() => {
      const current = mustBeLive(db, id);
      if (current.done_at !== null) throw new ApiFailure({ code: 'conflict', message: `“${current.title}” is already done` });
      setFollowUpDoneAt(db, id, now, now);
      if (current.repeat_days === null) return null;
      // The next one comes N days after the day it was done, not after the day it was due.
      return insertFollowUp(
        db,
        {
          contactId: current.contact_id,
          title: current.title,
          note: current.note,
          dueDate: localDatePlusDays(now, current.repeat_days),
          dueTime: current.due_time,
          repeatDays: current.repeat_days,
        },
        now,
      );
    })();
    written(ctx);
    return { done: get(ctx, id), next: nextId === null ? null : get(ctx, nextId) };
  },

  'followUps.reopen': ({ id }, ctx) => {
    const { db } = ctx;
    db.transaction(() => {
      const current = mustBeLive(db, id);
      if (current.done_at === null) throw new ApiFailure({ code: 'conflict', message: `“${current.title}” is not done` });
      setFollowUpDoneAt(db, id, null, ctx.now());
    })();
    written(ctx);
    return get(ctx, id);
  },

  'followUps.snooze': ({ id, until }, ctx) => {
    const { db } = ctx;
    const now = ctx.now();
    db.transaction(() => {
      const current = mustBeLive(db, id);
      if (current.done_at !== null) throw new ApiFailure({ code: 'conflict', message: `“${current.title}” is already done` });
      if (until <= now) throw ApiFailure.invalid('until', 'Snooze until a moment in the future');
      setFollowUpSnooze(db, id, until, now);
    })();
    written(ctx);
    return get(ctx, id);
  },
};
