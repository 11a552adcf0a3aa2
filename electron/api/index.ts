import type { ApiContext } from './context';
import { contactHandlers } from './contacts';
import { bookHandlers } from './data-book';
import { csvHandlers } from './data-csv';
import { privacyHandlers } from './data-privacy';
import { uploadHandlers } from './data-upload';
import { vcardHandlers } from './data-vcard';
import { figureHandlers } from './figures';
import { followUpHandlers } from './follow-ups';
import { insightsHandlers } from './insights';
import { recordHandlers } from './records';
import { referralHandlers } from './referrals';
import { createDispatcher, mergeHandlers, type Dispatcher } from './registry';
import { sampleHandlers } from './sample';
import { settingsHandlers } from './settings';
import { timeHandlers } from './time';
import { trashHandlers } from './trash';

export const handlers = mergeHandlers(settingsHandlers, contactHandlers, recordHandlers, timeHandlers, followUpHandlers, referralHandlers, trashHandlers, sampleHandlers, figureHandlers, insightsHandlers, csvHandlers, vcardHandlers, bookHandlers, privacyHandlers, uploadHandlers);

export function createApi(ctx: ApiContext, log?: (message: string) => void): Dispatcher {
  return createDispatcher(handlers, ctx, log);
}

export type { ApiContext, Dispatcher };
