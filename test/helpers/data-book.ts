import { createApi, type ApiContext, type Dispatcher } from '../../electron/api/index';
import { BookHolder, type HolderOptions } from '../../electron/db/book-holder';
import type { ApiError, BackendEvent, MethodInput, MethodName, MethodResult, Result } from '../../shared/contract/index';
import { callers, fixedClock, makeTempDir, onCleanup, type TestClock } from './book';

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

export function openHeldBook(options: { dir?: string; start?: number; holder?: Omit<HolderOptions, 'now'> } = {}): HeldBook {
  const dir = options.dir ?? makeTempDir('rapport-book-');
  const clock = fixedClock(options.start);
  const holder = BookHolder.open(dir, { now: clock.now, ...options.holder });
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
  return { dir, holder, clock, events, logs, api, ctx, ...callers(api) };
}

/** Base64 of a text, as the UI sends a picked file. */
export const asUpload = (text: string | Buffer, name = 'book.json') => ({ name, base64: Buffer.from(text).toString('base64') });
