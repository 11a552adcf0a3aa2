import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BackendStartError, startBackend } from '../../electron/backend/host';
import { createBackupScheduler } from '../../electron/backend/backup-scheduler';
import { BookHolder } from '../../electron/db/book-holder';
import { StorageError } from '../../electron/db/storage-errors';
import type { Contact } from '../../shared/contract/index';
import { makeTempDir, onCleanup, T0 } from '../helpers/book';
import { prepareServeDir } from '../helpers/crash-server';
import { openHeldBook } from '../helpers/data-book';
import { fillDisk, makeReadOnly, smallDisk } from '../helpers/disks';

/**
 * A full disk, a read-only folder, a read-only book file, a read-only backups folder: each gets a
 * message that names the cause and what to do, never "internal error, try again", and nothing
 * acknowledged is lost.
 */

const WORKER = path.resolve('out/electron/worker.cjs');

describe('a full disk', () => {
  test('a write says the disk is full, the book keeps everything it acknowledged, and works again once there is room', async () => {
    const dir = smallDisk(8 * 1024 * 1024);
    const b = openHeldBook({ dir });
    const acknowledged: Contact[] = [];
    for (let i = 0; i < 5; i++) acknowledged.push(await b.ok('contacts.create', { name: `Customer ${i}` }));
    const free = fillDisk(dir);

    // Writes that need new pages fail, each with the cause in words.
    let refused = null;
    for (let i = 0; i < 200 && !refused; i++) {
      const result = await b.call('contacts.create', { name: `Big ${i}`, notes: 'n'.repeat(20_000) });
      if (result.ok) acknowledged.push(result.value);
      else refused = result.error;
    }
    expect(refused).toMatchObject({ code: 'disk_full' });
    expect(refused?.message).toMatch(/The disk is full, so Rapport could not write to your book \(.*rapport\.db\)\. Nothing was saved\. Free some space/);
    expect(b.logs.join('\n')).not.toMatch(/internal/);

    // A backup on the same full disk says so too, and leaves nothing half-written.
    const backup = await b.fails('backups.now', {});
    expect(backup).toMatchObject({ code: 'disk_full', message: expect.stringMatching(/could not write to the backups folder .* Your book is unchanged/) });
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual([]);

    free();
    acknowledged.push(await b.ok('contacts.create', { name: 'Once there is room' }));
    const listed = await b.ok('contacts.list', { limit: 500 });
    expect(listed.rows.map((r) => r.id).sort((x, y) => x - y)).toEqual(acknowledged.map((c) => c.id).sort((x, y) => x - y));
    expect(b.holder.db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
  });
});

describe('a read-only folder', () => {
  test('a data folder on a read-only disk is said to be read-only when the app starts, not "another Rapport is using it"', async () => {
    const dir = smallDisk(4 * 1024 * 1024);
    const b = openHeldBook({ dir });
    await b.ok('contacts.create', { name: 'Ana' });
    b.holder.close();
    makeReadOnly(dir);

    expect(() => BookHolder.open(dir)).toThrow(StorageError);
    expect(() => BookHolder.open(dir)).toThrow(/Rapport cannot write in its data folder \(.*\): it is read-only\. .*Make the folder writable/);
    if (!fs.existsSync(WORKER)) throw new Error('Run `npm run build` first');
    const error = await startBackend({ dataDir: dir, mode: 'browser', version: 't', workerFile: WORKER, fixedNow: T0, log: () => {} }).then(
      async (host) => {
        await host.close();
        return null;
      },
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(BackendStartError);
    expect(error).toMatchObject({ code: 'read_only', message: expect.stringMatching(/read-only/) });
    expect((error as Error).message).not.toMatch(/Another Rapport/);
  });

  test('a read-only backups folder: "Back up now" and the automatic backup say so; the book is unchanged', async () => {
    const b = openHeldBook();
    await b.ok('contacts.create', { name: 'Ana' });
    const backups = smallDisk(4 * 1024 * 1024, path.join(b.dir, 'backups'));
    makeReadOnly(backups);

    const error = await b.fails('backups.now', {});
    expect(error).toMatchObject({ code: 'read_only' });
    expect(error.message).toMatch(/Rapport cannot write in the backups folder \(.*backups\): it is read-only\. Your book is unchanged\./);
    await b.ok('contacts.create', { name: 'Ben' });

    // The daily copy fails the same way, and the owner is told, not only the log.
    const told: string[] = [];
    const scheduler = createBackupScheduler({ holder: b.holder, now: b.clock.now, firstLookMs: 0, setTimer: (fn) => setImmediate(fn), clearTimer: () => {}, onFailure: (m) => told.push(m) });
    scheduler.start();
    await expect.poll(() => told.length).toBeGreaterThan(0);
    scheduler.stop();
    expect(told[0]).toMatch(/backups folder .* read-only/);
  });
});

describe('a read-only book file', () => {
  test('the app refuses to start on it with the file named, instead of failing at the first save (run as an ordinary user: root writes anyway)', async () => {
    const serveDir = prepareServeDir(onCleanup);
    // The ordinary user must be able to read the built app.
    fs.chmodSync(path.dirname(serveDir), 0o755);
    const dataDir = makeTempDir('rapport-ro-book-');
    const b = openHeldBook({ dir: dataDir });
    await b.ok('contacts.create', { name: 'Ana' });
    b.holder.close();
    const nobody = os.userInfo().uid === 0 ? { uid: 65534, gid: 65534 } : {};
    for (const name of fs.readdirSync(dataDir)) if ('uid' in nobody) fs.chownSync(path.join(dataDir, name), 65534, 65534);
    if ('uid' in nobody) fs.chownSync(dataDir, 65534, 65534);
    fs.chmodSync(path.join(dataDir, 'rapport.db'), 0o400);
    const before = fs.readFileSync(path.join(dataDir, 'rapport.db'));

    const child = spawn(process.execPath, [path.join(serveDir, 'serve-cli.cjs'), '--data-dir', dataDir, '--port', '0'], {
      env: { ...process.env, NODE_PATH: path.resolve('node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...nobody,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/Rapport could not start: Rapport cannot write to .*rapport\.db: the file is read-only\. .*Make it writable/);
    expect(fs.readFileSync(path.join(dataDir, 'rapport.db')).equals(before)).toBe(true);
    const raw = new Database(path.join(dataDir, 'rapport.db'), { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(1);
    raw.close();
  });
});
