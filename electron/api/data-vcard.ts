import type { vcardMethods } from '../../shared/contract/data-vcard';
import { readRows } from '../backend/row-reader-thread';
import { importContacts, type ImportOutcome } from '../db/import-contacts';
import { discardUploadedFile, readUploadedFile } from '../db/uploads';
import { importReport } from './data-csv';
import type { HandlerTable } from './registry';

export const vcardHandlers: Pick<HandlerTable, keyof typeof vcardMethods> = {
  'vcard.import': ({ file, duplicates }, ctx) => {
    const started = performance.now();
    const progress = (done: number, total: number, label: string) => ctx.emit('progress', { task: 'import', done, total, label });
    progress(0, 1, 'Reading the file');
    const source = readRows({ kind: 'vcard', bytes: readUploadedFile(ctx, file) }, ctx.rowReaderFile);
    let outcome: ImportOutcome;
    try {
      outcome = importContacts(ctx.db, source, duplicates, ctx.now(), progress);
    } finally {
      source.close?.();
    }
    ctx.afterCommit(() => discardUploadedFile(ctx, file));
    ctx.emit('changed', { area: 'contacts' });
    ctx.emit('changed', { area: 'figures' });
    return importReport(source.total, outcome, started);
  },
};
