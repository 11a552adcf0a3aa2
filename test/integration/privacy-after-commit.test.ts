import { describe, expect, test } from 'vitest';
import type { HandlerContext } from '../../electron/api/context';
import { createDispatcher, type HandlerTable } from '../../electron/api/registry';
import { openBook } from '../../electron/db/book';
import { makeTempDir, onCleanup, T0 } from '../helpers/book';

/** A dispatcher over a real book with two stand-in handlers, to watch afterCommit on its own. */
function setup() {
  const dir = makeTempDir();
  const book = openBook(dir, { now: () => T0 });
  onCleanup(() => book.close());
  const seen: string[] = [];
  const logs: string[] = [];
  const write = (ctx: HandlerContext, key: string) =>
    ctx.db.prepare("INSERT INTO settings (key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET value = value + 1").run(key);
  const handlers = {
    // Commits: its deferred work runs after, outside the transaction, in order.
    'settings.get': (_input: unknown, ctx: HandlerContext) => {
      write(ctx, 'a');
      ctx.afterCommit(() => seen.push(`first inTransaction=${ctx.db.inTransaction} committed=${committed(ctx)}`));
      ctx.afterCommit(() => {
        throw new Error('deferred work failed');
      });
      ctx.afterCommit(() => seen.push('third'));
      seen.push('handler');
      return { ok: true };
    },
    // Fails after deferring: nothing deferred runs, nothing is written.
    'app.info': (_input: unknown, ctx: HandlerContext) => {
      write(ctx, 'b');
      ctx.afterCommit(() => seen.push('must not run'));
      throw new Error('boom');
    },
  } as unknown as HandlerTable;
  const ctx = { db: book.db, now: () => T0, emit: () => {}, info: { version: 't', mode: 'desktop' as const, dataDir: dir, databaseFile: book.file } };
  const committed = (c: HandlerContext) => c.db.prepare("SELECT value FROM settings WHERE key = 'a'").pluck().get();
  const api = createDispatcher(handlers, ctx, (m) => logs.push(m));
  return { api, seen, logs, ctx: ctx as unknown as HandlerContext, book };
}

describe('afterCommit', () => {
  test('runs after the commit, in order; a failure there is logged and the call still succeeds', async () => {
    const { api, seen, logs } = setup();
    const result = await api.call('settings.get', {});
    expect(result).toEqual({ ok: true, value: { ok: true } });
    expect(seen).toEqual(['handler', 'first inTransaction=false committed=1', 'third']);
    expect(logs).toEqual(['settings.get after commit: Error: deferred work failed']);
  });

  test('a call that fails runs none of it, and its write is rolled back', async () => {
    const { api, seen, book } = setup();
    const result = await api.call('app.info', {});
    expect(result.ok).toBe(false);
    expect(seen).toEqual([]);
    expect(book.db.prepare("SELECT count(*) AS n FROM settings WHERE key = 'b'").get()).toEqual({ n: 0 });
    // The next call starts with an empty list.
    await api.call('settings.get', {});
    expect(seen).not.toContain('must not run');
  });

  test('outside a call it refuses', () => {
    const { ctx } = setup();
    expect(() => ctx.afterCommit(() => {})).toThrow(/while their call runs/);
  });
});
