import { daysSince } from './arith';

/**
 * Today: who to reach out to, ranked (scoring.md). "Today" is the machine's local calendar day,
 * which pure code cannot know: the caller passes the instants of today's local midnights, so tests
 * pin the time zone by computing them.
 */
export interface TodayClock {
  now: number;
  /** 00:00 local time today. */
  startOfToday: number;
  /** 00:00 local time tomorrow: a follow-up is due today or earlier when its instant is before this. */
  endOfToday: number;
}

/** An open (not done) follow-up of the contact. */
export interface TodayFollowUp {
  /** The instant it falls due (00:00 local on its date when it has no time). */
  dueAt: number;
  snoozedUntil: number | null;
  title?: string;
  id?: number;
}

/** A contact as Today sees it. */
export interface TodayContact {
  id: number;
  name: string;
  /** totalReturn_c, for the value. */
  totalReturn: number;
  followUps: readonly TodayFollowUp[];
  /** The names of the contacts it referred, converted and not yet thanked. */
  unthankedReferrals: readonly { referredId?: number; referredName: string; referralId?: number }[];
  /** From lapsingCheck, when lapsing; null otherwise. */
  lapsing: { daysSinceLast: number; meanGapDays: number } | null;
  /** Overdue on its cadence of everyDays by overdueDays (> 0); null otherwise. */
  cadence: { everyDays: number; overdueDays: number } | null;
}

export type TodayReason =
  | { kind: 'followUp'; urgency: number; text: string; daysOverdue: number; followUpId?: number; title?: string }
  | { kind: 'thankReferral'; urgency: number; text: string; referredId?: number; referredName: string; referralId?: number }
  | { kind: 'lapsing'; urgency: number; text: string; daysSinceLast: number; meanGapDays: number }
  | { kind: 'cadence'; urgency: number; text: string; everyDays: number; overdueDays: number };

export interface TodayEntry {
  id: number;
  name: string;
  /** The largest urgency among its reasons. */
  urgency: number;
  /** 1 + log10(1 + max(totalReturn, 0) / 10^exponent). */
  value: number;
  /** urgency * value: the ranking key, highest first. */
  score: number;
  /** Every reason, most urgent first. */
  reasons: TodayReason[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The urgency of each kind of reason (scoring.md, Today). */
export const THANK_REFERRAL_URGENCY = 2.5;
export const LAPSING_URGENCY = 2;
export const followUpUrgency = (daysOverdue: number): number => 3 + Math.min(daysOverdue, 30) / 30;
export const cadenceUrgency = (overdueDays: number, everyDays: number): number => 1 + Math.min(overdueDays / everyDays, 1);

/** Whether a follow-up counts today: due today or earlier, and not snoozed past now. */
export function followUpCounts(dueAt: number, snoozedUntil: number | null, clock: TodayClock): boolean {
  return dueAt < clock.endOfToday && (snoozedUntil === null || snoozedUntil <= clock.now);
}

/** Overdue days of a follow-up, counted from the due date whatever the snoozes. */
export const followUpDaysOverdue = (dueAt: number, clock: TodayClock): number => Math.max(daysSince(dueAt, clock.now), 0);

/** The follow-up reason, or null when it is not due today or earlier, or snoozed past now. */
export function followUpReason(f: TodayFollowUp, clock: TodayClock): TodayReason | null {
  if (!followUpCounts(f.dueAt, f.snoozedUntil, clock)) return null;
  const daysOverdue = followUpDaysOverdue(f.dueAt, clock);
  const urgency = followUpUrgency(daysOverdue);
  let text: string;
  if (f.dueAt >= clock.startOfToday) text = 'follow-up due today';
  else if (daysOverdue === 0) text = 'follow-up due yesterday';
  else text = `follow-up ${plural(daysOverdue, 'day', 'days')} overdue`;
  return { kind: 'followUp', urgency, text, daysOverdue, ...(f.id !== undefined && { followUpId: f.id }), ...(f.title !== undefined && { title: f.title }) };
}

/** Every reason a contact has to be on Today, most urgent first (stable among equals). */
export function todayReasons(c: TodayContact, clock: TodayClock): TodayReason[] {
  const reasons: TodayReason[] = [];
  for (const f of c.followUps) {
    const r = followUpReason(f, clock);
    if (r) reasons.push(r);
  }
  for (const ref of c.unthankedReferrals) {
    reasons.push({
      kind: 'thankReferral',
      urgency: THANK_REFERRAL_URGENCY,
      text: `referred ${ref.referredName}, not thanked yet`,
      referredName: ref.referredName,
      ...(ref.referredId !== undefined && { referredId: ref.referredId }),
      ...(ref.referralId !== undefined && { referralId: ref.referralId }),
    });
  }
  if (c.lapsing) {
    const { daysSinceLast, meanGapDays } = c.lapsing;
    const usually = Math.max(Math.round(meanGapDays), 1);
    reasons.push({
      kind: 'lapsing',
      urgency: LAPSING_URGENCY,
      text: `lapsing: last bought ${plural(daysSinceLast, 'day', 'days')} ago, usually every ${usually === 1 ? 'day' : usually}`,
      daysSinceLast,
      meanGapDays,
    });
  }
  if (c.cadence && c.cadence.overdueDays > 0) {
    const { everyDays, overdueDays } = c.cadence;
    reasons.push({
      kind: 'cadence',
      urgency: cadenceUrgency(overdueDays, everyDays),
      text: `overdue on your ${everyDays === 1 ? 'every-day' : `every-${everyDays}-days`} rhythm by ${plural(overdueDays, 'day', 'days')}`,
      everyDays,
      overdueDays,
    });
  }
  return reasons.map((r, i) => [r, i] as const).sort((x, y) => y[0].urgency - x[0].urgency || x[1] - y[1]).map(([r]) => r);
}

/**
 * The largest urgency among a contact's reasons, 0 when it has none: the same number as the
 * largest of todayReasons' urgencies, without writing any reason's words (Today scores tens of
 * thousands of contacts to name fifty).
 */
export function todayUrgency(c: TodayContact, clock: TodayClock): number {
  let u = 0;
  for (const f of c.followUps) if (followUpCounts(f.dueAt, f.snoozedUntil, clock)) u = Math.max(u, followUpUrgency(followUpDaysOverdue(f.dueAt, clock)));
  if (c.unthankedReferrals.length > 0) u = Math.max(u, THANK_REFERRAL_URGENCY);
  if (c.lapsing) u = Math.max(u, LAPSING_URGENCY);
  if (c.cadence && c.cadence.overdueDays > 0) u = Math.max(u, cadenceUrgency(c.cadence.overdueDays, c.cadence.everyDays));
  return u;
}

/** The value of a contact: 1 + log10(1 + max(totalReturn, 0) / 10^exponent). */
export function todayValue(totalReturn: number, currencyExponent: number): number {
  return 1 + Math.log10(1 + Math.max(totalReturn, 0) / 10 ** currencyExponent);
}

/** Compares by Unicode code point (not UTF-16 unit, not locale): what "ties by name" means. */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return (a.length - i > 0 ? 1 : 0) - (b.length - j > 0 ? 1 : 0);
}

/**
 * Today's list: every contact with at least one reason, ranked by urgency * value, highest first;
 * ties by name (code points after NFC), then by id.
 */
export function todayList(contacts: readonly TodayContact[], clock: TodayClock, currencyExponent: number): TodayEntry[] {
  const entries: (TodayEntry & { nfc: string })[] = [];
  for (const c of contacts) {
    const reasons = todayReasons(c, clock);
    if (reasons.length === 0) continue;
    const urgency = Math.max(...reasons.map((r) => r.urgency));
    const value = todayValue(c.totalReturn, currencyExponent);
    entries.push({ id: c.id, name: c.name, urgency, value, score: urgency * value, reasons, nfc: c.name.normalize('NFC') });
  }
  entries.sort((x, y) => y.score - x.score || compareCodePoints(x.nfc, y.nfc) || x.id - y.id);
  return entries.map(({ nfc: _nfc, ...entry }) => entry);
}
