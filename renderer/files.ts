import { CHUNKED_ABOVE, UPLOAD_CHUNK_BYTES, type ApiError, type FileDownload } from '../shared/contract/index';
import { api } from './api/client';

/** Reads a picked file as base64 bytes: the back end detects the encoding, so nothing is decoded here. */
export function readFileAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

export { CHUNKED_ABOVE };
/** How often a chunk is tried again after a failure that may be passing (its answer lost). */
const RETRIES = 2;

/** A picked file as an import's `file`: its bytes, or the id of an upload that holds them. */
export type SentFile = { name: string; base64: string } | { name: string; uploadId: string };

/** Sending a file failed: the back end's own error, for the card to show. */
export class UploadFailed extends Error {
  readonly error: ApiError;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'UploadFailed';
    this.error = error;
  }
}

const unreadable = (file: File): ApiError => ({ code: 'invalid_input', field: 'file', message: `${file.name} could not be read.` });

/**
 * Sends a big file in chunks: uploads.begin, then each slice (Blob.slice, read as base64) with
 * uploads.append at its offset, reporting the bytes sent. A chunk whose call fails for a passing
 * reason is sent again (the back end takes the same chunk twice harmlessly). On failure the
 * upload is cancelled and UploadFailed is thrown.
 */
export async function uploadFile(file: File, onProgress: (sent: number, total: number) => void): Promise<{ name: string; uploadId: string }> {
  const begun = await api().call('uploads.begin', { name: file.name.slice(0, 255), size: file.size });
  if (!begun.ok) throw new UploadFailed(begun.error);
  const id = begun.value.id;
  try {
    onProgress(0, file.size);
    for (let offset = 0; offset < file.size; offset += UPLOAD_CHUNK_BYTES) {
      let base64: string;
      try {
        base64 = await readFileAsBase64(file.slice(offset, offset + UPLOAD_CHUNK_BYTES));
      } catch {
        throw new UploadFailed(unreadable(file));
      }
      for (let attempt = 0; ; attempt++) {
        const sent = await api()
          .call('uploads.append', { id, offset, base64 })
          .catch((err: unknown): { ok: false; error: ApiError } => ({ ok: false, error: { code: 'unavailable', message: err instanceof Error ? err.message : 'The file could not be sent.' } }));
        if (sent.ok) break;
        const passing = sent.error.code === 'unavailable' || sent.error.code === 'internal';
        if (!passing || attempt >= RETRIES) throw new UploadFailed(sent.error);
      }
      onProgress(Math.min(file.size, offset + UPLOAD_CHUNK_BYTES), file.size);
    }
    return { name: file.name.slice(0, 255), uploadId: id };
  } catch (err) {
    void api().call('uploads.cancel', { id });
    throw err instanceof UploadFailed ? err : new UploadFailed(unreadable(file));
  }
}

/** A picked file ready for an import's call: small ones as base64, big ones sent in chunks first. */
export async function sendFile(file: File, onProgress: (sent: number, total: number) => void): Promise<SentFile> {
  if (file.size > CHUNKED_ABOVE) return uploadFile(file, onProgress);
  try {
    return { name: file.name.slice(0, 255), base64: await readFileAsBase64(file) };
  } catch {
    throw new UploadFailed(unreadable(file));
  }
}

/** Drops the upload behind a sent file the import will not use (nothing for a base64 one). */
export function discardSentFile(file: SentFile | null | undefined): void {
  if (file && 'uploadId' in file) void api().call('uploads.cancel', { id: file.uploadId });
}

/** Offers a file the back end made as a download (the desktop app shows its save dialog). */
export function saveDownload(file: FileDownload): void {
  const blob = new Blob([file.text], { type: file.mimeType });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser a moment to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
