import type { vcardMethods } from '../../shared/contract/data-vcard';
import { importFile } from './data-csv';
import type { HandlerTable } from './registry';

export const vcardHandlers: Pick<HandlerTable, keyof typeof vcardMethods> = {
  'vcard.import': ({ file, duplicates }, ctx) => importFile(ctx, file, (bytes) => ({ kind: 'vcard', bytes }), duplicates),
};
