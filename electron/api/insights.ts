import { readInsights } from '../db/insights';
import { readScoringSettings } from '../db/settings';
import type { HandlerTable } from './registry';

export const insightsHandlers: Pick<HandlerTable, 'insights.get'> = {
  'insights.get': (_input, ctx) => readInsights(ctx.db, ctx.now(), readScoringSettings(ctx.db)),
};
