import { parentPort, workerData } from 'node:worker_threads';
import type { BackendEvent } from '../../shared/contract/index';
import { createApi } from '../api/index';
import { openBook } from '../db/book';
import { NewerBookError } from '../db/migrate';
import { createReminderScheduler, type ReminderScheduler } from './reminders';
import type { FromWorker, ToWorker, WorkerConfig } from './protocol';

/** The back end's thread: it owns the database; the main thread only relays. */
function run(): void {
  const port = parentPort;
  if (!port) throw new Error('worker.ts must run in a worker thread');
  const send = (message: FromWorker) => port.postMessage(message);
  const config = workerData as WorkerConfig;
  const now = config.fixedNow !== undefined ? () => config.fixedNow as number : () => Date.now();

  let book;
  try {
    book = openBook(config.dataDir, { now });
  } catch (err) {
    const newer = err instanceof NewerBookError;
    send({ type: 'fatal', code: newer ? 'newer_book' : 'open_failed', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  const openedBook = book;
  let reminders: ReminderScheduler | null = null;
  const api = createApi(
    {
      db: openedBook.db,
      now,
      emit: (name, payload) => send({ type: 'event', event: { name, payload } as BackendEvent }),
      afterWrite: (area) => {
        if (area === 'followUps') reminders?.reschedule();
      },
      info: { version: config.version, mode: config.mode, dataDir: config.dataDir, databaseFile: openedBook.file },
    },
    (message) => send({ type: 'log', message }),
  );
  reminders = createReminderScheduler({
    db: openedBook.db,
    now,
    emit: (name, payload) => send({ type: 'event', event: { name, payload } }),
    log: (message) => send({ type: 'log', message }),
  });

  port.on('message', (message: ToWorker) => {
    if (message.type === 'close') {
      reminders?.stop();
      openedBook.close();
      send({ type: 'closed' });
      port.close();
      return;
    }
    void api.call(message.method, message.input).then((result) => send({ type: 'result', id: message.id, result }));
  });
  send({
    type: 'ready',
    schemaVersion: openedBook.db.pragma('user_version', { simple: true }) as number,
    migratedFrom: openedBook.migration.from,
    backupFile: openedBook.migration.backupFile,
  });
  // After 'ready': the host relays events only once it has started.
  reminders.reschedule();
}

run();
