// The composition root of the desktop app: one instance, one back end in a worker thread, one
// locked-down window on app://rapport/. Everything with a rule to keep lives in ipc.ts,
// protocol.ts and window.ts, where it is tested; this file only wires them together.
import path from 'node:path';
import { app, dialog, session, type BrowserWindow } from 'electron';
import { BackendStartError, startBackend, type BackendHost } from './backend/host';
import { APP_NAME } from './data-dir';
import { watchIdle } from './idle';
import { bindApiToIpcMain, forwardEvents } from './ipc';
import { showReminderNotifications } from './notifications';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { APP_VERSION } from './version';
import { createMainWindow, guardSession, guardWebContents, installMenu } from './window';

/** The worker runs from outside the asar: Node's worker threads cannot load a file inside it. */
export function workerFileFor(dir: string, isPackaged: boolean): string {
  const file = path.join(dir, 'worker.cjs');
  return isPackaged ? file.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`) : file;
}

/** What the owner reads when the back end cannot open the book. */
export function startErrorMessage(err: unknown): { title: string; message: string } {
  if (err instanceof BackendStartError && err.code === 'locked') return { title: 'Rapport is already open', message: err.message };
  if (err instanceof BackendStartError && (err.code === 'read_only' || err.code === 'disk_full')) {
    return { title: err.code === 'disk_full' ? 'The disk is full' : 'Rapport cannot write its data', message: err.message };
  }
  if (err instanceof BackendStartError && err.code === 'newer_book') {
    return { title: 'This book needs a newer Rapport', message: `${err.message}\n\nInstall the latest Rapport to open it; the book was not changed.` };
  }
  return { title: 'Rapport could not start', message: err instanceof Error ? err.message : String(err) };
}

function main(): void {
  // Every file this process writes (the book, its WAL, backups, exports saved through the window)
  // is readable by its owner only; the worker thread shares the process's mask.
  process.umask(0o077);
  app.setName(APP_NAME);
  // The same override browser mode honours (data-dir.ts), so both modes can share a test folder.
  if (process.env.RAPPORT_DATA_DIR) app.setPath('userData', path.resolve(process.env.RAPPORT_DATA_DIR));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();
  registerAppScheme();

  const rendererDir = path.join(__dirname, '..', 'renderer');
  let host: BackendHost | null = null;
  let window: BrowserWindow | null = null;
  let closed = false;

  const openWindow = (backend: BackendHost) => {
    const opened = createMainWindow({ preloadFile: path.join(__dirname, 'preload.cjs'), devTools: !app.isPackaged });
    forwardEvents(backend, opened.webContents);
    opened.once('closed', () => {
      if (window === opened) window = null;
    });
    window = opened;
  };

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!window && host) openWindow(host);
  });
  app.on('before-quit', (event) => {
    if (!host || closed) return;
    event.preventDefault();
    const closing = host;
    host = null;
    void closing
      .close()
      .catch(() => {})
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  void app.whenReady().then(async () => {
    guardSession(session.defaultSession);
    handleAppProtocol(rendererDir);
    let backend: BackendHost;
    try {
      backend = await startBackend({
        dataDir: app.getPath('userData'),
        mode: 'desktop',
        version: APP_VERSION,
        workerFile: workerFileFor(__dirname, app.isPackaged),
      });
    } catch (err) {
      const { title, message } = startErrorMessage(err);
      dialog.showErrorBox(title, message);
      app.exit(1);
      return;
    }
    host = backend;
    showReminderNotifications(backend, () => window);
    bindApiToIpcMain(backend);
    installMenu(app.isPackaged);
    openWindow(backend);
    watchIdle(backend, { window: () => window });
  });
}

main();
