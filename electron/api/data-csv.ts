import type { csvMethods } from '../../shared/contract/data-csv';
import type { ImportReport } from '../../shared/contract/index';
import { readRows } from '../backend/row-reader-thread';
import { importContacts, type ImportOutcome } from '../db/import-contacts';
import { detectPreset, readCsv, suggestMapping } from '../db/import-csv';
import { decodeText, refuseBinary } from '../db/import-text';
import { discardUploadedFile, readUploadedFile } from '../db/uploads';
import type { HandlerTable } from './registry';

const PREVIEW_ROWS = 20;

/** What an import tells the owner: counts, every skipped row with its line and reason, and the time taken. */
export function importReport(rows: number, outcome: ImportOutcome, started: number): ImportReport {
  return {
    rows,
    added: outcome.added,
    merged: outcome.merged,
    updated: outcome.updated,
    skipped: outcome.skips.length,
    businessesAdded: outcome.businessesAdded,
    skips: outcome.skips,
    seconds: Math.round(performance.now() - started) / 1000,
  };
}

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
    const options = { encoding, delimiter, mapping, thisYear: new Date(ctx.now()).getUTCFullYear() };
    const source = readRows({ kind: 'csv', bytes: readUploadedFile(ctx, file), options }, ctx.rowReaderFile);
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
