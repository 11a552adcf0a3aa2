import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { DAY, compareCodePoints, todayList, todayReasons, todayUrgency, todayValue, type TodayContact } from '../../shared/scoring/index';

// Tuesday 24 November 2026, 10:00 in Paris (UTC+1). The midnights are Paris's, written out, so the
// test pins the zone whatever the machine's.
const NOW = Date.UTC(2026, 10, 24, 9);
const START_OF_TODAY = Date.UTC(2026, 10, 23, 23);
const END_OF_TODAY = Date.UTC(2026, 10, 24, 23);
const CLOCK = { now: NOW, startOfToday: START_OF_TODAY, endOfToday: END_OF_TODAY };
/** 00:00 in Paris on 2026-11-dd (winter time, UTC+1). */
const parisMidnight = (day: number) => Date.UTC(2026, 10, day - 1, 23);

const contact = (over: Partial<TodayContact> & { id: number; name: string }): TodayContact => ({
  totalReturn: 0,
  followUps: [],
  unthankedReferrals: [],
  lapsing: null,
  cadence: null,
  ...over,
});

describe('follow-ups on Today', () => {
  test('3 days overdue: urgency 3 + 3/30', () => {
    // Due 21 Nov (no time): 00:00 Paris; now is 3 days and 10 hours later → daysSince 3.
    const [r] = todayReasons(contact({ id: 1, name: 'A', followUps: [{ dueAt: parisMidnight(21), snoozedUntil: null }] }), CLOCK);
    expect(r).toMatchObject({ kind: 'followUp', daysOverdue: 3, text: 'follow-up 3 days overdue' });
    expect(r!.urgency).toBeCloseTo(3.1, 12);
  });

  test('overdue is capped at 30 days: urgency 4', () => {
    const [r] = todayReasons(contact({ id: 1, name: 'A', followUps: [{ dueAt: parisMidnight(24) - 90 * DAY, snoozedUntil: null }] }), CLOCK);
    expect(r!.urgency).toBe(4);
    expect(r!.text).toBe('follow-up 90 days overdue');
  });

  test('due later today counts with urgency 3; due at tomorrow midnight does not', () => {
    // 18:00 Paris today is still before the end of today; daysSince is -1, clamped to 0.
    const later = todayReasons(contact({ id: 1, name: 'A', followUps: [{ dueAt: Date.UTC(2026, 10, 24, 17), snoozedUntil: null }] }), CLOCK);
    expect(later).toMatchObject([{ urgency: 3, daysOverdue: 0, text: 'follow-up due today' }]);
    expect(todayReasons(contact({ id: 1, name: 'A', followUps: [{ dueAt: END_OF_TODAY, snoozedUntil: null }] }), CLOCK)).toEqual([]);
    // 23:30 UTC on the 24th is 00:30 on the 25th in Paris: tomorrow, not today.
    expect(todayReasons(contact({ id: 1, name: 'A', followUps: [{ dueAt: Date.UTC(2026, 10, 24, 23, 30), snoozedUntil: null }] }), CLOCK)).toEqual([]);
  });

  test('due yesterday evening: 0 whole days, urgency 3, said as yesterday', () => {
    // 20:00 Paris on the 23rd: 14 hours ago.
    const [r] = todayReasons(contact({ id: 1, name: 'A', followUps: [{ dueAt: Date.UTC(2026, 10, 23, 19), snoozedUntil: null }] }), CLOCK);
    expect(r).toMatchObject({ urgency: 3, text: 'follow-up due yesterday' });
  });

  test('snoozed past now: not listed; snooze over: overdue from the due date, whatever the snoozes', () => {
    const due = parisMidnight(14); // 10 days and 10 hours ago
    expect(todayReasons(contact({ id: 1, name: 'A', followUps: [{ dueAt: due, snoozedUntil: NOW + 1 }] }), CLOCK)).toEqual([]);
    // Snoozed until now exactly is not "past now".
    const [r] = todayReasons(contact({ id: 1, name: 'A', followUps: [{ dueAt: due, snoozedUntil: NOW }] }), CLOCK);
    // 3 + 10/30
    expect(r!.urgency).toBeCloseTo(3 + 1 / 3, 12);
    expect(r!.text).toBe('follow-up 10 days overdue');
  });
});

describe('all reasons, in words, the largest urgency wins', () => {
  test('every kind at once', () => {
    const c = contact({
      id: 1,
      name: 'Ana Lima',
      followUps: [{ dueAt: parisMidnight(23), snoozedUntil: null, title: 'Call back', id: 9 }],
      unthankedReferrals: [{ referredName: 'Ben Rocha', referredId: 2 }],
      lapsing: { daysSinceLast: 40, meanGapDays: 12 },
      cadence: { everyDays: 30, overdueDays: 5 },
    });
    const reasons = todayReasons(c, CLOCK);
    expect(reasons.map((r) => r.text)).toEqual([
      'follow-up 1 day overdue',
      'referred Ben Rocha, not thanked yet',
      'lapsing: last bought 40 days ago, usually every 12',
      'overdue on your every-30-days rhythm by 5 days',
    ]);
    // 3 + 1/30, 2.5, 2, 1 + min(5/30, 1).
    expect(reasons.map((r) => r.urgency)).toEqual([3 + 1 / 30, 2.5, 2, 1 + 5 / 30]);
    expect(reasons[0]).toMatchObject({ followUpId: 9, title: 'Call back' });
    const [entry] = todayList([c], CLOCK, 2);
    expect(entry!.urgency).toBe(3 + 1 / 30);
    // No return: value 1 + log10(1) = 1, score = urgency.
    expect(entry!.value).toBe(1);
    expect(entry!.score).toBe(entry!.urgency);
  });

  test('cadence urgency is capped at 2; singular words', () => {
    const reasons = todayReasons(contact({ id: 1, name: 'A', cadence: { everyDays: 1, overdueDays: 7 }, lapsing: { daysSinceLast: 15, meanGapDays: 0.4 } }), CLOCK);
    // 1 + min(7/1, 1) = 2; lapsing is 2 too and comes first among equals (listed first).
    expect(reasons.map((r) => [r.urgency, r.text])).toEqual([
      [2, 'lapsing: last bought 15 days ago, usually every day'],
      [2, 'overdue on your every-day rhythm by 7 days'],
    ]);
    expect(todayReasons(contact({ id: 1, name: 'A', cadence: { everyDays: 30, overdueDays: 1 } }), CLOCK)[0]!.text).toBe('overdue on your every-30-days rhythm by 1 day');
  });

  test('no reason, not on the list', () => {
    expect(todayList([contact({ id: 1, name: 'A', totalReturn: 1e9 })], CLOCK, 2)).toEqual([]);
  });
});

describe('value and ranking', () => {
  test('value by the currency exponent; negative return counts as none', () => {
    // 22000 cents = 220.00: 1 + log10(221). 22000 yen: 1 + log10(22001). 22000 fils = 22.000: 1 + log10(23).
    expect(todayValue(22000, 2)).toBe(1 + Math.log10(221));
    expect(todayValue(22000, 0)).toBe(1 + Math.log10(22001));
    expect(todayValue(22000, 3)).toBe(1 + Math.log10(23));
    expect(todayValue(-5000, 2)).toBe(1);
  });

  test('ranked by urgency * value', () => {
    const list = todayList(
      [
        // urgency 2 (lapsing), value 1 + log10(1 + 999) = 4 → score 8
        contact({ id: 1, name: 'Lapsing rich', totalReturn: 99900, lapsing: { daysSinceLast: 30, meanGapDays: 10 } }),
        // urgency 3 (due today), value 1 → score 3
        contact({ id: 2, name: 'Due poor', followUps: [{ dueAt: START_OF_TODAY, snoozedUntil: null }] }),
        // urgency 2.5, value 1 + log10(1 + 9) = 2 → score 5
        contact({ id: 3, name: 'Thank', totalReturn: 900, unthankedReferrals: [{ referredName: 'X' }] }),
      ],
      CLOCK,
      2,
    );
    expect(list.map((e) => [e.id, e.score])).toEqual([
      [1, 8],
      [3, 5],
      [2, 3],
    ]);
  });

  test('ties by name in code points after NFC, not by locale, then by id', () => {
    const tied = (id: number, name: string) => contact({ id, name, unthankedReferrals: [{ referredName: 'X' }] });
    const names = todayList(
      [
        tied(1, 'ana'),
        tied(2, 'Ben'),
        // U+1D400 (mathematical bold A) is after U+FF21 (fullwidth A) in code points, though its
        // first UTF-16 unit (0xD835) sorts before 0xFF21.
        tied(3, '\u{1D400}'),
        tied(4, '\uFF21'),
        // The same name, decomposed and composed: equal after NFC, so the lower id first.
        tied(6, 'Zoe\u0301'),
        tied(5, 'Zo\u00e9'),
      ],
      CLOCK,
      2,
    ).map((e) => e.id);
    // 'B' (U+0042) < 'Z' < 'a' (U+0061) < U+FF21 < U+1D400; the locale would put 'ana' before 'Ben'.
    expect(names).toEqual([2, 5, 6, 1, 4, 3]);
    expect('ana'.localeCompare('Ben')).toBeLessThan(0);
  });

  test('compareCodePoints', () => {
    expect(compareCodePoints('a', 'a')).toBe(0);
    expect(compareCodePoints('a', 'ab')).toBe(-1);
    expect(compareCodePoints('ab', 'a')).toBe(1);
    expect(compareCodePoints('\u{1D400}', '\uFF21')).toBe(1);
    expect(compareCodePoints('', '')).toBe(0);
  });
});

describe('todayUrgency, by property', () => {
  test('is the largest urgency among todayReasons, or 0 with none', () => {
    const followUp = fc.record({ dueAt: fc.integer({ min: NOW - 400 * DAY, max: NOW + 5 * DAY }), snoozedUntil: fc.option(fc.integer({ min: NOW - 5 * DAY, max: NOW + 5 * DAY })) });
    const arb = fc.record({
      followUps: fc.array(followUp, { maxLength: 4 }),
      unthankedReferrals: fc.array(fc.record({ referredName: fc.constantFrom('Bo', 'Cy') }), { maxLength: 2 }),
      lapsing: fc.option(fc.record({ daysSinceLast: fc.integer({ min: 15, max: 900 }), meanGapDays: fc.double({ min: 0.1, max: 300, noNaN: true }) })),
      cadence: fc.option(fc.record({ everyDays: fc.integer({ min: 1, max: 3650 }), overdueDays: fc.integer({ min: 0, max: 5000 }) })),
    });
    fc.assert(
      fc.property(arb, (over) => {
        const c = contact({ id: 1, name: 'A', ...over });
        const reasons = todayReasons(c, CLOCK);
        expect(todayUrgency(c, CLOCK)).toBe(reasons.length === 0 ? 0 : Math.max(...reasons.map((r) => r.urgency)));
      }),
    );
  });
});
