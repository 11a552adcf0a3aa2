import { ipcMain, type IpcMain, type IpcMainInvokeEvent, type WebContents, type WebFrameMain } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../shared/contract/bridge';
import type { Result } from '../shared/contract/result';
import type { BackendHost } from './backend/host';
import { APP_ORIGIN, originOf } from './protocol';

/** What the guard needs of a frame; Electron's WebFrameMain has it. */
export type SenderFrame = Pick<WebFrameMain, 'url' | 'parent'>;
export type SenderCheck = (frame: SenderFrame | null | undefined) => boolean;

/**
 * Trusted only when the call comes from the top frame of a page served from app://rapport. A
 * missing frame (navigated or gone), a subframe of our own page, and any other origin are
 * refused. Every branch returns false unless all three hold: the guard cannot fail open.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  try {
    if (!frame) return false;
    if (frame.parent !== null) return false;
    return typeof frame.url === 'string' && originOf(frame.url) === APP_ORIGIN;
  } catch {
    // A destroyed frame throws on access.
    return false;
  }
}

const forbidden = (): Result<never> => ({ ok: false, error: { code: 'forbidden', message: 'This page may not call Rapport.' } });

/**
 * The one IPC handler: checks who is calling, that the method is a name, then relays to the back
 * end (which validates the input against the contract). Whatever happens comes back as a value.
 * Returns a function that removes the handler.
 */
export function bindApi(
  ipc: Pick<IpcMain, 'handle' | 'removeHandler'>,
  host: Pick<BackendHost, 'call'>,
  isTrusted: SenderCheck = isTrustedSender,
): () => void {
  ipc.handle(IPC_CALL_CHANNEL, async (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, method: unknown, input: unknown): Promise<Result<unknown>> => {
    try {
      if (!isTrusted(event.senderFrame)) return forbidden();
      if (typeof method !== 'string' || method.length === 0 || method.length > 200) {
        return { ok: false, error: { code: 'unknown_method', message: 'The method must be a name such as "contacts.list".' } };
      }
      return await host.call(method, input);
    } catch (err) {
      return { ok: false, error: { code: 'internal', message: `Rapport could not do that: ${err instanceof Error ? err.message : String(err)}` } };
    }
  });
  return () => ipc.removeHandler(IPC_CALL_CHANNEL);
}

/** Binds the API on Electron's own ipcMain; the composition root calls this. */
export const bindApiToIpcMain = (host: Pick<BackendHost, 'call'>): (() => void) => bindApi(ipcMain, host);

type EventTarget = Pick<WebContents, 'send' | 'isDestroyed' | 'once'> & { readonly mainFrame: SenderFrame };

/**
 * Relays the back end's events (progress, reminders) to a window, only while it shows our page.
 * Stops on its own when the window goes; returns a function that stops it sooner.
 */
export function forwardEvents(host: Pick<BackendHost, 'onEvent'>, contents: EventTarget, isTrusted: SenderCheck = isTrustedSender): () => void {
  const stop = host.onEvent((event) => {
    if (contents.isDestroyed() || !isTrusted(contents.mainFrame)) return;
    contents.send(IPC_EVENT_CHANNEL, event);
  });
  contents.once('destroyed', () => stop());
  return stop;
}
