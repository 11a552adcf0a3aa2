import { ApiFailure } from '../../shared/contract/index';
import { currencyExponent } from '../../shared/domain/money';
import { recomputeAllFigures } from '../db/figures';
import { readContactInsight, readToday } from '../db/scoring-reads';
import { readScoringSettings, readSettings } from '../db/settings';
import type { ReadableDB } from '../db/connection';
import type { HandlerTable } from './registry';

/** The book's currency exponent (2 until a currency is chosen): Today's value reads major units. */
function exponentOf(db: ReadableDB): number {
  const { currency } = readSettings(db);
  return currency ? currencyExponent(currency) : 2;
}

export const figureHandlers: Pick<HandlerTable, 'figures.contact' | 'figures.recompute' | 'today.get'> = {
  'figures.contact': ({ id }, ctx) => {
    const insight = readContactInsight(ctx.db, id, ctx.now(), readScoringSettings(ctx.db), exponentOf(ctx.db));
    if (!insight) throw ApiFailure.notFound(`There is no live contact with id ${id} (a contact in the trash has no figures)`);
    return insight;
  },
  'figures.recompute': (_input, ctx) => {
    const started = performance.now();
    const { contacts } = recomputeAllFigures(ctx.db, ctx.now(), (done, total) =>
      ctx.emit('progress', { task: 'figures', done, total, label: 'Recomputing every figure' }),
    );
    ctx.emit('changed', { area: 'figures' });
    return { contacts, ms: Math.round(performance.now() - started) };
  },
  'today.get': ({ limit }, ctx) => readToday(ctx.db, ctx.now(), exponentOf(ctx.db), limit),
};
