import fs from 'node:fs';
import path from 'node:path';

/**
 * Files that must survive a power cut, and that only their owner may read.
 *
 * A rename is atomic, but it is only durable once the folder holding it has been flushed, and the
 * file renamed in must itself be flushed first or the new name may point at empty blocks after a
 * crash (ext4 with delalloc, for one). Personal data is created 0600 in 0700 folders from the start
 * (never created open and tightened after), like the browser mode's token.
 */

const windows = process.platform === 'win32';

/** Creates the folder (and its parents) readable by its owner only, and tightens it if it exists. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  tighten(dir, 0o700);
}

/** Creates an empty file 0600 if missing, and tightens it if it exists; never truncates. */
export function createPrivateFile(file: string): void {
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    if (!windows && (fs.fstatSync(fd).mode & 0o077) !== 0) fs.fchmodSync(fd, 0o600);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes an existing file readable by its owner only (a file SQLite made beside the book, a copy). */
export function makePrivate(file: string): void {
  tighten(file, 0o600);
}

function tighten(target: string, mode: number): void {
  if (windows) return;
  try {
    const stat = fs.statSync(target);
    if ((stat.mode & 0o777 & ~mode) !== 0) fs.chmodSync(target, mode);
  } catch (err) {
    // Missing is fine; a file someone else owns cannot be tightened by us, and is not ours to refuse.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw err;
  }
}

/** Flushes a file's content to the disk. */
export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Flushes a folder's entries (creations, renames, removals) to the disk; a no-op where folders cannot be opened (Windows). */
export function fsyncDir(dir: string): void {
  if (windows) return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes a small file so that after a crash it is either absent or whole: a flushed temporary, renamed, the folder flushed. */
export function writeFileDurably(file: string, data: string): void {
  const temp = `${file}.tmp`;
  const fd = fs.openSync(temp, 'w', 0o600);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  fsyncDir(path.dirname(file));
}

/** Removes a file and flushes its folder, so that the removal survives a power cut. */
export function removeDurably(file: string): void {
  fs.rmSync(file, { force: true });
  fsyncDir(path.dirname(file));
}
