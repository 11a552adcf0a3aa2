import { describe, expect, it } from 'vitest';
import { generateBook } from '../../electron/db/sample/book';
import { readToday, todayCandidates, todayClock } from '../../electron/db/scoring-reads';
import { recomputeAllFigures } from '../../electron/db/figures';
import { todayList } from '../../shared/scoring/index';
import { openTestBook, T0 } from '../helpers/book';

describe('Today on a generated book', () => {
  it('names and ranks only the contacts that can reach the page, and gives the page ranking everyone would', () => {
    const t = openTestBook();
    generateBook(t.db, { size: { contacts: 3000 }, now: T0 });
    recomputeAllFigures(t.db, T0);
    const clock = todayClock(T0);
    const everyone = [...todayCandidates(t.db, clock, null).values()];
    const names = new Map(t.db.prepare('SELECT id, name FROM contacts').raw().all() as [number, string][]);
    for (const c of everyone) {
      c.name = names.get(c.id) ?? '';
      c.unthankedReferrals = c.unthankedReferrals.map((r) => (r.referredId !== undefined ? { ...r, referredName: names.get(r.referredId) ?? '' } : r));
    }
    const ranked = todayList(everyone, clock, 2);
    expect(ranked.length).toBeGreaterThan(100);
    for (const limit of [1, 20, 50, 500]) {
      const view = readToday(t.db, T0, 2, limit);
      expect(view.total).toBe(ranked.length);
      expect(view.items.map(({ stage: _s, kind: _k, ...entry }) => entry)).toEqual(ranked.slice(0, limit));
    }
  });
});
