import type { Migration } from './index';

const DAY = 86_400_000;
/** floor(t / DAY) in SQL, for any sign of t (SQLite's integer division truncates toward zero). */
const dayOf = (t: string) => `(CASE WHEN ${t} >= 0 THEN ${t} / ${DAY} ELSE (${t} - ${DAY - 1}) / ${DAY} END)`;

/** Triggers that keep record_days equal to the sums of one record table's live rows, by day. */
function dayTriggers(table: string, at: string, sums: { minutes?: string; costs?: string; revenue?: string }): string {
  const value = (row: 'NEW' | 'OLD', sign: '' | '-', column: string | undefined) => (column ? `${sign}${row}.${column}` : '0');
  const add = (row: 'NEW' | 'OLD', sign: '' | '-') => `
    INSERT INTO record_days (day, minutes, costs, revenue)
      SELECT ${dayOf(`${row}.${at}`)}, ${value(row, sign, sums.minutes)}, ${value(row, sign, sums.costs)}, ${value(row, sign, sums.revenue)}
       WHERE ${row}.deleted_at IS NULL
      ON CONFLICT(day) DO UPDATE SET minutes = minutes + excluded.minutes, costs = costs + excluded.costs, revenue = revenue + excluded.revenue;
    DELETE FROM record_days WHERE day = ${dayOf(`${row}.${at}`)} AND minutes = 0 AND costs = 0 AND revenue = 0;`;
  const columns = [at, sums.minutes, sums.costs, sums.revenue, 'deleted_at'].filter(Boolean).join(', ');
  return `
    CREATE TRIGGER record_days_${table}_insert AFTER INSERT ON ${table} BEGIN ${add('NEW', '')} END;
    CREATE TRIGGER record_days_${table}_delete AFTER DELETE ON ${table} BEGIN ${add('OLD', '-')} END;
    CREATE TRIGGER record_days_${table}_update AFTER UPDATE OF ${columns} ON ${table} BEGIN ${add('OLD', '-')} ${add('NEW', '')} END;`;
}

/**
 * Insights' "return and hours by month" over a million records. record_days holds, for each UTC
 * day, the minutes, costs and revenue of every record not in the trash (interactions, purchases,
 * time entries, whichever contact, tied or not), kept by triggers on every write path. A local
 * calendar month is then a difference of two prefix sums: whole days from this table, and the few
 * hours between a day's UTC start and local midnight from the records themselves (any time zone,
 * exactly). Records of contacts in the trash are taken out when read (there are few).
 *
 * Also a covering index for the minutes of time tied to no contact, by source.
 */
export const migration004: Migration = {
  version: 4,
  description: 'day sums of every record for Insights by month, and untied time by source',
  up(db) {
    db.exec(`
      CREATE TABLE record_days (
        -- floor(instant / 86,400,000): whole UTC days since 1970-01-01.
        day INTEGER PRIMARY KEY,
        minutes INTEGER NOT NULL DEFAULT 0,
        costs INTEGER NOT NULL DEFAULT 0,
        revenue INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      INSERT INTO record_days (day, minutes, costs, revenue)
        SELECT day, sum(minutes), sum(costs), sum(revenue) FROM (
          SELECT ${dayOf('occurred_at')} AS day, minutes, cost AS costs, 0 AS revenue FROM interactions WHERE deleted_at IS NULL
          UNION ALL SELECT ${dayOf('occurred_at')}, 0, 0, amount FROM purchases WHERE deleted_at IS NULL
          UNION ALL SELECT ${dayOf('started_at')}, minutes, 0, 0 FROM time_entries WHERE deleted_at IS NULL)
        GROUP BY day HAVING sum(minutes) <> 0 OR sum(costs) <> 0 OR sum(revenue) <> 0;
      ${dayTriggers('interactions', 'occurred_at', { minutes: 'minutes', costs: 'cost' })}
      ${dayTriggers('purchases', 'occurred_at', { revenue: 'amount' })}
      ${dayTriggers('time_entries', 'started_at', { minutes: 'minutes' })}

      CREATE INDEX time_entries_untied ON time_entries(source_key, started_at, minutes) WHERE deleted_at IS NULL AND contact_id IS NULL;
    `);
  },
};
