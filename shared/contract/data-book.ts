import { z } from 'zod';
import { text } from './text';
import { emptySchema } from './app';
import { fileUploadSchema, type FileDownload } from './files';
import { returns, type MethodSpec } from './spec';

/** The whole book out and back (JSON), and backups. */

export const BACKUP_KINDS = ['daily', 'weekly', 'manual', 'before-restore', 'before-import', 'before-migration', 'damaged'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

export interface BackupFile {
  /** The file's name inside the backups folder (never a path). */
  file: string;
  kind: BackupKind;
  size: number;
  /** When the copy was made (ms UTC). */
  createdAt: number;
}

export interface BackupSchedule {
  /** A daily copy when the app starts and every hour after, if today has none yet. */
  auto: boolean;
  /** How many daily copies to keep. */
  keepDaily: number;
  /** How many weekly copies (the newest daily of each ISO week) to keep after that. */
  keepWeekly: number;
}
export const DEFAULT_BACKUP_SCHEDULE: BackupSchedule = { auto: true, keepDaily: 7, keepWeekly: 4 };

/** A whole book was put in place of the current one: a restored backup or an imported JSON file. */
export interface BookSwap {
  kind: 'restore' | 'import' | 'recover';
  /** The backup's file name or the imported file's name. */
  from: string;
  /** The backup file in the backups folder that holds the book as it was before. */
  keptAside: string;
  /** Contacts (live and in the trash) in the book now. */
  contacts: number;
  /** The schema version of what came in (it was brought up to date). */
  schemaVersion: number;
  at: number;
}

export interface BackupsView {
  dataDir: string;
  databaseFile: string;
  /** Where backups live: `<dataDir>/backups`. */
  dir: string;
  schedule: BackupSchedule;
  /** Newest first. */
  files: BackupFile[];
  /** The last swap this back end made since it started (it survives the UI's reload that follows). */
  lastSwap: BookSwap | null;
}

/** A file name inside the backups folder: no folders, no way out of it. */
export const backupFileNameSchema = text({ message: 'Choose a backup from the list' })
  .min(4, 'Choose a backup from the list')
  .max(200, 'Choose a backup from the list')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.db$/, 'Choose a backup from the list (a file name ending in .db)')
  .refine((name) => !name.includes('..'), 'Choose a backup from the list');

export const backupFileSchema = z.object({ file: backupFileNameSchema }).strict();

export const backupScheduleUpdateSchema = z
  .object({
    auto: z.boolean({ message: 'On or off' }),
    keepDaily: z.number({ message: 'Enter a number of days' }).int('A whole number').min(1, 'Keep at least one daily backup').max(60, 'At most 60'),
    keepWeekly: z.number({ message: 'Enter a number of weeks' }).int('A whole number').min(0, 'At least 0').max(52, 'At most 52'),
  })
  .partial()
  .strict();

export const BOOK_IMPORT_MODES = ['replace', 'new'] as const;
export type BookImportMode = (typeof BOOK_IMPORT_MODES)[number];

export const bookImportSchema = z
  .object({
    file: fileUploadSchema,
    mode: z.enum(BOOK_IMPORT_MODES, { message: 'Choose replace or new' }),
  })
  .strict();

/** Why the book in the data folder cannot be used: it is never opened for writing while this holds. */
export interface UnusableBook {
  code: 'damaged' | 'foreign_schema' | 'not_a_book';
  /** In the owner's words. */
  message: string;
  /** What SQLite or the schema check found, for whoever helps. */
  detail: string;
  /** The book file. */
  file: string;
}

/** What the last run left unsaid: a restore or an import that a crash interrupted, and how it ended. */
export interface BookNotice {
  /** 'finished': the new book is in place; 'undone': the old one is; 'not-started': nothing had changed yet. */
  outcome: 'finished' | 'undone' | 'not-started';
  message: string;
  at: number;
}

export interface BookStatus {
  /** Null when the book is open and well. */
  problem: UnusableBook | null;
  notice: BookNotice | null;
  /** Where backups live, and every backup, newest first (to choose one to recover from). */
  backupsDir: string;
  backups: BackupFile[];
}

/** A backup checked as a restore would check it. */
export interface CheckedBackup {
  file: string;
  createdAt: number;
  /** Null when it passes; the reason in words when it does not. */
  refused: string | null;
  contacts: number | null;
}

export const bookRecoverSchema = z
  .object({
    /** The backup to put in place of the unusable book, or null for a new, empty book. */
    file: backupFileNameSchema.nullable(),
  })
  .strict();

export const bookMethods = {
  'book.status': {
    doc: 'Whether the book could be opened (and why not), and what an interrupted restore or import left behind.',
    input: emptySchema,
    result: returns<BookStatus>(),
  },
  'book.checkBackups': {
    doc: 'Check the backups newest first, as a restore would, until one passes: the newest good backup to recover from.',
    input: emptySchema,
    result: returns<{ checked: CheckedBackup[]; good: CheckedBackup | null }>(),
  },
  'book.recover': {
    doc: 'Put a backup (or a new, empty book) in place of a book that cannot be used; the unusable one is kept in the backups folder.',
    input: bookRecoverSchema,
    result: returns<BookSwap>(),
  },
  'book.exportJson': {
    doc: 'The whole book as one JSON file: every row of every table, ids, settings, trash and the running timer included.',
    input: emptySchema,
    result: returns<FileDownload>(),
  },
  'book.importJson': {
    doc: "Put a book exported as JSON in place of this one ('replace': the current book is kept aside first; 'new': only into an empty book).",
    input: bookImportSchema,
    result: returns<BookSwap>(),
  },
  'backups.list': { doc: 'Where the data and the backups live, the schedule, and every backup, newest first.', input: emptySchema, result: returns<BackupsView>() },
  'backups.now': { doc: "Back up the book now (SQLite's online backup API), with progress.", input: emptySchema, result: returns<BackupFile>() },
  'backups.restore': {
    doc: 'Put a backup in place of the book, after checking its integrity; the current book is kept aside as a backup.',
    input: backupFileSchema,
    result: returns<BookSwap>(),
  },
  'backups.delete': { doc: 'Delete one backup file.', input: backupFileSchema, result: returns<{ file: string }>() },
  'backups.schedule': { doc: 'Turn automatic backups on or off and choose how many to keep.', input: backupScheduleUpdateSchema, result: returns<BackupSchedule>() },
} as const satisfies Record<string, MethodSpec>;
