import fs from 'node:fs';
import path from 'node:path';
import { ApiFailure, type BackupFile, type BookSwap, type CheckedBackup, type bookMethods } from '../../shared/contract/index';
import { LATEST_VERSION } from '../db/migrations/index';
import type { BookHolder } from '../db/book-holder';
import { incomingFile } from '../db/book-holder';
import { buildBookFromJson, decodeJsonBytes, exportBookJson, isEmptyBook } from '../db/book-json';
import {
  backupsDir,
  checkBookFile,
  listBackups,
  localDate,
  makeBackup,
  readSchedule,
  resolveBackup,
  stampedName,
  writeSchedule,
} from '../db/backups';
import { createPrivateFile, makePrivate } from '../db/durable';
import { storageErrorOf } from '../db/storage-errors';
import { discardUploadedFile, readUploadedFile } from '../db/uploads';
import type { ApiContext } from './context';
import { detached, type HandlerTable } from './registry';

/**
 * The whole book out and back, and backups. Backing up, restoring and importing run outside the
 * per-call transaction (`detached`): a backup reads the open book step by step while calls go on;
 * a restore or an import builds and checks the new book first, then swaps it in through the
 * BookHolder, which keeps the current file aside in the backups folder.
 */

function holderOf(ctx: ApiContext): BookHolder {
  if (!ctx.book) throw new ApiFailure({ code: 'unavailable', message: 'This back end cannot put another book in place of the open one.' });
  return ctx.book;
}

const progressOf = (ctx: ApiContext, task: string) => (done: number, total: number, label: string) => ctx.emit('progress', { task, done, total, label });

const countContacts = (holder: BookHolder) => holder.db.prepare<[], number>('SELECT count(*) FROM contacts').pluck().get() ?? 0;

/** Swaps `incoming` in, keeping the current book aside; tells every window and the schedulers. */
function swapBook(
  ctx: ApiContext,
  holder: BookHolder,
  incoming: string,
  swap: Omit<BookSwap, 'keptAside' | 'contacts' | 'at'>,
  keptKind: 'before-restore' | 'before-import' | 'damaged',
): BookSwap {
  const dir = backupsDir(holder.dataDir);
  const keepAs = path.join(dir, stampedName(dir, keptKind, ctx.now()));
  try {
    holder.swapIn(incoming, keepAs, { kind: swap.kind, from: swap.from });
  } catch (err) {
    throw storageErrorOf(err, { dataDir: holder.dataDir, what: 'folder' }) ?? err;
  }
  const done: BookSwap = { ...swap, keptAside: path.basename(keepAs), contacts: countContacts(holder), at: ctx.now() };
  holder.lastSwap = done;
  ctx.afterWrite?.('followUps');
  ctx.emit('changed', { area: 'backups' });
  // Every window starts afresh on the new book.
  ctx.emit('changed', { area: 'book' });
  return done;
}

function refuseUnlessEmpty(holder: BookHolder): void {
  if (isEmptyBook(holder.db)) return;
  const contacts = countContacts(holder);
  throw new ApiFailure({
    code: 'conflict',
    field: 'mode',
    message:
      `"Into a new book" is for an empty book, and this one already holds ${contacts === 1 ? '1 contact' : `${contacts.toLocaleString('en')} contacts`}` +
      `${contacts === 0 ? ' (records or time of its own)' : ''}. Choose "Replace this book": the current book is kept as a backup first. Nothing was changed.`,
  });
}

/** Checks a backup as a restore would (read-only: the file stays as it is); the reason in words when it fails. */
function checkBackup(holder: BookHolder, file: BackupFile): CheckedBackup {
  try {
    const checked = checkBookFile(resolveBackup(backupsDir(holder.dataDir), file.file));
    return { file: file.file, createdAt: file.createdAt, refused: null, contacts: checked.contacts };
  } catch (err) {
    return { file: file.file, createdAt: file.createdAt, refused: err instanceof Error ? err.message : String(err), contacts: null };
  }
}

export const bookHandlers: Pick<HandlerTable, keyof typeof bookMethods> = {
  // Outside the call's transaction: these answer when the book cannot be opened.
  'book.status': detached(async (_input, ctx) => {
    const holder = holderOf(ctx);
    const dir = backupsDir(holder.dataDir);
    return { problem: holder.problem, notice: holder.notice, backupsDir: dir, backups: listBackups(dir).filter((f) => f.kind !== 'damaged') };
  }),

  'book.checkBackups': detached(async (_input, ctx) => {
    const holder = holderOf(ctx);
    const files = listBackups(backupsDir(holder.dataDir)).filter((f) => f.kind !== 'damaged');
    const progress = progressOf(ctx, 'check-backups');
    const checked: CheckedBackup[] = [];
    for (const file of files) {
      progress(checked.length, files.length, `Checking ${file.file}`);
      const result = checkBackup(holder, file);
      // Between two backups, the back end answers other calls.
      await new Promise((resolve) => setImmediate(resolve));
      checked.push(result);
      if (result.refused === null) break;
    }
    progress(files.length, files.length, 'Done');
    return { checked, good: checked.find((c) => c.refused === null) ?? null };
  }),

  'book.recover': detached(async ({ file }, ctx) => {
    const holder = holderOf(ctx);
    if (!holder.problem) {
      throw new ApiFailure({ code: 'conflict', message: 'Your book opened without a problem: there is nothing to recover. To go back to a backup, restore it from Your data.' });
    }
    const progress = progressOf(ctx, 'recover');
    const incoming = incomingFile(holder.dataDir, ctx.now());
    try {
      let schemaVersion = LATEST_VERSION;
      if (file === null) {
        // A new, empty book: an empty file is one, and the swap gives it the schema as it opens it.
        createPrivateFile(incoming);
      } else {
        const source = resolveBackup(backupsDir(holder.dataDir), file);
        progress(0, 3, 'Checking the backup');
        await fs.promises.copyFile(source, incoming);
        makePrivate(incoming);
        schemaVersion = checkBookFile(incoming).schemaVersion;
      }
      return await holder.exclusive(() => {
        progress(2, 3, 'Keeping the damaged book aside and opening the new one');
        const swap = swapBook(ctx, holder, incoming, { kind: 'recover', from: file ?? 'a new, empty book', schemaVersion }, 'damaged');
        holder.notice = null;
        progress(3, 3, 'Done');
        return swap;
      });
    } finally {
      fs.rmSync(incoming, { force: true });
    }
  }),

  'book.exportJson': (_input, ctx) => {
    const now = ctx.now();
    const out = exportBookJson(ctx.db, { now, appVersion: ctx.info.version, onProgress: progressOf(ctx, 'export-json') });
    return { fileName: `rapport-book-${localDate(now)}.json`, mimeType: 'application/json', text: out.text, count: out.contacts };
  },

  'book.importJson': detached(async ({ file, mode }, ctx) => {
    const holder = holderOf(ctx);
    if (mode === 'new') refuseUnlessEmpty(holder);
    const text = decodeJsonBytes(readUploadedFile(ctx, file));
    const progress = progressOf(ctx, 'import-json');
    const incoming = incomingFile(holder.dataDir, ctx.now());
    try {
      // Built and checked beside the book, which is not touched until the swap.
      const built = buildBookFromJson(text, incoming, { now: ctx.now(), onProgress: progress });
      const swap = await holder.exclusive(() => {
        if (mode === 'new') refuseUnlessEmpty(holder);
        progress(built.rows, built.rows, 'Keeping the current book aside and opening the new one');
        return swapBook(ctx, holder, incoming, { kind: 'import', from: file.name || 'the JSON file', schemaVersion: built.schemaVersion }, 'before-import');
      });
      discardUploadedFile(ctx, file);
      return swap;
    } finally {
      fs.rmSync(incoming, { force: true });
    }
  }),

  'backups.list': (_input, ctx) => {
    const dir = backupsDir(ctx.info.dataDir);
    return {
      dataDir: ctx.info.dataDir,
      databaseFile: ctx.info.databaseFile,
      dir,
      schedule: readSchedule(ctx.db),
      files: listBackups(dir),
      lastSwap: ctx.book?.lastSwap ?? null,
    };
  },

  'backups.now': detached(async (_input, ctx) => {
    const dir = backupsDir(ctx.info.dataDir);
    const progress = progressOf(ctx, 'backup');
    progress(0, 1, 'Copying the book');
    const work = makeBackup(ctx.db, dir, stampedName(dir, 'manual', ctx.now()), (done, total) => progress(done, total, 'Copying the book'));
    const file = await (ctx.book ? ctx.book.track(work) : work);
    ctx.emit('changed', { area: 'backups' });
    return file;
  }),

  'backups.restore': detached(async ({ file }, ctx) => {
    const holder = holderOf(ctx);
    const source = resolveBackup(backupsDir(holder.dataDir), file);
    const progress = progressOf(ctx, 'restore');
    const incoming = incomingFile(holder.dataDir, ctx.now());
    try {
      // Checked on a copy beside the book: the backup itself and the current book stay as they are.
      progress(0, 3, 'Checking the backup');
      await fs.promises.copyFile(source, incoming);
      makePrivate(incoming);
      const checked = checkBookFile(incoming);
      return await holder.exclusive(() => {
        progress(2, 3, 'Keeping the current book aside and opening the backup');
        const swap = swapBook(ctx, holder, incoming, { kind: 'restore', from: file, schemaVersion: checked.schemaVersion }, 'before-restore');
        progress(3, 3, 'Done');
        return swap;
      });
    } finally {
      fs.rmSync(incoming, { force: true });
    }
  }),

  'backups.delete': ({ file }, ctx) => {
    const kept = resolveBackup(backupsDir(ctx.info.dataDir), file);
    fs.rmSync(kept);
    // A damaged book kept aside may have its WAL beside it.
    fs.rmSync(`${kept}-wal`, { force: true });
    ctx.emit('changed', { area: 'backups' });
    return { file };
  },

  'backups.schedule': (patch, ctx) => {
    const schedule = { ...readSchedule(ctx.db) };
    if (patch.auto !== undefined) schedule.auto = patch.auto;
    if (patch.keepDaily !== undefined) schedule.keepDaily = patch.keepDaily;
    if (patch.keepWeekly !== undefined) schedule.keepWeekly = patch.keepWeekly;
    writeSchedule(ctx.db, schedule);
    ctx.emit('changed', { area: 'backups' });
    return schedule;
  },
};
