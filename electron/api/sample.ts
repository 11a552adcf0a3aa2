import { ApiFailure, type EventMap } from '../../shared/contract/index';
import { recomputeAllFigures } from '../db/figures';
import { deleteSample, readSampleRecord, SAMPLE_PHASES, sampleStatus, whyNotLoad, writeSample } from '../db/sample/index';
import type { ApiContext } from './context';
import type { HandlerTable } from './registry';

/** Loading or removing the sample touches every screen: each is told to look again. */
const AREAS: EventMap['changed']['area'][] = ['contacts', 'records', 'followUps', 'referrals', 'timer', 'figures', 'sample'];

function announce(ctx: ApiContext): void {
  for (const area of AREAS) ctx.emit('changed', { area });
  ctx.afterWrite?.('followUps');
}

export const sampleHandlers: Pick<HandlerTable, 'sample.status' | 'sample.load' | 'sample.remove'> = {
  'sample.status': (_input, { db }) => sampleStatus(db),

  'sample.load': ({ kind }, ctx) => {
    const { db } = ctx;
    const now = ctx.now();
    // The generator's phases, then the figures: one bar from start to end.
    const total = SAMPLE_PHASES + 1;
    const progress = (done: number, label: string) => ctx.emit('progress', { task: 'sample', done, total, label });
    db.transaction(() => {
      const refused = whyNotLoad(db);
      if (refused) throw new ApiFailure({ code: 'conflict', message: refused });
      writeSample(db, kind, now, (done, _total, label) => progress(done, label));
      progress(SAMPLE_PHASES, 'Working out the figures');
      recomputeAllFigures(db, now);
    })();
    progress(total, 'Done');
    announce(ctx);
    return sampleStatus(db);
  },

  'sample.remove': (_input, ctx) => {
    const { db } = ctx;
    db.transaction(() => {
      const record = readSampleRecord(db);
      if (!record) throw new ApiFailure({ code: 'conflict', message: 'No sample business is loaded in this book: there is nothing to remove.' });
      deleteSample(db, record);
      recomputeAllFigures(db, ctx.now());
    })();
    announce(ctx);
    return sampleStatus(db);
  },
};
