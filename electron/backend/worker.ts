import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { BackendEvent } from '../../shared/contract/index';
import { createApi, type ApiContext } from '../api/index';
import { BookHolder } from '../db/book-holder';
import { sweepUploads } from '../db/uploads';
import { NewerBookError } from '../db/migrate';
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

  let holder: BookHolder;
  try {
    holder = BookHolder.open(config.dataDir, { now });
  } catch (err) {
    const newer = err instanceof NewerBookError;
    send({ type: 'fatal', code: newer ? 'newer_book' : 'open_failed', message: err instanceof Error ? err.message : String(err) });
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
  reminders = startReminders();
  // Another book was put in place: the reminders read the new one.
  book.onSwap(() => {
    reminders?.stop();
    reminders = startReminders();
    reminders.reschedule();
  });
  // Automatic copies are quiet: the backups list reads the folder whenever it is shown.
  const backups = createBackupScheduler({ holder: book, now, log });

  port.on('message', (message: ToWorker) => {
    if (message.type === 'close') {
      reminders?.stop();
      backups.stop();
      book.close();
      send({ type: 'closed' });
      port.close();
      return;
    }
    void api.call(message.method, message.input).then((result) => send({ type: 'result', id: message.id, result }));
  });
  send({
    type: 'ready',
    schemaVersion: book.db.pragma('user_version', { simple: true }) as number,
    migratedFrom: book.book.migration.from,
    backupFile: book.book.migration.backupFile,
  });
  // After 'ready': the host relays events only once it has started.
  reminders.reschedule();
  backups.start();
}

run();
