import type { ExportContact } from './export-contacts';

/**
 * vCard 4.0 (RFC 6350) written by hand. The libraries we looked at fold wrongly: vcard4 and vcf
 * (through foldline) fold at 75 UTF-16 code units instead of 75 octets, so a line of accented or
 * non-Latin text runs past the limit and can be cut inside a surrogate pair; ical.js writes vCards
 * but is what the tests read them back with, and a writer checked by itself proves little. What is
 * needed is small: escaping, folding and a dozen properties.
 */

const CRLF = '\r\n';
/** RFC 6350 3.2: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
const MAX_OCTETS = 75;

/**
 * A TEXT value's escapes (RFC 6350 3.4 and its ABNF): backslash, newline (any of CR LF, CR, LF)
 * and comma. A semicolon is a plain character in a single text value (`\;` is not a TEXT-CHAR,
 * and readers such as ical.js keep the backslash); only a component of a compound value (N, ADR,
 * ORG) escapes it, with `escapeComponent`.
 */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\r\n|\r|\n/g, '\\n').replace(/,/g, '\\,');
}

/** One component of a compound value (N, ADR, ORG): semicolons separate components, so they are escaped too. */
export function escapeComponent(value: string): string {
  return escapeText(value).replace(/;/g, '\\;');
}

const utf8Length = (codePoint: number): number => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/**
 * Folds one content line at 75 octets of UTF-8 (RFC 6350 3.2): each continuation starts with one
 * space, which counts towards its 75. Cuts fall between code points, never inside a UTF-8
 * sequence (a surrogate pair is one code point here).
 */
export function foldLine(line: string): string {
  // Most lines are short ASCII: nothing to do.
  if (line.length <= MAX_OCTETS && !/[^\p{ASCII}]/u.test(line)) return line;
  const parts: string[] = [];
  let start = 0;
  let octets = 0;
  let limit = MAX_OCTETS;
  for (let i = 0; i < line.length; ) {
    const cp = line.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    const size = utf8Length(cp);
    if (octets + size > limit) {
      parts.push(line.slice(start, i));
      start = i;
      octets = 0;
      limit = MAX_OCTETS - 1;
    }
    octets += size;
    i += units;
  }
  parts.push(line.slice(start));
  return parts.join(`${CRLF} `);
}

/** The TYPE a label maps to for EMAIL and ADR (home, work); other labels carry no TYPE. */
function placeType(label: string): string | null {
  const l = label.trim().toLowerCase();
  if (l === 'home' || l === 'personal' || l === 'private') return 'home';
  if (l === 'work' || l === 'office' || l === 'business') return 'work';
  return null;
}

/** TEL's TYPE values (RFC 6350 6.4.1): where, and what kind of line. */
function telTypes(label: string): string[] {
  const l = label.trim().toLowerCase();
  const types: string[] = [];
  const where = placeType(l);
  if (where) types.push(where);
  if (l === 'mobile' || l === 'cell' || l === 'cellphone') types.push('cell');
  else if (l === 'fax' || l === 'work fax' || l === 'home fax') types.push('fax');
  else if (l === 'pager') types.push('pager');
  else if (l === 'text' || l === 'sms') types.push('text');
  if (l === 'work fax') types.unshift('work');
  if (l === 'home fax') types.unshift('home');
  if (types.length > 0 && !types.some((t) => t === 'cell' || t === 'fax' || t === 'pager' || t === 'text')) types.push('voice');
  return types;
}

/** `;TYPE=a,b` and `;PREF=1` for the first of a property (RFC 6350 5.3, 5.6). */
function params(types: readonly string[], first: boolean): string {
  let out = '';
  if (types.length > 0) out += `;TYPE=${types.join(',')}`;
  if (first) out += ';PREF=1';
  return out;
}

/** A person's name as N's family and given parts: the last word is taken as the family name. */
export function nameParts(name: string): { family: string; given: string } {
  const words = name.trim().split(/\s+/u);
  if (words.length < 2) return { family: '', given: name.trim() };
  return { family: words.at(-1)!, given: words.slice(0, -1).join(' ') };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A timestamp in UTC, basic format (RFC 6350 4.3.5): 20261124T090000Z. */
export function vcardTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

/** A UID that is a URI (urn:uuid:, mailto:...) is written as is; any other text says so (RFC 6350 6.7.6). */
function uidLine(uid: string): string {
  return /^[a-z][a-z0-9+.-]*:\S+$/i.test(uid) ? `UID:${uid}` : `UID;VALUE=text:${escapeText(uid)}`;
}

/** One contact as a vCard 4.0, its lines folded and ended with CRLF. */
export function contactToVcard(c: ExportContact, prodId: string): string {
  const lines: string[] = ['BEGIN:VCARD', 'VERSION:4.0', `PRODID:${escapeText(prodId)}`, uidLine(c.uid)];
  lines.push(`KIND:${c.kind === 'business' ? 'org' : 'individual'}`);
  lines.push(`FN:${escapeText(c.name)}`);
  if (c.kind === 'person') {
    const n = nameParts(c.name);
    lines.push(`N:${escapeComponent(n.family)};${escapeComponent(n.given)};;;`);
    if (c.company) lines.push(`ORG:${escapeComponent(c.company)}`);
  } else {
    lines.push(`ORG:${escapeComponent(c.name)}`);
  }
  if (c.jobTitle) lines.push(`TITLE:${escapeText(c.jobTitle)}`);
  c.emails.forEach((e, i) => {
    const type = placeType(e.label);
    lines.push(`EMAIL${params(type ? [type] : [], i === 0)}:${escapeText(e.value)}`);
  });
  c.phones.forEach((p, i) => {
    // A phone number as free text: the owner's spelling, with its extension, is kept as typed.
    lines.push(`TEL;VALUE=text${params(telTypes(p.label), i === 0)}:${escapeText(p.value)}`);
  });
  c.addresses.forEach((a, i) => {
    const type = placeType(a.label);
    // ADR: post office box; extended address; street; locality; region; postal code; country.
    const parts = ['', '', a.street, a.city, a.region, a.postalCode, a.country].map(escapeComponent).join(';');
    lines.push(`ADR${params(type ? [type] : [], i === 0)}:${parts}`);
  });
  if (c.birthday) {
    const b = c.birthday;
    lines.push(`BDAY:${b.year === null ? `--${pad(b.month)}${pad(b.day)}` : `${pad(b.year, 4)}${pad(b.month)}${pad(b.day)}`}`);
  }
  if (c.tags.length > 0) lines.push(`CATEGORIES:${c.tags.map(escapeText).join(',')}`);
  if (c.notes) lines.push(`NOTE:${escapeText(c.notes)}`);
  lines.push(`REV:${vcardTimestamp(c.updatedAt)}`);
  lines.push('END:VCARD');
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** Many contacts, one after the other (RFC 6350 3.1: a file holds one or more vCards). */
export function contactsToVcards(contacts: readonly ExportContact[], prodId: string): string {
  return contacts.map((c) => contactToVcard(c, prodId)).join('');
}
