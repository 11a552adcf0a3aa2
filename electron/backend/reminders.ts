import type { EventMap } from '../../shared/contract/index';
import type { WritableDB } from '../db/connection';
import { dueAtOf, markNotified, openFollowUpsDueBy } from '../db/follow-ups';

/** The longest the scheduler sleeps, so a change of time zone or of the clock is caught within the hour. */
export const MAX_SLEEP_MS = 60 * 60 * 1000;
/** At most this many reminders at once (the first start after a long break); the rest are marked seen. */
export const MAX_REMINDERS_AT_ONCE = 5;

export interface ReminderSchedulerOptions {
  db: WritableDB;
  now?: () => number;
  emit: (name: 'reminder', payload: EventMap['reminder']) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  /** Where a failed check is reported (it never throws into a write that already committed). */
  log?: (message: string) => void;
}

export interface ReminderScheduler {
  /** Sends a reminder for each follow-up that fell due and was not reminded of yet; then sleeps until the next. */
  check(): EventMap['reminder'][];
  /** After a follow-up was written: look again now. */
  reschedule(): void;
  stop(): void;
  /** When the next check is planned (for tests), or null. */
  readonly nextCheckAt: number | null;
}

/**
 * Reminds of follow-ups as they fall due. It owns no state but a timer: what was reminded is
 * `notified_at` in the book (a snooze or a new due moment clears it), so a restart does not repeat.
 */
export function createReminderScheduler(options: ReminderSchedulerOptions): ReminderScheduler {
  const { db, emit } = options;
  const now = options.now ?? (() => Date.now());
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  let timer: unknown = null;
  let nextCheckAt: number | null = null;
  let stopped = false;
  const log = options.log ?? (() => {});

  const cancel = () => {
    if (timer !== null) clearTimer(timer);
    timer = null;
    nextCheckAt = null;
  };

  const check = (): EventMap['reminder'][] => {
    cancel();
    if (stopped) return [];
    const t = now();
    const candidates = openFollowUpsDueBy(db, t, t + MAX_SLEEP_MS);
    const due: EventMap['reminder'][] = [];
    let next = t + MAX_SLEEP_MS;
    for (const row of candidates) {
      const dueAt = dueAtOf(row.due_date, row.due_time);
      const snoozed = row.snoozed_until !== null && row.snoozed_until > t;
      // It reminds again from whichever came last: its due moment or the end of its snooze.
      const remindFrom = Math.max(dueAt, row.snoozed_until ?? Number.NEGATIVE_INFINITY);
      if (snoozed || dueAt > t) {
        if (remindFrom > t) next = Math.min(next, remindFrom);
        continue;
      }
      if (row.notified_at !== null && row.notified_at >= remindFrom) continue;
      due.push({ followUpId: row.id, title: row.title, contactId: row.contact_id, contactName: row.contact_name, dueAt });
    }
    if (due.length > 0) {
      db.transaction(() => {
        for (const r of due) markNotified(db, r.followUpId, t);
      })();
      // The most recently due first: after a long break those are the ones that matter.
      for (const r of [...due].sort((a, b) => b.dueAt - a.dueAt).slice(0, MAX_REMINDERS_AT_ONCE)) emit('reminder', r);
    }
    nextCheckAt = next;
    timer = setTimer(
      () => {
        timer = null;
        safeCheck();
      },
      Math.max(0, next - t),
    );
    return due;
  };

  function safeCheck(): void {
    try {
      check();
    } catch (err) {
      log(`reminders: the check failed: ${err instanceof Error ? err.message : String(err)}`);
      // Try again later rather than never.
      if (!stopped) {
        cancel();
        nextCheckAt = now() + MAX_SLEEP_MS;
        timer = setTimer(() => {
          timer = null;
          safeCheck();
        }, MAX_SLEEP_MS);
      }
    }
  }

  return {
    check,
    reschedule: safeCheck,
    stop() {
      cancel();
      stopped = true;
    },
    get nextCheckAt() {
      return nextCheckAt;
    },
  };
}
