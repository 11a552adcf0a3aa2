import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { makeTempDir, onCleanup } from './book';

/**
 * Real disks that fill up and folders that turn read-only, for the tests of what the app says
 * then: a small tmpfs mounted for the test (the kernel answers ENOSPC and EROFS itself, even to
 * root, which file permissions would not stop). Needs the right to mount, which these machines'
 * root has; a machine without it fails here with the reason, rather than skipping in silence.
 */

function mount(args: string[]): void {
  try {
    execFileSync('mount', args, { stdio: 'pipe' });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`These tests need to mount a small tmpfs (mount ${args.join(' ')}), and could not: ${stderr || String(err)}`, { cause: err });
  }
}

/** A fresh folder on its own tmpfs of `bytes`, unmounted when the test ends. */
export function smallDisk(bytes: number, dir = makeTempDir('rapport-disk-')): string {
  fs.mkdirSync(dir, { recursive: true });
  mount(['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'tmpfs', dir]);
  onCleanup(() => {
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    } catch {
      // Already gone.
    }
  });
  return dir;
}

/** Remounts a tmpfs made by smallDisk read-only (nothing on it may be open for writing). */
export function makeReadOnly(dir: string): void {
  mount(['-o', 'remount,ro', dir]);
}

export function makeWritable(dir: string): void {
  mount(['-o', 'remount,rw', dir]);
}

/** Fills the disk holding `dir` to the last byte with a file; returns a function that frees it. */
export function fillDisk(dir: string): () => void {
  const file = `${dir}/filler`;
  const fd = fs.openSync(file, 'w');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) {
      try {
        fs.writeSync(fd, block);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        // The last partial block, byte by byte in smaller steps.
        for (let size = 4096; size >= 1; size = Math.floor(size / 2)) {
          try {
            for (;;) fs.writeSync(fd, block, 0, size);
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
          }
        }
        break;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return () => fs.rmSync(file, { force: true });
}

/** Overwrites one leaf page of the contacts table with random bytes, as a failing disk might. */
export function damageOnePage(file: string): void {
  const db = new Database(file, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.prepare<[], number>("SELECT pageno FROM dbstat WHERE name = 'contacts' AND pagetype = 'leaf' ORDER BY pageno").pluck().all();
  db.close();
  if (pages.length < 3) throw new Error(`damageOnePage wants a book whose contacts fill a few pages (${pages.length} here)`);
  const page = pages[Math.floor(pages.length / 2)] as number;
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, crypto.randomBytes(pageSize), 0, pageSize, (page - 1) * pageSize);
  fs.closeSync(fd);
}
