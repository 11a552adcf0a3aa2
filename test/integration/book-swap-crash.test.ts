import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { SWAP_STEPS, type SwapStep } from '../../electron/db/book-holder';
import type { BackupFile, BookStatus, BookSwap, ContactPage, FileDownload } from '../../shared/contract/index';
import { makeTempDir, onCleanup } from '../helpers/book';
import { asUpload } from '../helpers/data-book';
import { callServe, lockHeld, okServe, prepareServeDir, sleep, startServe, type ServeProcess } from '../helpers/crash-server';

/**
 * Bad luck at the worst moments, in browser mode's real process: killed at each step of a swap,
 * and suspended while a second Rapport tries to take the book.
 */

async function stop(server: ServeProcess): Promise<void> {
  process.kill(server.pid, 'SIGTERM');
  await server.exited;
}

const total = async (server: ServeProcess) => (await okServe<ContactPage>(server, 'contacts.list', {})).total;

function integrity(dataDir: string): string {
  const db = new Database(path.join(dataDir, 'rapport.db'), { readonly: true });
  try {
    return db.prepare<[], string>('PRAGMA integrity_check').pluck().get() ?? '';
  } finally {
    db.close();
  }
}

describe('a swap killed at each of its steps', () => {
  const rounds: [kind: 'restore' | 'import', step: SwapStep][] = [];
  for (const kind of ['restore', 'import'] as const) for (const step of SWAP_STEPS) rounds.push([kind, step]);

  test.each(rounds)('%s, killed after "%s": a restart is on the old book or the new one, whole, and says which', async (kind, step) => {
    const serveDir = prepareServeDir(onCleanup);
    const dataDir = makeTempDir('rapport-swap-crash-');
    // The new book: three contacts (a backup, or an export); the old one has a fourth.
    const first = await startServe(serveDir, dataDir);
    for (const name of ['Ana', 'Ben', 'Cy']) await okServe(first, 'contacts.create', { name });
    const backup = await okServe<BackupFile>(first, 'backups.now', {});
    const exported = await okServe<FileDownload>(first, 'book.exportJson', {});
    await okServe(first, 'contacts.create', { name: 'Only in the old book' });
    await stop(first);

    const dying = await startServe(serveDir, dataDir, 30_000, { RAPPORT_FAILPOINT: `swap:${step}` });
    const answer =
      kind === 'restore'
        ? await callServe(dying, 'backups.restore', { file: backup.file })
        : await callServe(dying, 'book.importJson', { file: asUpload(exported.text ?? '', 'book.json'), mode: 'replace' });
    expect(answer.answered, 'the process died before it answered').toBe(false);
    expect((await dying.exited).signal).toBe('SIGKILL');
    expect(lockHeld(dataDir)).toBe(false);

    const after = await startServe(serveDir, dataDir);
    const status = await okServe<BookStatus>(after, 'book.status', {});
    const committed = SWAP_STEPS.indexOf(step) >= SWAP_STEPS.indexOf('renamed');
    expect(status.problem).toBeNull();
    expect(await total(after), `after "${step}"`).toBe(committed ? 3 : 4);
    expect(status.notice?.outcome).toBe(committed ? 'finished' : step === 'closed' ? 'not-started' : 'undone');
    expect(status.notice?.message).toMatch(committed ? /you are on the new book.*kept as the backup before-(restore|import)-/ : /your book (is )?as it was/);
    expect(integrity(dataDir)).toBe('ok');
    // Nothing half-done is left: no intent, no incoming book, and no backup that is the live book under another name.
    const names = fs.readdirSync(dataDir);
    expect(names.filter((n) => n.startsWith('incoming-') || n.startsWith('swap-intent'))).toEqual([]);
    const live = fs.statSync(path.join(dataDir, 'rapport.db')).ino;
    const aside = fs.readdirSync(path.join(dataDir, 'backups')).filter((n) => n.startsWith('before-'));
    for (const name of aside) expect(fs.statSync(path.join(dataDir, 'backups', name)).ino).not.toBe(live);
    // After a finished swap, the old book is kept whole as that backup.
    if (committed) {
      expect(aside).toHaveLength(1);
      const kept = new Database(path.join(dataDir, 'backups', aside[0] as string), { readonly: true });
      expect(kept.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(4);
      kept.close();
    } else {
      expect(aside).toEqual([]);
    }
    // And the book takes writes that last.
    await okServe(after, 'contacts.create', { name: 'Written after the restart' });
    await stop(after);
    const again = await startServe(serveDir, dataDir);
    expect(await total(again)).toBe(committed ? 4 : 5);
    expect((await okServe<BookStatus>(again, 'book.status', {})).notice).toBeNull();
    await stop(again);
  });
});

describe('one process owns the book', () => {
  test('suspended past the old lock\'s staleness, the owner keeps the book: a second server is refused, and every write the first acknowledges lasts', async () => {
    const serveDir = prepareServeDir(onCleanup);
    const dataDir = makeTempDir('rapport-suspend-');
    const first = await startServe(serveDir, dataDir);
    await okServe(first, 'contacts.create', { name: 'Before the sleep' });

    // The laptop sleeps (or the process is stopped) longer than the 6 s after which the old lock
    // file was taken over by anyone.
    process.kill(first.pid, 'SIGSTOP');
    try {
      await sleep(7_000);
      const refused = await startServe(serveDir, dataDir).then(
        async (second) => {
          await stop(second);
          return null;
        },
        (err: unknown) => (err instanceof Error ? err.message : String(err)),
      );
      expect(refused).toMatch(/Another Rapport is using the book/);
    } finally {
      process.kill(first.pid, 'SIGCONT');
    }

    // Awake again: it still owns the book, and what it acknowledges is kept.
    const written: string[] = [];
    for (let i = 0; i < 10; i++) {
      const outcome = await callServe(first, 'contacts.create', { name: `After the sleep ${i}` });
      expect(outcome).toMatchObject({ answered: true, result: { ok: true } });
      written.push(`After the sleep ${i}`);
    }
    await okServe<BookSwap>(first, 'backups.restore', { file: (await okServe<BackupFile>(first, 'backups.now', {})).file });
    await stop(first);
    const reopened = await startServe(serveDir, dataDir);
    const names = (await okServe<ContactPage>(reopened, 'contacts.list', { limit: 100 })).rows.map((r) => r.name);
    expect(names.sort()).toEqual(['Before the sleep', ...written].sort());
    await stop(reopened);
  }, 60_000);
});
