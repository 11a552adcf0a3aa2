import { z } from 'zod';
import { text } from './text';

/** The largest file the UI may hand to the back end in one call (base64 grows it by a third; browser mode takes 64 MB bodies). */
export const MAX_UPLOAD_BYTES = 40 * 1024 * 1024;

/**
 * The largest file sent in chunks (uploads.begin / uploads.append). Every importer reads the whole
 * file into one string, and V8's longest string is just under 512 M characters: a bigger file could
 * arrive but never be read.
 */
export const MAX_CHUNKED_UPLOAD_BYTES = 500 * 1024 * 1024;
/** The most bytes one uploads.append carries (under 11.2 MB of base64). */
export const MAX_UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024;
/** The UI sends files above this in chunks (uploads.*) when they are picked; smaller ones travel as base64 inside the import's call. */
export const CHUNKED_ABOVE = 4 * 1024 * 1024;
/** The bytes of one uploads.append as the UI sends them. */
export const UPLOAD_CHUNK_BYTES = Math.min(4 * 1024 * 1024, MAX_UPLOAD_CHUNK_BYTES);

/** An upload's id, as uploads.begin gave it: 32 hex digits, so it can never name a path. */
export const uploadIdSchema = text({ message: 'Choose the file again (this upload is not known)' })
  .regex(/^[0-9a-f]{32}$/, 'Choose the file again (this upload is not known)');

/** Base64 with its padding: what FileReader gives for a file or a slice of one. */
export const base64Schema = (maxBytes: number, tooLarge: string) =>
  text({ message: 'The file did not arrive intact (not base64)' })
    .max(Math.ceil(maxBytes / 3) * 4, tooLarge)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The file did not arrive intact (not base64)');

/**
 * A file the owner picked, so the back end can detect its encoding itself: EITHER its bytes as
 * base64 in the call (small files), OR the id of an upload sent before in chunks (big files).
 */
export const fileUploadSchema = z
  .object({
    name: text().max(255, 'The file name is too long').default(''),
    base64: base64Schema(MAX_UPLOAD_BYTES, `The file is too large (the limit is ${MAX_UPLOAD_BYTES / 1024 / 1024} MB)`).optional(),
    uploadId: uploadIdSchema.optional(),
  })
  .strict()
  .superRefine((file, issues) => {
    if ((file.base64 === undefined) === (file.uploadId === undefined)) {
      issues.addIssue({ code: 'custom', message: file.base64 === undefined ? 'Choose a file' : 'Send the file one way: its bytes or an upload, not both' });
    }
  });
export type FileUpload = z.input<typeof fileUploadSchema>;
export type ParsedFileUpload = z.output<typeof fileUploadSchema>;

/** A file the back end made for the owner to save: the UI offers it as a download. */
export interface FileDownload {
  fileName: string;
  mimeType: string;
  text: string;
  /** How many items it holds (contacts, rows, follow-ups), for the toast. */
  count: number;
}
