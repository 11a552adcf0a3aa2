import { z } from 'zod';

export const THEMES = ['system', 'light', 'dark'] as const;

/** An ISO 4217 code the runtime can format (EUR, USD, JPY, KWD...). */
export const currencySchema = z
  .string({ message: 'Choose a currency' })
  .regex(/^[A-Z]{3}$/, 'Choose a currency such as EUR or USD')
  .refine((code) => {
    try {
      // Intl formats any three letters ("XYZ 1.00"); only the runtime's known ISO 4217 codes count.
      return Intl.supportedValuesOf('currency').includes(code) && new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().currency === code;
    } catch {
      return false;
    }
  }, 'That currency is not known');

/** A BCP 47 locale tag (en-GB, fr-FR, pt-BR) that drives money and date formatting. */
export const localeSchema = z
  .string({ message: 'Choose a language and region' })
  .min(2)
  .max(35)
  .refine((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  }, 'That language and region is not known');

export const settingsSchema = z.object({
  theme: z.enum(THEMES, { message: 'Choose system, light or dark' }),
  /** The book's one currency, chosen on first run; null until then. */
  currency: currencySchema.nullable(),
  locale: localeSchema.nullable(),
});
export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = { theme: 'system', currency: null, locale: null };

export const settingsUpdateSchema = settingsSchema.partial().strict();

export const emptySchema = z.object({}).strict();

export interface AppInfo {
  version: string;
  /** 'desktop' inside Electron, 'browser' when served on 127.0.0.1. */
  mode: 'desktop' | 'browser';
  dataDir: string;
  databaseFile: string;
  schemaVersion: number;
}
