import type { ApiContext } from './context';
import { contactHandlers } from './contacts';
import { createDispatcher, mergeHandlers, type Dispatcher } from './registry';
import { settingsHandlers } from './settings';

export const handlers = mergeHandlers(settingsHandlers, contactHandlers);

export function createApi(ctx: ApiContext, log?: (message: string) => void): Dispatcher {
  return createDispatcher(handlers, ctx, log);
}

export type { ApiContext, Dispatcher };
