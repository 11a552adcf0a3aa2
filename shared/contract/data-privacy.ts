import { z } from 'zod';
import { contactListSchema, idSchema } from './contacts';
import type { Contact } from './contacts';
import type { FileDownload } from './files';
import {
  FOLLOW_UP_BUCKETS,
  REFERRAL_STATUSES,
  localDateSchema,
  type ContactNote,
  type FollowUp,
  type Interaction,
  type NpsAnswer,
  type Purchase,
  type Referral,
  type RunningTimer,
  type TimeEntry,
} from './records';
import { returns, type MethodSpec } from './spec';

/**
 * The contacts list's filter and sort exactly as `contacts.list` takes them, without paging: an
 * export holds every contact that matches, in the list's order.
 */
export const contactExportFilterSchema = contactListSchema.omit({ offset: true, limit: true });
export type ContactExportFilter = z.input<typeof contactExportFilterSchema>;

/** The lists a CSV export can hold. */
export const CSV_LISTS = ['contacts', 'followUps', 'referrals', 'timeEntries', 'purchases', 'interactions', 'trash'] as const;
export type CsvList = (typeof CSV_LISTS)[number];

/** Which list, and the same filter the list's screen uses. */
export const exportCsvSchema = z.discriminatedUnion(
  'list',
  [
    z.object({ list: z.literal('contacts'), ...contactExportFilterSchema.shape }).strict(),
    z
      .object({
        list: z.literal('followUps'),
        /** As `followUps.list` takes it: no bucket is every follow-up, open ones first. */
        bucket: z.enum(FOLLOW_UP_BUCKETS, { message: 'Choose overdue, today, upcoming or done' }).optional(),
        contactId: idSchema.optional(),
      })
      .strict(),
    z.object({ list: z.literal('referrals'), status: z.enum(REFERRAL_STATUSES, { message: 'Choose pending, converted or lost' }).optional() }).strict(),
    /** One week (Monday's date, as `time.week` takes it), or every time entry when left out. */
    z.object({ list: z.literal('timeEntries'), weekStart: localDateSchema.optional() }).strict(),
    z.object({ list: z.literal('purchases'), contactId: idSchema.optional() }).strict(),
    z.object({ list: z.literal('interactions'), contactId: idSchema.optional() }).strict(),
    z.object({ list: z.literal('trash') }).strict(),
  ],
  { message: 'Choose which list to export: contacts, followUps, referrals, timeEntries, purchases, interactions or trash' },
);
export type ExportCsvInput = z.input<typeof exportCsvSchema>;

/** The most contacts one `ids` export may name (the whole book is `{}`). */
export const MAX_EXPORT_IDS = 100_000;

/** vCards of one contact, some (ids), a list's filter, or every live contact when both are left out. */
export const exportVcardSchema = z
  .object({
    ids: z
      .array(idSchema, { message: 'Choose the contacts to export' })
      .min(1, 'Choose at least one contact')
      .max(MAX_EXPORT_IDS, `At most ${MAX_EXPORT_IDS.toLocaleString('en')} contacts at once`)
      .optional(),
    filter: contactExportFilterSchema.optional(),
  })
  .strict()
  .refine((v) => v.ids === undefined || v.filter === undefined, { message: 'Export either some contacts or a list, not both', path: ['filter'] });
export type ExportVcardInput = z.input<typeof exportVcardSchema>;

/** Open follow-ups as a calendar, all of them or one contact's. */
export const exportIcsSchema = z.object({ contactId: idSchema.optional() }).strict();
export type ExportIcsInput = z.input<typeof exportIcsSchema>;

export const privacyExportSchema = z.object({ id: idSchema }).strict();

export const privacyEraseSchema = z
  .object({
    id: idSchema,
    /** Also delete every backup file: they were made before the erase and still hold the contact. */
    deleteBackups: z.boolean({ message: 'Delete the backups is yes or no' }).default(false),
  })
  .strict();
export type PrivacyEraseInput = z.input<typeof privacyEraseSchema>;

/** Everything the book holds about one contact (`privacy.exportContact`, as JSON). */
export interface ContactDossier {
  format: 'rapport.contact';
  version: 1;
  exportedAt: string;
  contact: Contact;
  /** The vCard UID this contact carries (imported, or derived from its id). */
  uid: string;
  /** The per-contact figures as the book holds them now (null for a contact in the trash). */
  figures: {
    currency: string | null;
    minutes: number;
    costs: number;
    revenue: number;
    invested: number;
    directReturn: number;
    referralReturn: number;
    totalReturn: number;
    ror: number | null;
    returnPerHour: number | null;
    lastInteractionAt: number | null;
  } | null;
  /** Records in the trash are included, with their `deletedAt`. */
  interactions: Interaction[];
  purchases: Purchase[];
  notes: ContactNote[];
  timeEntries: TimeEntry[];
  followUps: FollowUp[];
  referralsMade: Referral[];
  referralsReceived: Referral[];
  npsAnswers: NpsAnswer[];
  /** The timer, when it runs on this contact. */
  timer: RunningTimer | null;
}

export interface EraseOutcome {
  id: number;
  name: string;
  /** How many rows of each kind went with the contact. */
  erased: {
    interactions: number;
    purchases: number;
    notes: number;
    timeEntries: number;
    followUps: number;
    referrals: number;
    npsAnswers: number;
    tags: number;
  };
  /** Other contacts whose figures changed (a referrer loses the credit this contact brought). */
  figuresChanged: number;
  /** Backup files deleted (0 unless asked); the rest still hold the contact until they expire. */
  backupsDeleted: number;
}

export const privacyMethods = {
  'export.csv': {
    doc: 'A list as CSV for a spreadsheet (contacts with the list filter, follow-ups, referrals, time, purchases, interactions, trash).',
    input: exportCsvSchema,
    result: returns<FileDownload>(),
  },
  'export.vcard': {
    doc: 'Contacts as vCard 4.0 (RFC 6350): one, some, a list, or every live contact.',
    input: exportVcardSchema,
    result: returns<FileDownload>(),
  },
  'export.ics': {
    doc: 'Open follow-ups as an iCalendar file (RFC 5545), one event each, for a calendar app.',
    input: exportIcsSchema,
    result: returns<FileDownload>(),
  },
  'privacy.exportContact': {
    doc: 'Everything the book holds about one contact, as JSON (a subject access request).',
    input: privacyExportSchema,
    result: returns<FileDownload>(),
  },
  'privacy.erase': {
    doc: 'Erase a contact (live or in the trash) and everything about them for good; optionally delete the backups too.',
    input: privacyEraseSchema,
    result: returns<EraseOutcome>(),
  },
} as const satisfies Record<string, MethodSpec>;
