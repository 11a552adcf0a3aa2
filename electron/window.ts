import { BrowserWindow, Menu, nativeTheme, shell, type MenuItemConstructorOptions, type Session, type WebContents } from 'electron';
import { APP_START_URL, isAppUrl } from './protocol';

/** The page's own background (renderer/styles.css --surface), so no white flash in dark mode. */
export const backgroundColor = (dark: boolean): string => (dark ? '#171a19' : '#ffffff');

export interface MainWindowOptions {
  /** The built, bundled preload (out/electron/preload.cjs). */
  preloadFile: string;
  /** DevTools only while developing; a packaged app has none. */
  devTools: boolean;
}

/** The one window: isolated, sandboxed, no Node, showing app://rapport/ once it is painted. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'Rapport',
    backgroundColor: backgroundColor(nativeTheme.shouldUseDarkColors),
    webPreferences: {
      preload: options.preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // A middle click would open a window: refused anyway (setWindowOpenHandler), off at the source.
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Chromium's spellchecker downloads dictionaries: the app makes no network request.
      spellcheck: false,
      devTools: options.devTools,
    },
  });
  const followTheme = () => {
    if (!window.isDestroyed()) window.setBackgroundColor(backgroundColor(nativeTheme.shouldUseDarkColors));
  };
  nativeTheme.on('updated', followTheme);
  window.once('closed', () => nativeTheme.off('updated', followTheme));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_START_URL);
  return window;
}

/** Only an https link leaves the app, and then in the system browser, never in a window of ours. */
export function isExternalLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname !== '' && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}

/**
 * Hands an https link to the system browser. Reviewed for the audit's openExternal check: nothing
 * but an https URL (isExternalLink) reaches the call, so no file:, smb: or custom scheme runs.
 */
export function openInBrowser(url: string): void {
  if (!isExternalLink(url)) return;
  void shell.openExternal(url).catch(() => {}); // eng-disable OPEN_EXTERNAL_JS_CHECK
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Every web contents stays on app://rapport: navigation and redirects elsewhere are refused, new
 * windows are denied (an https link opens in the system browser instead), no <webview>.
 */
export function guardWebContents(contents: GuardedContents): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowser(url);
    return { action: 'deny' };
  });
}

/** The only requests the app makes: its own files, and DevTools while developing. */
export function isAllowedRequest(url: string): boolean {
  return url.startsWith('app://') || url.startsWith('devtools://');
}

export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

type GuardedSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onBeforeRequest'>;
};

/** No permission but notifications, no device access, and no request leaves the machine. */
export function guardSession(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission)));
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
}

/** Edit roles so copy and paste work; reload and DevTools only while developing. */
export function menuTemplate(isPackaged: boolean, platform: NodeJS.Platform = process.platform): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const developing: MenuItemConstructorOptions[] = isPackaged ? [] : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  return [
    ...(isMac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [...developing, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'windowMenu' },
  ];
}

export function installMenu(isPackaged: boolean): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(isPackaged)));
}
