import type { csvMethods } from '../../shared/contract/data-csv';
import type { ImportReport, ImportSkip } from '../../shared/contract/index';
import { importContacts, type ImportRow } from '../db/import-contacts';
import { checkMapping, detectPreset, readCsv, rowToContact, slashDayFirst, suggestMapping } from '../db/import-csv';
import { decodeText, refuseBinary } from '../db/import-text';
import { discardUploadedFile, readUploadedFile } from '../db/uploads';
import type { HandlerTable } from './registry';

const PREVIEW_ROWS = 20;

export const csvHandlers: Pick<HandlerTable, keyof typeof csvMethods> = {
  'csv.preview': ({ file, encoding, delimiter }, ctx) => {
    const decoded = decodeText(readUploadedFile(ctx, file), encoding);
    refuseBinary(decoded.text, 'CSV');
    const table = readCsv(decoded.text, delimiter);
    const preset = detectPreset(table.headers);
    return {
      encoding: decoded.encoding,
      bom: decoded.bom,
      delimiter: table.delimiter,
      headers: table.headers,
      rows: table.rows.slice(0, PREVIEW_ROWS).map((r) => ({ line: r.line, cells: r.cells })),
      totalRows: table.rows.length,
      preset,
      mapping: suggestMapping(table.headers, preset),
    };
  },

  'csv.import': ({ file, encoding, delimiter, mapping, duplicates }, ctx) => {
    const started = performance.now();
    const progress = (done: number, total: number, label: string) => ctx.emit('progress', { task: 'import', done, total, label });
    progress(0, 1, 'Reading the file');
    const decoded = decodeText(readUploadedFile(ctx, file), encoding);
    refuseBinary(decoded.text, 'CSV');
    const table = readCsv(decoded.text, delimiter);
    checkMapping(mapping, table.headers);
    const birthdayColumns = mapping.flatMap((c, i) => (c.field === 'birthday' ? [i] : []));
    const context = {
      headers: table.headers,
      thisYear: new Date(ctx.now()).getUTCFullYear(),
      dayFirst: slashDayFirst(
        table.rows.flatMap((r) => birthdayColumns.map((i) => r.cells[i] ?? '')),
        detectPreset(table.headers),
      ),
    };
    const rows: ImportRow[] = [];
    const skips: ImportSkip[] = [];
    for (const row of table.rows) {
      const read = rowToContact(row, mapping, context);
      if ('reason' in read) skips.push(read);
      else rows.push(read);
    }
    const outcome = importContacts(ctx.db, { rows, skips }, duplicates, ctx.now(), progress);
    ctx.afterCommit(() => discardUploadedFile(ctx, file));
    ctx.emit('changed', { area: 'contacts' });
    ctx.emit('changed', { area: 'figures' });
    const report: ImportReport = {
      rows: table.rows.length,
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
