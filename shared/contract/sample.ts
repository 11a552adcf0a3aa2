import { z } from 'zod';

export const SAMPLE_KINDS = ['cafe', 'consultancy'] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];

export const sampleLoadSchema = z
  .object({ kind: z.enum(SAMPLE_KINDS, { message: 'Choose the café or the consultancy' }) })
  .strict();

export interface SampleStatus {
  /** The sample loaded in this book, or null. */
  loaded: SampleKind | null;
  /** A sample loads only into a book with no contacts of its own. */
  canLoad: boolean;
  contacts: number;
}
