import { z } from 'zod';

export const THEMES = ['system', 'light', 'dark'] as const;

export const settingsSchema = z.object({
  theme: z.enum(THEMES, { message: 'Choose system, light or dark' }),
});
export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = { theme: 'system' };

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
