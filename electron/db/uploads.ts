import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ApiFailure, type ParsedFileUpload, type UploadProgress } from '../../shared/contract/index';

/**
 * Big files sent in chunks (uploads.begin / append / cancel), kept as `<dataDir>/uploads/<id>.part`
 * until the import that names them succeeds. An upload belongs to the back end that received it:
 * what this process knows is in `live`; any other file in the folder is a leftover of an earlier
 * run (a crash, a quit mid-upload) and goes at the next sweep, as does an upload untouched for a day.
 */

const STALE_MS = 24 * 60 * 60 * 1000;
/** Room kept free on the disk besides the file itself (the import builds files of its own). */
const DISK_MARGIN = 64 * 1024 * 1024;

interface LiveUpload {
  size: number;
  received: number;
  /** Real time of the last begin or append (the app's clock may be a test's fixed one). */
  touchedAt: number;
}

/** By the part file's absolute path, so several books (tests) in one process never meet. */
const live = new Map<string, LiveUpload>();

interface HasDataDir {
  info: { dataDir: string };
}

export const uploadsDir = (dataDir: string) => path.join(dataDir, 'uploads');
/** The id is 32 hex digits (the contract checks it), so this path never leaves the folder. */
const partFile = (dataDir: string, id: string) => path.join(uploadsDir(dataDir), `${id}.part`);

/** Removes leftovers of earlier runs and uploads untouched for a day; returns how many went. */
export function sweepUploads(dataDir: string, now = Date.now()): number {
  const dir = uploadsDir(dataDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    const upload = live.get(file);
    if (upload && now - upload.touchedAt < STALE_MS) continue;
    live.delete(file);
    try {
      fs.rmSync(file, { force: true, recursive: true });
      removed++;
    } catch {
      // Still open elsewhere or already gone: the next sweep tries again.
    }
  }
  // Uploads whose file vanished under us.
  for (const [file, upload] of live) {
    if (path.dirname(file) === dir && (now - upload.touchedAt >= STALE_MS || !fs.existsSync(file))) live.delete(file);
  }
  return removed;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

export function beginUpload(ctx: HasDataDir, size: number): { id: string } {
  const dir = uploadsDir(ctx.info.dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  sweepUploads(ctx.info.dataDir);
  const free = freeBytes(dir);
  if (free !== null && size + DISK_MARGIN > free) {
    throw new ApiFailure({
      code: 'unavailable',
      field: 'size',
      message: `There is not enough free disk space for this file (${mb(size)}; ${mb(Math.max(0, free - DISK_MARGIN))} free beside the book). Free some space and try again.`,
    });
  }
  const id = crypto.randomBytes(16).toString('hex');
  const file = partFile(ctx.info.dataDir, id);
  // 'wx': a new file only (an id is never reused), readable by the owner alone.
  fs.closeSync(fs.openSync(file, 'wx', 0o600));
  live.set(file, { size, received: 0, touchedAt: Date.now() });
  return { id };
}

function freeBytes(dir: string): number | null {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

function liveUpload(dataDir: string, id: string, field: string): { file: string; upload: LiveUpload } {
  const file = partFile(dataDir, id);
  const upload = live.get(file);
  if (!upload || !fs.existsSync(file)) {
    live.delete(file);
    throw new ApiFailure({
      code: 'not_found',
      field,
      message: 'That upload is not here any more (it was cancelled, used, or left unfinished for a day). Choose the file again.',
      issues: [{ field, message: 'Choose the file again' }],
    });
  }
  return { file, upload };
}

/**
 * Writes a chunk at `offset`. A chunk that starts where the bytes so far end is appended; one that
 * starts earlier (a retry after a lost answer) must repeat the same bytes, and only what it adds
 * past the end is new; one that starts later would leave a gap and is refused.
 */
export function appendUpload(ctx: HasDataDir, id: string, offset: number, bytes: Buffer): UploadProgress {
  const { file, upload } = liveUpload(ctx.info.dataDir, id, 'id');
  if (offset > upload.received) {
    throw new ApiFailure({
      code: 'conflict',
      field: 'offset',
      message: `This chunk starts at byte ${offset}, but only ${upload.received} bytes have arrived: send the chunk that starts at ${upload.received}.`,
      issues: [{ field: 'offset', message: `Send the chunk that starts at ${upload.received}` }],
    });
  }
  if (offset + bytes.length > upload.size) {
    throw ApiFailure.invalid('base64', `This chunk goes past the end of the file (${upload.size} bytes, as uploads.begin said).`);
  }
  const fd = fs.openSync(file, 'r+');
  try {
    const overlap = Math.min(bytes.length, upload.received - offset);
    if (overlap > 0) {
      const there = Buffer.alloc(overlap);
      fs.readSync(fd, there, 0, overlap, offset);
      if (!there.equals(bytes.subarray(0, overlap))) {
        throw new ApiFailure({
          code: 'conflict',
          field: 'offset',
          message: `This chunk does not match the bytes already received at ${offset}: send the chunk that starts at ${upload.received}.`,
          issues: [{ field: 'offset', message: `Send the chunk that starts at ${upload.received}` }],
        });
      }
    }
    if (overlap < bytes.length) {
      const fresh = bytes.subarray(overlap);
      let written = 0;
      while (written < fresh.length) written += fs.writeSync(fd, fresh, written, fresh.length - written, upload.received + written);
      upload.received += fresh.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  upload.touchedAt = Date.now();
  return { received: upload.received, size: upload.size };
}

/** Drops an upload and its file; false when it was already gone. */
export function cancelUpload(ctx: HasDataDir, id: string): boolean {
  const file = partFile(ctx.info.dataDir, id);
  const known = live.delete(file);
  const existed = fs.existsSync(file);
  fs.rmSync(file, { force: true });
  return known || existed;
}

/**
 * The bytes of a file an import names: decoded from base64 in the call, or read from a finished
 * upload (which stays until `discardUploadedFile`, so a preview and the import after it share it).
 */
export function readUploadedFile(ctx: HasDataDir, file: ParsedFileUpload): Buffer {
  let bytes: Buffer;
  if (file.uploadId !== undefined) {
    const { file: part, upload } = liveUpload(ctx.info.dataDir, file.uploadId, 'file.uploadId');
    if (upload.received < upload.size) {
      throw ApiFailure.invalid('file.uploadId', `The file has not fully arrived (${upload.received} of ${upload.size} bytes). Choose it again.`);
    }
    upload.touchedAt = Date.now();
    bytes = fs.readFileSync(part);
  } else {
    bytes = Buffer.from(file.base64 ?? '', 'base64');
  }
  if (bytes.length === 0) throw ApiFailure.invalid('file', 'The file is empty. Nothing was changed.');
  return bytes;
}

/** After an import that used an upload succeeded: its bytes are not needed any more. */
export function discardUploadedFile(ctx: HasDataDir, file: ParsedFileUpload): void {
  if (file.uploadId !== undefined) cancelUpload(ctx, file.uploadId);
}
