import { expect } from 'vitest';
import { createApi, type ApiContext, type Dispatcher } from '../../electron/api/index';
import { BookHolder } from '../../electron/db/book-holder';
import type { ApiError, BackendEvent, MethodInput, MethodName, MethodResult, Result } from '../../shared/contract/index';
import { fixedClock, makeTempDir, onCleanup, type TestClock } from './book';

/** Like openTestBook, but the book sits in a BookHolder as in the worker, so it can be swapped. */
export interface HeldBook {
  dir: string;
  holder: BookHolder;
  clock: TestClock;
  events: BackendEvent[];
  logs: string[];
  api: Dispatcher;
  ctx: ApiContext;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodResult<M>>>;
  ok<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>>;
  fails(method: string, input: unknown): Promise<ApiError>;
}

export function openHeldBook(options: { dir?: string; start?: number } = {}): HeldBook {
  const dir = options.dir ?? makeTempDir('rapport-book-');
  const clock = fixedClock(options.start);
  const holder = BookHolder.open(dir, { now: clock.now });
  onCleanup(() => holder.close());
  const events: BackendEvent[] = [];
  const logs: string[] = [];
  const ctx: ApiContext = {
    get db() {
      return holder.db;
    },
    now: clock.now,
    emit: (name, payload) => {
      events.push({ name, payload } as BackendEvent);
    },
    book: holder,
    info: { version: '9.9.9-test', mode: 'desktop', dataDir: dir, databaseFile: holder.file },
  };
  const api = createApi(ctx, (m) => logs.push(m));
  const call = <M extends MethodName>(method: M, input: MethodInput<M>) => api.call(method, input) as Promise<Result<MethodResult<M>>>;
  return {
    dir,
    holder,
    clock,
    events,
    logs,
    api,
    ctx,
    call,
    async ok(method, input) {
      const result = await call(method, input);
      if (!result.ok) expect.fail(`${method} failed: ${JSON.stringify(result.error)}`);
      return result.value;
    },
    async fails(method, input) {
      const result = await api.call(method, input);
      if (result.ok) expect.fail(`${method} should have failed but returned ${JSON.stringify(result.value).slice(0, 500)}`);
      return result.error;
    },
  };
}

/** Base64 of a text, as the UI sends a picked file. */
export const asUpload = (text: string | Buffer, name = 'book.json') => ({ name, base64: Buffer.from(text).toString('base64') });
