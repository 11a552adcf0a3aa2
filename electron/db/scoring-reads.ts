import { startOfDay } from 'date-fns';
import type { ContactInsight, TodayItem, TodayView } from '../../shared/contract/index';
import {
  DAY,
  cadenceOverdueDays,
  daysSince,
  lapsingCheck,
  lastTouch,
  midRankScore,
  quadrantOf,
  rfmSegment,
  todayList,
  THANK_REFERRAL_URGENCY,
  LAPSING_URGENCY,
  cadenceUrgency,
  followUpCounts,
  followUpDaysOverdue,
  followUpUrgency,
  todayValue,
  windowStart,
  type ScoringSettings,
  type TodayClock,
  type TodayContact,
} from '../../shared/scoring/index';
import { stmt, type ReadableDB } from './connection';
import { storedFigures, toContactFigures, type StoredFigures } from './figures';
import { dueAtOf, localDateOf, startOfTomorrow } from './follow-ups';

/**
 * Figures that depend on now or on the whole population (scoring.md, "Where figures live"), read
 * from the stored sums when asked: Today, RFM ranks, quadrant medians, lapsing and cadence.
 */

export function todayClock(now: number): TodayClock {
  return { now, startOfToday: startOfDay(now).getTime(), endOfToday: startOfTomorrow(now) };
}

type FollowUpRow = [id: number, contactId: number, title: string, dueAt: number, snoozedUntil: number | null, totalReturn: number | null];
type UnthankedRow = [id: number, referrerId: number, referredId: number | null, referredName: string, totalReturn: number];
type LapsingRow = [contactId: number, totalReturn: number, daysSinceLast: number, meanGapDays: number];
type CadenceRow = [contactId: number, totalReturn: number | null, everyDays: number, overdueDays: number];

/** Every reason anyone has to be on Today, as rows: what ranking needs and what the page shows. */
interface TodayRows {
  followUps: FollowUpRow[];
  unthanked: UnthankedRow[];
  lapsing: LapsingRow[];
  cadence: CadenceRow[];
}

function readTodayRows(db: ReadableDB, clock: TodayClock, only: number | null): TodayRows {
  const { now } = clock;
  const onlyParams: [number, number] = [only === null ? 1 : 0, only ?? 0];
  // A live contact is one with a figures row, which is far cheaper to check than its row in
  // contacts; names come later, for the page only.

  // Open follow-ups due today or earlier (snoozes are judged by the scoring module).
  const followUps = stmt<[string, number, number], [number, number, string, string, string | null, number | null, number]>(
    db,
    `SELECT f.id, f.contact_id, f.title, f.due_date, f.due_time, f.snoozed_until, g.total_return
       FROM follow_ups f INDEXED BY follow_ups_open JOIN contact_figures g ON g.contact_id = f.contact_id
      WHERE f.done_at IS NULL AND f.deleted_at IS NULL AND f.due_date <= ? AND (? OR f.contact_id = ?)`,
  )
    .raw()
    .all(localDateOf(now), ...onlyParams)
    .map(([id, contactId, title, dueDate, dueTime, snoozedUntil, totalReturn]): FollowUpRow => [id, contactId, title, dueAtOf(dueDate, dueTime), snoozedUntil, totalReturn]);

  // Converted referrals not yet thanked, both ends live.
  const unthanked = stmt<[number, number], UnthankedRow>(
    db,
    `SELECT r.id, r.referrer_id, r.referred_id, r.referred_name, g.total_return
       FROM referrals r INDEXED BY referrals_unthanked
       JOIN contact_figures g ON g.contact_id = r.referrer_id
      WHERE r.status = 'converted' AND r.thanked_at IS NULL AND r.deleted_at IS NULL
        AND (r.referred_id IS NULL OR EXISTS (SELECT 1 FROM contact_figures d WHERE d.contact_id = r.referred_id))
        AND (? OR r.referrer_id = ?)
      ORDER BY r.referred_at, r.id`,
  )
    .raw()
    .all(...onlyParams);

  // Lapsing: a prefilter in exact integers (daysSince(last) * (count - 1) * DAY > 2 * (last - first)),
  // then the scoring module's own check.
  const lapsing: LapsingRow[] = [];
  const lapsingRows = stmt<[number, number, number, number], [number, number, number, number, number]>(
    db,
    `SELECT contact_id, positive_count, first_positive_at, last_positive_at, total_return
       FROM contact_figures INDEXED BY figures_buyers_by_last
      WHERE positive_count > 0 AND positive_count >= 2 AND last_positive_at <= ?
        AND ((? - last_positive_at) / ${DAY}) * (positive_count - 1) * ${DAY} > 2 * (last_positive_at - first_positive_at)
        AND (? OR contact_id = ?)`,
  )
    .raw()
    .all(now - 14 * DAY, now, ...onlyParams);
  for (const [id, positiveCount, firstPositiveAt, lastPositiveAt, totalReturn] of lapsingRows) {
    const check = lapsingCheck({ positiveCount, firstPositiveAt, lastPositiveAt }, now);
    if (check?.lapsing) lapsing.push([id, totalReturn, check.daysSinceLast, check.meanGapDays]);
  }

  // Overdue on a cadence. A prefilter: overdue means daysSince(last touch) > N, i.e. last touch <= now - (N + 1) days.
  const cadence: CadenceRow[] = [];
  const cadenceRows = stmt<[number, number, number], [number, number, number, number | null, number | null]>(
    db,
    `SELECT c.id, c.cadence_days, c.created_at, f.last_interaction_at, f.total_return
       FROM contacts c INDEXED BY contacts_with_cadence JOIN contact_figures f ON f.contact_id = c.id
      WHERE c.cadence_days IS NOT NULL AND c.deleted_at IS NULL
        AND coalesce(f.last_interaction_at, c.created_at) <= ? - (c.cadence_days + 1) * ${DAY} AND (? OR c.id = ?)`,
  )
    .raw()
    .all(now, ...onlyParams);
  for (const [id, cadenceDays, createdAt, lastInteractionAt, totalReturn] of cadenceRows) {
    const overdue = cadenceOverdueDays({ cadenceDays, lastInteractionAt, createdAt }, now);
    if (overdue !== null && overdue > 0) cadence.push([id, totalReturn, cadenceDays, overdue]);
  }
  return { followUps, unthanked, lapsing, cadence };
}

/** The contacts behind some rows (all of them, or those in `keep`), as the scoring module sees them. */
function candidatesOf(rows: TodayRows, keep: Set<number> | null): Map<number, TodayContact> {
  const candidates = new Map<number, TodayContact>();
  const candidate = (id: number, totalReturn: number | null): TodayContact | null => {
    if (keep && !keep.has(id)) return null;
    let c = candidates.get(id);
    if (!c) {
      c = { id, name: '', totalReturn: totalReturn ?? 0, followUps: [], unthankedReferrals: [], lapsing: null, cadence: null };
      candidates.set(id, c);
    }
    return c;
  };
  for (const [id, contactId, title, dueAt, snoozedUntil, totalReturn] of rows.followUps) {
    (candidate(contactId, totalReturn)?.followUps as TodayContact['followUps'][number][] | undefined)?.push({ id, title, dueAt, snoozedUntil });
  }
  for (const [id, referrerId, referredId, referredName, totalReturn] of rows.unthanked) {
    (candidate(referrerId, totalReturn)?.unthankedReferrals as { referredId?: number; referredName: string; referralId?: number }[] | undefined)?.push({
      referralId: id,
      referredName,
      ...(referredId !== null && { referredId }),
    });
  }
  for (const [id, totalReturn, daysSinceLast, meanGapDays] of rows.lapsing) {
    const c = candidate(id, totalReturn);
    if (c) c.lapsing = { daysSinceLast, meanGapDays };
  }
  for (const [id, totalReturn, everyDays, overdueDays] of rows.cadence) {
    const c = candidate(id, totalReturn);
    if (c) c.cadence = { everyDays, overdueDays };
  }
  return candidates;
}

/** Everyone with a reason to be on Today (or the one contact asked for), with what ranking needs. */
export function todayCandidates(db: ReadableDB, clock: TodayClock, only: number | null): Map<number, TodayContact> {
  return candidatesOf(readTodayRows(db, clock, only), null);
}

/**
 * Each contact's Today score straight from the rows: the largest urgency among its reasons times
 * its value (the same numbers as todayUrgency and todayValue, without building every contact).
 */
function scoresOf(rows: TodayRows, clock: TodayClock, currencyExponent: number): Map<number, number> {
  const urgency = new Map<number, number>();
  const returns = new Map<number, number>();
  const raise = (id: number, u: number, totalReturn: number | null) => {
    const was = urgency.get(id);
    if (was === undefined) {
      urgency.set(id, u);
      returns.set(id, totalReturn ?? 0);
    } else if (u > was) urgency.set(id, u);
  };
  for (const [, contactId, , dueAt, snoozedUntil, totalReturn] of rows.followUps) {
    if (followUpCounts(dueAt, snoozedUntil, clock)) raise(contactId, followUpUrgency(followUpDaysOverdue(dueAt, clock)), totalReturn);
  }
  for (const [, referrerId, , , totalReturn] of rows.unthanked) raise(referrerId, THANK_REFERRAL_URGENCY, totalReturn);
  for (const [id, totalReturn] of rows.lapsing) raise(id, LAPSING_URGENCY, totalReturn);
  for (const [id, totalReturn, everyDays, overdueDays] of rows.cadence) raise(id, cadenceUrgency(overdueDays, everyDays), totalReturn);
  const scores = new Map<number, number>();
  for (const [id, u] of urgency) scores.set(id, u * todayValue(returns.get(id)!, currencyExponent));
  return scores;
}

/** Fills in the names of some candidates (ties on Today are broken by name) and of whom they referred. */
function fillNames(db: ReadableDB, list: TodayContact[]): void {
  const ids = new Set<number>();
  for (const c of list) {
    ids.add(c.id);
    for (const r of c.unthankedReferrals) if (r.referredId !== undefined) ids.add(r.referredId);
  }
  const names = new Map(
    stmt<[string], [number, string]>(db, 'SELECT c.id, c.name FROM json_each(?) j JOIN contacts c ON c.id = j.value')
      .raw()
      .all(JSON.stringify([...ids])),
  );
  for (const c of list) {
    c.name = names.get(c.id) ?? c.name;
    c.unthankedReferrals = c.unthankedReferrals.map((r) => (r.referredId !== undefined ? { ...r, referredName: names.get(r.referredId) ?? r.referredName } : r));
  }
}

/**
 * Today's ranked list: every contact with a reason, the first `limit` of them in full. A large book
 * has tens of thousands of contacts with a reason: each is scored, but only those that can reach the
 * page (a score at least the limit-th best, ties included) get their names and their ranking by
 * todayList, which gives the same page as ranking everyone.
 */
/** The k-th largest of some numbers (1-based), in place: typed arrays sort numerically and fast. */
function kthLargest(values: Float64Array, k: number): number {
  values.sort();
  return values[values.length - k]!;
}

export function readToday(db: ReadableDB, now: number, currencyExponent: number, limit: number): TodayView {
  const clock = todayClock(now);
  const rows = readTodayRows(db, clock, null);
  const scores = scoresOf(rows, clock, currencyExponent);
  const threshold = scores.size > limit ? kthLargest(Float64Array.from(scores.values()), limit) : -Infinity;
  const keep = new Set<number>();
  for (const [id, score] of scores) if (score >= threshold) keep.add(id);
  const contenders = [...candidatesOf(rows, keep).values()];
  fillNames(db, contenders);
  const page = todayList(contenders, clock, currencyExponent).slice(0, limit);
  const total = scores.size;
  const meta = new Map(
    stmt<[string], { id: number; stage: string; kind: 'person' | 'business' }>(db, 'SELECT c.id, c.stage, c.kind FROM json_each(?) j JOIN contacts c ON c.id = j.value')
      .all(JSON.stringify(page.map((e) => e.id)))
      .map((r) => [r.id, r] as const),
  );
  const items: TodayItem[] = page.map((e) => ({ ...e, stage: meta.get(e.id)?.stage ?? 'lead', kind: meta.get(e.id)?.kind ?? 'person' }));
  return { asOf: now, total, items };
}

const count = (db: ReadableDB, sql: string, ...params: number[]): number => stmt<number[], number>(db, sql).pluck().get(...params) ?? 0;

/** The median of an indexed column over the rows a partial index holds, without reading them all. */
function indexedMedian(db: ReadableDB, sql: string, n: number): number | null {
  if (n === 0) return null;
  const values = stmt<[number, number], number>(db, sql)
    .pluck()
    .all(n % 2 === 1 ? 1 : 2, (n - 1) >> 1);
  if (values.length === 0) return null;
  return values.length === 1 || n % 2 === 1 ? values[0]! : (values[0]! + values[1]!) / 2;
}

/** RFM scores of one buying customer, ranked against every buyer through the partial indexes. */
function rfmOf(db: ReadableDB, f: StoredFigures, now: number): ContactInsight['rfm'] {
  if (f.positive_count <= 0 || f.last_positive_at === null) return null;
  const n = count(db, 'SELECT count(*) FROM contact_figures INDEXED BY figures_buyers_by_count WHERE positive_count > 0');
  // R key -daysSince(last): lower means more days since, i.e. last <= now - (d + 1) days.
  const d = daysSince(f.last_positive_at, now);
  const olderBound = now - (d + 1) * DAY;
  const rBelow = count(db, 'SELECT count(*) FROM contact_figures INDEXED BY figures_buyers_by_last WHERE positive_count > 0 AND last_positive_at <= ?', olderBound);
  const rSame = count(
    db,
    'SELECT count(*) FROM contact_figures INDEXED BY figures_buyers_by_last WHERE positive_count > 0 AND last_positive_at > ? AND last_positive_at <= ?',
    olderBound,
    now - d * DAY,
  );
  const fBelow = count(db, 'SELECT count(*) FROM contact_figures INDEXED BY figures_buyers_by_count WHERE positive_count > 0 AND positive_count < ?', f.positive_count);
  const fSame = count(db, 'SELECT count(*) FROM contact_figures INDEXED BY figures_buyers_by_count WHERE positive_count > 0 AND positive_count = ?', f.positive_count);
  const mBelow = count(db, 'SELECT count(*) FROM contact_figures INDEXED BY figures_buyers_by_revenue WHERE positive_count > 0 AND revenue < ?', f.revenue);
  const mSame = count(db, 'SELECT count(*) FROM contact_figures INDEXED BY figures_buyers_by_revenue WHERE positive_count > 0 AND revenue = ?', f.revenue);
  const r = midRankScore(rBelow, rSame, n);
  const fs = midRankScore(fBelow, fSame, n);
  const m = midRankScore(mBelow, mSame, n);
  return { r, f: fs, m, segment: rfmSegment(r, fs, m), buyers: n };
}

/** The medians the value quadrants compare with. */
export function quadrantMedians(db: ReadableDB): { buyingMedian: number | null; referringMedian: number | null } {
  const buyers = count(db, 'SELECT count(*) FROM contact_figures INDEXED BY figures_buyers_by_count WHERE positive_count > 0');
  const referrers = count(db, 'SELECT count(*) FROM contact_figures INDEXED BY figures_referrers WHERE referral_return > 0');
  return {
    buyingMedian: indexedMedian(
      db,
      'SELECT direct_return FROM contact_figures INDEXED BY figures_buyers_by_direct WHERE positive_count > 0 ORDER BY direct_return LIMIT ? OFFSET ?',
      buyers,
    ),
    referringMedian: indexedMedian(
      db,
      'SELECT referral_return FROM contact_figures INDEXED BY figures_referrers WHERE referral_return > 0 ORDER BY referral_return LIMIT ? OFFSET ?',
      referrers,
    ),
  };
}

/** Everything the contact page shows of one live contact's figures; null when it has none (in the trash). */
export function readContactInsight(db: ReadableDB, id: number, now: number, settings: ScoringSettings, currencyExponent: number): ContactInsight | null {
  const f = storedFigures(db, id);
  if (!f) return null;
  const contact = stmt<[number], { cadence_days: number | null; created_at: number }>(db, 'SELECT cadence_days, created_at FROM contacts WHERE id = ?').get(id);
  if (!contact) return null;
  const { buyingMedian, referringMedian } = quadrantMedians(db);
  const quadrant = quadrantOf({ buying: f.positive_count > 0, directReturn: f.direct_return, referralReturn: f.referral_return }, buyingMedian, referringMedian);

  // The latest answer that counts; of two at the same instant, the one recorded last, which is the
  // higher id (see NpsAnswerInput.id in shared/scoring/nps.ts for why).
  const nps = stmt<[number, number, number], { score: number; answered_at: number }>(
    db,
    `SELECT score, answered_at FROM nps_answers INDEXED BY nps_by_contact
      WHERE contact_id = ? AND deleted_at IS NULL AND answered_at <= ? AND answered_at >= ?
      ORDER BY answered_at DESC, id DESC LIMIT 1`,
  ).get(id, now, windowStart(now, settings.windowDays) ?? Number.MIN_SAFE_INTEGER);

  const lapse = lapsingCheck({ positiveCount: f.positive_count, firstPositiveAt: f.first_positive_at, lastPositiveAt: f.last_positive_at }, now);
  let cadence: ContactInsight['cadence'] = null;
  if (contact.cadence_days !== null) {
    const touch = lastTouch({ lastInteractionAt: f.last_interaction_at, createdAt: contact.created_at });
    cadence = {
      everyDays: contact.cadence_days,
      lastTouchAt: touch,
      nextDueAt: touch + contact.cadence_days * DAY,
      overdueDays: cadenceOverdueDays({ cadenceDays: contact.cadence_days, lastInteractionAt: f.last_interaction_at, createdAt: contact.created_at }, now) ?? 0,
    };
  }

  const clock = todayClock(now);
  const mine = [...todayCandidates(db, clock, id).values()].filter((c) => c.id === id);
  fillNames(db, mine);
  const today = todayList(mine, clock, currencyExponent)[0] ?? null;

  return {
    contactId: id,
    asOf: now,
    windowDays: settings.windowDays,
    figures: toContactFigures(f),
    rfm: rfmOf(db, f, now),
    positivePurchases: f.positive_count,
    lastPurchaseAt: f.last_positive_at,
    quadrant,
    nps: nps ? { score: nps.score, answeredAt: nps.answered_at, category: nps.score >= 9 ? 'promoter' : nps.score >= 7 ? 'passive' : 'detractor' } : null,
    lapsing: lapse,
    cadence,
    today,
  };
}
