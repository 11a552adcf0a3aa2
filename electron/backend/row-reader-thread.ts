import fs from 'node:fs';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { ApiFailure, type ApiError } from '../../shared/contract/index';
import { csvRowTable, type CsvImportOptions } from '../db/import-csv';
import { CHUNK_ROWS, checkChunk, chunkCount, decodeChunk, tableSource, type RowChunk, type RowSource, type RowTable } from '../db/import-rows';
import { vcardRowTable } from '../db/import-vcard';

/**
 * Reading a large import's rows on two threads. Reading (mapping every row to a contact and
 * checking it with the contact's schema) is about a third of a large import, and the machine has a
 * second core: a helper thread (row-reader.ts) reads the same file and takes chunks of rows in turn
 * with the back end's thread, which writes them in file order and reads a chunk itself whenever
 * the next one to write is not there yet. Which thread reads a chunk is settled by one shared
 * counter; either way the chunk is the same (reading a row is pure).
 *
 * The importer stays synchronous, inside its call's one transaction: the helper's chunks are taken
 * with receiveMessageOnPort, and the thread sleeps on a shared counter (Atomics.wait) while the
 * helper finishes the chunk it is on.
 */

export type ReaderJob = { kind: 'csv'; bytes: Uint8Array; options: CsvImportOptions } | { kind: 'vcard'; bytes: Uint8Array };

export type ReaderMessage =
  /**
   * A chunk the helper read, as text (encodeChunk): a string crosses threads as one copy, and
   * rebuilding the rows from it is faster than structured cloning them (measured for 100,000 rows:
   * 0.15 s against 0.46 s).
   */
  | { type: 'chunk'; index: number; json: string }
  | { type: 'error'; error: ApiError | null; message: string };

/** What the helper thread is given. */
export interface ReaderData {
  job: ReaderJob;
  port: MessagePort;
  /** [0]: the next chunk to take; [1]: how many messages the helper has posted (to wake the reader). */
  shared: Int32Array;
}

/** Files smaller than this are read on the back end's thread alone: starting a thread costs more than it saves. */
export const THREAD_FROM_BYTES = 1_000_000;
/** How long the helper may go without handing anything over before the import gives up (a chunk takes well under a second). */
const STALL_MS = 30_000;
const NEXT = 0;
const POSTED = 1;

export function readTable(job: ReaderJob): RowTable {
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  return job.kind === 'csv' ? csvRowTable(bytes, job.options) : vcardRowTable(bytes);
}

/**
 * The rows of `job`, in chunks, for importContacts. With `readerFile` (the built row-reader.cjs)
 * and a large CSV file, a helper thread shares the reading; otherwise it is all done here. vCards
 * stay on one thread: most of their reading is the parse of the whole file (unfolding, decoding),
 * which both threads would do (10,000 cards: 1.13 s on one thread against 1.35 s on two).
 */
export function readRows(job: ReaderJob, readerFile?: string, options: { chunkRows?: number; threadFromBytes?: number; stallMs?: number } = {}): RowSource {
  const chunkRows = options.chunkRows ?? CHUNK_ROWS;
  const useThread = job.kind === 'csv' && readerFile !== undefined && job.bytes.byteLength >= (options.threadFromBytes ?? THREAD_FROM_BYTES) && fs.existsSync(readerFile);
  // The helper starts first, so it reads the file while this thread does the same.
  const helper = useThread ? startHelper(job, readerFile, chunkRows) : null;
  let table: RowTable;
  try {
    table = readTable(job);
  } catch (err) {
    helper?.stop();
    throw err;
  }
  if (!helper || chunkCount(table, chunkRows) < 2) {
    helper?.stop();
    return tableSource(table, chunkRows);
  }
  return { total: table.total, chunks: sharedChunks({ table }, chunkCount(table, chunkRows), helper, chunkRows, options.stallMs ?? STALL_MS), close: helper.stop };
}

interface Helper {
  channel: MessageChannel;
  shared: Int32Array;
  stop(): void;
}

function startHelper(job: ReaderJob, readerFile: string, chunkRows: number): Helper {
  const channel = new MessageChannel();
  const shared = new Int32Array(new SharedArrayBuffer(8));
  // The helper gets its own copy of the bytes, moved rather than copied again.
  const bytes = new Uint8Array(job.bytes);
  const data: ReaderData & { chunkRows: number } = { job: { ...job, bytes }, port: channel.port2, shared, chunkRows };
  const worker = new Worker(readerFile, { workerData: data, transferList: [channel.port2, bytes.buffer] });
  worker.unref();
  // A helper that fails outside its own try (it could not even load) shows here after the import:
  // the import itself has stopped waiting for it by then (STALL_MS) and said so.
  worker.on('error', () => {});
  let stopped = false;
  return {
    channel,
    shared,
    stop() {
      if (stopped) return;
      stopped = true;
      // No chunk left to take: the helper stops after the one it is on.
      Atomics.store(shared, NEXT, 1 << 30);
      channel.port1.close();
      void worker.terminate().catch(() => {});
    },
  };
}

function* sharedChunks(file: { table: RowTable | null }, count: number, helper: Helper, chunkRows: number, stallMs: number): Generator<RowChunk> {
  const ready = new Map<number, RowChunk>();
  const take = (m: ReaderMessage) => {
    if (m.type === 'error') throw m.error ? new ApiFailure(m.error) : new Error(`the file reader failed: ${m.message}`);
    ready.set(m.index, decodeChunk(m.json));
  };
  try {
    for (let next = 0; next < count; next++) {
      let quietSince = Date.now();
      for (;;) {
        const seen = Atomics.load(helper.shared, POSTED);
        for (let got = receiveMessageOnPort(helper.channel.port1); got; got = receiveMessageOnPort(helper.channel.port1)) take(got.message as ReaderMessage);
        const chunk = ready.get(next);
        if (chunk) {
          ready.delete(next);
          yield chunk;
          break;
        }
        // The next chunk is the helper's and not done yet: read one that is still free meanwhile.
        const free = file.table ? Atomics.add(helper.shared, NEXT, 1) : count;
        if (free < count && file.table) {
          ready.set(free, checkChunk(file.table, free, chunkRows));
          continue;
        }
        // Every chunk is taken: this thread's copy of the file is no longer needed.
        file.table = null;
        if (Atomics.wait(helper.shared, POSTED, seen, Math.min(1000, stallMs)) !== 'timed-out') quietSince = Date.now();
        else if (Date.now() - quietSince > stallMs) throw new Error('the file reader stopped answering');
      }
    }
  } finally {
    helper.stop();
  }
}
