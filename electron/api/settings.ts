import { detached, type HandlerTable } from './registry';
import { schemaVersion } from '../db/migrate';
import { readSettings, writeSettings } from '../db/settings';

export { readSettings };

export const settingsHandlers: Pick<HandlerTable, 'settings.get' | 'settings.update' | 'app.info'> = {
  // Outside the call's transaction: it answers even when the book cannot be opened (schema null then).
  'app.info': detached(async (_input, ctx) => ({ ...ctx.info, schemaVersion: ctx.book?.problem ? null : schemaVersion(ctx.db) })),
  'settings.get': (_input, ctx) => readSettings(ctx.db),
  // A change of a scoring setting (hourly rate, margin, share, window) is seen by keepFiguresCurrent
  // at the end of this call, in the same transaction: every figure is recomputed before it commits.
  'settings.update': (patch, ctx) => {
    writeSettings(ctx.db, patch);
    ctx.emit('changed', { area: 'settings' });
    return readSettings(ctx.db);
  },
};
