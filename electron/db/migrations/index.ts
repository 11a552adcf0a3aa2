import type { WritableDB } from '../connection';
import { migration001 } from './001-contacts';
import { migration002 } from './002-records';
import { migration003 } from './003-figures';
import { migration004 } from './004-insights';
import { migration005 } from './005-contact-uid';
import { migration006 } from './006-contentless-search';

export interface Migration {
  version: number;
  description: string;
  up(db: WritableDB): void;
}

/** Every schema change, in order. Append; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006];

export const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

for (let i = 0; i < MIGRATIONS.length; i++) {
  if (MIGRATIONS[i]?.version !== i + 1) throw new Error(`Migrations must be numbered 1, 2, 3...; found ${MIGRATIONS[i]?.version} at ${i}`);
}
