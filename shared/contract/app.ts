import { z } from 'zod';
import { text } from './text';
import { BOOK_LOCALES } from '../domain/locales';

export const THEMES = ['system', 'light', 'dark'] as const;

/** An ISO 4217 code the runtime can format (EUR, USD, JPY, KWD...). */
export const currencySchema = text({ message: 'Choose a currency' })
  .regex(/^[A-Z]{3}$/, 'Choose a currency such as EUR or USD')
  .refine((code) => {
    try {
      // Intl formats any three letters ("XYZ 1.00"); only the runtime's known ISO 4217 codes count.
      return Intl.supportedValuesOf('currency').includes(code) && new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().currency === code;
    } catch {
      return false;
    }
  }, 'That currency is not known');

/**
 * The book's language and region (en-GB, fr-FR, pt-BR): it formats every date, number and amount,
 * and reads every amount typed. Only the ones the first-run picker offers (shared/domain/locales.ts),
 * so a book is never kept in free text such as "French".
 */
export const localeSchema = z.enum(BOOK_LOCALES, { message: 'Choose a language and region from the list' });

export const settingsSchema = z.object({
  theme: z.enum(THEMES, { message: 'Choose system, light or dark' }),
  /** The book's one currency, chosen on first run; null until then. */
  currency: currencySchema.nullable(),
  locale: localeSchema.nullable(),
  /** H: one hour of the owner's time, in minor units of the book's currency (scoring.md). */
  hourlyRate: z
    .number({ message: 'Enter an hourly rate' })
    .int('The hourly rate is a whole number of minor units')
    .min(0, 'The hourly rate cannot be negative')
    .max(100_000_000, 'That hourly rate is too large'),
  /** m: the share of revenue that is return, 0..100. */
  grossMarginPct: z.number({ message: 'Enter a margin' }).int('A whole percentage').min(0, 'At least 0 %').max(100, 'At most 100 %'),
  /** a: the share of a referred customer's return credited to the referrer, 0..99. */
  referralSharePct: z.number({ message: 'Enter a share' }).int('A whole percentage').min(0, 'At least 0 %').max(99, 'At most 99 %'),
  /** Count only the last N days, or everything (null). */
  windowDays: z.number({ message: 'Enter a number of days' }).int('A whole number of days').min(1, 'At least one day').max(36_500, 'At most 100 years').nullable(),
});
export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  currency: null,
  locale: null,
  hourlyRate: 5000,
  grossMarginPct: 100,
  referralSharePct: 50,
  windowDays: null,
};

export const settingsUpdateSchema = settingsSchema.partial().strict();

export const emptySchema = z.object({}).strict();

export interface AppInfo {
  version: string;
  /** 'desktop' inside Electron, 'browser' when served on 127.0.0.1. */
  mode: 'desktop' | 'browser';
  dataDir: string;
  databaseFile: string;
  /** Null while the book cannot be opened (book.status says why). */
  schemaVersion: number | null;
}
