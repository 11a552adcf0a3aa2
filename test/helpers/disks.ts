import { execFileSync } from 'node:child_process';
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
