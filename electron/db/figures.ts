import {
  contactFigures,
  oneContactFigures,
  referralCredit,
  windowStart,
  type ContactFigures,
  type ContactSums,
  type ScoringSettings,
} from '../../shared/scoring/index';
import { stmt, type ReadableDB, type WritableDB } from './connection';
import { readScoringSettings } from './settings';

/**
 * The per-contact figures of scoring.md, kept in `contact_figures` (migration 003).
 *
 * Which contacts need their figures looked at again is recorded by temporary triggers on every
 * table a figure reads (interactions, purchases, time entries, referrals, contacts going to or
 * from the trash): whatever the write path, nothing is missed. The API's dispatcher calls
 * `keepFiguresCurrent` before and after every handler inside the handler's transaction, so a write
 * and its figures commit together or not at all.
 *
 * What counts: records dated at or before the moment the figures were brought up to date, and with
 * a window, at or after its start (shared/scoring's windowStart: the local midnight N days before
 * today's). A record dated later (a purchase entered for next week) is picked up when the clock
 * reaches it. The window's start is a function of today's date alone, so the stored sums of a day
 * are the same whenever that day's first recompute ran: `figures_state.window_start` says which
 * start they were summed from, and the first call whose window starts elsewhere (after local
 * midnight) recomputes everything.
 */

const MIN_TIME = Number.MIN_SAFE_INTEGER;
/** Books with more contacts than this report a recompute's progress. */
const PROGRESS_FROM = 5000;

interface FiguresState {
  as_of: number | null;
  window_start: number | null;
  next_record_at: number | null;
  settings: string;
}

function readState(db: ReadableDB): FiguresState {
  return (
    stmt<[], FiguresState>(db, 'SELECT as_of, window_start, next_record_at, settings FROM figures_state WHERE id = 1').get() ?? {
      as_of: null,
      window_start: null,
      next_record_at: null,
      settings: '',
    }
  );
}

const settingsKey = (s: ScoringSettings) => JSON.stringify([s.hourlyRate, s.grossMarginPct, s.referralSharePct, s.windowDays]);

/** Records the contacts a write touches, per connection (TEMP: nothing of it is stored in the book). */
export function installFigureTriggers(db: WritableDB): void {
  const mark = (ref: string) => `INSERT OR IGNORE INTO temp.figures_dirty (contact_id) SELECT ${ref} WHERE ${ref} IS NOT NULL;`;
  const forTable = (table: string, columns: string, ref = 'contact_id') => `
    CREATE TEMP TRIGGER IF NOT EXISTS figures_${table}_insert AFTER INSERT ON main.${table} BEGIN ${mark(`NEW.${ref}`)} END;
    CREATE TEMP TRIGGER IF NOT EXISTS figures_${table}_delete AFTER DELETE ON main.${table} BEGIN ${mark(`OLD.${ref}`)} END;
    CREATE TEMP TRIGGER IF NOT EXISTS figures_${table}_update AFTER UPDATE OF ${columns} ON main.${table}
      BEGIN ${mark(`OLD.${ref}`)} ${mark(`NEW.${ref}`)} END;`;
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS figures_dirty (contact_id INTEGER PRIMARY KEY);
    ${forTable('interactions', 'contact_id, occurred_at, minutes, cost, deleted_at')}
    ${forTable('purchases', 'contact_id, occurred_at, amount, deleted_at')}
    ${forTable('time_entries', 'contact_id, started_at, minutes, deleted_at')}
    ${forTable('referrals', 'referrer_id, referred_id, status, deleted_at', 'referrer_id')}
    CREATE TEMP TRIGGER IF NOT EXISTS figures_contacts_insert AFTER INSERT ON main.contacts BEGIN ${mark('NEW.id')} END;
    CREATE TEMP TRIGGER IF NOT EXISTS figures_contacts_trash AFTER UPDATE OF deleted_at ON main.contacts BEGIN ${mark('NEW.id')} END;
  `);
}

/**
 * Writes made outside the API (the seed command, a bulk load) leave touched contacts in the
 * connection's temporary list, which closing would lose: the next open then recomputes everything.
 */
export function markFiguresStaleIfPending(db: WritableDB): void {
  const pending = stmt<[], number>(db, 'SELECT 1 FROM temp.figures_dirty LIMIT 1').pluck().get();
  if (pending !== undefined) stmt(db, 'UPDATE figures_state SET as_of = NULL WHERE id = 1').run();
}

/** A contact's clock-free sums, as stored. */
interface StoredSums {
  minutes: number;
  costs: number;
  revenue: number;
  positive_count: number;
  first_positive_at: number | null;
  last_positive_at: number | null;
  last_interaction_at: number | null;
}

const INSERT_FIGURES = `INSERT INTO contact_figures (contact_id, minutes, costs, revenue, positive_count, first_positive_at, last_positive_at,
    last_interaction_at, invested, direct_return, referral_return, total_return, ror, return_per_hour)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT(contact_id) DO UPDATE SET minutes = excluded.minutes, costs = excluded.costs, revenue = excluded.revenue,
    positive_count = excluded.positive_count, first_positive_at = excluded.first_positive_at, last_positive_at = excluded.last_positive_at,
    last_interaction_at = excluded.last_interaction_at, invested = excluded.invested, direct_return = excluded.direct_return,
    referral_return = excluded.referral_return, total_return = excluded.total_return, ror = excluded.ror,
    return_per_hour = excluded.return_per_hour`;

function writeFigures(db: WritableDB, s: StoredSums, f: ContactFigures): void {
  stmt(db, INSERT_FIGURES).run(
    f.id,
    s.minutes,
    s.costs,
    s.revenue,
    s.positive_count,
    s.first_positive_at,
    s.last_positive_at,
    s.last_interaction_at,
    f.invested,
    f.directReturn,
    f.referralReturn,
    f.totalReturn,
    f.ror,
    f.returnPerHour,
  );
}

/**
 * Sets aside, until the returned function is called, the trigger that lists each new contact for
 * its figures: a bulk import writes its new contacts' figures itself (writeFiguresOfNewContacts).
 * Inside a transaction that fails, the rollback puts the trigger back as it was.
 */
export function pauseNewContactMarks(db: WritableDB): () => void {
  db.exec('DROP TRIGGER IF EXISTS temp.figures_contacts_insert');
  return () => installFigureTriggers(db);
}

/**
 * The figures of contacts this transaction created with no records yet (an import's new people,
 * ids `from` to `to`, every one of them new): all the same, so computed once, with the function
 * the other paths use, and written by one INSERT ... SELECT. A hundred thousand new contacts listed
 * one by one would end the call with a full recompute (measured: 0.67 s of a 100,000-row import,
 * against 0.1 s). Create them with pauseNewContactMarks in effect; a contact still listed is merely
 * computed again.
 */
export function writeFiguresOfNewContacts(db: WritableDB, from: number, to: number): void {
  if (to < from) return;
  const none = oneContactFigures({ id: 0, minutes: 0, costs: 0, revenue: 0 }, 0, readScoringSettings(db));
  stmt(
    db,
    `INSERT INTO contact_figures (contact_id, minutes, costs, revenue, positive_count, first_positive_at, last_positive_at,
       last_interaction_at, invested, direct_return, referral_return, total_return, ror, return_per_hour)
     SELECT id, 0, 0, 0, 0, NULL, NULL, NULL, ?, ?, ?, ?, ?, ? FROM contacts WHERE id BETWEEN ? AND ?`,
  ).run(none.invested, none.directReturn, none.referralReturn, none.totalReturn, none.ror, none.returnPerHour, from, to);
}

/** The earliest record dated after `now`, when the figures must look again. */
function nextRecordAfter(db: ReadableDB, now: number): number | null {
  return (
    stmt<[number, number, number], { t: number | null }>(
      db,
      `SELECT min(t) AS t FROM (
         SELECT min(occurred_at) AS t FROM interactions WHERE occurred_at > ?
         UNION ALL SELECT min(occurred_at) FROM purchases WHERE occurred_at > ?
         UNION ALL SELECT min(started_at) FROM time_entries WHERE started_at > ?)`,
    ).get(now, now, now)?.t ?? null
  );
}

export interface RecomputeOutcome {
  contacts: number;
}

/**
 * Every figure from the records, in one pass per table over covering indexes. The same functions
 * of shared/scoring compute them as the incremental path, so both give the same figures.
 */
export function recomputeAllFigures(db: WritableDB, now: number, progress?: (done: number, total: number) => void): RecomputeOutcome {
  // Progress is worth showing only where a recompute takes a noticeable time.
  const large = (stmt<[], number>(db, 'SELECT max(id) FROM contacts').pluck().get() ?? 0) > PROGRESS_FROM;
  const onProgress = large ? progress : undefined;
  const settings = readScoringSettings(db);
  const start = windowStart(now, settings.windowDays);
  const lo = start ?? MIN_TIME;
  const total = 6;
  return db.transaction(() => {
    const ids = stmt<[], number>(db, 'SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY id').pluck().all();
    const indexOf = new Map<number, number>();
    ids.forEach((id, i) => indexOf.set(id, i));
    const n = ids.length;
    const sums: StoredSums[] = ids.map(() => ({
      minutes: 0,
      costs: 0,
      revenue: 0,
      positive_count: 0,
      first_positive_at: null,
      last_positive_at: null,
      last_interaction_at: null,
    }));
    onProgress?.(1, total);

    const interactions = stmt<[number, number, number], [number, number, number, number]>(
      db,
      `SELECT contact_id, sum(CASE WHEN occurred_at >= ? THEN minutes ELSE 0 END), sum(CASE WHEN occurred_at >= ? THEN cost ELSE 0 END), max(occurred_at)
         FROM interactions INDEXED BY interactions_sums WHERE deleted_at IS NULL AND occurred_at <= ? GROUP BY contact_id`,
    ).raw();
    for (const [id, minutes, costs, last] of interactions.iterate(lo, lo, now)) {
      const i = indexOf.get(id);
      if (i === undefined) continue;
      const s = sums[i]!;
      s.minutes += minutes;
      s.costs += costs;
      s.last_interaction_at = last;
    }
    onProgress?.(2, total);

    const time = stmt<[number, number], [number, number]>(
      db,
      `SELECT contact_id, sum(minutes) FROM time_entries INDEXED BY time_entries_sums
        WHERE deleted_at IS NULL AND contact_id IS NOT NULL AND started_at BETWEEN ? AND ? GROUP BY contact_id`,
    ).raw();
    for (const [id, minutes] of time.iterate(lo, now)) {
      const i = indexOf.get(id);
      if (i !== undefined) sums[i]!.minutes += minutes;
    }
    onProgress?.(3, total);

    const purchases = stmt<[number, number], [number, number, number, number | null, number | null]>(
      db,
      `SELECT contact_id, sum(amount), sum(amount > 0), min(CASE WHEN amount > 0 THEN occurred_at END), max(CASE WHEN amount > 0 THEN occurred_at END)
         FROM purchases INDEXED BY purchases_sums WHERE deleted_at IS NULL AND occurred_at BETWEEN ? AND ? GROUP BY contact_id`,
    ).raw();
    for (const [id, revenue, positive, first, last] of purchases.iterate(lo, now)) {
      const i = indexOf.get(id);
      if (i === undefined) continue;
      const s = sums[i]!;
      s.revenue = revenue;
      s.positive_count = positive;
      s.first_positive_at = first;
      s.last_positive_at = last;
    }
    onProgress?.(4, total);

    const referrals = stmt<[], [number, number]>(
      db,
      `SELECT referrer_id, referred_id FROM referrals INDEXED BY referrals_converted WHERE status = 'converted' AND deleted_at IS NULL`,
    )
      .raw()
      .all()
      .map(([referrerId, referredId]) => ({ referrerId, referredId }));
    const contacts: ContactSums[] = ids.map((id, i) => ({ id, minutes: sums[i]!.minutes, costs: sums[i]!.costs, revenue: sums[i]!.revenue }));
    const figures = contactFigures(contacts, referrals, settings);
    onProgress?.(5, total);

    stmt(db, 'DELETE FROM contact_figures').run();
    for (let i = 0; i < n; i++) writeFigures(db, sums[i]!, figures[i]!);
    stmt(db, 'DELETE FROM temp.figures_dirty').run();
    stmt<[number, number | null, number | null, string]>(
      db,
      'UPDATE figures_state SET as_of = ?, window_start = ?, next_record_at = ?, settings = ? WHERE id = 1',
    ).run(now, start, nextRecordAfter(db, now), settingsKey(settings));
    onProgress?.(6, total);
    return { contacts: n };
  })();
}

/** One contact's sums from its records (the covering indexes make each a short range read). */
function contactSumsFromRecords(db: ReadableDB, id: number, lo: number, now: number): StoredSums {
  const i = stmt<[number, number, number, number], { minutes: number | null; costs: number | null; last: number | null }>(
    db,
    `SELECT sum(CASE WHEN occurred_at >= ? THEN minutes ELSE 0 END) AS minutes, sum(CASE WHEN occurred_at >= ? THEN cost ELSE 0 END) AS costs,
            max(occurred_at) AS last
       FROM interactions INDEXED BY interactions_sums WHERE contact_id = ? AND deleted_at IS NULL AND occurred_at <= ?`,
  ).get(lo, lo, id, now);
  const t = stmt<[number, number, number], { minutes: number | null }>(
    db,
    `SELECT sum(minutes) AS minutes FROM time_entries INDEXED BY time_entries_sums
      WHERE contact_id = ? AND deleted_at IS NULL AND started_at BETWEEN ? AND ?`,
  ).get(id, lo, now);
  const p = stmt<[number, number, number], { revenue: number | null; positive: number | null; first: number | null; last: number | null }>(
    db,
    `SELECT sum(amount) AS revenue, sum(amount > 0) AS positive, min(CASE WHEN amount > 0 THEN occurred_at END) AS first,
            max(CASE WHEN amount > 0 THEN occurred_at END) AS last
       FROM purchases INDEXED BY purchases_sums WHERE contact_id = ? AND deleted_at IS NULL AND occurred_at BETWEEN ? AND ?`,
  ).get(id, lo, now);
  return {
    minutes: (i?.minutes ?? 0) + (t?.minutes ?? 0),
    costs: i?.costs ?? 0,
    revenue: p?.revenue ?? 0,
    positive_count: p?.positive ?? 0,
    first_positive_at: p?.first ?? null,
    last_positive_at: p?.last ?? null,
    last_interaction_at: i?.last ?? null,
  };
}

/** The live contact who referred `id` (a converted, live referral), or null. */
function referrerOf(db: ReadableDB, id: number): number | null {
  return (
    stmt<[number], number>(
      db,
      `SELECT r.referrer_id FROM referrals r JOIN contacts p ON p.id = r.referrer_id
        WHERE r.referred_id = ? AND r.status = 'converted' AND r.deleted_at IS NULL AND p.deleted_at IS NULL`,
    )
      .pluck()
      .get(id) ?? null
  );
}

/** What `id` is credited for the people it brought: each child's current total return, shared. */
function referralReturnOf(db: ReadableDB, id: number, sharePct: number): number {
  const totals = stmt<[number], number>(
    db,
    `SELECT f.total_return FROM referrals r INDEXED BY referrals_converted JOIN contact_figures f ON f.contact_id = r.referred_id
      WHERE r.referrer_id = ? AND r.status = 'converted' AND r.deleted_at IS NULL`,
  )
    .pluck()
    .all(id);
  let credit = 0;
  for (const total of totals) credit += referralCredit(total, sharePct);
  return credit;
}

/** Beyond this many touched contacts, one full recompute is cheaper than walking each. */
const INCREMENTAL_LIMIT = 5000;

/**
 * Brings the figures up to date with the clock, the settings and the writes of this transaction.
 * Cheap when nothing changed (two indexed reads). Must run inside a transaction.
 */
export function keepFiguresCurrent(db: WritableDB, now: number, onProgress?: (done: number, total: number) => void): void {
  const state = readState(db);
  const settings = readScoringSettings(db);
  const start = windowStart(now, settings.windowDays);
  // The window's start moves at local midnight (or when the machine's time zone changes): the sums
  // over the old window are then summed again, from the new start.
  const stale = state.as_of === null || now < state.as_of || state.settings !== settingsKey(settings) || state.window_start !== start;
  if (stale) {
    recomputeAllFigures(db, now, onProgress);
    return;
  }
  // Records that were in the future when the figures were computed and are now due.
  if (state.next_record_at !== null && now >= state.next_record_at) {
    stmt<[number, number, number, number, number, number]>(
      db,
      `INSERT OR IGNORE INTO temp.figures_dirty (contact_id)
         SELECT contact_id FROM interactions WHERE occurred_at BETWEEN ? AND ?
         UNION SELECT contact_id FROM purchases WHERE occurred_at BETWEEN ? AND ?
         UNION SELECT contact_id FROM time_entries WHERE started_at BETWEEN ? AND ? AND contact_id IS NOT NULL`,
    ).run(state.next_record_at, now, state.next_record_at, now, state.next_record_at, now);
    stmt<[number | null]>(db, 'UPDATE figures_state SET next_record_at = ? WHERE id = 1').run(nextRecordAfter(db, now));
  }
  const dirty = stmt<[], number>(db, 'SELECT contact_id FROM temp.figures_dirty').pluck().all();
  if (dirty.length === 0) return;
  if (dirty.length > INCREMENTAL_LIMIT) {
    recomputeAllFigures(db, now, onProgress);
    return;
  }
  stmt(db, 'DELETE FROM temp.figures_dirty').run();
  refreshContacts(db, dirty, now, start ?? MIN_TIME, state, settings);
}

/** `lo`: the window's start the stored sums are summed from (the earliest time when all time). */
function refreshContacts(db: WritableDB, dirty: readonly number[], now: number, lo: number, state: FiguresState, settings: ScoringSettings): void {
  const dirtySet = new Set(dirty);
  // Each touched contact and everyone up its referral chain, with its depth (distance to its root).
  const depth = new Map<number, number>();
  for (const id of dirty) {
    const chain = [id];
    const seen = new Set(chain);
    let current = id;
    for (;;) {
      const up = referrerOf(db, current);
      if (up === null || seen.has(up)) break;
      chain.push(up);
      seen.add(up);
      current = up;
    }
    chain.forEach((c, i) => {
      const d = chain.length - 1 - i;
      if ((depth.get(c) ?? -1) < d) depth.set(c, d);
    });
  }
  // Deepest first: a referrer's credit reads its children's fresh totals.
  const order = [...depth.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
  let nextRecordAt = state.next_record_at;
  for (const id of order) {
    const live = stmt<[number], number>(db, 'SELECT 1 FROM contacts WHERE id = ? AND deleted_at IS NULL').pluck().get(id) !== undefined;
    if (!live) {
      stmt<[number]>(db, 'DELETE FROM contact_figures WHERE contact_id = ?').run(id);
      continue;
    }
    let sums: StoredSums | undefined;
    if (dirtySet.has(id)) {
      sums = contactSumsFromRecords(db, id, lo, now);
      const future = futureRecordOf(db, id, now);
      if (future !== null && (nextRecordAt === null || future < nextRecordAt)) nextRecordAt = future;
    } else {
      sums = stmt<[number], StoredSums>(
        db,
        `SELECT minutes, costs, revenue, positive_count, first_positive_at, last_positive_at, last_interaction_at
           FROM contact_figures WHERE contact_id = ?`,
      ).get(id);
      sums ??= contactSumsFromRecords(db, id, lo, now);
    }
    const referral = referralReturnOf(db, id, settings.referralSharePct);
    writeFigures(db, sums, oneContactFigures({ id, minutes: sums.minutes, costs: sums.costs, revenue: sums.revenue }, referral, settings));
  }
  if (nextRecordAt !== state.next_record_at) stmt<[number | null]>(db, 'UPDATE figures_state SET next_record_at = ? WHERE id = 1').run(nextRecordAt);
}

/** The earliest of a contact's records dated after now (a purchase entered ahead), or null. */
function futureRecordOf(db: ReadableDB, id: number, now: number): number | null {
  return (
    stmt<[number, number, number, number, number, number], { t: number | null }>(
      db,
      `SELECT min(t) AS t FROM (
         SELECT min(occurred_at) AS t FROM interactions INDEXED BY interactions_by_contact WHERE contact_id = ? AND occurred_at > ?
         UNION ALL SELECT min(occurred_at) FROM purchases INDEXED BY purchases_by_contact WHERE contact_id = ? AND occurred_at > ?
         UNION ALL SELECT min(started_at) FROM time_entries WHERE contact_id = ? AND started_at > ?)`,
    ).get(id, now, id, now, id, now)?.t ?? null
  );
}

/** The figures as stored. */
export interface StoredFigures extends StoredSums {
  contact_id: number;
  invested: number;
  direct_return: number;
  referral_return: number;
  total_return: number;
  ror: number | null;
  return_per_hour: number | null;
}

export function storedFigures(db: ReadableDB, id: number): StoredFigures | null {
  return stmt<[number], StoredFigures>(db, 'SELECT * FROM contact_figures WHERE contact_id = ?').get(id) ?? null;
}

/** A stored row as the scoring module's ContactFigures. */
export function toContactFigures(f: StoredFigures): ContactFigures {
  return {
    id: f.contact_id,
    minutes: f.minutes,
    costs: f.costs,
    revenue: f.revenue,
    timeCost: f.invested - f.costs,
    invested: f.invested,
    directReturn: f.direct_return,
    referralReturn: f.referral_return,
    totalReturn: f.total_return,
    net: f.total_return - f.invested,
    ror: f.ror,
    returnPerHour: f.return_per_hour,
  };
}
