import path from 'node:path';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { BackendEvent } from '../../shared/contract/index';
import { createApi, type ApiContext } from '../api/index';
import { BookHolder } from '../db/book-holder';
import { sweepUploads } from '../db/uploads';
import { NewerBookError } from '../db/migrate';
import { NotOwnerError } from '../db/owner';
import { StorageError } from '../db/storage-errors';
import { createBackupScheduler } from './backup-scheduler';
import { createReminderScheduler, type ReminderScheduler } from './reminders';
import type { FromWorker, ToWorker, WorkerConfig } from './protocol';

/**
 * The back end's thread: it owns the database; the main thread only relays. The open book lives in
 * a BookHolder, so a restore or a JSON import can put another book in its place while the back end
 * runs: handlers read `ctx.db` when they run, and the reminders follow the new book.
 */
function run(): void {
  const port = parentPort;
  if (!port) throw new Error('worker.ts must run in a worker thread');
  const send = (message: FromWorker) => port.postMessage(message);
  const config = workerData as WorkerConfig;
  const now = config.fixedNow !== undefined ? () => config.fixedNow as number : () => Date.now();

  // The crash tests' failpoint: RAPPORT_FAILPOINT=swap:<step> stops the process dead at that step of a swap.
  const failpoint = process.env.RAPPORT_FAILPOINT;
  const onSwapStep = failpoint?.startsWith('swap:')
    ? (step: string) => {
        if (`swap:${step}` === failpoint) process.kill(process.pid, 'SIGKILL');
      }
    : undefined;

  let holder: BookHolder;
  try {
    holder = BookHolder.open(config.dataDir, { now, checkLater: checkOnHelperThread, ...(onSwapStep ? { onSwapStep } : {}) });
  } catch (err) {
    send({ type: 'fatal', code: startFailureCode(err), message: err instanceof Error ? err.message : String(err) });
    return;
  }
  const book = holder;
  // Uploads left half-sent by an earlier run can never be finished: the ids lived in its memory.
  sweepUploads(config.dataDir);
  const log = (message: string) => send({ type: 'log', message });
  const emit: ApiContext['emit'] = (name, payload) => send({ type: 'event', event: { name, payload } as BackendEvent });

  const startReminders = (): ReminderScheduler => createReminderScheduler({ db: book.db, now, emit, log });
  let reminders: ReminderScheduler | null = null;
  const ctx: ApiContext = {
    get db() {
      return book.db;
    },
    now,
    emit,
    afterWrite: (area) => {
      if (area === 'followUps') reminders?.reschedule();
    },
    book,
    rowReaderFile: path.join(__dirname, 'row-reader.cjs'),
    info: { version: config.version, mode: config.mode, dataDir: config.dataDir, databaseFile: book.file },
  };
  const api = createApi(ctx, log);
  // A book that cannot be used has no reminders until a backup (or a new book) takes its place;
  // nor one still being checked.
  let closing = false;
  void book.whenChecked({ start: false }).then(() => {
    if (closing || book.problem || reminders) return;
    reminders = startReminders();
    reminders.reschedule();
  });
  // The check found the open book damaged: every window starts afresh, on the recovery screen.
  book.onProblem(() => {
    log(`the book is damaged (${book.problem?.detail ?? ''}); it is set aside, unwritten`);
    emit('changed', { area: 'book' });
  });
  // Another book was put in place: the reminders read the new one.
  book.onSwap(() => {
    reminders?.stop();
    reminders = startReminders();
    reminders.reschedule();
  });
  // Automatic copies are quiet when they work; one that fails says why (a full disk, a read-only
  // folder), or the owner would believe they have a backup they do not have.
  const backups = createBackupScheduler({
    holder: book,
    now,
    log,
    onFailure: (message) => emit('notice', { level: 'warning', message: `Today's automatic backup could not be made. ${message}` }),
  });

  // The book's check (a large book's, on a helper thread) starts once the first screen's calls
  // are answered: after a quiet moment, or a second after the start at the latest; a write that
  // must wait for it starts it at once (BookHolder.whenChecked).
  let inFlight = 0;
  let quiet: ReturnType<typeof setTimeout> | null = null;
  const startCheckWhenQuiet = () => {
    if (quiet) clearTimeout(quiet);
    quiet = book.isChecking ? setTimeout(() => book.startCheck(), CHECK_AFTER_QUIET_MS) : null;
  };
  if (book.isChecking) setTimeout(() => book.startCheck(), CHECK_AT_THE_LATEST_MS).unref();

  port.on('message', (message: ToWorker) => {
    if (message.type === 'close') {
      closing = true;
      void checkThread?.terminate();
      reminders?.stop();
      backups.stop();
      book.close();
      send({ type: 'closed' });
      port.close();
      return;
    }
    inFlight++;
    if (quiet) clearTimeout(quiet);
    void api.call(message.method, message.input).then((result) => {
      send({ type: 'result', id: message.id, result });
      if (--inFlight === 0) startCheckWhenQuiet();
    });
  });
  if (book.problem) log(`the book cannot be used (${book.problem.code}): ${book.problem.detail}`);
  send({
    type: 'ready',
    schemaVersion: book.problem ? null : (book.db.pragma('user_version', { simple: true }) as number),
    migratedFrom: book.problem ? null : book.book.migration.from,
    backupFile: book.problem ? null : book.book.migration.backupFile,
  });
  // After 'ready': the host relays events only once it has started.
  backups.start();
  startCheckWhenQuiet();
}

/** How long the back end waits without a call before it starts the book's check, and the longest it waits at all. */
const CHECK_AFTER_QUIET_MS = 250;
const CHECK_AT_THE_LATEST_MS = 1500;

/** The helper thread checking the book, while it runs: stopped if the back end closes first. */
let checkThread: Worker | null = null;

/** SQLite's quick check of the book on a helper thread (book-check.ts): null when the book is whole. */
function checkOnHelperThread(file: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(path.join(__dirname, 'book-check.cjs'), { workerData: { file } });
    checkThread = thread;
    thread.once('exit', () => {
      if (checkThread === thread) checkThread = null;
    });
    thread.once('message', (found: string | null) => resolve(found));
    thread.once('error', reject);
    thread.once('exit', (code) => reject(new Error(`the book's check stopped (exit ${code})`)));
  });
}

function startFailureCode(err: unknown): Extract<FromWorker, { type: 'fatal' }>['code'] {
  if (err instanceof NotOwnerError) return 'locked';
  if (err instanceof NewerBookError) return 'newer_book';
  if (err instanceof StorageError) return err.problem === 'disk_full' ? 'disk_full' : err.problem === 'read_only' ? 'read_only' : 'open_failed';
  return 'open_failed';
}

run();
