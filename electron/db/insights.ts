import type { InsightsView, MonthFigures, ReferralEngine, ScatterHighlight, SourceInsight } from '../../shared/contract/index';
import {
  DAY,
  QUADRANTS,
  RFM_SEGMENTS,
  businessFigures,
  div,
  npsFigures,
  quadrantOf,
  sourceFigures,
  windowStart,
  type NpsAnswerInput,
  type Quadrant,
  type RfmSegment,
  type ScoringSettings,
  type SourceActivity,
  type SourceContact,
} from '../../shared/scoring/index';
import { referralChains, type ReferralLink } from '../../shared/scoring/referral-chains';
import { rfmScoresOfColumns } from '../../shared/scoring/rfm-columns';
import { MARK_SINK, MARK_STAR, starsAndTimeSinks } from '../../shared/scoring/stars';
import { stmt, type ReadableDB } from './connection';
import { quadrantMedians } from './scoring-reads';

/**
 * Every chart of the Insights screen, read from the stored per-contact figures (contact_figures,
 * kept current by every write) and from day sums of every record (record_days, migration 004). The numbers come out of shared/scoring, so they are exactly scoring.md's.
 *
 * What counts is what the figures count: records dated at or before now and, with a window, at or
 * after the window's start (shared/scoring's windowStart: the local midnight N days before today's,
 * the start the stored figures were summed from, since the dispatcher brings them up to date first).
 *
 * Speed (quality.md: every chart's data in < 300 ms at 100,000 contacts): the figures are read in
 * one scan as JSON columns (SQLite builds the arrays; one JSON.parse each is far cheaper than
 * 100,000 row objects); months come from day sums kept by triggers (record_days, migration 004);
 * the rest is per-column loops, native typed-array sorts and index reads.
 */

const MIN_TIME = Number.MIN_SAFE_INTEGER;
/** All time reaches back at most this many months on the by-month chart. */
const MAX_MONTHS = 1200;
const TOP_ADVOCATES = 10;
const HIGHLIGHTS = 5;

/** The stored figures of every live contact, as columns (buyers' own columns in buyer order). */
interface Population {
  n: number;
  ids: number[];
  minutes: number[];
  invested: number[];
  directReturn: number[];
  referralReturn: number[];
  /** directReturn + referralReturn, as scoring.md defines it. */
  totalReturn: number[];
  positiveCount: number[];
  /** Of the buying customers (positive_count > 0), in the order they come in the columns above. */
  buyerRevenue: number[];
  buyerLastPositiveAt: number[];
  /** Sums over everyone. */
  costs: number;
  revenue: number;
}

function readPopulation(db: ReadableDB): Population {
  // Every row of contact_figures is a live contact (figures.ts keeps it so), in contact id order.
  const row = stmt<[], [number, number, number, ...string[]]>(
    db,
    `SELECT count(*), coalesce(sum(costs), 0), coalesce(sum(revenue), 0),
            json_group_array(contact_id), json_group_array(minutes), json_group_array(invested),
            json_group_array(direct_return), json_group_array(referral_return), json_group_array(positive_count),
            json_group_array(revenue) FILTER (WHERE positive_count > 0),
            json_group_array(last_positive_at) FILTER (WHERE positive_count > 0)
       FROM contact_figures NOT INDEXED`,
  )
    .raw()
    .get();
  if (!row) throw new Error('The figures could not be read');
  const [n, costs, revenue, ...json] = row;
  const [ids, minutes, invested, directReturn, referralReturn, positiveCount, buyerRevenue, buyerLastPositiveAt] = json.map(
    (text) => JSON.parse(text ?? '[]') as number[],
  ) as [number[], number[], number[], number[], number[], number[], number[], number[]];
  const totalReturn = new Array<number>(n);
  for (let i = 0; i < n; i++) totalReturn[i] = directReturn[i]! + referralReturn[i]!;
  return { n, ids, minutes, invested, directReturn, referralReturn, totalReturn, positiveCount, buyerRevenue, buyerLastPositiveAt, costs, revenue };
}

/** Minutes of time entries tied to no contact that count, per source key ('' for none). */
function untiedMinutesBySource(db: ReadableDB, lo: number, now: number): { source: string; minutes: number }[] {
  return stmt<[number, number], { source: string; minutes: number }>(
    db,
    `SELECT source_key AS source, sum(minutes) AS minutes FROM time_entries INDEXED BY time_entries_untied
      WHERE deleted_at IS NULL AND contact_id IS NULL AND started_at BETWEEN ? AND ? GROUP BY source_key`,
  ).all(lo, now);
}

/**
 * Every source with its figures, by invested. Contacts of a source are summed here and handed to
 * sourceFigures as one entry per source (its sums are additive, so the figures are the same as
 * with one entry per contact); the count of contacts is taken from that sum.
 */
function readBySource(
  db: ReadableDB,
  p: Population,
  indexOf: ContactIndex,
  untied: { source: string; minutes: number }[],
  settings: ScoringSettings,
): SourceInsight[] {
  const totals = new Map<string, { contacts: number; invested: number; directReturn: number }>();
  const groups = stmt<[], [string, string]>(
    db,
    'SELECT source_key, json_group_array(id) FROM contacts INDEXED BY contacts_source_names WHERE deleted_at IS NULL GROUP BY source_key',
  ).raw();
  for (const [key, json] of groups.iterate()) {
    const t = { contacts: 0, invested: 0, directReturn: 0 };
    for (const id of JSON.parse(json) as number[]) {
      const i = indexOf.get(id);
      if (i < 0) continue;
      t.contacts += 1;
      t.invested += p.invested[i]!;
      t.directReturn += p.directReturn[i]!;
    }
    totals.set(key, t);
  }
  // Each source as its owner first wrote it (the smallest spelling, as the contact filters show it);
  // a source only untied time names, as one of those entries spells it.
  const contactLabel = stmt<[string], string>(
    db,
    'SELECT source FROM contacts INDEXED BY contacts_source_names WHERE deleted_at IS NULL AND source_key = ? ORDER BY source LIMIT 1',
  ).pluck();
  const untiedLabel = stmt<[string], string>(
    db,
    'SELECT min(source) FROM time_entries INDEXED BY time_entries_untied WHERE deleted_at IS NULL AND contact_id IS NULL AND source_key = ?',
  ).pluck();
  const labelOf = (key: string) => (totals.has(key) ? contactLabel.get(key) : untiedLabel.get(key)) ?? key;
  const grouped: SourceContact[] = [...totals.entries()].map(([key, t]) => ({ source: labelOf(key), invested: t.invested, directReturn: t.directReturn }));
  const activities: SourceActivity[] = untied.filter((u) => u.source !== '').map((u) => ({ source: labelOf(u.source), minutes: u.minutes }));
  return sourceFigures(grouped, activities, settings)
    .map((s) => ({ ...s, contacts: totals.get(s.source)?.contacts ?? 0 }))
    .sort((a, b) => b.invested - a.invested || b.return - a.return || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

// --- by month ------------------------------------------------------------------------------------

/** Local midnight on the first of the month of t, in the back end's time zone. */
function monthStartOf(t: number): number {
  const d = new Date(t);
  return new Date(d.getFullYear(), d.getMonth(), 1).getTime();
}

function nextMonthStart(start: number): number {
  const d = new Date(start);
  return new Date(d.getFullYear(), d.getMonth() + 1, 1).getTime();
}

function monthKey(start: number): string {
  const d = new Date(start);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

/** The first record not in the trash dated in [lo, now], to start all time's months from; null with none. */
function firstRecordAt(db: ReadableDB, lo: number, now: number): number | null {
  const first = (sql: string) => stmt<[number, number], number | null>(db, sql).pluck().get(lo, now) ?? null;
  const candidates = [
    first('SELECT min(occurred_at) FROM interactions INDEXED BY interactions_by_time WHERE occurred_at BETWEEN ? AND ? AND deleted_at IS NULL'),
    first('SELECT min(occurred_at) FROM purchases INDEXED BY purchases_by_time WHERE occurred_at BETWEEN ? AND ? AND deleted_at IS NULL'),
    first('SELECT min(started_at) FROM time_entries INDEXED BY time_entries_by_time WHERE started_at BETWEEN ? AND ? AND deleted_at IS NULL'),
  ].filter((t): t is number => t !== null);
  return candidates.length === 0 ? null : Math.min(...candidates);
}

interface Sums {
  minutes: number;
  costs: number;
  revenue: number;
}

/**
 * Sums of every record not in the trash dated before an instant, as prefix sums: whole UTC days
 * from record_days (migration 004), plus or minus the records between the instant and the nearer
 * edge of its UTC day (at most half a day of records, read through the time indexes).
 */
function prefixSums(db: ReadableDB): (x: number) => Sums {
  const rows = stmt<[], [number, number, number, number]>(db, 'SELECT day, minutes, costs, revenue FROM record_days ORDER BY day').raw().all();
  const days = rows.map((r) => r[0]);
  // cum[k]: the sums of the first k rows.
  const cum: Sums[] = [{ minutes: 0, costs: 0, revenue: 0 }];
  for (const [, minutes, costs, revenue] of rows) {
    const last = cum[cum.length - 1]!;
    cum.push({ minutes: last.minutes + minutes, costs: last.costs + costs, revenue: last.revenue + revenue });
  }
  /** Sums of the days before day d. */
  const beforeDay = (d: number): Sums => {
    let a = 0;
    let b = days.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (days[mid]! < d) a = mid + 1;
      else b = mid;
    }
    return cum[a]!;
  };
  const interactions = stmt<[number, number], [number, number]>(
    db,
    `SELECT coalesce(sum(minutes), 0), coalesce(sum(cost), 0) FROM interactions INDEXED BY interactions_by_time
      WHERE occurred_at >= ? AND occurred_at < ? AND deleted_at IS NULL`,
  ).raw();
  const purchases = stmt<[number, number], number>(
    db,
    'SELECT coalesce(sum(amount), 0) FROM purchases INDEXED BY purchases_by_time WHERE occurred_at >= ? AND occurred_at < ? AND deleted_at IS NULL',
  ).pluck();
  const time = stmt<[number, number], number>(
    db,
    'SELECT coalesce(sum(minutes), 0) FROM time_entries INDEXED BY time_entries_by_time WHERE started_at >= ? AND started_at < ? AND deleted_at IS NULL',
  ).pluck();
  const between = (a: number, b: number): Sums => {
    const [minutes, costs] = interactions.get(a, b) ?? [0, 0];
    return { minutes: minutes + (time.get(a, b) ?? 0), costs, revenue: purchases.get(a, b) ?? 0 };
  };
  return (x) => {
    const d = Math.floor(x / DAY);
    const dayStart = d * DAY;
    if (x - dayStart <= DAY / 2) {
      const whole = beforeDay(d);
      const part = between(dayStart, x);
      return { minutes: whole.minutes + part.minutes, costs: whole.costs + part.costs, revenue: whole.revenue + part.revenue };
    }
    const whole = beforeDay(d + 1);
    const part = between(x, dayStart + DAY);
    return { minutes: whole.minutes - part.minutes, costs: whole.costs - part.costs, revenue: whole.revenue - part.revenue };
  };
}

/**
 * Minutes, costs and revenue per local calendar month in [lo, now]: each month the difference of
 * two prefix sums, then the records of contacts in the trash (few) taken back out.
 */
function readByMonth(db: ReadableDB, lo: number, now: number, settings: ScoringSettings): MonthFigures[] {
  const first = firstRecordAt(db, lo, now);
  if (first === null) return [];
  const starts: number[] = [];
  for (let s = monthStartOf(Math.max(first, lo)); s <= now; s = nextMonthStart(s)) starts.push(s);
  if (starts.length > MAX_MONTHS) starts.splice(0, starts.length - MAX_MONTHS);
  const from = Math.max(lo, starts[0]!);
  const before = prefixSums(db);
  // Month k runs over [edges[k], edges[k + 1]).
  const edges = starts.map((s) => Math.max(s, from));
  edges.push(now + 1);
  const prefix = edges.map(before);
  const sums: Sums[] = starts.map((_, k) => ({
    minutes: prefix[k + 1]!.minutes - prefix[k]!.minutes,
    costs: prefix[k + 1]!.costs - prefix[k]!.costs,
    revenue: prefix[k + 1]!.revenue - prefix[k]!.revenue,
  }));

  // The records of contacts in the trash count as if they did not exist: take them back out.
  const monthOf = (t: number): number => {
    let a = 0;
    let b = starts.length - 1;
    while (a < b) {
      const mid = (a + b + 1) >> 1;
      if (starts[mid]! <= t) a = mid;
      else b = mid - 1;
    }
    return a;
  };
  const inTrash = (sql: string) => stmt<[number, number], [number, number, number]>(db, sql).raw().iterate(from, now);
  for (const [at, minutes, cost] of inTrash(
    `SELECT i.occurred_at, i.minutes, i.cost FROM contacts c INDEXED BY contacts_in_trash
       JOIN interactions i INDEXED BY interactions_sums ON i.contact_id = c.id AND i.deleted_at IS NULL
      WHERE c.deleted_at IS NOT NULL AND i.occurred_at BETWEEN ? AND ?`,
  )) {
    const s = sums[monthOf(at)]!;
    s.minutes -= minutes;
    s.costs -= cost;
  }
  for (const [at, amount] of inTrash(
    `SELECT p.occurred_at, p.amount, 0 FROM contacts c INDEXED BY contacts_in_trash
       JOIN purchases p INDEXED BY purchases_sums ON p.contact_id = c.id AND p.deleted_at IS NULL
      WHERE c.deleted_at IS NOT NULL AND p.occurred_at BETWEEN ? AND ?`,
  )) {
    sums[monthOf(at)]!.revenue -= amount;
  }
  for (const [at, minutes] of inTrash(
    `SELECT t.started_at, t.minutes, 0 FROM contacts c INDEXED BY contacts_in_trash
       JOIN time_entries t INDEXED BY time_entries_sums ON t.contact_id = c.id AND t.deleted_at IS NULL
      WHERE c.deleted_at IS NOT NULL AND t.started_at BETWEEN ? AND ?`,
  )) {
    sums[monthOf(at)]!.minutes -= minutes;
  }

  return starts.map((start, k) => {
    const s = sums[k]!;
    const b = businessFigures(s, settings);
    return { month: monthKey(start), start, minutes: s.minutes, costs: s.costs, revenue: s.revenue, return: b.return, invested: b.invested, ror: b.ror };
  });
}

/** Where each live contact sits in the columns, by id. */
interface ContactIndex {
  /** The position of any id, -1 for one that is not a live contact. */
  get(id: number): number;
}

function contactIndex(ids: readonly number[]): ContactIndex {
  let max = 0;
  for (const id of ids) if (id > max) max = id;
  // Ids are small positive integers handed out in order: a flat array, unless they are sparse.
  if (max > 4 * ids.length + 1_000_000) {
    const at = new Map<number, number>();
    ids.forEach((id, i) => at.set(id, i));
    return { get: (id) => at.get(id) ?? -1 };
  }
  const at = new Int32Array(max + 1).fill(-1);
  for (let i = 0; i < ids.length; i++) at[ids[i]!] = i;
  return { get: (id) => (Number.isInteger(id) && id >= 0 && id <= max ? at[id]! : -1) };
}

// --- NPS and referrals ---------------------------------------------------------------------------

function readNps(db: ReadableDB, indexOf: ContactIndex, lo: number, now: number): InsightsView['nps'] {
  const answers = stmt<[number, number], NpsAnswerInput>(
    db,
    `SELECT contact_id AS contactId, score, answered_at AS answeredAt, id FROM nps_answers
      WHERE deleted_at IS NULL AND answered_at BETWEEN ? AND ?`,
  )
    .all(lo, now)
    .filter((a) => indexOf.get(a.contactId) >= 0);
  // The window was applied above, as the figures apply it: each contact's latest answer.
  return npsFigures(answers, now, null);
}

/** Mean of a sum over a count, rounded as every money figure is (div); null for none. */
const meanOf = (sum: number, count: number): number | null => (count === 0 ? null : div(sum, count));

const STATUS_CODE = { pending: 0, converted: 1, lost: 2 } as const;

function readReferralEngine(db: ReadableDB, p: Population, indexOf: ContactIndex): ReferralEngine {
  const [referrers, referreds, statuses] = (
    stmt<[], [string, string, string]>(
      db,
      `SELECT json_group_array(referrer_id), json_group_array(referred_id),
              json_group_array(CASE status WHEN 'converted' THEN ${STATUS_CODE.converted} WHEN 'lost' THEN ${STATUS_CODE.lost} ELSE ${STATUS_CODE.pending} END)
         FROM referrals WHERE deleted_at IS NULL`,
    )
      .raw()
      .get() ?? ['[]', '[]', '[]']
  ).map((text) => JSON.parse(text) as (number | null)[]) as [number[], (number | null)[], number[]];

  let total = 0;
  let converted = 0;
  let pending = 0;
  let lost = 0;
  const links: ReferralLink[] = [];
  const referred = new Uint8Array(p.n);
  let referredContacts = 0;
  const broughtBy = new Map<number, number>();
  for (let k = 0; k < referrers.length; k++) {
    const referrerId = referrers[k]!;
    const referredId = referreds[k]!;
    // Both ends live: a referral naming a contact in the trash counts as if it did not exist.
    if (indexOf.get(referrerId) < 0 || (referredId !== null && indexOf.get(referredId) < 0)) continue;
    total += 1;
    const status = statuses[k]!;
    if (status === STATUS_CODE.converted) {
      converted += 1;
      links.push({ referrerId, referredId });
      if (referredId !== null && referred[indexOf.get(referredId)] === 0) {
        referred[indexOf.get(referredId)] = 1;
        referredContacts += 1;
      }
      broughtBy.set(referrerId, (broughtBy.get(referrerId) ?? 0) + 1);
    } else if (status === STATUS_CODE.pending) pending += 1;
    else lost += 1;
  }
  const { chains, longestChain } = referralChains(links);

  let buyers = 0;
  let referredBuyers = 0;
  let referredSum = 0;
  let othersSum = 0;
  for (let i = 0; i < p.n; i++) {
    if (p.positiveCount[i]! <= 0) continue;
    buyers += 1;
    if (referred[i] === 1) {
      referredBuyers += 1;
      referredSum += p.totalReturn[i]!;
    } else othersSum += p.totalReturn[i]!;
  }

  const advocates = [...broughtBy.entries()]
    .map(([id, count]) => ({ id, referred: count, referralReturn: p.referralReturn[indexOf.get(id)] ?? 0 }))
    .sort((a, b) => b.referralReturn - a.referralReturn || b.referred - a.referred || a.id - b.id)
    .slice(0, TOP_ADVOCATES);
  const names = new Map(
    stmt<[string], [number, string]>(db, 'SELECT c.id, c.name FROM json_each(?) j JOIN contacts c ON c.id = j.value')
      .raw()
      .all(JSON.stringify(advocates.map((a) => a.id))),
  );

  return {
    total,
    converted,
    pending,
    lost,
    conversionRate: converted + lost === 0 ? null : converted / (converted + lost),
    referralRate: buyers === 0 ? null : referredBuyers / buyers,
    chains,
    longestChain,
    referredContacts,
    referredCustomers: referredBuyers,
    meanReturnReferred: meanOf(referredSum, referredBuyers),
    meanReturnOthers: meanOf(othersSum, buyers - referredBuyers),
    topAdvocates: advocates.map((a) => ({ ...a, name: names.get(a.id) ?? '' })),
  };
}

/**
 * The few best of a column: the `count` indexes with the highest keys among those picked, highest
 * first, ties by the lower contact id.
 */
function topIndexes(n: number, picked: (i: number) => boolean, key: (i: number) => number, ids: number[], count: number): number[] {
  const top: number[] = [];
  const before = (a: number, b: number) => key(a) > key(b) || (key(a) === key(b) && ids[a]! < ids[b]!);
  for (let i = 0; i < n; i++) {
    if (!picked(i)) continue;
    if (top.length === count && !before(i, top[count - 1]!)) continue;
    let at = top.length === count ? count - 1 : top.length;
    top[at] = i;
    while (at > 0 && before(top[at]!, top[at - 1]!)) {
      [top[at], top[at - 1]] = [top[at - 1]!, top[at]!];
      at -= 1;
    }
  }
  return top;
}

function readHighlights(db: ReadableDB, scatter: InsightsView['scatter']): InsightsView['highlights'] {
  const { ids, minutes, totalReturn, invested, marks } = scatter;
  const n = ids.length;
  const stars = topIndexes(n, (i) => marks[i] === MARK_STAR, (i) => (totalReturn[i]! * 60) / minutes[i]!, ids, HIGHLIGHTS);
  const sinks = topIndexes(n, (i) => marks[i] === MARK_SINK, (i) => minutes[i]!, ids, HIGHLIGHTS);
  const names = new Map(
    stmt<[string], [number, string]>(db, 'SELECT c.id, c.name FROM json_each(?) j JOIN contacts c ON c.id = j.value')
      .raw()
      .all(JSON.stringify([...stars, ...sinks].map((i) => ids[i]))),
  );
  const point = (i: number): ScatterHighlight => ({ id: ids[i]!, name: names.get(ids[i]!) ?? '', minutes: minutes[i]!, totalReturn: totalReturn[i]!, invested: invested[i]! });
  return { stars: stars.map(point), sinks: sinks.map(point) };
}

// --- everything ----------------------------------------------------------------------------------

export function readInsights(db: ReadableDB, now: number, settings: ScoringSettings): InsightsView {
  const start = windowStart(now, settings.windowDays);
  const lo = start ?? MIN_TIME;
  const p = readPopulation(db);
  const indexOf = contactIndex(p.ids);

  // The business: every contact's sums plus the time tied to no contact, costed once.
  const untied = untiedMinutesBySource(db, lo, now);
  let minutes = 0;
  for (let i = 0; i < p.n; i++) minutes += p.minutes[i]!;
  for (const u of untied) minutes += u.minutes;
  const buyerCount = p.buyerRevenue.length;
  const business = { ...businessFigures({ minutes, costs: p.costs, revenue: p.revenue }, settings), costs: p.costs, revenue: p.revenue, contacts: p.n, buyers: buyerCount };

  // RFM among the buying customers, and the value quadrants of buyers and referrers.
  const buyerCounts: number[] = new Array<number>(buyerCount);
  const quadrantCounts = new Map<Quadrant, number>(QUADRANTS.map((q) => [q, 0]));
  const medians = quadrantMedians(db);
  for (let i = 0, k = 0; i < p.n; i++) {
    const buying = p.positiveCount[i]! > 0;
    if (buying) buyerCounts[k++] = p.positiveCount[i]!;
    if (!buying && !(p.referralReturn[i]! > 0)) continue;
    const q = quadrantOf({ buying, directReturn: p.directReturn[i]!, referralReturn: p.referralReturn[i]! }, medians.buyingMedian, medians.referringMedian);
    if (q) quadrantCounts.set(q, quadrantCounts.get(q)! + 1);
  }
  const rfm = rfmScoresOfColumns(p.buyerRevenue, buyerCounts, p.buyerLastPositiveAt, now);
  const segmentTotals = new Map<RfmSegment, { count: number; revenue: number }>(RFM_SEGMENTS.map((s) => [s, { count: 0, revenue: 0 }]));
  rfm.segments.forEach((segment, k) => {
    const s = segmentTotals.get(segment)!;
    s.count += 1;
    s.revenue += p.buyerRevenue[k]!;
  });

  // The scatter: every contact with time or a return.
  const ids: number[] = [];
  const scatterMinutes: number[] = [];
  const scatterReturn: number[] = [];
  const scatterInvested: number[] = [];
  for (let i = 0; i < p.n; i++) {
    if (p.minutes[i]! > 0 || p.totalReturn[i]! !== 0) {
      ids.push(p.ids[i]!);
      scatterMinutes.push(p.minutes[i]!);
      scatterReturn.push(p.totalReturn[i]!);
      scatterInvested.push(p.invested[i]!);
    }
  }
  const { marks, ...rules } = starsAndTimeSinks(scatterMinutes, scatterReturn, scatterInvested);
  const scatter = { ids, minutes: scatterMinutes, totalReturn: scatterReturn, invested: scatterInvested, marks, ...rules };

  return {
    asOf: now,
    windowDays: settings.windowDays,
    windowStart: start,
    business,
    scatter,
    highlights: readHighlights(db, scatter),
    byMonth: readByMonth(db, lo, now, settings),
    bySource: readBySource(db, p, indexOf, untied, settings),
    segments: RFM_SEGMENTS.map((segment) => ({ segment, ...segmentTotals.get(segment)! })),
    quadrants: QUADRANTS.map((quadrant) => ({ quadrant, count: quadrantCounts.get(quadrant)! })),
    quadrantMedians: { buying: medians.buyingMedian, referring: medians.referringMedian },
    nps: readNps(db, indexOf, lo, now),
    referrals: readReferralEngine(db, p, indexOf),
  };
}
