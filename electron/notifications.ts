import { Notification, type BrowserWindow } from 'electron';
import { IPC_EVENT_CHANNEL } from '../shared/contract/bridge';
import type { BackendEvent, EventMap } from '../shared/contract/index';
import type { BackendHost } from './backend/host';
import { isTrustedSender } from './ipc';

type ReminderWindow = Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus'> & {
  webContents: Pick<BrowserWindow['webContents'], 'send' | 'isDestroyed'> & { readonly mainFrame: Parameters<typeof isTrustedSender>[0] };
};

/** "due today at 09:00", "due 20 Nov", in the machine's locale and time zone. */
export function dueWords(dueAt: number, now: number = Date.now(), locale?: string): string {
  const due = new Date(dueAt);
  const sameDay = new Date(now).toDateString() === due.toDateString();
  const hasTime = due.getHours() !== 0 || due.getMinutes() !== 0;
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(due);
  if (sameDay) return hasTime ? `due today at ${time}` : 'due today';
  const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(due);
  return hasTime ? `due ${date} at ${time}` : `due ${date}`;
}

/** What the desktop notification says for a reminder. */
export function reminderNotice(reminder: EventMap['reminder'], now: number = Date.now(), locale?: string): { title: string; body: string } {
  const due = dueWords(reminder.dueAt, now, locale);
  return {
    title: `Follow up: ${reminder.title}`,
    body: reminder.contactName ? `${reminder.contactName} · ${due}` : due.charAt(0).toUpperCase() + due.slice(1),
  };
}

/** Brings the window forward and asks its page to show the follow-ups. */
export function openFollowUps(window: ReminderWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
  if (window.webContents.isDestroyed() || !isTrustedSender(window.webContents.mainFrame)) return;
  const event: BackendEvent<'navigate'> = { name: 'navigate', payload: { to: '/follow-ups' } };
  window.webContents.send(IPC_EVENT_CHANNEL, event);
}

/**
 * Shows a desktop notification for each reminder the back end sends; a click focuses the window
 * on the follow-ups. Returns a function that stops listening.
 */
export function showReminderNotifications(host: Pick<BackendHost, 'onEvent'>, getWindow: () => ReminderWindow | null): () => void {
  // Kept referenced until closed: a collected notification loses its click handler on some systems.
  const shown = new Set<Notification>();
  return host.onEvent((event) => {
    if (event.name !== 'reminder' || !Notification.isSupported()) return;
    const { title, body } = reminderNotice(event.payload as EventMap['reminder']);
    const notification = new Notification({ title, body });
    shown.add(notification);
    notification.on('click', () => {
      shown.delete(notification);
      openFollowUps(getWindow());
    });
    notification.on('close', () => shown.delete(notification));
    notification.show();
  });
}
