import { ApiFailure } from '../../shared/contract/index';
import type { HandlerTable } from './registry';

// Placeholder until this area lands: every method answers 'unavailable'.
const notYet = (): never => {
  throw new ApiFailure({ code: 'unavailable', message: 'Not built yet' });
};

export const timeHandlers: Pick<
  HandlerTable,
  | 'timeEntries.create'
  | 'timeEntries.update'
  | 'timeEntries.delete'
  | 'timeEntries.restore'
  | 'time.week'
  | 'timer.get'
  | 'timer.start'
  | 'timer.stop'
  | 'timer.cancel'
  | 'timer.dropIdle'
> = {
  'timeEntries.create': notYet,
  'timeEntries.update': notYet,
  'timeEntries.delete': notYet,
  'timeEntries.restore': notYet,
  'time.week': notYet,
  'timer.get': notYet,
  'timer.start': notYet,
  'timer.stop': notYet,
  'timer.cancel': notYet,
  'timer.dropIdle': notYet,
};
