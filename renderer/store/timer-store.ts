import { create } from 'zustand';
import type { ApiError, MethodInput, Result, RunningTimer, TimerStopped } from '../../shared/contract/index';
import { api } from '../api/client';
import { toast } from './toast-store';

interface TimerState {
  timer: RunningTimer | null;
  loaded: boolean;
  /** The clock the elapsed display reads: ticks every second while a timer runs. */
  now: number;
  busy: boolean;
  load(): Promise<void>;
  start(input: MethodInput<'timer.start'>): Promise<Result<RunningTimer>>;
  stop(): Promise<void>;
  cancel(): Promise<void>;
  dropIdle(idleSince: number, resumedAt: number): Promise<void>;
}

let ticker: ReturnType<typeof setInterval> | null = null;
let loadSeq = 0;

/** Keeps `now` ticking while a timer runs, and still otherwise. */
function syncTicker(running: boolean) {
  if (running && !ticker) {
    ticker = setInterval(() => useTimerStore.setState({ now: Date.now() }), 1000);
  } else if (!running && ticker) {
    clearInterval(ticker);
    ticker = null;
  }
}

function setTimer(timer: RunningTimer | null) {
  useTimerStore.setState({ timer, loaded: true, now: Date.now() });
  syncTicker(timer !== null);
}

/** What the owner reads once the timer stops. */
export function stoppedMessage(stopped: TimerStopped, timer: RunningTimer | null): string {
  if (!stopped.entry) return 'Under 30 seconds: nothing recorded';
  const on = stopped.entry.contactName ?? stopped.entry.activity ?? timer?.activity ?? '';
  return `Recorded ${formatMinutes(stopped.entry.minutes)} on ${on}`;
}

/** 25 min, 1 h 05 min. */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')} min`;
}

/** h:mm:ss for the running timer. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

function failed(error: ApiError) {
  toast(error.message, { tone: 'error' });
}

export const useTimerStore = create<TimerState>((set, get) => ({
  timer: null,
  loaded: false,
  now: Date.now(),
  busy: false,
  async load() {
    const seq = ++loadSeq;
    const result = await api().call('timer.get', {});
    if (seq !== loadSeq) return;
    if (result.ok) setTimer(result.value);
  },
  async start(input) {
    set({ busy: true });
    const result = await api().call('timer.start', input);
    set({ busy: false });
    if (result.ok) setTimer(result.value);
    else if (result.error.code === 'conflict') void get().load();
    return result;
  },
  async stop() {
    if (get().busy) return;
    const timer = get().timer;
    set({ busy: true });
    const result = await api().call('timer.stop', {});
    set({ busy: false });
    if (!result.ok) {
      failed(result.error);
      void get().load();
      return;
    }
    setTimer(null);
    toast(stoppedMessage(result.value, timer));
  },
  async cancel() {
    if (get().busy) return;
    set({ busy: true });
    const result = await api().call('timer.cancel', {});
    set({ busy: false });
    if (!result.ok) return failed(result.error);
    setTimer(null);
    if (result.value.cancelled) toast('Timer discarded: nothing recorded');
  },
  async dropIdle(idleSince, resumedAt) {
    const result = await api().call('timer.dropIdle', { idleSince, resumedAt });
    if (result.ok) setTimer(result.value);
    else failed(result.error);
  },
}));

export const timerSelectors = {
  elapsedMs: (s: TimerState) => (s.timer ? Math.max(0, s.now - s.timer.startedAt) : 0),
  label: (s: TimerState) => (s.timer ? (s.timer.contactName ?? s.timer.activity) : null),
};
