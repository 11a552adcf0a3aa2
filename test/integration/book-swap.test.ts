import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { startBackend, type BackendHost } from '../../electron/backend/host';
import { incomingFile } from '../../electron/db/book-holder';
import type { BackendEvent, BookSwap, Contact, ContactPage, Result } from '../../shared/contract/index';
import { makeTempDir, onCleanup, snapshotTables, T0 } from '../helpers/book';
import { asUpload, openHeldBook } from '../helpers/data-book';

const DAY = 86_400_000;

describe('swapping the book under a running back end', () => {
  test('calls that arrive during a restore wait for the new book; none sees a closed one', async () => {
    const b = openHeldBook();
    for (let i = 0; i < 30; i++) await b.ok('contacts.create', { name: `Before ${i}`, notes: 'n'.repeat(15_000) });
    const made = await b.ok('backups.now', {});
    await b.ok('contacts.create', { name: 'Not in the backup' });

    // A backup in flight makes the swap wait for it while it holds the book: calls arrive meanwhile.
    const backup = b.call('backups.now', {});
    const restore = b.call('backups.restore', { file: made.file });
    let finished = false;
    void restore.finally(() => (finished = true));
    const during: Promise<Result<unknown>>[] = [];
    let whileBusy = 0;
    let k = 0;
    while (!finished) {
      if (b.holder.busy) whileBusy++;
      during.push(k++ % 3 === 0 ? b.call('contacts.create', { name: 'Written during the restore' }) : b.call('contacts.list', { limit: 500 }));
      await new Promise((resolve) => setImmediate(resolve));
    }
    during.push(b.call('book.exportJson', {}), b.call('backups.list', {}));
    const [restored, backedUp, ...answers] = await Promise.all([restore, backup, ...during]);
    expect(restored?.ok, JSON.stringify(restored)).toBe(true);
    expect(backedUp?.ok, JSON.stringify(backedUp)).toBe(true);
    expect(whileBusy).toBeGreaterThan(0);
    for (const a of answers) expect(a.ok, JSON.stringify(a).slice(0, 300)).toBe(true);
    expect(b.logs).toEqual([]);
    // The write either landed before the swap (and is kept aside) or after it (in the new book): never lost.
    const inNew = (await b.ok('contacts.list', { query: 'Written during' })).total;
    const aside = (restored as { ok: true; value: BookSwap }).value.keptAside;
    const asideDb = new (await import('better-sqlite3')).default(path.join(b.dir, 'backups', aside), { readonly: true });
    const inAside = asideDb.prepare("SELECT count(*) FROM contacts WHERE name = 'Written during the restore'").pluck().get() as number;
    asideDb.close();
    const writes = Math.ceil(k / 3);
    expect(inNew + inAside).toBe(writes);
    expect(inNew).toBeGreaterThan(0);
    expect((await b.ok('contacts.list', { query: 'Not in the backup' })).total).toBe(0);
  });

  test('two swaps at once run one after the other', async () => {
    const b = openHeldBook();
    await b.ok('contacts.create', { name: 'One' });
    const one = await b.ok('backups.now', {});
    await b.ok('contacts.create', { name: 'Two' });
    const text = (await b.ok('book.exportJson', {})).text;
    const [r1, r2] = await Promise.all([b.call('backups.restore', { file: one.file }), b.call('book.importJson', { file: asUpload(text), mode: 'replace' })]);
    expect(r1.ok && r2.ok).toBe(true);
    // Whichever came second is the book now.
    const last = (await b.ok('backups.list', {})).lastSwap;
    expect((await b.ok('contacts.list', {})).total).toBe(last?.kind === 'restore' ? 1 : 2);
    expect(new Set([r1.ok && r1.value.keptAside, r2.ok && r2.value.keptAside]).size).toBe(2);
  });

  test('a new file that cannot be opened puts the old book back, open and unchanged', async () => {
    const b = openHeldBook();
    await b.ok('contacts.create', { name: 'Ana' });
    // Closing runs PRAGMA optimize, which may add SQLite's statistics tables: those aside, nothing changes.
    const withoutStats = (snap: ReturnType<typeof snapshotTables>) => {
      const out = Object.fromEntries(Object.entries(snap).filter(([k]) => !k.startsWith('sqlite_stat')));
      out['(schema)'] = (out['(schema)'] ?? []).filter((row) => !String((row as { name: string }).name).startsWith('sqlite_stat'));
      return out;
    };
    const snap = withoutStats(snapshotTables(b.holder.db));
    const incoming = incomingFile(b.dir, T0);
    fs.writeFileSync(incoming, 'not a database '.repeat(500));
    const keepAs = path.join(b.dir, 'backups', 'before-restore-test.db');
    await expect(b.holder.exclusive(() => b.holder.swapIn(incoming, keepAs))).rejects.toThrow();
    expect(withoutStats(snapshotTables(b.holder.db))).toEqual(snap);
    expect(fs.existsSync(keepAs)).toBe(false);
    expect(fs.existsSync(incoming)).toBe(false);
    expect((await b.ok('contacts.list', {})).rows.map((r) => r.name)).toEqual(['Ana']);
  });

  test('leftovers of an interrupted swap are removed when the book opens', () => {
    const dir = makeTempDir();
    fs.writeFileSync(path.join(dir, 'incoming-1-2-abc.db'), 'half');
    fs.writeFileSync(path.join(dir, 'incoming-1-2-abc.db-journal'), 'half');
    const b = openHeldBook({ dir });
    expect(fs.readdirSync(b.dir).filter((n) => n.startsWith('incoming-'))).toEqual([]);
  });
});

const WORKER = path.resolve('out/electron/worker.cjs');

describe('in the worker thread', () => {
  test('an import swaps the book: calls go on, every window is told, the reminders read the new book', async () => {
    if (!fs.existsSync(WORKER)) throw new Error(`The built worker is missing (${WORKER}). Run \`npm run build\` first.`);
    // A book with an overdue follow-up nobody was reminded of yet.
    const source = openHeldBook();
    const ana = await source.ok('contacts.create', { name: 'Ana' });
    await source.ok('followUps.create', { contactId: ana.id, title: 'Call Ana back', dueDate: '2026-11-20' });
    const text = (await source.ok('book.exportJson', {})).text;

    const dir = makeTempDir();
    const host: BackendHost = await startBackend({ dataDir: dir, mode: 'browser', version: '1.2.3-test', workerFile: WORKER, fixedNow: T0, log: () => {} });
    onCleanup(() => host.close());
    const events: BackendEvent[] = [];
    host.onEvent((e) => events.push(e));
    await host.call('contacts.create', { name: 'Mine' });
    const imported = host.call('book.importJson', { file: asUpload(text), mode: 'replace' }) as Promise<Result<BookSwap>>;
    const during = host.call('contacts.create', { name: 'During' }) as Promise<Result<Contact>>;
    expect((await imported).ok).toBe(true);
    expect((await during).ok).toBe(true);
    const listed = (await host.call('contacts.list', {})) as Result<ContactPage>;
    expect(listed.ok).toBe(true);
    expect(events).toContainEqual({ name: 'changed', payload: { area: 'book' } });
    await expect.poll(() => events.filter((e) => e.name === 'reminder').map((e) => (e.payload as { title: string }).title)).toEqual(['Call Ana back']);
    // After a restart the same book is there.
    await host.close();
    const again = await startBackend({ dataDir: dir, mode: 'browser', version: '1.2.3-test', workerFile: WORKER, fixedNow: T0 + DAY, log: () => {} });
    onCleanup(() => again.close());
    const names = (await again.call('contacts.list', {})) as Result<ContactPage>;
    expect(names.ok && names.value.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['Ana']));
    expect(names.ok && names.value.rows.map((r) => r.name)).not.toContain('Mine');
  });
});
