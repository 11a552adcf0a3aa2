import { z } from 'zod';
import { text } from './text';
import { base64Schema, MAX_CHUNKED_UPLOAD_BYTES, MAX_UPLOAD_CHUNK_BYTES, uploadIdSchema } from './files';
import { returns, type MethodSpec } from './spec';

/**
 * Big files in chunks: a file too big for one call (a whole book's JSON export, a large CSV) is
 * sent as uploads.begin, then uploads.append for each slice in order, then named by its id in the
 * import's `file` ({ name, uploadId }). The same in both modes: nothing but ordinary calls.
 */

export const uploadBeginSchema = z
  .object({
    name: text({ message: 'The file name must be text' }).max(255, 'The file name is too long').default(''),
    size: z
      .number({ message: "Give the file's size in bytes" })
      .int("Give the file's size in bytes")
      .min(0, "Give the file's size in bytes")
      .max(MAX_CHUNKED_UPLOAD_BYTES, `The file is too large (the limit is ${MAX_CHUNKED_UPLOAD_BYTES / 1024 / 1024} MB)`),
  })
  .strict();

export const uploadAppendSchema = z
  .object({
    id: uploadIdSchema,
    /** Where this chunk starts in the file: the bytes received so far (a retry may repeat the last chunk). */
    offset: z.number({ message: 'Give where this chunk starts' }).int('Give where this chunk starts').min(0, 'Give where this chunk starts').max(MAX_CHUNKED_UPLOAD_BYTES, 'This chunk starts past the end of the file'),
    base64: base64Schema(MAX_UPLOAD_CHUNK_BYTES, `A chunk is at most ${MAX_UPLOAD_CHUNK_BYTES / 1024 / 1024} MB`)
      .min(4, 'A chunk holds at least one byte')
      .refine((s) => s.length % 4 === 0, 'The chunk did not arrive intact (not base64)'),
  })
  .strict();

export const uploadCancelSchema = z.object({ id: uploadIdSchema }).strict();

export interface UploadProgress {
  /** Bytes received so far (the next chunk starts here). */
  received: number;
  size: number;
}

export const uploadMethods = {
  'uploads.begin': {
    doc: 'Start sending a big file in chunks: returns the id to append to and to name in an import (removed after a day unused).',
    input: uploadBeginSchema,
    result: returns<{ id: string }>(),
  },
  'uploads.append': {
    doc: 'Add the next chunk (at most 8 MB) at `offset`, which must equal the bytes received so far; repeating the last chunk is harmless, a gap is refused.',
    input: uploadAppendSchema,
    result: returns<UploadProgress>(),
  },
  'uploads.cancel': {
    doc: 'Drop an upload and its bytes (nothing happens for an id that is already gone).',
    input: uploadCancelSchema,
    result: returns<{ cancelled: boolean }>(),
  },
} as const satisfies Record<string, MethodSpec>;
