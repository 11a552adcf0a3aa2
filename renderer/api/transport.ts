import type { BackendEvent, RapportBridge, Result } from '../../shared/contract/index';

declare global {
  interface Window {
    /** Present in the desktop app: the preload's bridge. */
    rapport?: RapportBridge;
  }
}

const TOKEN_KEY = 'rapport.token';

/** Browser mode: the token arrives once in the URL (?token=), is kept, and is taken out of the address bar. */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    window.localStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return window.localStorage.getItem(TOKEN_KEY);
}

export function httpBridge(token: string | null): RapportBridge {
  const listeners = new Set<(event: BackendEvent) => void>();
  let socket: WebSocket | null = null;
  let retry = 0;

  const connect = () => {
    if (!token || listeners.size === 0 || socket) return;
    const url = new URL('api/events', window.location.href);
    url.protocol = 'ws:';
    url.searchParams.set('token', token);
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retry = 0;
    };
    ws.onmessage = (message) => {
      try {
        const event = JSON.parse(String(message.data)) as BackendEvent;
        for (const listener of listeners) listener(event);
      } catch {
        // Not ours; ignore.
      }
    };
    ws.onclose = () => {
      socket = null;
      if (listeners.size > 0) setTimeout(connect, Math.min(10_000, 500 * 2 ** retry++));
    };
  };

  return {
    async call(method, input) {
      if (!token) return { ok: false, error: { code: 'unauthorized', message: 'Open Rapport with the address it printed when it started.' } };
      let response: Response;
      try {
        response = await fetch(new URL(`api/${encodeURIComponent(method)}`, window.location.href), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return { ok: false, error: { code: 'unavailable', message: 'Rapport is not running. Start it again and reload this page.' } };
      }
      try {
        return (await response.json()) as Result<unknown>;
      } catch {
        return { ok: false, error: { code: 'internal', message: `Unexpected answer (${response.status})` } };
      }
    },
    on(listener) {
      listeners.add(listener);
      connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) socket?.close();
      };
    },
  };
}

/** The preload's bridge where it exists (desktop), HTTP otherwise (browser mode). */
export function pickBridge(): { bridge: RapportBridge; mode: 'desktop' | 'browser'; hasToken: boolean } {
  if (window.rapport) return { bridge: window.rapport, mode: 'desktop', hasToken: true };
  const token = takeToken();
  return { bridge: httpBridge(token), mode: 'browser', hasToken: token !== null };
}
