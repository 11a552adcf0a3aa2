import Papa from 'papaparse';
import {
  ApiFailure,
  CSV_DELIMITERS,
  GROUPED_CSV_FIELDS,
  type Birthday,
  type ColumnMapping,
  type CsvDelimiter,
  type CsvEncoding,
  type CsvField,
  type CsvPreset,
  type ImportSkip,
} from '../../shared/contract/index';
import { checkChunk, type ImportRow, type RowChunk, type RowTable } from './import-rows';
import { decodeText, refuseBinary } from './import-text';

/** One data row of a CSV file, by the physical line it starts on. */
export interface CsvRow {
  line: number;
  cells: string[];
  /** Why the parser could not read this row whole (an unclosed quote, say), if so. */
  error?: string;
}

export interface CsvTable {
  delimiter: CsvDelimiter;
  headers: string[];
  headerLine: number;
  rows: CsvRow[];
}

const isDelimiter = (d: string): d is CsvDelimiter => (CSV_DELIMITERS as readonly string[]).includes(d);

/** The delimiter the header line uses most, outside quotes (when papaparse cannot tell from a short file). */
export function guessDelimiter(text: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>();
  let quoted = false;
  for (let i = 0; i < text.length && i < 65_536; i++) {
    const ch = text[i] ?? '';
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && isDelimiter(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: CsvDelimiter = ',';
  let most = 0;
  for (const d of CSV_DELIMITERS) {
    const n = counts.get(d) ?? 0;
    if (n > most) {
      best = d;
      most = n;
    }
  }
  return best;
}

/** A CSV file's header line, as eachCsvRow reads it. */
export interface CsvHead {
  delimiter: CsvDelimiter;
  headers: string[];
  headerLine: number;
}

/**
 * Parses CSV text with papaparse, row by row, keeping each row's physical line (a quoted field
 * that spans lines counts its lines). The first non-blank row is the header, given to `onHeader`;
 * every data row after it goes to `onRow`, in order, as it is parsed (blank rows are left out).
 * `onRow` returning false stops the parse there.
 */
function parseRows(text: string, chosen: CsvDelimiter | undefined, onRow: (row: CsvRow) => boolean | void, onHeader?: (head: CsvHead) => void): CsvHead {
  const newline = text.includes('\n') ? '\n' : '\r';
  let delimiter: CsvDelimiter | null = chosen ?? null;
  let head: CsvHead | null = null;
  let start = 0;
  let line = 1;
  const linesBetween = (from: number, to: number) => {
    let n = 0;
    for (let i = text.indexOf(newline, from); i !== -1 && i < to; i = text.indexOf(newline, i + 1)) n++;
    return n;
  };
  Papa.parse<string[]>(text, {
    delimiter: chosen ?? '',
    delimitersToGuess: [...CSV_DELIMITERS],
    ...(newline === '\r' ? { newline: '\r' as const } : {}),
    skipEmptyLines: false,
    step(result, parser) {
      const cursor = result.meta.cursor;
      const rowLine = line;
      line += linesBetween(start, cursor);
      start = cursor;
      if (delimiter === null) {
        const auto = result.errors.some((e) => e.code === 'UndetectableDelimiter');
        delimiter = !auto && isDelimiter(result.meta.delimiter) ? result.meta.delimiter : guessDelimiter(text);
        if (auto && delimiter !== ',') throw new RedoWith(delimiter);
      }
      const cells = result.data;
      if (cells.every((c) => c.trim() === '')) return;
      const quoteError = result.errors.find((e) => e.type === 'Quotes');
      if (head === null) {
        head = { delimiter, headers: cells.map((c) => c.trim()), headerLine: rowLine };
        onHeader?.(head);
        return;
      }
      const row: CsvRow = { line: rowLine, cells };
      if (quoteError) {
        row.error =
          quoteError.code === 'MissingQuotes'
            ? `A quoted field opened on this line is never closed (it runs to line ${Math.max(rowLine, line - 1)})`
            : 'A quote in the middle of a field is not doubled ("")';
      }
      if (onRow(row) === false) parser.abort();
    },
  });
  if (head === null) throw ApiFailure.invalid('file', 'The file has no rows: not even a header line');
  return head;
}

/** papaparse could not guess the delimiter but the header line names one: parse again with it. */
class RedoWith extends Error {
  constructor(readonly delimiter: CsvDelimiter) {
    super('redo');
  }
}

/** CSV text's rows as they are parsed (see parseRows), the delimiter guessed again from the header line when papaparse could not tell. */
export function eachCsvRow(text: string, chosen: CsvDelimiter | undefined, onRow: (row: CsvRow) => boolean | void, onHeader?: (head: CsvHead) => void): CsvHead {
  try {
    return parseRows(text, chosen, onRow, onHeader);
  } catch (err) {
    // Thrown at the first row, before any row is given.
    if (err instanceof RedoWith) return parseRows(text, err.delimiter, onRow, onHeader);
    throw err;
  }
}

/** CSV text as one table. */
export function readCsv(text: string, chosen?: CsvDelimiter): CsvTable {
  const rows: CsvRow[] = [];
  return { ...eachCsvRow(text, chosen, (row) => void rows.push(row)), rows };
}

// ---------------------------------------------------------------------------------------------
// Presets: which Rapport field each column of a known export goes to.

/** Lower case, accents and punctuation out: "E-mail 1 - Value" → "e mail 1 value". */
export function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function detectPreset(headers: readonly string[]): CsvPreset {
  const keys = headers.map(headerKey);
  if (headers.some((h) => /^(e-mail|phone|address|organization) \d+ - /i.test(h.trim())) || (keys.includes('given name') && keys.includes('group membership'))) {
    return 'google';
  }
  if (keys.includes('e mail address') && keys.some((k) => ['mobile phone', 'business phone', 'home phone', 'categories', 'business street'].includes(k))) {
    return 'outlook';
  }
  return 'generic';
}

const m = (field: CsvField, group = 1, label = ''): ColumnMapping => ({ field, group, label });
const IGNORE = m('ignore');

function googleColumn(key: string): ColumnMapping {
  const simple: Record<string, CsvField> = {
    name: 'name',
    'first name': 'firstName',
    'given name': 'firstName',
    'middle name': 'middleName',
    'additional name': 'middleName',
    'last name': 'lastName',
    'family name': 'lastName',
    'organization name': 'company',
    'organization title': 'jobTitle',
    birthday: 'birthday',
    notes: 'notes',
    labels: 'tags',
    'group membership': 'tags',
  };
  const direct = simple[key];
  if (direct) return m(direct);
  const grouped = /^(e mail|phone|address|organization) (\d+) (.+)$/.exec(key);
  if (!grouped) return IGNORE;
  const [, kind, n, part] = grouped;
  const group = Math.min(20, Number(n));
  if (kind === 'organization') return group === 1 ? (part === 'name' ? m('company') : part === 'title' ? m('jobTitle') : IGNORE) : IGNORE;
  const labelPart = part === 'label' || part === 'type';
  if (kind === 'e mail') return part === 'value' ? m('email', group) : labelPart ? m('emailLabel', group) : IGNORE;
  if (kind === 'phone') return part === 'value' ? m('phone', group) : labelPart ? m('phoneLabel', group) : IGNORE;
  const address: Record<string, CsvField> = {
    street: 'street',
    city: 'city',
    region: 'region',
    'postal code': 'postalCode',
    country: 'country',
    label: 'addressLabel',
    type: 'addressLabel',
  };
  const field = address[part ?? ''];
  return field ? m(field, group) : IGNORE;
}

const OUTLOOK: Record<string, ColumnMapping> = {
  'first name': m('firstName'),
  'middle name': m('middleName'),
  'last name': m('lastName'),
  company: m('company'),
  'job title': m('jobTitle'),
  birthday: m('birthday'),
  notes: m('notes'),
  categories: m('tags'),
  'e mail address': m('email', 1),
  'e mail 2 address': m('email', 2),
  'e mail 3 address': m('email', 3),
  'mobile phone': m('phone', 1, 'mobile'),
  'business phone': m('phone', 2, 'work'),
  'business phone 2': m('phone', 3, 'work'),
  'home phone': m('phone', 4, 'home'),
  'home phone 2': m('phone', 5, 'home'),
  'primary phone': m('phone', 6, 'main'),
  'company main phone': m('phone', 7, 'work'),
  'other phone': m('phone', 8, 'other'),
  'business fax': m('phone', 9, 'fax'),
  'home fax': m('phone', 10, 'fax'),
  'home street': m('street', 1, 'home'),
  'home city': m('city', 1, 'home'),
  'home state': m('region', 1, 'home'),
  'home postal code': m('postalCode', 1, 'home'),
  'home country': m('country', 1, 'home'),
  'home country region': m('country', 1, 'home'),
  'business street': m('street', 2, 'work'),
  'business city': m('city', 2, 'work'),
  'business state': m('region', 2, 'work'),
  'business postal code': m('postalCode', 2, 'work'),
  'business country': m('country', 2, 'work'),
  'business country region': m('country', 2, 'work'),
  'other street': m('street', 3, 'other'),
  'other city': m('city', 3, 'other'),
  'other state': m('region', 3, 'other'),
  'other postal code': m('postalCode', 3, 'other'),
  'other country': m('country', 3, 'other'),
  'other country region': m('country', 3, 'other'),
};

/** Header words in English, French, German, Spanish, Italian, Portuguese and Dutch. */
const GENERIC: [CsvField, string, string[]][] = [
  ['name', '', ['name', 'full name', 'display name', 'contact', 'contact name', 'nom complet', 'vollstandiger name', 'nombre completo', 'nome completo', 'volledige naam']],
  ['firstName', '', ['first name', 'firstname', 'given name', 'forename', 'prenom', 'vorname', 'nombre', 'nome', 'primeiro nome', 'voornaam']],
  ['middleName', '', ['middle name', 'additional name', 'second prenom', 'zweiter vorname']],
  ['lastName', '', ['last name', 'lastname', 'surname', 'family name', 'nom', 'nom de famille', 'nachname', 'familienname', 'apellido', 'apellidos', 'cognome', 'sobrenome', 'apelido', 'achternaam']],
  ['company', '', ['company', 'company name', 'organization', 'organisation', 'organization name', 'business', 'employer', 'societe', 'entreprise', 'firma', 'unternehmen', 'empresa', 'azienda', 'societa', 'bedrijf']],
  ['jobTitle', '', ['job title', 'title', 'position', 'role', 'occupation', 'fonction', 'poste', 'titre', 'beruf', 'berufsbezeichnung', 'cargo', 'puesto', 'ruolo', 'qualifica', 'functie']],
  ['email', '', ['email', 'e mail', 'mail', 'email address', 'e mail address', 'courriel', 'adresse e mail', 'adresse email', 'correo', 'correo electronico', 'posta elettronica', 'e mailadres']],
  ['phone', 'mobile', ['mobile', 'mobile phone', 'cell', 'cell phone', 'cellphone', 'portable', 'telephone portable', 'handy', 'mobiltelefon', 'movil', 'celular', 'cellulare', 'telemovel', 'mobiel']],
  ['phone', 'work', ['work phone', 'business phone', 'office phone', 'telephone professionnel', 'telefon geschaftlich', 'telefono trabajo', 'telefono ufficio']],
  ['phone', 'home', ['home phone', 'telephone domicile', 'telefon privat', 'telefono casa']],
  ['phone', '', ['phone', 'phone number', 'telephone', 'tel', 'telefon', 'telefonnummer', 'telefono', 'telefone', 'telefoon', 'telefoonnummer', 'numero de telephone']],
  ['street', '', ['street', 'address', 'street address', 'address line 1', 'adresse', 'rue', 'strasse', 'anschrift', 'direccion', 'calle', 'indirizzo', 'via', 'endereco', 'rua', 'adres', 'straat']],
  ['city', '', ['city', 'town', 'locality', 'ville', 'commune', 'stadt', 'ort', 'ciudad', 'localidad', 'citta', 'cidade', 'stad', 'plaats', 'woonplaats']],
  ['region', '', ['state', 'region', 'province', 'county', 'state province', 'departement', 'bundesland', 'provincia', 'estado', 'provincie']],
  ['postalCode', '', ['zip', 'zip code', 'zipcode', 'postal code', 'postcode', 'post code', 'code postal', 'cp', 'plz', 'postleitzahl', 'codigo postal', 'cap', 'cep']],
  ['country', '', ['country', 'country region', 'pays', 'land', 'pais', 'paese', 'nazione']],
  ['tags', '', ['tags', 'tag', 'labels', 'label', 'groups', 'group', 'categories', 'category', 'etiquettes', 'categorie', 'groupes', 'kategorien', 'kategorie', 'gruppen', 'etiquetas', 'categorias', 'grupos', 'etichette', 'gruppi', 'categorieen', 'groepen']],
  ['source', '', ['source', 'lead source', 'origin', 'referral source', 'origine', 'provenance', 'quelle', 'herkunft', 'origen', 'fuente', 'fonte', 'origem', 'bron', 'herkomst']],
  ['birthday', '', ['birthday', 'birth date', 'birthdate', 'date of birth', 'dob', 'anniversaire', 'date de naissance', 'geburtstag', 'geburtsdatum', 'cumpleanos', 'fecha de nacimiento', 'compleanno', 'data di nascita', 'aniversario', 'data de nascimento', 'verjaardag', 'geboortedatum']],
  ['notes', '', ['notes', 'note', 'comments', 'comment', 'remarks', 'description', 'memo', 'remarques', 'commentaire', 'commentaires', 'notizen', 'notiz', 'bemerkungen', 'kommentar', 'notas', 'comentarios', 'observaciones', 'commenti', 'observacoes', 'opmerkingen', 'notities']],
];
const GENERIC_BY_KEY = new Map<string, { field: CsvField; label: string }>();
for (const [field, label, words] of GENERIC) for (const w of words) if (!GENERIC_BY_KEY.has(w)) GENERIC_BY_KEY.set(w, { field, label });

/** A suggested field for each column; emails, phones and addresses numbered in the order they come. */
export function suggestMapping(headers: readonly string[], preset: CsvPreset): ColumnMapping[] {
  const keys = headers.map(headerKey);
  if (preset === 'google') return keys.map(googleColumn);
  if (preset === 'outlook') return keys.map((k) => OUTLOOK[k] ?? IGNORE);
  const used = new Set<CsvField>();
  let emails = 0;
  let phones = 0;
  return keys.map((key) => {
    // "Email 2", "Phone (work)": the words without a trailing number or bracket.
    const bare = key.replace(/\s*\d+$/, '').trim();
    const hit = GENERIC_BY_KEY.get(key) ?? GENERIC_BY_KEY.get(bare);
    if (!hit) return IGNORE;
    if (hit.field === 'email') return m('email', Math.min(20, ++emails), hit.label);
    if (hit.field === 'phone') return m('phone', Math.min(20, ++phones), hit.label);
    // One column per single field; a second "Name" column is left for the owner to map.
    if (!GROUPED_CSV_FIELDS.includes(hit.field) && used.has(hit.field)) return IGNORE;
    used.add(hit.field);
    return m(hit.field, 1, hit.label);
  });
}

/** Whether the mapping can name a contact at all. */
export function checkMapping(mapping: readonly ColumnMapping[], headers: readonly string[]): void {
  if (mapping.length !== headers.length) {
    throw ApiFailure.invalid('mapping', `The mapping has ${mapping.length} columns but the file has ${headers.length}: preview the file again`);
  }
  const naming: CsvField[] = ['name', 'firstName', 'lastName', 'company', 'email'];
  if (!mapping.some((c) => naming.includes(c.field))) {
    throw ApiFailure.invalid('mapping', 'Map at least one column to a name, first or last name, company or email');
  }
}

// ---------------------------------------------------------------------------------------------
// Rows to contacts.

/** Google joins several values of one cell with " ::: ". */
const splitMulti = (value: string) =>
  value
    .split(' ::: ')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);

/** "* Mobile" → "mobile" (Google marks the primary value with a star). */
function cleanLabel(label: string): string {
  return label.replace(/^\*\s*/, '').trim().toLowerCase().slice(0, 40);
}

/** Tags from a cell: Google's " ::: " list, or a comma or semicolon list; Google's system groups left out. */
export function splitTags(value: string): string[] {
  const parts = value.includes(':::') ? value.split(':::') : value.split(/[;,]/);
  const out: string[] = [];
  for (const raw of parts) {
    const tag = raw.trim().replace(/^\*\s*/, '');
    if (!tag || tag === 'myContacts') continue;
    out.push(tag);
  }
  return out;
}

function validDay(year: number | null, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const max = new Date(Date.UTC(year ?? 2000, month, 0)).getUTCDate();
  return day <= max;
}

/**
 * A birthday as spreadsheets write it: 1985-03-12, --03-12 or --0312 (no year), 19850312,
 * 12.03.1985 (day first), 12/03/1985 or 12/03 (day first unless `dayFirst` is false or the
 * numbers say otherwise: see `slashDayFirst`). Outlook's empty "0/0/00" is no birthday. Years before 1800 mean "no year".
 * Two-digit years up to this year's are this century's. Returns undefined for what cannot be read.
 */
export function parseBirthday(raw: string, thisYear = 2000, dayFirst = true): Birthday | null | undefined {
  const value = raw.trim();
  if (!value || /^0{1,2}[/.-]0{1,2}[/.-]0{2,4}$/.test(value)) return null;
  let year: number | null = null;
  let month: number;
  let day: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$/.exec(value))) {
    year = Number(match[1]);
    month = Number(match[2]);
    day = Number(match[3]);
  } else if ((match = /^--(\d{2})-?(\d{2})$/.exec(value))) {
    month = Number(match[1]);
    day = Number(match[2]);
  } else if ((match = /^(\d{1,2})\.(\d{1,2})\.?(\d{2}|\d{4})?$/.exec(value))) {
    day = Number(match[1]);
    month = Number(match[2]);
    year = match[3] ? Number(match[3]) : null;
  } else if ((match = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?$/.exec(value))) {
    const a = Number(match[1]);
    const b = Number(match[2]);
    [day, month] = (dayFirst && b <= 12) || a > 12 ? [a, b] : [b, a];
    year = match[3] ? Number(match[3]) : null;
  } else {
    return undefined;
  }
  if (year !== null && year < 100) year += year > thisYear % 100 ? 1900 : 2000;
  if (year !== null && (year < 1800 || year > 9999)) year = null;
  return validDay(year, month, day) ? { year, month, day } : undefined;
}

/**
 * Whether a column's slashed dates put the day first: a first number above 12 says yes, a second
 * above 12 says no; otherwise Outlook's (US) exports put the month first and other files the day.
 */
export function slashDayFirst(values: Iterable<string>, preset: CsvPreset): boolean {
  for (const v of values) {
    const verdict = slashVerdict(v);
    if (verdict !== null) return verdict;
  }
  return preset !== 'outlook';
}

/** What one value says of its column (see slashDayFirst): the day first, the month first, or nothing. */
function slashVerdict(value: string): boolean | null {
  const match = /^\s*(\d{1,2})\/(\d{1,2})(?:\/\d{2,4})?\s*$/.exec(value);
  if (!match) return null;
  if (Number(match[1]) > 12) return true;
  if (Number(match[2]) > 12) return false;
  return null;
}

interface Slot {
  values: string[];
  label: string;
}
interface AddressSlot {
  label: string;
  street: string[];
  city: string[];
  region: string[];
  postalCode: string[];
  country: string[];
}

function slotOf(map: Map<number, Slot>, group: number): Slot {
  let s = map.get(group);
  if (!s) map.set(group, (s = { values: [], label: '' }));
  return s;
}

function addressOf(map: Map<number, AddressSlot>, group: number): AddressSlot {
  let a = map.get(group);
  if (!a) map.set(group, (a = { label: '', street: [], city: [], region: [], postalCode: [], country: [] }));
  return a;
}

/** The slots of a row in the order of their numbers (a row mostly has one). */
function byGroup<T>(map: Map<number, T> | null): T[] {
  if (!map) return [];
  if (map.size === 1) return [...map.values()];
  return [...map.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** One CSV row to a contact to import, or the reason it cannot be one. */
export interface RowContext {
  headers: readonly string[];
  thisYear: number;
  /** Slashed birthdays put the day first (see slashDayFirst). */
  dayFirst: boolean;
}

export function rowToContact(row: CsvRow, mapping: readonly ColumnMapping[], context: RowContext): ImportRow | ImportSkip {
  const { headers } = context;
  if (row.error) return { line: row.line, name: '', reason: row.error };
  if (row.cells.length > headers.length && row.cells.slice(headers.length).some((c) => c.trim() !== '')) {
    return {
      line: row.line,
      name: '',
      reason: `This row has ${row.cells.length} cells where the header has ${headers.length}: a value holding the delimiter needs quotes`,
    };
  }
  const single: Partial<Record<CsvField, string[]>> = {};
  let emails: Map<number, Slot> | null = null;
  let phones: Map<number, Slot> | null = null;
  let addresses: Map<number, AddressSlot> | null = null;
  for (let i = 0; i < mapping.length; i++) {
    const col = mapping[i] as ColumnMapping;
    if (col.field === 'ignore') continue;
    const value = (row.cells[i] ?? '').trim();
    switch (col.field) {
      case 'email':
      case 'phone': {
        const s = slotOf(col.field === 'email' ? (emails ??= new Map()) : (phones ??= new Map()), col.group);
        if (value.includes(' ::: ')) s.values.push(...splitMulti(value));
        else if (value) s.values.push(value);
        if (!s.label && col.label) s.label = col.label;
        break;
      }
      case 'emailLabel':
      case 'phoneLabel':
        if (value) slotOf(col.field === 'emailLabel' ? (emails ??= new Map()) : (phones ??= new Map()), col.group).label = cleanLabel(value.split(' ::: ')[0] ?? '');
        break;
      case 'addressLabel':
        if (value) addressOf((addresses ??= new Map()), col.group).label = cleanLabel(value);
        break;
      case 'street':
      case 'city':
      case 'region':
      case 'postalCode':
      case 'country': {
        const a = addressOf((addresses ??= new Map()), col.group);
        if (value) a[col.field].push(value);
        if (!a.label && col.label) a.label = col.label;
        break;
      }
      default:
        if (value) (single[col.field] ??= []).push(value);
    }
  }
  const one = (f: CsvField, sep = ' ') => single[f]?.join(sep) ?? '';
  const company = one('company', ', ');
  const personName = one('name') || [one('firstName'), one('middleName'), one('lastName')].filter(Boolean).join(' ');
  // Emails, phones and addresses in the order of their numbers (Outlook's mobile first).
  const emailList = byGroup(emails).flatMap((s) => s.values.map((value) => ({ label: s.label || 'home', value })));
  const phoneList = byGroup(phones).flatMap((s) => s.values.map((value) => ({ label: s.label || 'mobile', value })));
  let name = personName;
  let kind: 'person' | 'business' = 'person';
  if (!name && company) {
    name = company;
    kind = 'business';
  }
  if (!name && emailList[0]) name = emailList[0].value;
  if (!name) return { line: row.line, name: '', reason: 'No name, company or email in this row' };
  const birthdayText = one('birthday');
  const birthday = parseBirthday(birthdayText, context.thisYear, context.dayFirst);
  if (birthday === undefined) return { line: row.line, name, reason: `Birthday "${birthdayText.slice(0, 40)}" is not a date (use 1985-03-12, --03-12 or 12.03.1985)` };
  return {
    line: row.line,
    company: kind === 'person' ? company : '',
    uid: null,
    fields: {
      kind,
      name,
      jobTitle: one('jobTitle', ', '),
      source: one('source', ', '),
      birthday,
      notes: one('notes', '\n\n'),
      emails: emailList,
      phones: phoneList,
      addresses: byGroup(addresses)
        .filter((a) => [a.street, a.city, a.region, a.postalCode, a.country].some((p) => p.length > 0))
        .map((a) => ({
          label: a.label || 'home',
          street: a.street.join(', '),
          city: a.city.join(' '),
          region: a.region.join(' '),
          postalCode: a.postalCode.join(' '),
          country: a.country.join(' '),
        })),
      tags: (single.tags ?? []).flatMap(splitTags),
    },
  };
}

export interface CsvImportOptions {
  encoding?: CsvEncoding | undefined;
  delimiter?: CsvDelimiter | undefined;
  mapping: readonly ColumnMapping[];
  /** The current year, for two-digit birthday years. */
  thisYear: number;
}

/**
 * A CSV file's rows for an import: the file is decoded and parsed whole (a refusal comes before any
 * row is read), then each row is mapped to a contact when asked.
 */
export function csvRowTable(bytes: Uint8Array, options: CsvImportOptions): RowTable {
  const decoded = decodeText(bytes, options.encoding);
  refuseBinary(decoded.text, 'CSV');
  const table = readCsv(decoded.text, options.delimiter);
  checkMapping(options.mapping, table.headers);
  const birthdayColumns = options.mapping.flatMap((c, i) => (c.field === 'birthday' ? [i] : []));
  const context: RowContext = {
    headers: table.headers,
    thisYear: options.thisYear,
    dayFirst: slashDayFirst(
      table.rows.flatMap((r) => birthdayColumns.map((i) => r.cells[i] ?? '')),
      detectPreset(table.headers),
    ),
  };
  const { rows } = table;
  return { total: rows.length, read: (i) => rowToContact(rows[i] as CsvRow, options.mapping, context) };
}

/**
 * How many data rows CSV text holds, counted without parsing it: its line breaks outside quotes
 * (every quote turns quoting on or off, so a doubled one inside a quoted field changes nothing),
 * less the header and a last line break. Exact for a well-formed file without blank lines; a blank
 * line or a stray quote in an unquoted field makes it a little off. For progress and for choosing
 * bulk writes, not for the report.
 */
export function estimateRows(text: string): number {
  const newline = text.includes('\n') ? '\n' : '\r';
  let records = 1;
  let quoted = false;
  let quote = text.indexOf('"');
  for (let at = text.indexOf(newline); at !== -1; ) {
    if (quote !== -1 && quote < at) {
      quoted = !quoted;
      quote = text.indexOf('"', quote + 1);
    } else {
      if (!quoted) records++;
      at = text.indexOf(newline, at + 1);
    }
  }
  if (text.endsWith(newline)) records--;
  return Math.max(0, records - 1);
}

/**
 * A CSV file's rows for an import, mapped and checked as they are parsed and handed to `onChunk`
 * `chunkRows` at a time (a helper thread posts each chunk while it parses the next): the same
 * chunks as tableSource(csvRowTable(...)) gives. `onReady` is called once the file is known good
 * (decoded, not binary, a header that fits the mapping), with an estimate of its rows
 * (estimateRows), before the first chunk. `onChunk` returning false stops the reading. Returns the rows read.
 */
export function streamCsvRows(
  bytes: Uint8Array,
  options: CsvImportOptions,
  chunkRows: number,
  onReady: (estimate: number) => void,
  onChunk: (chunk: RowChunk) => boolean | void,
): number {
  const { text } = decodeText(bytes, options.encoding);
  refuseBinary(text, 'CSV');
  // Which way slashed birthdays read (slashDayFirst) rests on the first telling value, found before
  // any row is mapped by a pass that stops there; a file with no digit, slash, digit has none.
  const birthdayColumns = options.mapping.flatMap((c, i) => (c.field === 'birthday' ? [i] : []));
  const telling: string[] = [];
  if (birthdayColumns.length > 0 && /\d\/\d/.test(text)) {
    eachCsvRow(text, options.delimiter, (row) => {
      for (const i of birthdayColumns) {
        const value = row.cells[i] ?? '';
        if (slashVerdict(value) !== null) {
          telling.push(value);
          return false;
        }
      }
      return true;
    });
  }
  let context: RowContext | null = null;
  let rows: CsvRow[] = [];
  let total = 0;
  const hand = (): boolean | void => {
    const ctx = context as RowContext;
    const table: RowTable = { total: rows.length, read: (i) => rowToContact(rows[i] as CsvRow, options.mapping, ctx) };
    const chunk = checkChunk(table, 0, rows.length);
    rows = [];
    return onChunk(chunk);
  };
  let stopped = false;
  eachCsvRow(
    text,
    options.delimiter,
    (row) => {
      rows.push(row);
      total++;
      if (rows.length < chunkRows) return true;
      stopped = hand() === false;
      return !stopped;
    },
    (head) => {
      checkMapping(options.mapping, head.headers);
      context = { headers: head.headers, thisYear: options.thisYear, dayFirst: slashDayFirst(telling, detectPreset(head.headers)) };
      onReady(estimateRows(text));
    },
  );
  if (!stopped && rows.length > 0) hand();
  return total;
}
