import { z } from 'zod';
import { text } from './text';
import { fileUploadSchema } from './files';
import { returns, type MethodSpec } from './spec';

/** What happens to a row whose email or phone is already in the book (or earlier in the file). */
export const DUPLICATE_POLICIES = ['skip', 'merge', 'add'] as const;
export const duplicatePolicySchema = z.enum(DUPLICATE_POLICIES, { message: 'Choose skip, merge or add for duplicates' });
export type DuplicatePolicy = z.infer<typeof duplicatePolicySchema>;

/** One row the import left out, by the file's own line number (a card's BEGIN line for vCards). */
export interface ImportSkip {
  line: number;
  /** What the row was called, when it had a name, so the owner can find it. */
  name: string;
  reason: string;
}

/** What an import did. Every row of the file is in exactly one of added, merged, updated or skipped. */
export interface ImportReport {
  /** Data rows (CSV) or cards (vCard) read from the file. */
  rows: number;
  added: number;
  merged: number;
  /** Contacts updated because the file names them by the same UID (vCard reimport). */
  updated: number;
  skipped: number;
  /** Businesses created from company names, besides the rows. */
  businessesAdded: number;
  skips: ImportSkip[];
  seconds: number;
}

export const CSV_ENCODINGS = ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be'] as const;
export const csvEncodingSchema = z.enum(CSV_ENCODINGS, { message: 'Choose UTF-8, Windows-1252 or UTF-16' });
export type CsvEncoding = z.infer<typeof csvEncodingSchema>;

export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export const csvDelimiterSchema = z.enum(CSV_DELIMITERS, { message: 'Choose comma, semicolon, tab or bar' });
export type CsvDelimiter = z.infer<typeof csvDelimiterSchema>;

export const CSV_PRESETS = ['google', 'outlook', 'generic'] as const;
export type CsvPreset = (typeof CSV_PRESETS)[number];

/** The Rapport field a column goes to. */
export const CSV_FIELDS = [
  'ignore',
  'name',
  'firstName',
  'middleName',
  'lastName',
  'company',
  'jobTitle',
  'email',
  'emailLabel',
  'phone',
  'phoneLabel',
  'street',
  'city',
  'region',
  'postalCode',
  'country',
  'addressLabel',
  'tags',
  'source',
  'birthday',
  'notes',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** How the mapping's select names each field. */
export const CSV_FIELD_LABELS: Record<CsvField, string> = {
  ignore: 'Ignore',
  name: 'Full name',
  firstName: 'First name',
  middleName: 'Middle name',
  lastName: 'Last name',
  company: 'Company',
  jobTitle: 'Job title',
  email: 'Email',
  emailLabel: 'Email label',
  phone: 'Phone',
  phoneLabel: 'Phone label',
  street: 'Street',
  city: 'City',
  region: 'Region / state',
  postalCode: 'Postal code',
  country: 'Country',
  addressLabel: 'Address label',
  tags: 'Tags',
  source: 'Source',
  birthday: 'Birthday',
  notes: 'Notes',
};

/** Fields that may come several times (emails, phones, addresses): `group` says which one a column belongs to. */
export const GROUPED_CSV_FIELDS: readonly CsvField[] = ['email', 'emailLabel', 'phone', 'phoneLabel', 'street', 'city', 'region', 'postalCode', 'country', 'addressLabel'];

export const columnMappingSchema = z
  .object({
    field: z.enum(CSV_FIELDS, { message: 'Choose a field for this column' }),
    /** Which email, phone or address this column belongs to (columns of one address share it). */
    group: z.number().int().min(1).max(20, 'At most 20 emails, phones or addresses').default(1),
    /** The label of this email, phone or address when no label column says otherwise ('' for the usual one). */
    label: text().trim().max(40, 'Keep the label under 40 characters').default(''),
  })
  .strict();
export type ColumnMapping = z.infer<typeof columnMappingSchema>;
export type ColumnMappingInput = z.input<typeof columnMappingSchema>;

export const csvPreviewSchema = z
  .object({
    file: fileUploadSchema,
    encoding: csvEncodingSchema.optional(),
    delimiter: csvDelimiterSchema.optional(),
  })
  .strict();

export const csvImportSchema = z
  .object({
    file: fileUploadSchema,
    encoding: csvEncodingSchema.optional(),
    delimiter: csvDelimiterSchema.optional(),
    mapping: z.array(columnMappingSchema).min(1, 'Map at least one column').max(1000, 'At most 1000 columns'),
    duplicates: duplicatePolicySchema.default('skip'),
  })
  .strict();
export type CsvImportInput = z.input<typeof csvImportSchema>;

export interface CsvPreview {
  encoding: CsvEncoding;
  /** Whether the file began with a byte-order mark. */
  bom: boolean;
  delimiter: CsvDelimiter;
  headers: string[];
  /** The first data rows, as cells, with the line each starts on. */
  rows: { line: number; cells: string[] }[];
  /** Every data row of the file (blank lines aside). */
  totalRows: number;
  preset: CsvPreset;
  /** A suggested field for each column, in the headers' order. */
  mapping: ColumnMapping[];
}

export const csvMethods = {
  'csv.preview': {
    doc: 'Reads a CSV file: its encoding, delimiter, headers, first rows, row count, the tool it came from and a suggested mapping.',
    input: csvPreviewSchema,
    result: returns<CsvPreview>(),
  },
  'csv.import': {
    doc: 'Imports a CSV file with a column mapping: all rows in one transaction, duplicates skipped, merged or added; the report names every skipped line.',
    input: csvImportSchema,
    result: returns<ImportReport>(),
  },
} as const satisfies Record<string, MethodSpec>;
