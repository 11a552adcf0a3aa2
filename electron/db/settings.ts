import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../shared/contract/index';
import { closestBookLocale } from '../../shared/domain/locales';
import type { ScoringSettings } from '../../shared/scoring/index';
import { stmt, type ReadableDB, type WritableDB } from './connection';

const SHAPE = settingsSchema.shape;

/**
 * The owner's preferences: each stored value is checked on its own, so a damaged or hand-edited
 * one falls back to its default without taking the others (the book's currency) with it.
 */
export function readSettings(db: ReadableDB): Settings {
  const rows = stmt<[], { key: string; value: string }>(db, 'SELECT key, value FROM settings').all();
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const row of rows) {
    if (!Object.hasOwn(SHAPE, row.key)) continue;
    try {
      const value: unknown = JSON.parse(row.value);
      const parsed = SHAPE[row.key as keyof typeof SHAPE].safeParse(value);
      if (parsed.success) settings[row.key] = parsed.data;
      // A locale typed as free text before the list existed ("fr", "en-us") becomes the nearest
      // offered one, so the book keeps its way of writing amounts instead of the browser's.
      else if (row.key === 'locale' && typeof value === 'string') settings.locale = closestBookLocale(value);
    } catch {
      // Not JSON: the default stands.
    }
  }
  return settings as Settings;
}

export function writeSettings(db: WritableDB, patch: Partial<Settings>): void {
  const upsert = stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value));
    }
  })();
}

/** The four settings every figure depends on (scoring.md, "Settings"). */
export function readScoringSettings(db: ReadableDB): ScoringSettings {
  const s = readSettings(db);
  return { hourlyRate: s.hourlyRate, grossMarginPct: s.grossMarginPct, referralSharePct: s.referralSharePct, windowDays: s.windowDays };
}
