import type { csvMethods } from '../../shared/contract/data-csv';
import type { DuplicatePolicy, ImportReport, ParsedFileUpload } from '../../shared/contract/index';
import { readRows, type ReaderJob } from '../backend/row-reader-thread';
import { importContacts, type ImportOutcome } from '../db/import-contacts';
import { detectPreset, readCsv, suggestMapping } from '../db/import-csv';
import { decodeText, refuseBinary } from '../db/import-text';
import { discardUploadedFile, readUploadedFile } from '../db/uploads';
import type { HandlerContext } from './context';
import type { HandlerTable } from './registry';

const PREVIEW_ROWS = 20;
/** The least time between two progress events of one import (a new step is shown at once). */
const PROGRESS_MS = 100;

/**
 * An import of contacts from an uploaded file, as both importers run it: the file read into rows
 * (`job` says how), written in this call's transaction, the upload discarded once that commits, and
 * what the owner reads: counts, every skipped row with its line and reason, the time taken.
 */
export function importFile(ctx: HandlerContext, file: ParsedFileUpload, job: (bytes: Buffer) => ReaderJob, duplicates: DuplicatePolicy): ImportReport {
  const started = performance.now();
  // The importer reports every chunk (every 250 rows); the owner's bar needs no more than ten a second.
  let shownAt = 0;
  let shownLabel = '';
  const progress = (done: number, total: number, label: string) => {
    const now = performance.now();
    if (label === shownLabel && done < total && now - shownAt < PROGRESS_MS) return;
    shownAt = now;
    shownLabel = label;
    ctx.emit('progress', { task: 'import', done, total, label });
  };
  progress(0, 1, 'Reading the file');
  const source = readRows(job(readUploadedFile(ctx, file)), ctx.rowReaderFile);
  let outcome: ImportOutcome;
  try {
    outcome = importContacts(ctx.db, source, duplicates, ctx.now(), progress);
  } finally {
    source.close?.();
  }
  ctx.afterCommit(() => discardUploadedFile(ctx, file));
  ctx.emit('changed', { area: 'contacts' });
  ctx.emit('changed', { area: 'figures' });
  return {
    rows: source.total,
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

  'csv.import': ({ file, encoding, delimiter, mapping, duplicates }, ctx) =>
    importFile(ctx, file, (bytes) => ({ kind: 'csv', bytes, options: { encoding, delimiter, mapping, thisYear: new Date(ctx.now()).getUTCFullYear() } }), duplicates),
};
