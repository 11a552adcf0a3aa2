import type { uploadMethods } from '../../shared/contract/data-upload';
import { appendUpload, beginUpload, cancelUpload } from '../db/uploads';
import { detached, type HandlerTable } from './registry';

/**
 * Big files in chunks. These touch files under `<dataDir>/uploads`, never a table, so they run
 * outside the per-call transaction (`detached`); each does its work synchronously, so two chunks
 * of one upload can never interleave.
 */
export const uploadHandlers: Pick<HandlerTable, keyof typeof uploadMethods> = {
  'uploads.begin': detached(async ({ size }, ctx) => beginUpload(ctx, size)),
  'uploads.append': detached(async ({ id, offset, base64 }, ctx) => appendUpload(ctx, id, offset, Buffer.from(base64, 'base64'))),
  'uploads.cancel': detached(async ({ id }, ctx) => ({ cancelled: cancelUpload(ctx, id) })),
};
