import { parentPort, workerData } from 'node:worker_threads';
import { quickCheck } from '../db/book-check';

/**
 * The helper thread that reads the whole book once with SQLite's quick check while the back end
 * opens it and answers its first reads: at 100,000 contacts the check takes a couple of seconds,
 * ten times the budget for opening the book. It opens the file read-only and writes nothing; it
 * posts null when the book is whole, or what SQLite found.
 */
const { file } = workerData as { file: string };
parentPort?.postMessage(quickCheck(file));
