// The desktop's idle question with Electron faked: powerMonitor is an emitter the test drives, the
// dialog answers what the test says, and the host is the real API on a real book.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { openTestBook, T0, type TestBook } from '../helpers/book';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const listeners = new Map<string, Listener[]>();
  const state = { idleSeconds: 0, answer: 0, asked: [] as { message: string; buttons: string[] }[] };
  const powerMonitor = {
    on(name: string, fn: Listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), fn]);
    },
    off(name: string, fn: Listener) {
      listeners.set(name, (listeners.get(name) ?? []).filter((f) => f !== fn));
    },
    emit(name: string) {
      for (const fn of listeners.get(name) ?? []) fn();
    },
    getSystemIdleTime: () => state.idleSeconds,
    count: () => [...listeners.values()].reduce((n, l) => n + l.length, 0),
  };
  const dialog = {
    showMessageBox: (...args: unknown[]) => {
      const options = args[args.length - 1] as { message: string; buttons: string[] };
      state.asked.push({ message: options.message, buttons: options.buttons });
      return Promise.resolve({ response: state.answer, checkboxChecked: false });
    },
  };
  return { powerMonitor, dialog, state, electron: { powerMonitor, dialog } };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { watchIdle } = await import('../../electron/idle');

const MIN = 60_000;
let t: TestBook;
let stop: () => void;
let calls: { method: string; input: unknown }[];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  t = openTestBook();
  calls = [];
  fake.state.asked = [];
  fake.state.answer = 0;
  fake.state.idleSeconds = 0;
  const host = {
    call: (method: string, input: unknown) => {
      calls.push({ method, input });
      return t.api.call(method, input);
    },
  };
  stop = watchIdle(host, { now: t.clock.now, thresholdMs: 10 * MIN, pollMs: 30_000 });
});

afterEach(() => {
  stop();
  vi.useRealTimers();
});

/** Lets the host calls and the dialog's promise settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

async function runningOnAna() {
  const ana = await t.ok('contacts.create', { name: 'Ana Lima' });
  return t.ok('timer.start', { contactId: ana.id });
}

describe('away with the timer running (desktop)', () => {
  test('suspend then resume with a running timer asks, and Drop leaves the time away out', async () => {
    await runningOnAna();
    t.clock.advance(5 * MIN);
    fake.powerMonitor.emit('suspend');
    t.clock.advance(35 * MIN);
    fake.state.answer = 1;
    fake.powerMonitor.emit('resume');
    await settle();
    expect(fake.state.asked).toHaveLength(1);
    expect(fake.state.asked[0]?.buttons).toEqual(['Keep', 'Drop idle time']);
    expect(fake.state.asked[0]?.message).toMatch(/^You were away from \d\d:\d\d to \d\d:\d\d with the timer running on Ana Lima\. Keep that time\?$/);
    expect(calls.map((c) => c.method)).toEqual(['timer.get', 'timer.dropIdle']);
    expect(calls[1]?.input).toEqual({ idleSince: T0 + 5 * MIN, resumedAt: T0 + 40 * MIN });
    expect((await t.ok('timer.get', {}))?.startedAt).toBe(T0 + 35 * MIN);
  });

  test('lock and unlock ask the same way; Keep changes nothing', async () => {
    await runningOnAna();
    t.clock.advance(2 * MIN);
    fake.powerMonitor.emit('lock-screen');
    t.clock.advance(20 * MIN);
    fake.state.answer = 0;
    fake.powerMonitor.emit('unlock-screen');
    await settle();
    expect(fake.state.asked).toHaveLength(1);
    expect(calls.map((c) => c.method)).toEqual(['timer.get']);
    expect((await t.ok('timer.get', {}))?.startedAt).toBe(T0);
  });

  test('with no timer running nothing is asked', async () => {
    fake.powerMonitor.emit('suspend');
    t.clock.advance(60 * MIN);
    fake.powerMonitor.emit('resume');
    await settle();
    expect(fake.state.asked).toEqual([]);
    expect(calls.map((c) => c.method)).toEqual(['timer.get']);
  });

  test('sitting idle past the threshold asks when input comes back, for the time since the last input', async () => {
    await runningOnAna();
    t.clock.advance(30 * MIN);
    fake.state.idleSeconds = 9 * 60; // under the threshold: nothing yet
    vi.advanceTimersByTime(30_000);
    expect(calls).toEqual([]);
    t.clock.advance(10 * MIN);
    fake.state.idleSeconds = 19 * 60; // idle since T0 + 21 min
    vi.advanceTimersByTime(30_000);
    t.clock.advance(MIN);
    fake.state.idleSeconds = 5; // back at T0 + 41 min - 5 s
    fake.state.answer = 1;
    vi.advanceTimersByTime(30_000);
    await settle();
    expect(fake.state.asked).toHaveLength(1);
    expect(calls[1]).toEqual({ method: 'timer.dropIdle', input: { idleSince: T0 + 21 * MIN, resumedAt: T0 + 41 * MIN - 5000 } });
    expect((await t.ok('timer.get', {}))?.startedAt).toBe(T0 + 20 * MIN - 5000);
  });

  test('a short absence is not worth a question; stopping removes every listener', async () => {
    await runningOnAna();
    fake.powerMonitor.emit('suspend');
    t.clock.advance(30_000);
    fake.powerMonitor.emit('resume');
    await settle();
    expect(fake.state.asked).toEqual([]);
    expect(fake.powerMonitor.count()).toBe(4);
    stop();
    expect(fake.powerMonitor.count()).toBe(0);
    stop = () => {};
  });
});
