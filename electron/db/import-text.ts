import { ApiFailure, type CsvEncoding } from '../../shared/contract/index';

/** The bytes of an uploaded file (base64 checked by the contract). */
export function uploadBytes(base64: string): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0) throw ApiFailure.invalid('file', 'The file is empty');
  return bytes;
}

export interface DecodedText {
  text: string;
  encoding: CsvEncoding;
  bom: boolean;
}

/**
 * Bytes to text. A byte-order mark decides; otherwise a strict UTF-8 decode either succeeds (UTF-8)
 * or fails on the first invalid sequence, and the bytes are read as Windows-1252 (what Excel and
 * Outlook write on Western Windows). A chosen encoding overrides the guess.
 */
export function decodeText(bytes: Uint8Array, chosen?: CsvEncoding): DecodedText {
  let encoding: CsvEncoding;
  let bom = false;
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8';
    bom = true;
    start = 3;
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    bom = true;
    start = 2;
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    bom = true;
    start = 2;
  } else {
    // The strict decode is the check: its text is kept when UTF-8 is what the file is read as.
    const utf8 = strictUtf8(bytes);
    if (utf8 !== null && (chosen === undefined || chosen === 'utf-8')) return { text: utf8, encoding: 'utf-8', bom: false };
    encoding = utf8 !== null ? 'utf-8' : 'windows-1252';
  }
  if (chosen && chosen !== encoding) {
    encoding = chosen;
    // A BOM of another encoding is not text of this one: keep its bytes out only if it matches.
    bom = false;
    start = 0;
  }
  const body = bytes.subarray(start);
  const text = encoding === 'utf-16le' || encoding === 'utf-16be' ? decodeUtf16(body, encoding === 'utf-16be') : new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
  return { text, encoding, bom };
}

/**
 * UTF-16 bytes to text, keeping half of a surrogate pair as it is where TextDecoder would put
 * U+FFFD: the row holding it is then refused by its field (shared/contract/text.ts), never stored
 * altered. Files are decoded by TextDecoder when they are whole, which is nearly always.
 */
export function decodeUtf16(bytes: Uint8Array, bigEndian: boolean): string {
  try {
    return new TextDecoder(bigEndian ? 'utf-16be' : 'utf-16le', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // Not well formed: code unit by code unit below.
  }
  const units = bytes.length >> 1;
  const parts: string[] = [];
  const chunk = new Array<number>(8192);
  for (let u = 0; u < units; u += chunk.length) {
    const n = Math.min(chunk.length, units - u);
    for (let i = 0; i < n; i++) {
      const o = (u + i) * 2;
      chunk[i] = bigEndian ? (bytes[o]! << 8) | bytes[o + 1]! : bytes[o]! | (bytes[o + 1]! << 8);
    }
    parts.push(String.fromCharCode(...chunk.slice(0, n)));
  }
  // A last odd byte is half a code unit: a file cut short, as TextDecoder marks it.
  if (bytes.length % 2 === 1) parts.push('\uFFFD');
  return parts.join('');
}

/** The bytes as UTF-8 text, or null if they are not valid UTF-8 (a strict decode that stops at the first bad sequence). */
function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Whether the bytes are valid UTF-8. */
export function isUtf8(bytes: Uint8Array): boolean {
  return strictUtf8(bytes) !== null;
}

/** The 1-based line of a character offset (lines end at \n, or at \r alone in old Mac files). */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const lf = text.includes('\n');
  const nl = lf ? '\n' : '\r';
  for (let i = text.indexOf(nl); i !== -1 && i < offset; i = text.indexOf(nl, i + 1)) line++;
  return line;
}

/**
 * Refuses what is not text: a NUL character never appears in a CSV or vCard export, but always in
 * images, archives, spreadsheets (.xlsx) and UTF-16 read as something else.
 */
export function refuseBinary(text: string, what: string): void {
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    throw ApiFailure.invalid('file', `This is not a ${what} file: it holds binary data (line ${lineAt(text, nul)}). Export it again as ${what}.`);
  }
}
