// Desktop notifications for reminders, with Electron faked at the boundary (as electron-shell.test.ts does).
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { IPC_EVENT_CHANNEL } from '../../shared/contract/bridge';
import type { BackendEvent, EventMap } from '../../shared/contract/index';

type Listener = (...args: unknown[]) => void;

const fake = vi.hoisted(() => {
  const shown: FakeNotification[] = [];
  class FakeNotification {
    static supported = true;
    static isSupported() {
      return FakeNotification.supported;
    }
    listeners = new Map<string, Listener[]>();
    visible = false;
    constructor(readonly options: { title: string; body: string }) {}
    on(name: string, fn: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
      return this;
    }
    show() {
      this.visible = true;
      shown.push(this);
    }
    emit(name: string) {
      for (const fn of this.listeners.get(name) ?? []) fn();
    }
  }
  return { shown, FakeNotification };
});

vi.mock('electron', () => ({ Notification: fake.FakeNotification, default: { Notification: fake.FakeNotification } }));

const { showReminderNotifications, reminderNotice, dueWords, openFollowUps } = await import('../../electron/notifications');

/** 24 November 2026 at hh:mm in Paris (the tests' time zone, UTC+1 in winter). */
const paris = (hh: number, mm = 0, day = 24) => Date.UTC(2026, 10, day, hh - 1, mm);

function fakeHost() {
  const listeners = new Set<(event: BackendEvent) => void>();
  return {
    onEvent: vi.fn((listener: (event: BackendEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    }),
    send(event: BackendEvent) {
      for (const l of listeners) l(event);
    },
    listeners,
  };
}

function fakeWindow(url = 'app://rapport/') {
  return {
    minimized: true,
    destroyed: false,
    calls: [] as string[],
    isDestroyed() {
      return this.destroyed;
    },
    isMinimized() {
      return this.minimized;
    },
    restore() {
      this.calls.push('restore');
      this.minimized = false;
    },
    show() {
      this.calls.push('show');
    },
    focus() {
      this.calls.push('focus');
    },
    webContents: { sent: [] as unknown[][], send(...args: unknown[]) { this.sent.push(args); }, isDestroyed: () => false, mainFrame: { url, parent: null } },
  };
}

const reminder: EventMap['reminder'] = { followUpId: 7, title: 'Call back', contactId: 3, contactName: 'Ana Lima', dueAt: paris(9, 0) };

beforeEach(() => {
  fake.shown.length = 0;
  fake.FakeNotification.supported = true;
});

describe('desktop notifications for reminders', () => {
  test('a reminder shows "Follow up: …" with the contact and when it is due; other events show nothing', () => {
    const host = fakeHost();
    const window = fakeWindow();
    const stop = showReminderNotifications(host, () => window as never);
    host.send({ name: 'changed', payload: { area: 'followUps' } });
    expect(fake.shown).toHaveLength(0);
    host.send({ name: 'reminder', payload: reminder });
    expect(fake.shown).toHaveLength(1);
    expect(fake.shown[0]?.options.title).toBe('Follow up: Call back');
    expect(fake.shown[0]?.options.body).toMatch(/^Ana Lima · due /);
    stop();
    host.send({ name: 'reminder', payload: reminder });
    expect(fake.shown).toHaveLength(1);
  });

  test('clicking it focuses the window and asks the page to open the follow-ups', () => {
    const host = fakeHost();
    const window = fakeWindow();
    showReminderNotifications(host, () => window as never);
    host.send({ name: 'reminder', payload: reminder });
    fake.shown[0]?.emit('click');
    expect(window.calls).toEqual(['restore', 'show', 'focus']);
    expect(window.webContents.sent).toEqual([[IPC_EVENT_CHANNEL, { name: 'navigate', payload: { to: '/follow-ups' } }]]);
  });

  test('no notification where the system has none; a click with no window, or a foreign page, sends nothing', () => {
    const host = fakeHost();
    fake.FakeNotification.supported = false;
    showReminderNotifications(host, () => null);
    host.send({ name: 'reminder', payload: reminder });
    expect(fake.shown).toHaveLength(0);
    expect(() => openFollowUps(null)).not.toThrow();
    const foreign = fakeWindow('https://evil.example/');
    openFollowUps(foreign as never);
    expect(foreign.calls).toEqual(['restore', 'show', 'focus']);
    expect(foreign.webContents.sent).toEqual([]);
  });

  test('the words: today with or without a time, another day, no contact', () => {
    expect(dueWords(paris(9, 30), paris(10), 'en-GB')).toBe('due today at 09:30');
    expect(dueWords(paris(0, 0), paris(10), 'en-GB')).toBe('due today');
    expect(dueWords(paris(0, 0, 20), paris(10), 'en-GB')).toBe('due 20 Nov');
    expect(dueWords(paris(14, 5, 20), paris(10), 'en-GB')).toBe('due 20 Nov at 14:05');
    expect(reminderNotice({ ...reminder, contactId: null, contactName: null, dueAt: paris(0, 0) }, paris(10), 'en-GB')).toEqual({
      title: 'Follow up: Call back',
      body: 'Due today',
    });
    expect(reminderNotice(reminder, paris(10), 'en-GB')).toEqual({ title: 'Follow up: Call back', body: 'Ana Lima · due today at 09:00' });
  });
});
