import { decode as decodeQuotedPrintable } from 'quoted-printable';
import { ApiFailure, type ImportSkip } from '../../shared/contract/index';
import { MAX_UID_LENGTH, type ImportRow, type RowTable } from './import-rows';
import { parseBirthday } from './import-csv';
import { LONE_SURROGATE } from '../../shared/domain/text';
import { decodeUtf16, isUtf8, lineAt } from './import-text';

/**
 * Reading vCard files of versions 2.1, 3.0 and 4.0.
 *
 * No library on npm reads what version 2.1 phones and old Outlooks write (checked: `vcf` splits lines
 * with a regular expression, unescapes only \n and decodes neither quoted-printable nor charsets;
 * ical.js and vcard4 read RFC 6350/2426 only): quoted-printable values whose soft line breaks
 * continue on unindented lines, bare parameters (TEL;HOME;VOICE:), and bytes in the charset each
 * property names. So the file is read here as bytes (a "binary" string, one char per byte):
 * lines are unfolded and joined, each property's bytes are decoded by the `quoted-printable`
 * package and TextDecoder in the property's own CHARSET, and only then unescaped and split.
 */

export interface VcardProperty {
  line: number;
  group: string;
  /** Upper case: TEL, EMAIL, X-ABLABEL. */
  name: string;
  /** Upper-case parameter names to their values, bare 2.1 types under TYPE. */
  params: Map<string, string[]>;
  /** The value's bytes as a binary string, still encoded. */
  raw: string;
}

export interface VcardCard {
  line: number;
  props: VcardProperty[];
  /** Set when the card cannot be read whole. */
  error?: string;
}

export interface VcardFile {
  cards: VcardCard[];
  /** The charset of properties that name none: UTF-8, or Windows-1252 if the file is not valid UTF-8. */
  charset: string;
}

/** 2.1's bare parameters that are not types. */
const BARE_ENCODINGS = new Set(['QUOTED-PRINTABLE', 'BASE64', '8BIT', '7BIT', 'B']);

/** The index of the first `ch` outside double quotes, or -1. */
function indexOutsideQuotes(s: string, ch: string, from = 0): number {
  let quoted = false;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && s[i] === ch) return i;
  }
  return -1;
}

function splitOutsideQuotes(s: string, ch: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = indexOutsideQuotes(s, ch); i !== -1; i = indexOutsideQuotes(s, ch, from)) {
    out.push(s.slice(from, i));
    from = i + 1;
  }
  out.push(s.slice(from));
  return out;
}

/** `item1.TEL;TYPE=cell;PREF=1:+33 6 12` → its parts; null for a line that is not a property. */
export function parseProperty(text: string, line: number): VcardProperty | null {
  const colon = indexOutsideQuotes(text, ':');
  if (colon <= 0) return null;
  const [head = '', ...paramParts] = splitOutsideQuotes(text.slice(0, colon), ';');
  const dot = head.lastIndexOf('.');
  const name = head.slice(dot + 1).trim().toUpperCase();
  if (!/^[A-Z0-9-]+$/.test(name)) return null;
  const params = new Map<string, string[]>();
  const add = (key: string, values: string[]) => params.set(key, [...(params.get(key) ?? []), ...values]);
  for (const part of paramParts) {
    const eq = part.indexOf('=');
    if (eq === -1) {
      const bare = part.trim().toUpperCase();
      if (!bare) continue;
      if (BARE_ENCODINGS.has(bare)) add('ENCODING', [bare]);
      else add('TYPE', [bare]);
      continue;
    }
    const key = part.slice(0, eq).trim().toUpperCase();
    const values = splitOutsideQuotes(part.slice(eq + 1), ',').map((v) => v.trim().replace(/^"(.*)"$/s, '$1'));
    // TYPE="work,voice" (4.0) is a list too.
    add(key, key === 'TYPE' ? values.flatMap((v) => v.split(',')) : values);
  }
  return { line, group: dot > 0 ? head.slice(0, dot).trim().toLowerCase() : '', name, params, raw: text.slice(colon + 1) };
}

const isQuotedPrintable = (text: string) => {
  const colon = text.indexOf(':');
  return colon > 0 && /QUOTED-PRINTABLE/i.test(text.slice(0, colon));
};

/**
 * Splits a file into cards of properties, by the lines they start on. Folded lines (a line that
 * begins with a space or tab continues the one before) are joined, and so are quoted-printable
 * soft line breaks (a line ending in "=", continued on the next line unindented, as 2.1 writes).
 */
export function readVcards(bytes: Buffer): VcardFile {
  let binary: string;
  let charset: string;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const text = decodeUtf16(bytes.subarray(2), bytes[0] === 0xfe);
    // UTF-8 cannot hold half a surrogate pair (it would become U+FFFD): say where it is instead.
    const half = LONE_SURROGATE.exec(text);
    if (half) {
      throw ApiFailure.invalid('file', `This vCard file holds half of a character on line ${lineAt(text, half.index)} (a broken emoji or symbol), so it cannot be read as it is. Export the contacts again.`);
    }
    binary = Buffer.from(text, 'utf8').toString('latin1');
    charset = 'utf-8';
  } else {
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    charset = start === 3 || isUtf8(bytes) ? 'utf-8' : 'windows-1252';
    binary = bytes.subarray(start).toString('latin1');
  }
  const nul = binary.indexOf('\u0000');
  if (nul !== -1) {
    throw ApiFailure.invalid('file', `This is not a vCard file: it holds binary data (line ${lineAt(binary, nul)}). Export the contacts again as vCard (.vcf).`);
  }

  // 1. Physical lines to logical ones.
  const logical: { line: number; text: string }[] = [];
  let current: { line: number; text: string; qp: boolean } | null = null;
  const flush = () => {
    if (current) logical.push({ line: current.line, text: current.text });
    current = null;
  };
  const physical = binary.split(/\r\n|\r|\n/);
  for (let i = 0; i < physical.length; i++) {
    const text = physical[i] ?? '';
    const c = current as { line: number; text: string; qp: boolean } | null;
    if (c && c.qp && c.text.endsWith('=')) {
      c.text = c.text.slice(0, -1) + text;
      continue;
    }
    if (c && (text.startsWith(' ') || text.startsWith('\t'))) {
      c.text += text.slice(1);
      continue;
    }
    flush();
    if (text.trim() === '') continue;
    current = { line: i + 1, text, qp: isQuotedPrintable(text) };
  }
  flush();

  // 2. Logical lines to cards. A BEGIN:VCARD inside a card is an AGENT's card (2.1) when the line
  //    before is AGENT, whose lines are left out; otherwise the card before it was cut short.
  const cards: VcardCard[] = [];
  let card: VcardCard | null = null;
  let nested = 0;
  let previous = '';
  for (const { line, text } of logical) {
    const upper = text.trim().toUpperCase();
    if (upper === 'BEGIN:VCARD') {
      if (card && /^([^:;]*\.)?AGENT[;:]/i.test(previous)) nested++;
      else {
        if (card) cards.push({ ...card, error: `The card that starts on line ${card.line} has no END:VCARD before the next card` });
        card = { line, props: [] };
        nested = 0;
      }
    } else if (upper === 'END:VCARD') {
      if (nested > 0) nested--;
      else if (card) {
        cards.push(card);
        card = null;
      }
    } else if (card && nested === 0) {
      const prop = parseProperty(text, line);
      if (prop) card.props.push(prop);
    }
    previous = text;
  }
  if (card) cards.push({ ...card, error: `The card that starts on line ${card.line} never ends (no END:VCARD): the file may be cut short` });
  if (cards.length === 0) throw ApiFailure.invalid('file', 'No vCard in this file (no BEGIN:VCARD line): is it a .vcf export?');
  return { cards, charset };
}

/** A property's text: quoted-printable undone, bytes decoded in its charset; null for binary (base64) values. */
export function decodeValue(prop: VcardProperty, fileCharset: string): string | null {
  const encoding = (prop.params.get('ENCODING')?.[0] ?? '').toUpperCase();
  if (encoding === 'B' || encoding === 'BASE64') return null;
  const bytes = encoding === 'QUOTED-PRINTABLE' ? decodeQuotedPrintable(prop.raw) : prop.raw;
  const named = prop.params.get('CHARSET')?.[0];
  const buffer = Buffer.from(bytes, 'latin1');
  try {
    return new TextDecoder(named ?? fileCharset).decode(buffer);
  } catch {
    // A charset TextDecoder does not know: read as the file's own.
    return new TextDecoder(fileCharset).decode(buffer);
  }
}

/** Splits on a separator not escaped by a backslash. */
export function splitEscaped(value: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] ?? '';
    if (ch === '\\' && i + 1 < value.length) {
      cur += ch + (value[i + 1] ?? '');
      i++;
    } else if (ch === sep) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** RFC 6350 text escapes: \n \N \, \; \\ (and a stray \: some writers put). */
export function unescapeText(value: string): string {
  return value.replace(/\\([nN,;:\\])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

const lower = (values: readonly string[] | undefined) => (values ?? []).map((v) => v.toLowerCase());

function emailLabel(types: string[]): string {
  if (types.includes('work')) return 'work';
  if (types.includes('home')) return 'home';
  if (types.includes('other')) return 'other';
  return 'home';
}

function phoneLabel(types: string[]): string {
  if (types.some((t) => t === 'cell' || t === 'mobile' || t === 'iphone')) return 'mobile';
  if (types.includes('fax')) return 'fax';
  if (types.includes('pager')) return 'pager';
  if (types.includes('work')) return 'work';
  if (types.includes('home')) return 'home';
  if (types.includes('main')) return 'main';
  if (types.includes('other')) return 'other';
  return 'mobile';
}

function addressLabel(types: string[]): string {
  if (types.includes('work')) return 'work';
  if (types.includes('other')) return 'other';
  return 'home';
}

/** Apple's "_$!<Mobile>!$_" labels to "mobile"; custom ones as written. */
const appleLabel = (label: string) => label.replace(/^_\$!<(.*)>!\$_$/, '$1').trim().toLowerCase().slice(0, 40);

/**
 * A vCard birthday: 19850312, 1985-03-12, 1985-03-12T00:00:00Z, --0312, --03-12; Apple's
 * X-APPLE-OMIT-YEAR years (1604) and other years before 1800 mean "no year". A year alone, a
 * month alone and free text (VALUE=text) say no day and month: no birthday. Undefined when unreadable.
 */
export function vcardBirthday(prop: VcardProperty, value: string) {
  const v = value.trim();
  if (!v || lower(prop.params.get('VALUE')).includes('text')) return null;
  if (/^(\d{4}|--\d{2}|\d{4}-\d{2})$/.test(v)) return null;
  return parseBirthday(v);
}

/** One card to a contact to import, or the reason it cannot be one. */
export function cardToContact(card: VcardCard, charset: string): ImportRow | ImportSkip {
  if (card.error) return { line: card.line, name: '', reason: card.error };
  const labels = new Map<string, string>();
  for (const p of card.props) {
    if (p.name === 'X-ABLABEL' && p.group) labels.set(p.group, appleLabel(decodeValue(p, charset) ?? ''));
  }
  let fn = '';
  let n = '';
  let org = '';
  let title = '';
  let uid: string | null = null;
  let business = false;
  let birthday: ReturnType<typeof vcardBirthday> = null;
  let badBirthday = '';
  const notes: string[] = [];
  const tags: string[] = [];
  const emails: { label: string; value: string }[] = [];
  const phones: { label: string; value: string }[] = [];
  const addresses: { label: string; street: string; city: string; region: string; postalCode: string; country: string }[] = [];
  for (const p of card.props) {
    // Pictures, sounds and keys are binary and often huge: never decoded.
    if (p.name === 'PHOTO' || p.name === 'LOGO' || p.name === 'SOUND' || p.name === 'KEY') continue;
    const value = decodeValue(p, charset);
    if (value === null) continue;
    const types = lower(p.params.get('TYPE'));
    const label = (fallback: string) => (p.group && labels.get(p.group)) || fallback;
    switch (p.name) {
      case 'FN':
        fn ||= unescapeText(value).trim();
        break;
      case 'N': {
        const [family = '', given = '', additional = '', prefix = '', suffix = ''] = splitEscaped(value, ';').map((x) => unescapeText(x).replace(/,/g, ' ').trim());
        n ||= [prefix, given, additional, family, suffix].filter(Boolean).join(' ');
        break;
      }
      case 'ORG':
        org ||= unescapeText(splitEscaped(value, ';')[0] ?? '').trim();
        break;
      case 'TITLE':
        title ||= unescapeText(value).trim();
        break;
      case 'NOTE': {
        const note = unescapeText(value).trim();
        if (note) notes.push(note);
        break;
      }
      case 'CATEGORIES':
        for (const t of splitEscaped(value, ',')) if (unescapeText(t).trim()) tags.push(unescapeText(t).trim());
        break;
      case 'EMAIL': {
        const email = unescapeText(value).trim().replace(/^mailto:/i, '');
        if (email) emails.push({ label: label(emailLabel(types)), value: email });
        break;
      }
      case 'TEL': {
        const tel = unescapeText(value)
          .trim()
          .replace(/^tel:/i, '')
          .replace(/;ext=/i, ' ext ');
        if (tel) phones.push({ label: label(phoneLabel(types)), value: tel });
        break;
      }
      case 'ADR': {
        const parts = splitEscaped(value, ';').map((x) => unescapeText(x).replace(/\s*\n\s*/g, ', ').trim());
        const [poBox = '', extended = '', street = '', city = '', region = '', postalCode = '', country = ''] = parts;
        const streetLine = [street, extended].filter(Boolean).join(', ') || poBox;
        if ([streetLine, city, region, postalCode, country].some(Boolean)) {
          addresses.push({ label: label(addressLabel(types)), street: streetLine, city, region, postalCode, country });
        }
        break;
      }
      case 'BDAY': {
        const b = vcardBirthday(p, value);
        if (b === undefined) badBirthday = value.trim();
        else birthday ??= b;
        break;
      }
      case 'UID': {
        const u = unescapeText(value).trim();
        if (u && u.length <= MAX_UID_LENGTH) uid = u;
        break;
      }
      case 'KIND':
      case 'X-ADDRESSBOOKSERVER-KIND':
        if (value.trim().toLowerCase() === 'org') business = true;
        break;
      case 'X-ABSHOWAS':
        if (value.trim().toUpperCase() === 'COMPANY') business = true;
        break;
      default:
        break;
    }
  }
  let name = business ? org || fn || n : fn || n;
  let kind: 'person' | 'business' = business ? 'business' : 'person';
  if (!name && org) {
    name = org;
    kind = 'business';
  }
  if (!name && emails[0]) name = emails[0].value;
  if (!name) return { line: card.line, name: '', reason: 'This card has no name (no FN, N, ORG or EMAIL)' };
  if (badBirthday) return { line: card.line, name, reason: `Birthday "${badBirthday.slice(0, 40)}" is not a date` };
  return {
    line: card.line,
    company: kind === 'person' ? org : '',
    uid,
    fields: { kind, name, jobTitle: title, birthday, notes: notes.join('\n\n'), emails, phones, addresses, tags },
  };
}

/** A vCard file's cards for an import, read whole, each turned into a contact when asked. */
export function vcardRowTable(bytes: Buffer): RowTable {
  const { cards, charset } = readVcards(bytes);
  return { total: cards.length, read: (i) => cardToContact(cards[i] as VcardCard, charset) };
}
