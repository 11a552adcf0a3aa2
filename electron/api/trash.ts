import { ApiFailure, type EventMap, type TrashKind } from '../../shared/contract/index';
import { getContact, purgeContact } from '../db/contacts';
import { emptyTrash, findTrashable, listTrashItems, purgeRecord } from '../db/trash';
import type { ApiContext } from './context';
import type { HandlerTable } from './registry';

const NOUN: Record<Exclude<TrashKind, 'contact'>, string> = {
  interaction: 'interaction',
  purchase: 'purchase',
  note: 'note',
  timeEntry: 'time entry',
  followUp: 'follow-up',
  referral: 'referral',
  nps: 'NPS answer',
};

/** The screens that show each kind, told when one of its items is gone for good. */
const AREA: Record<TrashKind, EventMap['changed']['area']> = {
  contact: 'contacts',
  interaction: 'records',
  purchase: 'records',
  note: 'records',
  timeEntry: 'records',
  followUp: 'followUps',
  referral: 'referrals',
  nps: 'records',
};

function announce(ctx: ApiContext, areas: Iterable<EventMap['changed']['area']>): void {
  for (const area of new Set(areas)) {
    ctx.emit('changed', { area });
    if (area === 'followUps') ctx.afterWrite?.('followUps');
  }
}

export const trashHandlers: Pick<HandlerTable, 'trash.list' | 'trash.purge' | 'trash.empty'> = {
  'trash.list': ({ offset, limit }, { db }) => listTrashItems(db, offset, limit),

  'trash.purge': ({ kind, id }, ctx) => {
    const { db } = ctx;
    db.transaction(() => {
      if (kind === 'contact') {
        // The same rules and work as contacts.purge.
        const current = getContact(db, id);
        if (!current) throw ApiFailure.notFound(`There is no contact with id ${id}`);
        if (current.deletedAt === null) throw new ApiFailure({ code: 'conflict', message: `${current.name} is not in the trash; move it there first` });
        purgeContact(db, id);
        return;
      }
      const row = findTrashable(db, kind, id);
      if (!row) throw ApiFailure.notFound(`There is no ${NOUN[kind]} with id ${id}`);
      if (row.deleted_at === null) throw new ApiFailure({ code: 'conflict', message: `This ${NOUN[kind]} is not in the trash; move it there first` });
      purgeRecord(db, kind, id);
    })();
    // A purged contact takes its records (and a timer running on it) along.
    announce(ctx, kind === 'contact' ? ['contacts', 'records', 'followUps', 'referrals', 'timer'] : [AREA[kind]]);
    return { kind, id };
  },

  'trash.empty': (_input, ctx) => {
    const { db } = ctx;
    const { purged, contacts } = db.transaction(() => emptyTrash(db))();
    if (purged > 0) announce(ctx, contacts > 0 ? ['contacts', 'records', 'followUps', 'referrals', 'timer'] : ['records', 'followUps', 'referrals']);
    return { purged };
  },
};
