import { ApiFailure } from '../../shared/contract/index';
import type { HandlerTable } from './registry';

// Placeholder until this area lands: every method answers 'unavailable'.
const notYet = (): never => {
  throw new ApiFailure({ code: 'unavailable', message: 'Not built yet' });
};

export const recordHandlers: Pick<
  HandlerTable,
  | 'contacts.timeline'
  | 'interactions.create'
  | 'interactions.update'
  | 'interactions.delete'
  | 'interactions.restore'
  | 'purchases.create'
  | 'purchases.update'
  | 'purchases.delete'
  | 'purchases.restore'
  | 'notes.create'
  | 'notes.update'
  | 'notes.delete'
  | 'notes.restore'
  | 'nps.create'
  | 'nps.update'
  | 'nps.delete'
  | 'nps.restore'
> = {
  'contacts.timeline': notYet,
  'interactions.create': notYet,
  'interactions.update': notYet,
  'interactions.delete': notYet,
  'interactions.restore': notYet,
  'purchases.create': notYet,
  'purchases.update': notYet,
  'purchases.delete': notYet,
  'purchases.restore': notYet,
  'notes.create': notYet,
  'notes.update': notYet,
  'notes.delete': notYet,
  'notes.restore': notYet,
  'nps.create': notYet,
  'nps.update': notYet,
  'nps.delete': notYet,
  'nps.restore': notYet,
};
