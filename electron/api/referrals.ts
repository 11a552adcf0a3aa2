import { ApiFailure } from '../../shared/contract/index';
import type { HandlerTable } from './registry';

// Placeholder until this area lands: every method answers 'unavailable'.
const notYet = (): never => {
  throw new ApiFailure({ code: 'unavailable', message: 'Not built yet' });
};

export const referralHandlers: Pick<
  HandlerTable,
  | 'referrals.create'
  | 'referrals.update'
  | 'referrals.delete'
  | 'referrals.restore'
  | 'referrals.convert'
  | 'referrals.list'
  | 'referrals.tree'
> = {
  'referrals.create': notYet,
  'referrals.update': notYet,
  'referrals.delete': notYet,
  'referrals.restore': notYet,
  'referrals.convert': notYet,
  'referrals.list': notYet,
  'referrals.tree': notYet,
};
