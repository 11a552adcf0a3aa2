import fs from 'node:fs';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { ApiFailure, type ApiError } from '../../shared/contract/index';
import { csvRowTable, type CsvImportOptions } from '../db/import-csv';
import { CHUNK_ROWS, decodeChunk, tableSource, type RowChunk, type RowSource, type RowTable } from '../db/import-rows';
import { vcardRowTable } from '../db/import-vcard';

/**
 * Reading a large CSV import's rows on a helper thread (row-reader.ts). Reading (parsing, mapping
 * every row to a contact, checking it with the contact's schema) is about a third of a large
 * import, and the machine has a second core: the helper parses the file and hands its rows over,
 * checked, a chunk at a time as it goes, while the back end's thread writes the chunks before,
 * which it can start on a few milliseconds in instead of after a parse of the whole file.
 *
 * The importer stays synchronous, inside its call's one transaction: the helper's messages are
 * taken with receiveMessageOnPort, and the thread sleeps on a shared counter (Atomics.wait) while
 * the next chunk is not there yet. The helper stays at most AHEAD chunks ahead, so a large file's
 * rows are never all held twice. A helper that does not start leaves the reading to this thread.
 */

export type CsvJob = { kind: 'csv'; bytes: Uint8Array; options: CsvImportOptions };
export type ReaderJob = CsvJob | { kind: 'vcard'; bytes: Uint8Array };

export type ReaderMessage =
  /** The helper runs (posted first, before it reads anything). */
  | { type: 'alive' }
  /** The file is good (decoded, not binary, its header fits the mapping); it has about `estimate` rows (estimateRows). */
  | { type: 'ready'; estimate: number }
  /**
   * A chunk of checked rows, in file order, as text (encodeChunk): a string crosses threads as one
   * copy, and rebuilding the rows from it is faster than structured cloning them (measured for
   * 100,000 rows: 0.15 s against 0.46 s).
   */
  | { type: 'chunk'; index: number; json: string }
  /** Every row is handed over: the file has `total` rows. */
  | { type: 'end'; total: number }
  | { type: 'error'; error: ApiError | null; message: string };

/** What the helper thread is given. */
export interface ReaderData {
  job: CsvJob;
  port: MessagePort;
  chunkRows: number;
  /** See the slots below. */
  shared: Int32Array;
}

/** Shared slots: [STOP] set when the import no longer wants rows; [POSTED] messages posted (to wake this thread); [TAKEN] chunks taken (to wake the helper). */
export const STOP = 0;
export const POSTED = 1;
export const TAKEN = 2;
/** How many chunks the helper may have handed over and not yet taken. */
export const AHEAD = 32;

/** Files smaller than this are read on the back end's thread alone: starting a thread costs more than it saves. */
export const THREAD_FROM_BYTES = 1_000_000;
/** How long a helper may take to start before this thread reads the file itself (it starts in about 50 ms). */
const START_MS = 5_000;
/** How long the helper may go without handing anything over before the import gives up (a chunk takes well under a second). */
const STALL_MS = 30_000;

export function readTable(job: ReaderJob): RowTable {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  return job.kind === 'csv' ? csvRowTable(bytes, job.options) : vcardRowTable(bytes);
}

/**
 * The rows of `job`, in chunks, for importContacts. With `readerFile` (the built row-reader.cjs)
 * and a large CSV file, a helper thread reads them; otherwise they are read here. Either way a file
 * refused as a whole (binary, no header, a mapping that does not fit) is refused here, before any
 * row is taken. vCards stay on this thread: most of their reading is the parse of the whole file
 * (unfolding, decoding) before the first card.
 *
 * A helper's source gives an estimate of the rows as `total` (estimateRows: for the importer's
 * choices and its progress) until the last chunk is taken, then the rows read.
 */
export function readRows(
  job: ReaderJob,
  readerFile?: string,
  options: { chunkRows?: number; threadFromBytes?: number; startMs?: number; stallMs?: number } = {},
): RowSource {
  const chunkRows = options.chunkRows ?? CHUNK_ROWS;
  const stallMs = options.stallMs ?? STALL_MS;
  const here = () => tableSource(readTable(job), chunkRows);
  if (job.kind !== 'csv' || readerFile === undefined || job.bytes.byteLength < (options.threadFromBytes ?? THREAD_FROM_BYTES) || !fs.existsSync(readerFile)) {
    return here();
  }
  const helper = startHelper(job, readerFile, chunkRows);
  try {
    const first = helper.next(Math.min(options.startMs ?? START_MS, stallMs));
    if (first === null) {
      // It never started (it could not load, say): read here.
      helper.stop();
      return here();
    }
    const ready = first.type === 'alive' ? helper.next(stallMs) : first;
    if (ready === null) throw new Error('the file reader stopped answering');
    if (ready.type === 'error') throw failure(ready);
    if (ready.type !== 'ready') throw new Error(`the file reader sent "${ready.type}" before it had read the file's header`);
    const source: RowSource = { total: ready.estimate, chunks: helperChunks(helper, stallMs, (total) => (source.total = total)), close: helper.stop };
    return source;
  } catch (err) {
    helper.stop();
    throw err;
  }
}

const failure = (m: { error: ApiError | null; message: string }) => (m.error ? new ApiFailure(m.error) : new Error(`the file reader failed: ${m.message}`));

interface Helper {
  /** The helper's next message, waiting up to `waitMs` for it; null if none came. */
  next(waitMs: number): ReaderMessage | null;
  /** Counts a chunk taken, so the helper may read on. */
  took(): void;
  stop(): void;
}

function startHelper(job: CsvJob, readerFile: string, chunkRows: number): Helper {
  const channel = new MessageChannel();
  const shared = new Int32Array(new SharedArrayBuffer(12));
  // The helper gets its own copy of the bytes, moved rather than copied again.
  const bytes = new Uint8Array(job.bytes);
  const data: ReaderData = { job: { ...job, bytes }, port: channel.port2, shared, chunkRows };
  const worker = new Worker(readerFile, { workerData: data, transferList: [channel.port2, bytes.buffer] });
  worker.unref();
  // A helper that fails outside its own try (it could not even load) shows here after the import,
  // which has stopped waiting for it by then (START_MS) and read the file itself.
  worker.on('error', () => {});
  let stopped = false;
  return {
    next(waitMs) {
      const since = Date.now();
      for (;;) {
        // Read the count before looking: a message posted after the look changes it, so the wait below returns at once.
        const seen = Atomics.load(shared, POSTED);
        const got = receiveMessageOnPort(channel.port1);
        if (got) return got.message as ReaderMessage;
        const left = waitMs - (Date.now() - since);
        if (left <= 0) return null;
        Atomics.wait(shared, POSTED, seen, Math.min(left, 1000));
      }
    },
    took() {
      Atomics.add(shared, TAKEN, 1);
      Atomics.notify(shared, TAKEN);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      Atomics.store(shared, STOP, 1);
      Atomics.notify(shared, TAKEN);
      channel.port1.close();
      void worker.terminate().catch(() => {});
    },
  };
}

function* helperChunks(helper: Helper, stallMs: number, end: (total: number) => void): Generator<RowChunk> {
  try {
    for (let index = 0; ; index++) {
      const m = helper.next(stallMs);
      if (m === null) throw new Error('the file reader stopped answering');
      if (m.type === 'error') throw failure(m);
      if (m.type === 'end') {
        end(m.total);
        return;
      }
      if (m.type !== 'chunk' || m.index !== index) throw new Error(`the file reader sent "${m.type}" where chunk ${index} was due`);
      const chunk = decodeChunk(m.json);
      helper.took();
      yield chunk;
    }
  } finally {
    helper.stop();
  }
}
