import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../shared/contract/index';
import { stmt, type ReadableDB, type WritableDB } from '../db/connection';
import { schemaVersion } from '../db/migrate';
import type { HandlerTable } from './registry';

export function readSettings(db: ReadableDB): Settings {
  const rows = stmt<[], { key: string; value: string }>(db, 'SELECT key, value FROM settings').all();
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    try {
      stored[row.key] = JSON.parse(row.value);
    } catch {
      // A hand-edited or damaged value falls back to its default below.
    }
  }
  const merged = { ...DEFAULT_SETTINGS, ...stored };
  const parsed = settingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

function writeSettings(db: WritableDB, patch: Partial<Settings>): void {
  const upsert = stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value));
    }
  })();
}

export const settingsHandlers: Pick<HandlerTable, 'settings.get' | 'settings.update' | 'app.info'> = {
  'app.info': (_input, ctx) => ({ ...ctx.info, schemaVersion: schemaVersion(ctx.db) }),
  'settings.get': (_input, ctx) => readSettings(ctx.db),
  'settings.update': (patch, ctx) => {
    writeSettings(ctx.db, patch);
    ctx.emit('changed', { area: 'settings' });
    return readSettings(ctx.db);
  },
};
