import { ApiFailure } from '../../shared/contract/index';
import type { HandlerTable } from './registry';

// Placeholder until this area lands: every method answers 'unavailable'.
const notYet = (): never => {
  throw new ApiFailure({ code: 'unavailable', message: 'Not built yet' });
};

export const followUpHandlers: Pick<
  HandlerTable,
  | 'followUps.create'
  | 'followUps.update'
  | 'followUps.delete'
  | 'followUps.restore'
  | 'followUps.list'
  | 'followUps.counts'
  | 'followUps.complete'
  | 'followUps.reopen'
  | 'followUps.snooze'
> = {
  'followUps.create': notYet,
  'followUps.update': notYet,
  'followUps.delete': notYet,
  'followUps.restore': notYet,
  'followUps.list': notYet,
  'followUps.counts': notYet,
  'followUps.complete': notYet,
  'followUps.reopen': notYet,
  'followUps.snooze': notYet,
};
