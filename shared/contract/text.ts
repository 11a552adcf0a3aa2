import { z } from 'zod';
import { textProblem } from '../domain/text';

/**
 * Every text of every API input is declared with `text()`, never with `z.string()` (a lint rule
 * holds shared/contract to it, and a test walks the contract for any string that escapes): a NUL or
 * a lone surrogate is refused with its field named (shared/domain/text.ts, textProblem), before
 * any other check of the field, so it is never trimmed, stored as U+FFFD or sent on to SQLite.
 * The importers check their rows with the same schemas, so a bad cell is reported by its field.
 */
export function text(params?: Parameters<typeof z.string>[0]): z.ZodString {
  // eslint-disable-next-line no-restricted-syntax -- the one place a text schema is made
  return z.string(params).superRefine((value, ctx) => {
    const problem = textProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}
