import type { vcardMethods } from '../../shared/contract/data-vcard';
import type { ImportReport, ImportSkip } from '../../shared/contract/index';
import { importContacts, type ImportRow } from '../db/import-contacts';
import { cardToContact, readVcards } from '../db/import-vcard';
import { discardUploadedFile, readUploadedFile } from '../db/uploads';
import type { HandlerTable } from './registry';

export const vcardHandlers: Pick<HandlerTable, keyof typeof vcardMethods> = {
  'vcard.import': ({ file, duplicates }, ctx) => {
    const started = performance.now();
    const progress = (done: number, total: number, label: string) => ctx.emit('progress', { task: 'import', done, total, label });
    progress(0, 1, 'Reading the file');
    const { cards, charset } = readVcards(readUploadedFile(ctx, file));
    const rows: ImportRow[] = [];
    const skips: ImportSkip[] = [];
    for (const card of cards) {
      const read = cardToContact(card, charset);
      if ('reason' in read) skips.push(read);
      else rows.push(read);
    }
    const outcome = importContacts(ctx.db, { rows, skips }, duplicates, ctx.now(), progress);
    ctx.afterCommit(() => discardUploadedFile(ctx, file));
    ctx.emit('changed', { area: 'contacts' });
    ctx.emit('changed', { area: 'figures' });
    const report: ImportReport = {
      rows: cards.length,
      added: outcome.added,
      merged: outcome.merged,
      updated: outcome.updated,
      skipped: outcome.skips.length,
      businessesAdded: outcome.businessesAdded,
      skips: outcome.skips,
      seconds: Math.round(performance.now() - started) / 1000,
    };
    return report;
  },
};
