import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { quickCheck } from '../db/book-check';

/**
 * The helper thread that reads the whole book once with SQLite's quick check while the back end
 * opens it and answers its first reads: at 100,000 contacts the check takes a couple of seconds,
 * ten times the budget for opening the book. It opens the file read-only and writes nothing; it
 * posts null when the book is whole, or what SQLite found.
 */
const { file } = workerData as { file: string };

// The check gives way to the back end's own thread, which is drawing the owner's first screen: on
// Linux a thread has its own priority (its id from /proc/thread-self); elsewhere it runs as it is.
try {
  const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, 19);
} catch {
  // Not Linux, or not allowed: the check simply shares the machine.
}

parentPort?.postMessage(quickCheck(file));
