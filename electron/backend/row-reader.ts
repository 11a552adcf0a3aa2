import { workerData } from 'node:worker_threads';
import { ApiFailure } from '../../shared/contract/index';
import { checkChunk, chunkCount, encodeChunk } from '../db/import-rows';
import { readTable, type ReaderData, type ReaderMessage } from './row-reader-thread';

/**
 * The helper thread that shares the reading of a large import's rows with the back end's thread
 * (see row-reader-thread.ts): it reads the same file, then takes free chunks until none is left,
 * posting each as it is done. It touches no database.
 */
const { job, port, shared, chunkRows } = workerData as ReaderData & { chunkRows: number };

const post = (message: ReaderMessage) => {
  port.postMessage(message);
  Atomics.add(shared, 1, 1);
  Atomics.notify(shared, 1);
};

try {
  const table = readTable(job);
  const count = chunkCount(table, chunkRows);
  for (let index = Atomics.add(shared, 0, 1); index < count; index = Atomics.add(shared, 0, 1)) {
    post({ type: 'chunk', index, json: encodeChunk(checkChunk(table, index, chunkRows)) });
  }
} catch (err) {
  post({ type: 'error', error: err instanceof ApiFailure ? err.error : null, message: err instanceof Error ? `${err.name}: ${err.message}` : 'non-error thrown' });
}
port.close();
