import { workerData } from 'node:worker_threads';
import { ApiFailure } from '../../shared/contract/index';
import { streamCsvRows } from '../db/import-csv';
import { encodeChunk } from '../db/import-rows';
import { AHEAD, POSTED, STOP, TAKEN, type ReaderData, type ReaderMessage } from './row-reader-thread';

/**
 * The helper thread that reads a large CSV import's rows for the back end's thread (see
 * row-reader-thread.ts): it parses the file and posts its rows, mapped and checked, a chunk at a
 * time as it goes, staying at most AHEAD chunks ahead of the importer. It touches no database.
 */
const { job, port, shared, chunkRows } = workerData as ReaderData;

const post = (message: ReaderMessage) => {
  port.postMessage(message);
  Atomics.add(shared, POSTED, 1);
  Atomics.notify(shared, POSTED);
};

post({ type: 'alive' });
try {
  let index = 0;
  const total = streamCsvRows(
    job.bytes,
    job.options,
    chunkRows,
    (estimate) => post({ type: 'ready', estimate }),
    (chunk) => {
      const json = encodeChunk(chunk);
      for (let taken = Atomics.load(shared, TAKEN); index - taken >= AHEAD; taken = Atomics.load(shared, TAKEN)) {
        if (Atomics.load(shared, STOP)) return false;
        Atomics.wait(shared, TAKEN, taken, 1000);
      }
      if (Atomics.load(shared, STOP)) return false;
      post({ type: 'chunk', index: index++, json });
      return true;
    },
  );
  if (!Atomics.load(shared, STOP)) post({ type: 'end', total });
} catch (err) {
  post({ type: 'error', error: err instanceof ApiFailure ? err.error : null, message: err instanceof Error ? `${err.name}: ${err.message}` : 'non-error thrown' });
}
port.close();
