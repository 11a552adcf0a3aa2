import { addDays } from 'date-fns';
import Papa from 'papaparse';
import type { ExportCsvInput, Interaction, Purchase } from '../../shared/contract/index';
import { CHANNEL_LABELS, TRASH_KIND_LABELS, exportCsvSchema } from '../../shared/contract/index';
import { currencyExponent, minorToDecimal } from '../../shared/domain/money';
import { stmt, type ReadableDB } from './connection';
import { forEachExportChunk, idsForFilter, type ExportContact } from './export-contacts';
import { listFollowUps } from './follow-ups';
import { listReferrals } from './referrals';
import { readSettings } from './settings';
import { liveEntriesBetween } from './time';
import { listTrashItems } from './trash';

/** Every row, however long the list: paging is the screen's business, not the export's. */
const ALL = Number.MAX_SAFE_INTEGER;

/** A cell a spreadsheet would read as a formula (OWASP: = + - @ tab CR). */
const FORMULA_START = /^[=+\-@\t\r]/;

export type Cell = string | number | null;
export interface CsvTable {
  /** What the file is called, without the extension. */
  name: string;
  header: string[];
  rows: Cell[][];
  /** Rows already written as CSV (a long list is written a chunk at a time), after `rows`. */
  text?: string[];
  /** How many rows in all, when some are in `text` (else `rows.length`). */
  count?: number;
}

/**
 * The table as CSV text for a spreadsheet:
 * - papaparse quotes every cell that needs it (delimiter, quote, line break, edge spaces);
 * - `escapeFormulae` prefixes a text cell that starts with = + - @ tab or CR with an apostrophe
 *   (OWASP's advice against CSV formula injection: a note "=HYPERLINK(...)" stays text when the
 *   file is opened in Excel, LibreOffice or Sheets). Numbers are written as numbers, so a refund of
 *   -12.5 stays a number. The pattern is ours: papaparse's own (`/^[=+\-@\t\r].*$/`) misses a
 *   cell that starts with = and goes on over several lines, since `.` stops at a line break;
 * - a UTF-8 byte order mark first: without it Excel reads a CSV as the machine's ANSI code page and
 *   turns "Zoë" into "ZoÃ«"; with it, accents, emoji and right-to-left scripts open as typed;
 * - CRLF between rows (RFC 4180).
 */
export function toCsv(table: CsvTable): string {
  const parts = [`\uFEFF${unparse([table.header])}`];
  if (table.rows.length > 0) parts.push(unparse(table.rows));
  if (table.text) parts.push(...table.text);
  return parts.join('');
}

/** Rows as CSV text, each ended with CRLF. */
function unparse(rows: Cell[][]): string {
  return `${Papa.unparse(rows, { escapeFormulae: FORMULA_START, newline: '\r\n', quotes: false })}\r\n`;
}

export interface ExportOptions {
  now: number;
  onProgress?: (done: number, total: number) => void;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));
/** A local date as a spreadsheet reads it: 2026-11-24 (by hand: date-fns' format costs a second per 100,000 rows). */
const localDate = (ms: number | null): string => {
  if (ms === null) return '';
  const d = new Date(ms);
  return `${String(d.getFullYear()).padStart(4, '0')}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
};
/** A local date and time: 2026-11-24 10:00. */
const localDateTime = (ms: number | null): string => {
  if (ms === null) return '';
  const d = new Date(ms);
  return `${localDate(ms)} ${two(d.getHours())}:${two(d.getMinutes())}`;
};
/** Hours from minutes, to the hundredth. */
const hours = (minutes: number): number => Math.round((minutes / 60) * 100) / 100;

function money(db: ReadableDB): { header: (name: string) => string; cell: (minor: number | null) => number | null } {
  const { currency } = readSettings(db);
  const exponent = currency ? currencyExponent(currency) : 2;
  return {
    header: (name) => (currency ? `${name} (${currency})` : name),
    // The exact decimal, as a number: 1250 cents → 12.5 (a spreadsheet formats it).
    cell: (minor) => (minor === null ? null : Number(minorToDecimal(Math.round(minor), exponent))),
  };
}

function contactsTable(db: ReadableDB, ids: readonly number[], opts: ExportOptions): CsvTable {
  const m = money(db);
  const header = [
    'Name',
    'Kind',
    'Company',
    'Job title',
    'Stage',
    'Source',
    'Tags',
    'Email',
    'Other emails',
    'Phone',
    'Other phones',
    'Address',
    'Other addresses',
    'Birthday',
    'Stay in touch every (days)',
    m.header('Total return'),
    m.header('Invested'),
    'ROR',
    m.header('Return per hour'),
    'Hours',
    'Last contact',
    'Notes',
    'Created',
    'Updated',
  ];
  const address = (a: ExportContact['addresses'][number]) =>
    [a.street, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, a.country].filter(Boolean).join(', ');
  const labelled = (entries: { label: string; value: string }[]) => entries.map((e) => `${e.value} (${e.label})`).join('; ');
  const text: string[] = [];
  const toRow = (c: ExportContact): Cell[] => {
    const b = c.birthday;
    const f = c.figures;
    return [
      c.name,
      c.kind,
      c.company,
      c.jobTitle,
      c.stage,
      c.source,
      c.tags.join('; '),
      c.emails[0]?.value ?? '',
      labelled(c.emails.slice(1)),
      c.phones[0]?.value ?? '',
      labelled(c.phones.slice(1)),
      c.addresses[0] ? address(c.addresses[0]) : '',
      c.addresses.slice(1).map((a) => `${address(a)} (${a.label})`).join('; '),
      b ? (b.year === null ? `--${String(b.month).padStart(2, '0')}-${String(b.day).padStart(2, '0')}` : `${b.year}-${String(b.month).padStart(2, '0')}-${String(b.day).padStart(2, '0')}`) : '',
      c.cadenceDays,
      m.cell(f?.totalReturn ?? null),
      m.cell(f?.invested ?? null),
      f?.ror === null || f?.ror === undefined ? null : Math.round(f.ror * 100) / 100,
      m.cell(f?.returnPerHour ?? null),
      f ? hours(f.minutes) : null,
      localDateTime(f?.lastInteractionAt ?? null),
      c.notes,
      localDateTime(c.createdAt),
      localDateTime(c.updatedAt),
    ];
  };
  // A chunk at a time: each chunk's objects die young, so 100,000 contacts do not fill the heap.
  forEachExportChunk(db, ids, (contacts, done) => {
    text.push(unparse(contacts.map(toRow)));
    opts.onProgress?.(done, ids.length);
  });
  return { name: 'contacts', header, rows: [], text, count: ids.length };
}


/** Live records of live contacts, newest first, optionally one contact's. */
function liveInteractions(db: ReadableDB, contactId: number | null): (Interaction & { contactName: string })[] {
  return stmt<[{ contactId: number | null }], Interaction & { contactName: string }>(
    db,
    `SELECT r.id, r.contact_id AS contactId, c.name AS contactName, r.channel, r.network, r.direction, r.occurred_at AS occurredAt,
            r.minutes, r.cost, r.sentiment, r.note, r.created_at AS createdAt, r.updated_at AS updatedAt, r.deleted_at AS deletedAt
       FROM interactions r JOIN contacts c ON c.id = r.contact_id
      WHERE r.deleted_at IS NULL AND c.deleted_at IS NULL AND (@contactId IS NULL OR r.contact_id = @contactId)
      ORDER BY r.occurred_at DESC, r.id DESC`,
  ).all({ contactId });
}

function livePurchases(db: ReadableDB, contactId: number | null): (Purchase & { contactName: string })[] {
  return stmt<[{ contactId: number | null }], Purchase & { contactName: string }>(
    db,
    `SELECT r.id, r.contact_id AS contactId, c.name AS contactName, r.occurred_at AS occurredAt, r.amount, r.description,
            r.created_at AS createdAt, r.updated_at AS updatedAt, r.deleted_at AS deletedAt
       FROM purchases r JOIN contacts c ON c.id = r.contact_id
      WHERE r.deleted_at IS NULL AND c.deleted_at IS NULL AND (@contactId IS NULL OR r.contact_id = @contactId)
      ORDER BY r.occurred_at DESC, r.id DESC`,
  ).all({ contactId });
}

/** Monday 00:00 (local) of a YYYY-MM-DD, or null when it is not a Monday. */
function localMonday(weekStart: string): Date | null {
  const [y, m, d] = weekStart.split('-').map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d);
  return date.getDay() === 1 ? date : null;
}

export class NotAMonday extends Error {}

/** The list as a table; the input is what `export.csv` takes (already checked). */
export function exportTable(db: ReadableDB, input: ExportCsvInput, opts: ExportOptions): CsvTable {
  const q = exportCsvSchema.parse(input);
  switch (q.list) {
    case 'contacts': {
      const { list: _list, ...filter } = q;
      const ids = idsForFilter(db, filter, opts.now);
      opts.onProgress?.(0, ids.length);
      return contactsTable(db, ids, opts);
    }
    case 'followUps': {
      const { items } = listFollowUps(db, { bucket: q.bucket, contactId: q.contactId, offset: 0, limit: ALL }, opts.now);
      const statusWords = { overdue: 'Overdue', today: 'Due today', upcoming: 'Upcoming', done: 'Done' } as const;
      return {
        name: q.bucket ? `follow-ups-${q.bucket}` : 'follow-ups',
        header: ['Title', 'Contact', 'Due date', 'Due time', 'Repeats every (days)', 'Status', 'Snoozed until', 'Done', 'Note', 'Created'],
        rows: items.map((f) => [
          f.title,
          f.contactName ?? '',
          f.dueDate,
          f.dueTime ?? '',
          f.repeatDays,
          statusWords[f.bucket],
          f.snoozedUntil !== null && f.snoozedUntil > opts.now ? localDateTime(f.snoozedUntil) : '',
          localDateTime(f.doneAt),
          f.note,
          localDateTime(f.createdAt),
        ]),
      };
    }
    case 'referrals': {
      const { items } = listReferrals(db, { status: q.status, offset: 0, limit: ALL });
      return {
        name: q.status ? `referrals-${q.status}` : 'referrals',
        header: ['Referred by', 'Referred', 'Is a contact', 'Date', 'Status', 'Thanked', 'Thanked on', 'Notes'],
        rows: items.map((r) => [
          r.referrerName,
          r.referredName,
          r.referredId !== null ? 'yes' : 'no',
          localDate(r.referredAt),
          r.status,
          r.thanked ? 'yes' : 'no',
          localDate(r.thankedAt),
          r.notes,
        ]),
      };
    }
    case 'timeEntries': {
      let from = Number.MIN_SAFE_INTEGER;
      let to = Number.MAX_SAFE_INTEGER;
      if (q.weekStart !== undefined) {
        const monday = localMonday(q.weekStart);
        if (!monday) throw new NotAMonday();
        from = monday.getTime();
        to = addDays(monday, 7).getTime();
      }
      const entries = liveEntriesBetween(db, from, to);
      return {
        name: q.weekStart ? `time-week-of-${q.weekStart}` : 'time',
        header: ['Date', 'Start', 'Minutes', 'Hours', 'Contact', 'Activity', 'Source', 'Note'],
        rows: entries.map((e) => [
          localDate(e.startedAt),
          localDateTime(e.startedAt).slice(11),
          e.minutes,
          hours(e.minutes),
          e.contactName ?? '',
          e.activity,
          e.source,
          e.note,
        ]),
      };
    }
    case 'purchases': {
      const m = money(db);
      return {
        name: 'purchases',
        header: ['Date', 'Contact', m.header('Amount'), 'Description'],
        rows: livePurchases(db, q.contactId ?? null).map((p) => [localDateTime(p.occurredAt), p.contactName, m.cell(p.amount), p.description]),
      };
    }
    case 'interactions': {
      const m = money(db);
      return {
        name: 'interactions',
        header: ['Date', 'Contact', 'Channel', 'Network', 'Direction', 'Minutes', m.header('Cost'), 'Sentiment', 'Note'],
        rows: liveInteractions(db, q.contactId ?? null).map((r) => [
          localDateTime(r.occurredAt),
          r.contactName,
          CHANNEL_LABELS[r.channel],
          r.network,
          r.direction,
          r.minutes,
          m.cell(r.cost),
          r.sentiment ?? '',
          r.note,
        ]),
      };
    }
    case 'trash': {
      const m = money(db);
      const kinds = TRASH_KIND_LABELS;
      const { items } = listTrashItems(db, 0, ALL);
      return {
        name: 'trash',
        header: ['Kind', 'What', 'Contact', m.header('Amount'), 'Deleted'],
        rows: items.map((t) => [kinds[t.kind], t.label, t.contactName ?? '', m.cell(t.amount), localDateTime(t.deletedAt)]),
      };
    }
  }
}
