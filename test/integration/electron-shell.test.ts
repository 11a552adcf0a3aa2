// The desktop shell with Electron faked at the boundary: the Electron binary cannot run here, so
// these tests drive the handlers the shell registers and check what it passes to Electron.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/contract/bridge';
import type { BackendEvent, Result } from '../../shared/contract/index';
import { makeTempDir, onCleanup } from '../helpers/book';
import type * as HostModuleNamespace from '../../electron/backend/host';

type HostModule = typeof HostModuleNamespace;

type Listener = (...args: unknown[]) => unknown;

/** A stand-in for the parts of Electron the shell touches; each test reads what was registered. */
const fake = vi.hoisted(() => {
  class Emitter {
    listeners = new Map<string, Listener[]>();
    on(name: string, fn: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
      return this;
    }
    once(name: string, fn: Listener) {
      return this.on(name, fn);
    }
    off(name: string, fn: Listener) {
      this.listeners.set(name, (this.listeners.get(name) ?? []).filter((f) => f !== fn));
      return this;
    }
    removeListener(name: string, fn: Listener) {
      return this.off(name, fn);
    }
    emit(name: string, ...args: unknown[]) {
      for (const fn of this.listeners.get(name) ?? []) fn(...args);
    }
  }
  class FakeWebContents extends Emitter {
    openHandler: ((details: { url: string }) => { action: string }) | null = null;
    sent: unknown[][] = [];
    destroyed = false;
    mainFrame = { url: 'app://rapport/', parent: null };
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.openHandler = handler;
    }
    send(...args: unknown[]) {
      this.sent.push(args);
    }
    isDestroyed() {
      return this.destroyed;
    }
  }
  const windows: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends Emitter {
    webContents = new FakeWebContents();
    loaded: string[] = [];
    shown = false;
    background: string;
    constructor(readonly options: { backgroundColor: string; webPreferences: Record<string, unknown> } & Record<string, unknown>) {
      super();
      this.background = options.backgroundColor;
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    show() {
      this.shown = true;
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    setBackgroundColor(color: string) {
      this.background = color;
    }
  }
  class FakeApp extends Emitter {
    isPackaged = false;
    name = '';
    paths = new Map<string, string>([['userData', '/home/owner/.config/Rapport']]);
    singleInstance = true;
    quit = vi.fn(() => this.emit('before-quit', { preventDefault: () => {} }));
    exit = vi.fn();
    enableSandbox = vi.fn();
    setName(name: string) {
      this.name = name;
    }
    setPath(name: string, value: string) {
      this.paths.set(name, value);
    }
    getPath(name: string) {
      return this.paths.get(name) ?? '';
    }
    requestSingleInstanceLock() {
      return this.singleInstance;
    }
    whenReady() {
      return Promise.resolve();
    }
  }
  const app = new FakeApp();
  const ipcRenderer = new Emitter() as Emitter & { invoke: ReturnType<typeof vi.fn> };
  ipcRenderer.invoke = vi.fn(async () => ({ ok: true, value: 'answer' }));
  const exposed: Record<string, unknown> = {};
  const session = {
    handlers: {} as Record<string, Listener>,
    setPermissionRequestHandler(fn: Listener) {
      this.handlers.request = fn;
    },
    setPermissionCheckHandler(fn: Listener) {
      this.handlers.check = fn;
    },
    setDevicePermissionHandler(fn: Listener) {
      this.handlers.device = fn;
    },
    webRequest: {
      onBeforeRequest(fn: Listener) {
        session.handlers.beforeRequest = fn;
      },
    },
  };
  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Menu: { buildFromTemplate: vi.fn((template: unknown) => template), setApplicationMenu: vi.fn() },
    nativeTheme: Object.assign(new Emitter(), { shouldUseDarkColors: false }),
    shell: { openExternal: vi.fn(async () => {}) },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    ipcRenderer,
    contextBridge: { exposeInMainWorld: vi.fn((key: string, value: unknown) => void (exposed[key] = value)) },
    dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })) },
    session: { defaultSession: session },
    // main.ts also wires the idle watcher and reminder notifications (tested in idle and notifications tests).
    powerMonitor: Object.assign(new Emitter(), { getSystemIdleTime: vi.fn(() => 0) }),
    Notification: Object.assign(
      class {
        show() {}
        on() {}
      },
      { isSupported: () => true },
    ),
  };
  return { electron, app, windows, exposed, session, ipcRenderer, FakeWebContents, Emitter };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { isTrustedSender, bindApi, forwardEvents } = await import('../../electron/ipc');
const { resolveAppFile, serveAppRequest, APP_START_URL, isAppUrl } = await import('../../electron/protocol');
const { guardWebContents, guardSession, menuTemplate, isExternalLink, isAllowedRequest } = await import('../../electron/window');

const root = fileURLToPath(new URL('../..', import.meta.url));

beforeEach(() => {
  vi.clearAllMocks();
});

describe('isTrustedSender: only the top frame of app://rapport may call the back end', () => {
  const top = (url: string) => ({ url, parent: null });
  const ourPage = top('app://rapport/');

  test.each([
    ['our page', 'app://rapport/'],
    ['a route of our page', 'app://rapport/contacts/12?tab=timeline#notes'],
    ['our index file', 'app://rapport/index.html'],
  ])('trusts %s', (_label, url) => {
    expect(isTrustedSender(top(url))).toBe(true);
  });

  test.each([
    ['another site', 'https://evil.example/'],
    ['another site that names us in its path', 'https://evil.example/app://rapport/'],
    ['a plain-http site', 'http://rapport/'],
    ['a file', 'file:///work/main/out/renderer/index.html'],
    ['another host on our scheme', 'app://evil/'],
    ['a host that starts with ours', 'app://rapport.evil.example/'],
    ['our host with credentials', 'app://user:pw@rapport/'],
    ['our host on a port', 'app://rapport:8080/'],
    ['our host in capitals (not how Chromium spells it)', 'APP://RAPPORT/'],
    ['about:blank', 'about:blank'],
    ['a data URL', 'data:text/html,<script>1</script>'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['DevTools', 'devtools://devtools/bundled/inspector.html'],
    ['an empty URL', ''],
    ['a malformed URL', 'app//rapport'],
  ])('refuses %s', (_label, url) => {
    expect(isTrustedSender(top(url))).toBe(false);
  });

  test('refuses a subframe of our own page, and a subframe of a foreign page', () => {
    expect(isTrustedSender({ url: 'app://rapport/', parent: ourPage as never })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: ourPage as never })).toBe(false);
  });

  test('refuses a missing frame (navigated away or gone)', () => {
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });

  test('refuses a frame that throws on access (destroyed) or whose url is not a string', () => {
    const destroyed = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
      parent: null,
    };
    expect(isTrustedSender(destroyed)).toBe(false);
    expect(isTrustedSender({ url: undefined as unknown as string, parent: null })).toBe(false);
    // The parent check must be strict: undefined is not "no parent".
    expect(isTrustedSender({ url: 'app://rapport/', parent: undefined as never })).toBe(false);
  });
});

describe('bindApi: the one IPC handler', () => {
  type Handler = (event: { senderFrame: unknown }, method: unknown, input: unknown) => Promise<Result<unknown>>;

  function setup(call: (method: string, input: unknown) => Promise<Result<unknown>> = async (method, input) => ({ ok: true, value: { method, input } })) {
    const ipc = { handle: vi.fn(), removeHandler: vi.fn() };
    const host = { call: vi.fn(call) };
    const unbind = bindApi(ipc, host);
    expect(ipc.handle).toHaveBeenCalledTimes(1);
    expect(ipc.handle.mock.calls[0]?.[0]).toBe(IPC_CALL_CHANNEL);
    const handler = ipc.handle.mock.calls[0]?.[1] as Handler;
    return { ipc, host, handler, unbind };
  }
  const from = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

  test('relays a trusted call to the host and returns its result as is', async () => {
    const { host, handler } = setup();
    const result = await handler(from('app://rapport/contacts'), 'contacts.list', { limit: 5 });
    expect(host.call).toHaveBeenCalledWith('contacts.list', { limit: 5 });
    expect(result).toEqual({ ok: true, value: { method: 'contacts.list', input: { limit: 5 } } });
  });

  test('passes the host refusals through (the host validates the input)', async () => {
    const refusal: Result<never> = { ok: false, error: { code: 'invalid_input', message: 'Bad', field: 'name' } };
    const { handler } = setup(async () => refusal);
    expect(await handler(from('app://rapport/'), 'contacts.create', { name: 5 })).toEqual(refusal);
  });

  test.each([
    ['another site', from('https://evil.example/')],
    ['a subframe of our page', from('app://rapport/', { url: 'app://rapport/', parent: null })],
    ['a file:// page', from('file:///etc/passwd')],
    ['a missing frame', { senderFrame: null }],
  ])('refuses %s with forbidden, and never reaches the host', async (_label, event) => {
    const { host, handler } = setup();
    const result = await handler(event, 'contacts.purge', { id: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('forbidden');
    expect(host.call).not.toHaveBeenCalled();
  });

  test.each([[42], [null], [undefined], [{ toString: () => 'contacts.list' }], [''], ['x'.repeat(201)]])(
    'refuses a method that is not a name (%j) without calling the host',
    async (method) => {
      const { host, handler } = setup();
      const result = await handler(from('app://rapport/'), method, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
      expect(host.call).not.toHaveBeenCalled();
    },
  );

  test('turns anything the host throws or rejects with into an internal error value', async () => {
    const thrower = setup(() => {
      throw new Error('boom');
    });
    expect(await thrower.handler(from('app://rapport/'), 'contacts.list', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    const rejecter = setup(() => Promise.reject(new Error('worker gone')));
    const result = await rejecter.handler(from('app://rapport/'), 'contacts.list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!result.ok) expect(result.error.message).toContain('worker gone');
  });

  test('a guard that throws refuses rather than letting the call through', async () => {
    const ipc = { handle: vi.fn(), removeHandler: vi.fn() };
    const host = { call: vi.fn() };
    bindApi(ipc, host, () => {
      throw new Error('guard broke');
    });
    const handler = ipc.handle.mock.calls[0]?.[1] as Handler;
    expect((await handler(from('app://rapport/'), 'contacts.list', {})).ok).toBe(false);
    expect(host.call).not.toHaveBeenCalled();
  });

  test('the returned function removes the handler', () => {
    const { ipc, unbind } = setup();
    unbind();
    expect(ipc.removeHandler).toHaveBeenCalledWith(IPC_CALL_CHANNEL);
  });
});

describe('forwardEvents: back-end events reach our page only', () => {
  function setup() {
    let listener: ((event: BackendEvent) => void) | null = null;
    const unsubscribe = vi.fn();
    const host = {
      onEvent: vi.fn((fn: (event: BackendEvent) => void) => {
        listener = fn;
        return unsubscribe;
      }),
    };
    const contents = new fake.FakeWebContents();
    forwardEvents(host, contents as never);
    const emit = (event: BackendEvent) => listener?.(event);
    return { contents, emit, unsubscribe };
  }
  const progress: BackendEvent = { name: 'progress', payload: { task: 'import', done: 1, total: 2, label: 'Importing' } };

  test('sends each event on the event channel while the window shows app://rapport', () => {
    const { contents, emit } = setup();
    emit(progress);
    expect(contents.sent).toEqual([[IPC_EVENT_CHANNEL, progress]]);
  });

  test('sends nothing to a window that shows another page or is destroyed, and stops when it goes', () => {
    const { contents, emit, unsubscribe } = setup();
    contents.mainFrame = { url: 'https://evil.example/', parent: null };
    emit(progress);
    contents.mainFrame = { url: 'app://rapport/', parent: null };
    contents.destroyed = true;
    emit(progress);
    expect(contents.sent).toEqual([]);
    contents.emit('destroyed');
    expect(unsubscribe).toHaveBeenCalled();
  });
});

describe('the app:// protocol serves the built renderer and nothing else', () => {
  const rendererDir = path.join(root, 'out', 'renderer');

  test('serves index.html for / and for the UI routes, and the file a path names', () => {
    expect(resolveAppFile('app://rapport/', rendererDir)).toBe(path.join(rendererDir, 'index.html'));
    expect(resolveAppFile('app://rapport', rendererDir)).toBe(path.join(rendererDir, 'index.html'));
    expect(resolveAppFile('app://rapport/contacts/12?x=1#y', rendererDir)).toBe(path.join(rendererDir, 'index.html'));
    expect(resolveAppFile('app://rapport/assets/index-abc.js', rendererDir)).toBe(path.join(rendererDir, 'assets', 'index-abc.js'));
    expect(resolveAppFile('app://rapport/favicon.svg', rendererDir)).toBe(path.join(rendererDir, 'favicon.svg'));
    expect(resolveAppFile('app://rapport/assets/a%20b.css', rendererDir)).toBe(path.join(rendererDir, 'assets', 'a b.css'));
  });

  test.each([
    'app://rapport/../../etc/passwd',
    'app://rapport/assets/../../../etc/passwd',
    'app://rapport/%2e%2e/%2e%2e/etc/passwd',
    'app://rapport/%2E%2E/%2E%2E/etc/passwd',
    'app://rapport/..%2f..%2fetc%2fpasswd',
    'app://rapport/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://rapport/..%5c..%5cetc%5cpasswd',
    'app://rapport/..\\..\\etc\\passwd',
    'app://rapport//etc/passwd',
    'app://rapport/%2fetc%2fpasswd',
    'app://rapport/C:/Windows/win.ini',
    'app://rapport/C%3A%5CWindows%5Cwin.ini',
    'app://rapport/index.html%00.png',
    'app://rapport/%E0%A4%A',
  ])('refuses %s', (url) => {
    const file = resolveAppFile(url, rendererDir);
    // Never a file outside the folder; these in particular are refused outright.
    expect(file).toBeNull();
  });

  test.each([
    'app://evil/index.html',
    'app://rapport.evil/index.html',
    'app://user@rapport/index.html',
    'app://rapport:99/index.html',
    'https://rapport/index.html',
    'file:///etc/passwd',
    'file://rapport/index.html',
    '/etc/passwd',
    'not a url',
  ])('refuses another origin or a non-URL: %s', (url) => {
    expect(resolveAppFile(url, rendererDir)).toBeNull();
  });

  test('whatever it returns stays inside the folder (generated paths)', () => {
    const segments = ['..', '.', '%2e%2e', '%2E.', 'a', 'assets', '%2f', '%5c', '', 'x.js', '..%2f', '%00', '~', 'C:'];
    for (let i = 0; i < 2000; i++) {
      const parts = Array.from({ length: 1 + (i % 5) }, (_, j) => segments[(i * 7 + j * 13 + ((i >> 3) % 11)) % segments.length]);
      const file = resolveAppFile(`app://rapport/${parts.join('/')}`, rendererDir);
      if (file !== null) expect(file.startsWith(rendererDir + path.sep), file).toBe(true);
    }
  });

  describe('serveAppRequest', () => {
    function makeSite() {
      const dir = makeTempDir('rapport-protocol-');
      const site = path.join(dir, 'renderer');
      fs.mkdirSync(path.join(site, 'assets'), { recursive: true });
      fs.writeFileSync(path.join(site, 'index.html'), '<!doctype html><title>Rapport</title>');
      fs.writeFileSync(path.join(site, 'assets', 'app.js'), 'console.log(1)');
      fs.mkdirSync(path.join(site, 'assets', 'folder.d'));
      fs.writeFileSync(path.join(dir, 'secret.txt'), 'not for the page');
      fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(site, 'assets', 'link.txt'));
      return site;
    }
    const CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    test('answers a UI route or a folder path with the page', async () => {
      const site = makeSite();
      for (const url of ['app://rapport/contacts/12', 'app://rapport/assets/']) {
        const page = await serveAppRequest(url, site);
        expect(page.status, url).toBe(200);
        expect(await page.text(), url).toContain('<title>Rapport</title>');
      }
    });

    test('answers with the file, its type, the strict CSP and nosniff', async () => {
      const site = makeSite();
      const page = await serveAppRequest('app://rapport/', site);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Rapport</title>');
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toBe(CSP);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      const script = await serveAppRequest('app://rapport/assets/app.js', site);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(script.headers.get('content-security-policy')).toBe(CSP);
    });

    test('answers 404 for a missing file, a folder, traversal, another host and a symlink out of the folder', async () => {
      const site = makeSite();
      for (const url of [
        'app://rapport/assets/missing.js',
        'app://rapport/assets/folder.d',
        'app://rapport/..%2fsecret.txt',
        'app://rapport/%2e%2e/secret.txt',
        'app://evil/index.html',
        'app://rapport/assets/link.txt',
      ]) {
        const response = await serveAppRequest(url, site);
        expect(response.status, url).toBe(404);
        expect(await response.text(), url).not.toContain('not for the page');
      }
    });

    test('serves the real build when it exists', async () => {
      if (!fs.existsSync(path.join(rendererDir, 'index.html'))) return;
      const page = await serveAppRequest(APP_START_URL, rendererDir);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    });
  });

  test('isAppUrl is true for our origin only', () => {
    expect(isAppUrl('app://rapport/contacts')).toBe(true);
    expect(isAppUrl('app://rapport.evil/')).toBe(false);
    expect(isAppUrl('https://rapport/')).toBe(false);
  });
});

describe('the window', () => {
  beforeEach(() => {
    fake.windows.length = 0;
  });

  test('is isolated, sandboxed, without Node, webviews, spellcheck downloads or insecure content', async () => {
    const { createMainWindow } = await import('../../electron/window');
    const window = createMainWindow({ preloadFile: '/app/out/electron/preload.cjs', devTools: false }) as unknown as (typeof fake.windows)[number];
    const prefs = window.options.webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/out/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(String(prefs.disableBlinkFeatures)).toContain('Auxclick');
    expect(window.options).toMatchObject({ show: false });
    expect(Number(window.options.minWidth)).toBeGreaterThan(0);
    expect(Number(window.options.minHeight)).toBeGreaterThan(0);
    expect(window.loaded).toEqual(['app://rapport/']);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  test('its background follows the system theme', async () => {
    const { createMainWindow } = await import('../../electron/window');
    fake.electron.nativeTheme.shouldUseDarkColors = true;
    const window = createMainWindow({ preloadFile: 'p', devTools: true }) as unknown as (typeof fake.windows)[number];
    expect(window.background).toBe('#171a19');
    fake.electron.nativeTheme.shouldUseDarkColors = false;
    fake.electron.nativeTheme.emit('updated');
    expect(window.background).toBe('#ffffff');
  });

  describe('guardWebContents', () => {
    function guarded() {
      const contents = new fake.FakeWebContents();
      guardWebContents(contents as never);
      const navigate = (name: string, url: string) => {
        const event = { url, preventDefault: vi.fn() };
        contents.emit(name, event, url);
        return event.preventDefault.mock.calls.length > 0;
      };
      return { contents, navigate };
    }

    test.each(['will-navigate', 'will-redirect'])('%s: stays on app://rapport, refuses every other place', (name) => {
      const { navigate } = guarded();
      expect(navigate(name, 'app://rapport/contacts')).toBe(false);
      for (const url of ['https://evil.example/', 'http://127.0.0.1:4837/', 'file:///etc/passwd', 'app://evil/', 'javascript:alert(1)', 'data:text/html,x', 'about:blank']) {
        expect(navigate(name, url), url).toBe(true);
      }
    });

    test('refuses to attach a webview', () => {
      const { contents } = guarded();
      const event = { preventDefault: vi.fn() };
      contents.emit('will-attach-webview', event, {}, {});
      expect(event.preventDefault).toHaveBeenCalled();
    });

    test('denies every new window; only an https link goes to the system browser', () => {
      const { contents } = guarded();
      const open = (url: string) => contents.openHandler?.({ url });
      for (const url of ['https://example.com/help', 'app://rapport/other', 'http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@example.com/']) {
        expect(open(url), url).toEqual({ action: 'deny' });
      }
      expect(fake.electron.shell.openExternal).toHaveBeenCalledTimes(1);
      expect(fake.electron.shell.openExternal).toHaveBeenCalledWith('https://example.com/help');
    });

    test('isExternalLink takes https only', () => {
      expect(isExternalLink('https://example.com')).toBe(true);
      for (const url of ['http://example.com', 'file:///x', 'mailto:a@b.c', 'ms-settings:', 'https://', 'nonsense']) expect(isExternalLink(url), url).toBe(false);
    });
  });

  describe('guardSession', () => {
    beforeEach(() => guardSession(fake.session as never));

    test('blocks every request that is not app:// or devtools://: the app makes no network request', () => {
      const decide = (url: string) => {
        let response: { cancel?: boolean } | undefined;
        fake.session.handlers.beforeRequest?.({ url }, (r: { cancel?: boolean }) => (response = r));
        return response?.cancel;
      };
      expect(decide('app://rapport/assets/index.js')).toBe(false);
      expect(decide('devtools://devtools/bundled/inspector.html')).toBe(false);
      for (const url of ['https://example.com/', 'http://127.0.0.1:4837/api/x', 'ws://127.0.0.1/', 'wss://example.com/', 'file:///etc/passwd', 'ftp://example.com/', 'chrome-extension://x/']) {
        expect(decide(url), url).toBe(true);
      }
      expect(isAllowedRequest('https://app://')).toBe(false);
    });

    test('grants notifications and nothing else, and no device', () => {
      const request = (permission: string) => {
        let granted: boolean | undefined;
        fake.session.handlers.request?.({}, permission, (g: boolean) => (granted = g), {});
        return granted;
      };
      expect(request('notifications')).toBe(true);
      for (const permission of ['media', 'geolocation', 'openExternal', 'clipboard-read', 'fullscreen', 'midiSysex', 'hid', 'unknown']) {
        expect(request(permission), permission).toBe(false);
      }
      expect(fake.session.handlers.check?.({}, 'notifications', 'app://rapport', {})).toBe(true);
      expect(fake.session.handlers.check?.({}, 'media', 'app://rapport', {})).toBe(false);
      expect(fake.session.handlers.device?.({})).toBe(false);
    });
  });

  test('the menu: edit roles always, reload and DevTools only while developing, a way to quit', () => {
    const roles = (template: ReturnType<typeof menuTemplate>): string[] =>
      template.flatMap((item) => [item.role ?? '', ...(Array.isArray(item.submenu) ? roles(item.submenu) : [])]).filter(Boolean) as string[];
    const packaged = roles(menuTemplate(true, 'linux'));
    expect(packaged).toContain('editMenu');
    expect(packaged).toContain('quit');
    expect(packaged).not.toContain('reload');
    expect(packaged).not.toContain('forceReload');
    expect(packaged).not.toContain('toggleDevTools');
    const developing = roles(menuTemplate(false, 'linux'));
    expect(developing).toEqual(expect.arrayContaining(['editMenu', 'reload', 'toggleDevTools', 'quit']));
    expect(roles(menuTemplate(true, 'darwin'))).toEqual(expect.arrayContaining(['appMenu', 'editMenu']));
  });
});

describe('the preload exposes exactly call and on', () => {
  async function loadPreload() {
    vi.resetModules();
    for (const key of Object.keys(fake.exposed)) delete fake.exposed[key];
    fake.ipcRenderer.listeners.clear();
    await import('../../electron/preload');
    expect(fake.electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    return fake.exposed.rapport as { call: (method: string, input: unknown) => Promise<unknown>; on: (listener: (event: unknown) => void) => () => void };
  }

  test('one key, window.rapport, with call and on and nothing else', async () => {
    const bridge = await loadPreload();
    expect(Object.keys(fake.exposed)).toEqual(['rapport']);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'on']);
    expect(typeof bridge.call).toBe('function');
    expect(typeof bridge.on).toBe('function');
  });

  test('call invokes the one call channel with the method and input', async () => {
    const bridge = await loadPreload();
    await expect(bridge.call('contacts.get', { id: 3 })).resolves.toEqual({ ok: true, value: 'answer' });
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith(IPC_CALL_CHANNEL, 'contacts.get', { id: 3 });
  });

  test('on passes only the payload to the listener, never the IPC event, and unsubscribes', async () => {
    const bridge = await loadPreload();
    const listener = vi.fn();
    const off = bridge.on(listener);
    const ipcEvent = { sender: { send: () => {} }, ports: [] };
    const payload = { name: 'changed', payload: { area: 'contacts' } };
    fake.ipcRenderer.emit(IPC_EVENT_CHANNEL, ipcEvent, payload);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([payload]);
    off();
    fake.ipcRenderer.emit(IPC_EVENT_CHANNEL, ipcEvent, payload);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(fake.ipcRenderer.listeners.get(IPC_EVENT_CHANNEL) ?? []).toHaveLength(0);
  });
});

describe('main: the composition root', () => {
  const startBackend = vi.fn();
  vi.doMock('../../electron/backend/host', async (importOriginal) => ({
    ...(await importOriginal<HostModule>()),
    startBackend,
  }));

  function fakeHost() {
    let release: () => void = () => {};
    const closed = new Promise<void>((resolve) => (release = resolve));
    return { host: { dataDir: '', call: vi.fn(), onEvent: vi.fn(() => () => {}), close: vi.fn(() => closed) }, release };
  }

  async function runMain() {
    vi.resetModules();
    const { APP_VERSION } = await import('../../electron/version');
    await import('../../electron/main');
    // Let app.whenReady() and the start of the back end settle.
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    return { APP_VERSION };
  }

  beforeEach(() => {
    vi.stubEnv('RAPPORT_DATA_DIR', '');
    fake.app.listeners.clear();
    fake.app.singleInstance = true;
    fake.app.isPackaged = false;
    fake.app.paths.set('userData', '/home/owner/.config/Rapport');
    fake.session.handlers = {};
    fake.windows.length = 0;
    startBackend.mockReset();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  test('starts the back end on userData in desktop mode, then wires the protocol, IPC, the session and one window', async () => {
    const { host } = fakeHost();
    startBackend.mockResolvedValue(host);
    const { APP_VERSION } = await runMain();
    expect(fake.app.name).toBe('Rapport');
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    expect(fake.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(startBackend).toHaveBeenCalledWith({
      dataDir: '/home/owner/.config/Rapport',
      mode: 'desktop',
      version: APP_VERSION,
      workerFile: path.join(root, 'electron', 'worker.cjs'),
    });
    expect(fake.electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(fake.electron.ipcMain.handle).toHaveBeenCalledWith(IPC_CALL_CHANNEL, expect.any(Function));
    expect(fake.session.handlers.beforeRequest).toBeTypeOf('function');
    expect(fake.electron.Menu.setApplicationMenu).toHaveBeenCalled();
    expect(fake.windows).toHaveLength(1);
    const window = fake.windows[0]!;
    expect(window.options.webPreferences.preload).toBe(path.join(root, 'electron', 'preload.cjs'));
    // Every web contents is guarded as it is created.
    expect(window.webContents.openHandler).toBeTypeOf('function');
    expect(window.webContents.listeners.get('will-navigate')).toHaveLength(1);
  });

  test('on quit, waits for the back end to close before letting the app go', async () => {
    const { host, release } = fakeHost();
    startBackend.mockResolvedValue(host);
    await runMain();
    const first = { preventDefault: vi.fn() };
    fake.app.listeners.get('before-quit')?.forEach((fn) => fn(first));
    expect(first.preventDefault).toHaveBeenCalled();
    expect(host.close).toHaveBeenCalledTimes(1);
    expect(fake.app.quit).not.toHaveBeenCalled();
    release();
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalledTimes(1));
    const second = { preventDefault: vi.fn() };
    fake.app.listeners.get('before-quit')?.forEach((fn) => fn(second));
    expect(second.preventDefault).not.toHaveBeenCalled();
    expect(host.close).toHaveBeenCalledTimes(1);
  });

  test.each([
    ['locked', 'Rapport is already open'],
    ['newer_book', 'This book needs a newer Rapport'],
    ['open_failed', 'Rapport could not start'],
  ] as const)('a %s book: a clear dialog, then quit, and no window', async (code, title) => {
    // Thrown from the host module main.ts loaded, so that instanceof holds as in the app.
    startBackend.mockImplementation(async () => {
      const { BackendStartError } = await import('../../electron/backend/host');
      throw new BackendStartError(code, `The back end says ${code}`);
    });
    await runMain();
    await vi.waitFor(() => expect(fake.electron.dialog.showErrorBox).toHaveBeenCalled());
    const [shownTitle, message] = fake.electron.dialog.showErrorBox.mock.calls[0] ?? [];
    expect(shownTitle).toBe(title);
    expect(message).toContain(`The back end says ${code}`);
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    expect(fake.windows).toHaveLength(0);
    expect(fake.electron.ipcMain.handle).not.toHaveBeenCalled();
  });

  test('a second instance quits at once and starts nothing', async () => {
    fake.app.singleInstance = false;
    await runMain();
    expect(fake.app.quit).toHaveBeenCalled();
    expect(startBackend).not.toHaveBeenCalled();
  });

  test('RAPPORT_DATA_DIR moves userData, as browser mode honours it', async () => {
    const { host } = fakeHost();
    startBackend.mockResolvedValue(host);
    vi.stubEnv('RAPPORT_DATA_DIR', '/tmp/rapport-book');
    await runMain();
    expect(startBackend.mock.calls[0]?.[0]).toMatchObject({ dataDir: path.resolve('/tmp/rapport-book') });
  });

  test('the worker runs from app.asar.unpacked when packaged', async () => {
    const { workerFileFor } = await import('../../electron/main');
    const dir = path.join('/opt', 'Rapport', 'resources', 'app.asar', 'out', 'electron');
    expect(workerFileFor(dir, true)).toBe(path.join('/opt', 'Rapport', 'resources', 'app.asar.unpacked', 'out', 'electron', 'worker.cjs'));
    expect(workerFileFor(dir, false)).toBe(path.join(dir, 'worker.cjs'));
  });

  test('userData is the folder browser mode computes on each OS', async () => {
    const { defaultDataDir } = await import('../../electron/data-dir');
    // Electron's userData is appData/<name>: ~/.config on Linux (XDG_CONFIG_HOME if set),
    // ~/Library/Application Support on macOS, %APPDATA% on Windows.
    expect(defaultDataDir('linux', {}, '/home/o')).toBe(path.join('/home/o', '.config', 'Rapport'));
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/o')).toBe(path.join('/x', 'Rapport'));
    expect(defaultDataDir('darwin', {}, '/Users/o')).toBe(path.join('/Users/o', 'Library', 'Application Support', 'Rapport'));
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\o\\AppData\\Roaming' }, 'C:\\Users\\o')).toBe(path.join('C:\\Users\\o\\AppData\\Roaming', 'Rapport'));
  });
});

describe('electron-builder.yml', () => {
  const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
  const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
    electronFuses: Record<string, boolean>;
    asarUnpack: string[];
    files: string[];
    linux: { target: string[]; files: string[]; category: string; icon: string };
    win: { target: string[]; files: string[] };
    mac: { target: string[]; files: string[] };
  };

  test('sets every fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  test('never rebuilds, unpacks better-sqlite3 and the worker, ships the build without maps or the bench', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**', 'out/electron/worker.cjs']));
    expect(config.files).toEqual(expect.arrayContaining(['out/**/*', 'package.json', '!out/**/*.map']));
    expect(config.files.some((p) => p.startsWith('!out/test'))).toBe(true);
    expect(config.appId).toBe('app.rapport.desktop');
    expect(config.productName).toBe('Rapport');
    expect((config.directories as { output: string }).output).toBe('release');
  });

  test('targets AppImage and deb, nsis, dmg, each with only its own better-sqlite3 binaries', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.linux.category).toBe('Office');
    expect(config.win.target).toContain('nsis');
    expect(config.mac.target).toContain('dmg');
    const prebuilds = fs.readdirSync(path.join(root, 'node_modules', 'better-sqlite3', 'prebuilds'));
    const excluded = (patterns: string[], name: string) =>
      patterns.some((p) => {
        const m = /^!node_modules\/better-sqlite3\/prebuilds\/\{([^}]+)\}-\*$/.exec(p);
        return m !== null && (m[1] ?? '').split(',').some((platform) => name.startsWith(`${platform}-`));
      });
    for (const [section, own] of [
      [config.linux, ['linux-', 'linuxmusl-']],
      [config.win, ['win32-']],
      [config.mac, ['darwin-']],
    ] as const) {
      for (const name of prebuilds) {
        const mine = own.some((prefix) => name.startsWith(prefix));
        expect(excluded(section.files, name), name).toBe(!mine);
      }
    }
  });

  test('the icon exists: an SVG and a 512x512 PNG', () => {
    const png = fs.readFileSync(path.join(root, config.linux.icon));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(512);
    expect(png.readUInt32BE(20)).toBe(512);
    expect(fs.readFileSync(path.join(root, 'resources', 'icon.svg'), 'utf8')).toContain('#2f6f5e');
  });
});

describe('npm start: Electron where it can run, browser mode where it cannot', () => {
  interface ElectronCheck {
    ok: boolean;
    binary?: string;
    reason?: string;
  }
  interface Availability {
    decideElectron(facts: { binary: string | null; binaryExists: boolean; platform: NodeJS.Platform; env: NodeJS.ProcessEnv }): ElectronCheck;
    locateElectronBinary(root: string, env?: NodeJS.ProcessEnv): string | null;
    checkElectron(root: string, options?: { platform?: NodeJS.Platform; env?: NodeJS.ProcessEnv }): ElectronCheck;
  }
  const load = async () => (await import(pathToFileURL(path.join(root, 'scripts', 'electron-available.mjs')).href)) as Availability;

  test('decides browser mode without a binary, or on Linux without a display', async () => {
    const { decideElectron } = await load();
    const missing = decideElectron({ binary: null, binaryExists: false, platform: 'linux', env: { DISPLAY: ':0' } });
    expect(missing.ok).toBe(false);
    expect(missing.reason).toMatch(/no Electron binary.*electron:fetch/);
    expect(decideElectron({ binary: '/e/electron', binaryExists: false, platform: 'darwin', env: {} }).ok).toBe(false);
    const headless = decideElectron({ binary: '/e/electron', binaryExists: true, platform: 'linux', env: {} });
    expect(headless.ok).toBe(false);
    expect(headless.reason).toMatch(/DISPLAY/);
    expect(decideElectron({ binary: '/e/electron', binaryExists: true, platform: 'linux', env: { DISPLAY: ':0' } })).toEqual({ ok: true, binary: '/e/electron' });
    expect(decideElectron({ binary: '/e/electron', binaryExists: true, platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' } }).ok).toBe(true);
    expect(decideElectron({ binary: '/e/electron', binaryExists: true, platform: 'darwin', env: {} }).ok).toBe(true);
    expect(decideElectron({ binary: 'C:\\e\\electron.exe', binaryExists: true, platform: 'win32', env: {} }).ok).toBe(true);
  });

  test('finds the binary the electron package names, without requiring it (no download attempt)', async () => {
    const { locateElectronBinary, checkElectron } = await load();
    const project = makeTempDir('rapport-start-');
    fs.writeFileSync(path.join(project, 'package.json'), '{"name":"p"}');
    expect(locateElectronBinary(project, {})).toBeNull();
    const pkg = path.join(project, 'node_modules', 'electron');
    fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), '{"name":"electron","main":"index.js"}');
    fs.writeFileSync(path.join(pkg, 'index.js'), 'throw new Error("must not be required")');
    expect(locateElectronBinary(project, {})).toBeNull();
    expect(checkElectron(project, { platform: 'linux', env: { DISPLAY: ':0' } }).ok).toBe(false);
    fs.writeFileSync(path.join(pkg, 'path.txt'), 'electron');
    expect(locateElectronBinary(project, {})).toBe(path.join(pkg, 'dist', 'electron'));
    expect(checkElectron(project, { platform: 'linux', env: { DISPLAY: ':0' } }).ok).toBe(false);
    fs.writeFileSync(path.join(pkg, 'dist', 'electron'), '');
    expect(checkElectron(project, { platform: 'linux', env: { DISPLAY: ':0' } })).toEqual({ ok: true, binary: path.join(pkg, 'dist', 'electron') });
    expect(checkElectron(project, { platform: 'linux', env: {} }).ok).toBe(false);
  });

  test('here, with no binary, start.mjs says so in one line and serves the app in the browser', async () => {
    const serveCli = path.join(root, 'out', 'electron', 'serve-cli.cjs');
    if (!fs.existsSync(serveCli) || !fs.existsSync(path.join(root, 'out', 'electron', 'worker.cjs'))) {
      throw new Error('Build first (npm run build): this test runs the built browser mode.');
    }
    const dataDir = makeTempDir('rapport-start-data-');
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs'), '--port', '0', '--data-dir', dataDir], {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: path.join(dataDir, 'no-electron-here'), DISPLAY: ':0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onCleanup(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await vi.waitFor(() => expect(stdout).toContain('Rapport is running at http://127.0.0.1:'), { timeout: 30_000, interval: 100 });
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^Electron can't run here \(no Electron binary; fetch it with `npm run electron:fetch`\) — serving Rapport in your browser instead\.$/);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
