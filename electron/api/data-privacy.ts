import { format } from 'date-fns';
import { ApiFailure, type EraseOutcome, type FileDownload } from '../../shared/contract/index';
import type { privacyMethods } from '../../shared/contract/data-privacy';
import { getContact } from '../db/contacts';
import { allLiveIds, forEachExportChunk, idsForFilter, loadExportContacts } from '../db/export-contacts';
import { exportTable, NotAMonday, toCsv } from '../db/export-csv';
import { followUpsToIcs, openFollowUpsForCalendar } from '../db/export-ics';
import { contactsToVcards } from '../db/export-vcard';
import { contactDossier, deleteBackups, eraseContact, fileNameOf, purgeAfterErase } from '../db/privacy';
import type { HandlerContext } from './context';
import type { HandlerTable } from './registry';

/** Lists longer than this report their progress (task 'export'). */
const PROGRESS_FROM = 5000;

function progress(ctx: HandlerContext, label: string): (done: number, total: number) => void {
  return (done, total) => {
    if (total >= PROGRESS_FROM) ctx.emit('progress', { task: 'export', done, total, label });
  };
}

const today = (now: number) => format(now, 'yyyy-MM-dd');

function mustExist(ctx: HandlerContext, id: number, field = 'id') {
  const contact = getContact(ctx.db, id);
  if (!contact) throw ApiFailure.invalid(field, `There is no contact with id ${id}`);
  return contact;
}

export const privacyHandlers: Pick<HandlerTable, keyof typeof privacyMethods> = {
  'export.csv': (input, ctx) => {
    if ('contactId' in input && input.contactId !== undefined) mustExist(ctx, input.contactId, 'contactId');
    const onProgress = progress(ctx, 'Exporting the list');
    let table;
    try {
      table = exportTable(ctx.db, input, { now: ctx.now(), onProgress });
    } catch (err) {
      if (err instanceof NotAMonday) throw ApiFailure.invalid('weekStart', 'A week starts on a Monday');
      throw err;
    }
    const count = table.count ?? table.rows.length;
    onProgress(count, count);
    return { fileName: `${table.name}-${today(ctx.now())}.csv`, mimeType: 'text/csv;charset=utf-8', text: toCsv(table), count };
  },

  'export.vcard': (input, ctx): FileDownload => {
    const { db } = ctx;
    let ids: number[];
    if (input.ids) {
      // Every id must name a contact (live or in the trash): a typo is an error, not a shorter file.
      const unique = [...new Set(input.ids)];
      const found = new Set(loadExportContacts(db, unique).map((c) => c.id));
      const missing = unique.findIndex((id) => !found.has(id));
      if (missing >= 0) throw ApiFailure.invalid(`ids.${input.ids.indexOf(unique[missing]!)}`, `There is no contact with id ${unique[missing]}`);
      ids = unique;
    } else if (input.filter) {
      ids = idsForFilter(db, input.filter, ctx.now());
    } else {
      ids = allLiveIds(db);
    }
    const onProgress = progress(ctx, 'Writing the vCards');
    onProgress(0, ids.length);
    const parts: string[] = [];
    let count = 0;
    let single: string | null = null;
    forEachExportChunk(db, ids, (contacts, done) => {
      parts.push(contactsToVcards(contacts, `-//Rapport//Rapport ${ctx.info.version}//EN`));
      count += contacts.length;
      if (ids.length === 1) single = contacts[0]?.name ?? null;
      onProgress(done, ids.length);
    });
    return {
      fileName: single !== null ? `${fileNameOf(single, 'contact')}.vcf` : `contacts-${today(ctx.now())}.vcf`,
      mimeType: 'text/vcard;charset=utf-8',
      text: parts.join(''),
      count,
    };
  },

  'export.ics': ({ contactId }, ctx): FileDownload => {
    const contact = contactId !== undefined ? mustExist(ctx, contactId, 'contactId') : null;
    const rows = openFollowUpsForCalendar(ctx.db, contactId ?? null);
    return {
      fileName: contact ? `follow-ups ${fileNameOf(contact.name, 'contact')}.ics` : `follow-ups-${today(ctx.now())}.ics`,
      mimeType: 'text/calendar;charset=utf-8',
      text: followUpsToIcs(rows, { now: ctx.now(), productVersion: ctx.info.version }),
      count: rows.length,
    };
  },

  'privacy.exportContact': ({ id }, ctx): FileDownload => {
    const dossier = contactDossier(ctx.db, id, ctx.now());
    if (!dossier) throw ApiFailure.notFound(`There is no contact with id ${id}`);
    return {
      fileName: `${fileNameOf(dossier.contact.name, 'contact')} - everything.json`,
      mimeType: 'application/json',
      text: `${JSON.stringify(dossier, null, 2)}\n`,
      count: 1,
    };
  },

  'privacy.erase': ({ id, deleteBackups: withBackups }, ctx): EraseOutcome => {
    const done = eraseContact(ctx.db, id);
    if (!done) throw ApiFailure.notFound(`There is no contact with id ${id}`);
    const outcome: EraseOutcome = { ...done, backupsDeleted: 0 };
    // Once the erase has committed (never if it rolls back): purge the search index's old terms
    // and the WAL, then the backups if asked. The outcome is filled in before the call returns.
    ctx.afterCommit(() => {
      const { walCleared } = purgeAfterErase(ctx.db);
      if (!walCleared) ctx.emit('notice', { level: 'warning', message: 'The erase is saved; the database log will be cleared the next time the book closes.' });
      if (withBackups) outcome.backupsDeleted = deleteBackups(ctx.info.dataDir);
      if (withBackups) ctx.emit('changed', { area: 'backups' });
    });
    for (const area of ['contacts', 'records', 'followUps', 'referrals', 'timer', 'figures'] as const) ctx.emit('changed', { area });
    ctx.afterWrite?.('followUps');
    return outcome;
  },
};
