import type { z } from 'zod';
import {
  ApiFailure,
  contract,
  isMethodName,
  type ApiError,
  type FieldIssue,
  type MethodName,
  type MethodParsedInput,
  type MethodResult,
  type Result,
} from '../../shared/contract/index';
import { stmt, type WritableDB } from '../db/connection';
import { keepFiguresCurrent } from '../db/figures';
import { storageErrorOf } from '../db/storage-errors';
import type { ApiContext, HandlerContext } from './context';

/** Handlers are synchronous: each runs inside one transaction with the figures it changes. */
export type Handler<M extends MethodName> = (input: MethodParsedInput<M>, ctx: HandlerContext) => MethodResult<M>;

/**
 * A handler that runs OUTSIDE the per-call transaction and may be async, made with `detached()`:
 * for work that cannot sit in one transaction of the open book (a backup with SQLite's online
 * backup API, swapping the whole book for a restored backup or an imported file). It opens its own
 * transactions where it writes, keeps the figures current itself if it writes records, and cannot
 * use `afterCommit` (it has no call transaction).
 */
export interface DetachedHandler<M extends MethodName> {
  readonly detached: true;
  run(input: MethodParsedInput<M>, ctx: ApiContext): Promise<MethodResult<M>>;
}
export const detached = <M extends MethodName>(run: DetachedHandler<M>['run']): DetachedHandler<M> => ({ detached: true, run });
const isDetached = (h: unknown): h is { detached: true; run(input: unknown, ctx: ApiContext): Promise<unknown> } => typeof h === 'object' && h !== null && (h as { detached?: unknown }).detached === true;

export type HandlerTable<M extends MethodName = MethodName> = { [K in M]: Handler<K> | DetachedHandler<K> };

/** Joins the per-area handler modules into one table; a name registered twice is a bug. */
export function mergeHandlers(...areas: Partial<HandlerTable>[]): HandlerTable {
  const table: Partial<Record<MethodName, unknown>> = {};
  for (const area of areas) {
    for (const [name, handler] of Object.entries(area)) {
      if (!isMethodName(name)) throw new Error(`Handler for unknown method "${name}"`);
      if (table[name]) throw new Error(`Method "${name}" is registered twice`);
      table[name] = handler;
    }
  }
  const missing = Object.keys(contract).filter((name) => !table[name as MethodName]);
  if (missing.length > 0) throw new Error(`Methods without a handler: ${missing.join(', ')}`);
  return table as HandlerTable;
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
}

export function invalidInput(issues: FieldIssue[]): ApiError {
  const first = issues[0];
  return {
    code: 'invalid_input',
    message: first ? (first.field === '(input)' ? first.message : `${first.field}: ${first.message}`) : 'The input is not valid',
    ...(first && first.field !== '(input)' ? { field: first.field } : {}),
    issues,
  };
}

/** Answered while the open book's check is under way (the UI's first question is whether the book opened). */
const ANSWER_WHILE_CHECKING = new Set<string>(['app.info', 'book.status']);

/** Thrown inside a call's transaction to roll back a write made before the book's check passed. */
const WROTE_BEFORE_CHECKED = Symbol('wrote before the book was checked');

/** Rows this connection has changed since it opened (triggers' and TEMP tables' included). */
const totalChanges = (db: WritableDB) => stmt<[], number>(db, 'SELECT total_changes()').pluck().get() ?? 0;

const isCorruption = (err: unknown) => {
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
};

export interface Dispatcher {
  call(method: unknown, input: unknown): Promise<Result<unknown>>;
}

/**
 * The door of the back end: checks the method name and its input against the contract, runs the
 * handler, and turns every failure into a value. Nothing thrown ever leaves this function.
 */
export function createDispatcher(handlers: HandlerTable, apiCtx: ApiContext, log: (message: string) => void = () => {}): Dispatcher {
  // The work a running call deferred until its commit (see HandlerContext.afterCommit). Handlers
  // run synchronously, one at a time, so one list serves every call. The context object itself is
  // extended (not copied), so whatever else reads or replaces its fields sees the same object.
  let deferred: (() => void)[] | null = null;
  const ctx: HandlerContext = Object.assign(apiCtx, {
    afterCommit(fn: () => void) {
      if (!deferred) throw new Error('afterCommit is for handlers, while their call runs');
      deferred.push(fn);
    },
  });
  return {
    async call(method, input) {
      if (!isMethodName(method)) {
        return { ok: false, error: { code: 'unknown_method', message: typeof method === 'string' ? `There is no method "${method.slice(0, 80)}"` : 'The method name must be text' } };
      }
      const parsed = contract[method].input.safeParse(input === undefined ? {} : input);
      if (!parsed.success) return { ok: false, error: invalidInput(zodIssues(parsed.error)) };
      try {
        // While the book is being swapped (a restore, an import), calls wait for the new one.
        if (ctx.book?.busy) await ctx.book.whenAvailable();
        const entry: unknown = handlers[method];
        if (isDetached(entry)) {
          // Long work (a backup, a swap, an import) starts once the open book's check has passed;
          // what must answer whatever the book's state does not wait.
          if (!ANSWER_WHILE_CHECKING.has(method)) await ctx.book?.whenChecked();
          return { ok: true, value: await entry.run(parsed.data, ctx) };
        }
        const handler = entry as Handler<MethodName>;
        const progress = (done: number, total: number) => ctx.emit('progress', { task: 'figures', done, total, label: 'Bringing every figure up to date' });
        // One transaction: the figures are current before the handler reads them, and whatever
        // it writes, with the figures that depend on it, commits together or not at all. What the
        // handler announces ('changed') is held until the commit, and dropped with a rollback, so
        // the UI never reloads for a write that did not happen; progress goes out as it comes.
        const run = (speculative: boolean) => {
          const { db } = ctx;
          const before = speculative ? totalChanges(db) : 0;
          const emit = ctx.emit;
          const held: (() => void)[] = [];
          ctx.emit = (name, payload) => (name === 'progress' ? emit(name, payload) : void held.push(() => emit(name, payload)));
          deferred = [];
          try {
            const result = db.transaction(() => {
              keepFiguresCurrent(db, ctx.now(), progress);
              const value = handler(parsed.data as MethodParsedInput<MethodName>, ctx);
              keepFiguresCurrent(db, ctx.now(), progress);
              // Before the book's check has passed nothing is written to it: a call that wrote rolls back here.
              if (speculative && totalChanges(db) !== before) throw WROTE_BEFORE_CHECKED;
              // A process that no longer owns the data folder rolls back instead of acknowledging.
              ctx.book?.assertOwner();
              return value;
            })();
            return { result, announce: () => held.forEach((fn) => fn()) };
          } finally {
            ctx.emit = emit;
          }
        };
        let done: ReturnType<typeof run>;
        try {
          // While the book's check runs, reads are answered at once; a call that writes runs again,
          // whole, once the check has passed (its first run rolled back, its announcements dropped).
          done = run(ctx.book?.isChecking === true);
        } catch (err) {
          if (err !== WROTE_BEFORE_CHECKED || !ctx.book) throw err;
          await ctx.book.whenChecked();
          if (ctx.book.busy) await ctx.book.whenAvailable();
          done = run(false);
        }
        const value = done.result;
        done.announce();
        const after = deferred ?? [];
        deferred = null;
        for (const fn of after) {
          try {
            fn();
          } catch (err) {
            log(`${method} after commit: ${err instanceof Error ? `${err.name}: ${err.message}` : 'non-error thrown'}`);
          }
        }
        return { ok: true, value };
      } catch (err) {
        deferred = null;
        if (err instanceof ApiFailure) return { ok: false, error: err.error };
        // A full disk, a read-only folder, a failing disk: the cause in words, not "try again".
        const storage = storageErrorOf(err, { dataDir: ctx.info.dataDir, what: 'book' });
        if (storage) {
          log(`${method} failed: ${storage.problem} (${err instanceof Error ? err.message : 'non-error thrown'})`);
          return { ok: false, error: { code: storage.apiCode, message: storage.message } };
        }
        if (isCorruption(err)) {
          log(`${method} failed: the book is damaged (${err instanceof Error ? err.message : ''})`);
          return {
            ok: false,
            error: {
              code: 'book_unusable',
              message: 'SQLite found damage in your book while reading it; nothing was saved. Restart Rapport: it checks the book as it opens and offers your newest good backup.',
            },
          };
        }
        // Log the method and the kind of failure only: inputs may hold personal data.
        log(`${method} failed: ${err instanceof Error ? `${err.name}: ${err.message}` : 'non-error thrown'}`);
        return { ok: false, error: { code: 'internal', message: 'Something went wrong on our side; nothing was saved. Try again.' } };
      }
    },
  };
}
