import { z } from 'zod';
import { duplicatePolicySchema, type ImportReport } from './data-csv';
import { fileUploadSchema } from './files';
import { returns, type MethodSpec } from './spec';

export const vcardImportSchema = z
  .object({
    file: fileUploadSchema,
    duplicates: duplicatePolicySchema.default('skip'),
  })
  .strict();
export type VcardImportInput = z.input<typeof vcardImportSchema>;

export const vcardMethods = {
  'vcard.import': {
    doc: 'Imports a vCard file (2.1, 3.0 or 4.0): a card whose UID is already in the book updates that contact; others are added, merged or skipped as duplicates.',
    input: vcardImportSchema,
    result: returns<ImportReport>(),
  },
} as const satisfies Record<string, MethodSpec>;
