import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { copyDay, kindOf, planRetention } from '../../electron/db/backups';

const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const dailies = (from: Date, n: number, step = 1) => Array.from({ length: n }, (_, i) => `daily-${day(new Date(from.getFullYear(), from.getMonth(), from.getDate() + i * step))}.db`);

describe('backup kinds and retention', () => {
  test('kinds by name', () => {
    expect(kindOf('daily-2026-11-24.db')).toBe('daily');
    expect(kindOf('weekly-2026-W48-2026-11-29.db')).toBe('weekly');
    expect(kindOf('before-migration-v4-to-v5-2026.db')).toBe('before-migration');
    expect(kindOf('before-restore-2026-11-24-100000.db')).toBe('before-restore');
    expect(kindOf('before-import-2026-11-24-100000-2.db')).toBe('before-import');
    expect(kindOf('my-copy.db')).toBe('manual');
    expect(copyDay('daily-2026-11-24.db')?.getDate()).toBe(24);
    expect(copyDay('manual-2026-11-24-100000.db')).toBeNull();
  });

  test('keeps the newest daily copies and the newest copy of each older ISO week; never other kinds', () => {
    const names = [...dailies(new Date(2026, 9, 1), 60), 'manual-2020-01-01-000000.db', 'before-import-2020-01-01-000000.db', 'before-migration-v1-to-v2-x.db'];
    const plan = planRetention(names, { keepDaily: 7, keepWeekly: 4 });
    const kept = new Set(names.filter((n) => !plan.delete.includes(n) && !plan.rename.some(([from]) => from === n)));
    // 60 days from 1 October: the last is 29 November (a Sunday).
    expect([...kept].filter((n) => n.startsWith('daily-'))).toEqual(dailies(new Date(2026, 10, 23), 7));
    expect(plan.rename.map(([, to]) => to)).toEqual(['weekly-2026-W47-2026-11-22.db', 'weekly-2026-W46-2026-11-15.db', 'weekly-2026-W45-2026-11-08.db', 'weekly-2026-W44-2026-11-01.db']);
    expect(kept).toContain('manual-2020-01-01-000000.db');
    expect(kept).toContain('before-import-2020-01-01-000000.db');
    expect(kept).toContain('before-migration-v1-to-v2-x.db');
    // Applying the plan again changes nothing.
    const after = [...kept, ...plan.rename.map(([, to]) => to)];
    expect(planRetention(after, { keepDaily: 7, keepWeekly: 4 })).toEqual({ rename: [], delete: [] });
  });

  test('property: at most keepDaily daily and keepWeekly weekly copies remain, the newest daily always among them, and a second pass is a no-op', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { maxLength: 80 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 6 }),
        (offsets, keepDaily, keepWeekly) => {
          const names = offsets.map((o) => `daily-${day(new Date(2025, 0, 1 + o))}.db`);
          const plan = planRetention(names, { keepDaily, keepWeekly });
          const renamed = new Map(plan.rename);
          const after = names.filter((n) => !plan.delete.includes(n)).map((n) => renamed.get(n) ?? n);
          expect(after.filter((n) => n.startsWith('daily-')).length).toBe(Math.min(keepDaily, names.length));
          expect(after.filter((n) => n.startsWith('weekly-')).length).toBeLessThanOrEqual(keepWeekly);
          if (names.length > 0) expect(after).toContain([...names].sort().at(-1));
          expect(planRetention(after, { keepDaily, keepWeekly })).toEqual({ rename: [], delete: [] });
        },
      ),
    );
  });
});
