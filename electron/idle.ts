// Away from the desk with the timer running: when the computer sleeps, locks or sits idle past a
// threshold, the owner is asked on return whether to keep or drop that time.
import { format } from 'date-fns';
import { dialog, powerMonitor, type BrowserWindow } from 'electron';
import type { Result, RunningTimer } from '../shared/contract/index';

export interface IdleHost {
  call(method: string, input: unknown): Promise<Result<unknown>>;
}

export interface IdleOptions {
  /** The window the question is attached to, when there is one. */
  window?: () => BrowserWindow | null;
  /** Idle for this long counts as away (default 10 minutes). */
  thresholdMs?: number;
  /** How often the system's idle time is read (default 30 seconds). */
  pollMs?: number;
  now?: () => number;
}

export const DEFAULT_IDLE_THRESHOLD_MS = 10 * 60_000;

/** What the owner is asked; exported for the tests. */
export function awayQuestion(timer: RunningTimer, idleSince: number, resumedAt: number): string {
  const what = timer.contactName ?? timer.activity;
  return `You were away from ${format(idleSince, 'HH:mm')} to ${format(resumedAt, 'HH:mm')} with the timer running on ${what}. Keep that time?`;
}

/**
 * Watches sleep, lock and idle, and on return asks about the time away, only while a timer runs.
 * Returns a function that stops watching.
 */
export function watchIdle(host: IdleHost, options: IdleOptions = {}): () => void {
  const thresholdMs = options.thresholdMs ?? DEFAULT_IDLE_THRESHOLD_MS;
  const now = options.now ?? Date.now;
  /** Since when the owner has been away, and whether the system said so (sleep, lock) or the idle poll did. */
  let away: { since: number; by: 'system' | 'idle' } | null = null;
  let asking = false;

  const leave = (since: number, by: 'system' | 'idle') => {
    if (!away) away = { since, by };
    else if (by === 'system') away = { since: Math.min(away.since, since), by };
  };

  const ask = async (idleSince: number, resumedAt: number) => {
    if (asking) return;
    asking = true;
    try {
      const got = await host.call('timer.get', {});
      if (!got.ok || got.value === null) return;
      const timer = got.value as RunningTimer;
      const from = Math.max(idleSince, timer.startedAt);
      if (resumedAt - from < 60_000) return; // not worth a question
      const win = options.window?.() ?? null;
      const question = {
        type: 'question' as const,
        title: 'Timer running',
        message: awayQuestion(timer, from, resumedAt),
        detail: 'Dropping leaves the time you were away out of the running timer; it keeps running from now.',
        buttons: ['Keep', 'Drop idle time'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      };
      const answer = win && !win.isDestroyed() ? await dialog.showMessageBox(win, question) : await dialog.showMessageBox(question);
      if (answer.response === 1) await host.call('timer.dropIdle', { idleSince: from, resumedAt });
    } catch {
      // A question that could not be asked leaves the timer as it was.
    } finally {
      asking = false;
    }
  };

  const back = (at: number) => {
    if (!away) return;
    const since = away.since;
    away = null;
    void ask(since, at);
  };

  const onSuspend = () => leave(now(), 'system');
  const onResume = () => back(now());
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('lock-screen', onSuspend);
  powerMonitor.on('resume', onResume);
  powerMonitor.on('unlock-screen', onResume);

  const poll = () => {
    let idleMs: number;
    try {
      idleMs = powerMonitor.getSystemIdleTime() * 1000;
    } catch {
      return;
    }
    const t = now();
    if (idleMs >= thresholdMs) leave(t - idleMs, 'idle');
    else if (away?.by === 'idle') back(t - idleMs); // input came back: the away time ended at the last input
  };
  const interval = setInterval(poll, options.pollMs ?? 30_000);
  interval.unref?.();

  return () => {
    clearInterval(interval);
    powerMonitor.off('suspend', onSuspend);
    powerMonitor.off('lock-screen', onSuspend);
    powerMonitor.off('resume', onResume);
    powerMonitor.off('unlock-screen', onResume);
  };
}
