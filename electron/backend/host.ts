import { Worker } from 'node:worker_threads';
import type { BackendEvent, Result } from '../../shared/contract/index';
import type { FromWorker, ToWorker, WorkerConfig } from './protocol';

export class BackendStartError extends Error {
  constructor(
    readonly code: 'locked' | 'newer_book' | 'read_only' | 'disk_full' | 'open_failed' | 'worker_died',
    message: string,
  ) {
    super(message);
    this.name = 'BackendStartError';
  }
}

export interface BackendHost {
  readonly dataDir: string;
  call(method: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: BackendEvent) => void): () => void;
  close(): Promise<void>;
}

export interface StartOptions extends WorkerConfig {
  /** The built worker script (out/electron/worker.cjs). */
  workerFile: string;
  log?: (message: string) => void;
}

/**
 * Starts the back end in a worker thread and relays calls to it. The worker takes ownership of the
 * data folder before it opens the book (db/owner.ts): a second process (the desktop app and browser
 * mode at once) is refused with `locked` for as long as the first one lives.
 */
export async function startBackend(options: StartOptions): Promise<BackendHost> {
  const log = options.log ?? ((m: string) => console.error(`[rapport] ${m}`));

  const config: WorkerConfig = { dataDir: options.dataDir, mode: options.mode, version: options.version, fixedNow: options.fixedNow };
  const worker = new Worker(options.workerFile, { workerData: config });
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Set<(event: BackendEvent) => void>();
  let nextId = 1;
  let alive = true;
  let closing: Promise<void> | null = null;

  const failPending = (message: string) => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'unavailable', message } });
    pending.clear();
  };

  await new Promise<void>((resolve, reject) => {
    const onStartMessage = (message: FromWorker) => {
      if (message.type === 'ready') {
        worker.off('message', onStartMessage);
        if (message.backupFile) log(`the book was upgraded from schema ${message.migratedFrom}; a copy was kept first`);
        resolve();
      } else if (message.type === 'fatal') {
        worker.off('message', onStartMessage);
        reject(new BackendStartError(message.code, message.message));
      }
    };
    worker.on('message', onStartMessage);
    worker.once('error', (err) => reject(new BackendStartError('worker_died', `The back end could not start: ${err.message}`)));
    worker.once('exit', (code) => reject(new BackendStartError('worker_died', `The back end stopped while starting (exit ${code})`)));
  }).catch(async (err: unknown) => {
    await worker.terminate();
    throw err;
  });

  worker.on('message', (message: FromWorker) => {
    switch (message.type) {
      case 'result': {
        const resolve = pending.get(message.id);
        pending.delete(message.id);
        resolve?.(message.result);
        break;
      }
      case 'event':
        for (const listener of listeners) listener(message.event);
        break;
      case 'log':
        log(message.message);
        break;
      default:
        break;
    }
  });
  worker.on('error', (err) => {
    log(`the back end failed: ${err.message}`);
  });
  worker.on('exit', () => {
    alive = false;
    failPending('The back end has stopped. Restart Rapport; everything saved before is safe.');
  });

  return {
    dataDir: options.dataDir,
    call(method, input) {
      if (!alive || closing) {
        return Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'Rapport is closing or its back end has stopped.' } });
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        worker.postMessage({ type: 'call', id, method, input } satisfies ToWorker);
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closing ??= (async () => {
        if (alive) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 5000);
            worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            worker.postMessage({ type: 'close' } satisfies ToWorker);
          });
          await worker.terminate();
        }
      })();
      return closing;
    },
  };
}
