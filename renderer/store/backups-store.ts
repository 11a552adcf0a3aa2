import { create } from 'zustand';
import type { ApiError, BackupFile, BackupSchedule, BackupsView, BookSwap } from '../../shared/contract/index';
import { api } from '../api/client';
import { CHUNKED_ABOVE, discardSentFile, saveDownload, sendFile, UploadFailed, type SentFile } from '../files';
import { showSending } from './import-store';
import { useProgressStore } from './progress-store';
import { toast } from './toast-store';

/**
 * A whole book swapped in (a restore, an import) makes every window reload. The report of it is
 * kept by the back end (`backups.list` → lastSwap); this flag, set just before the call, says that
 * this window asked for it, so the card shows the report once after the reload.
 */
const PENDING_SWAP = 'rapport.pendingSwap';

function markPending(kind: BookSwap['kind']): void {
  try {
    sessionStorage.setItem(PENDING_SWAP, kind);
  } catch {
    // Storage refused (private mode): the report is simply not shown after the reload.
  }
}
function takePending(): BookSwap['kind'] | null {
  try {
    const kind = sessionStorage.getItem(PENDING_SWAP);
    sessionStorage.removeItem(PENDING_SWAP);
    return kind === 'restore' || kind === 'import' ? kind : null;
  } catch {
    return null;
  }
}

interface BackupsState {
  view: BackupsView | null;
  error: ApiError | null;
  /** What is under way: one long task at a time from this screen. */
  busy: 'backup' | 'restore' | 'export' | 'import' | null;
  /** The swap this window asked for, shown after the reload. */
  report: BookSwap | null;
  load(): Promise<void>;
  backUpNow(): Promise<BackupFile | null>;
  restore(file: string): Promise<ApiError | null>;
  remove(file: string): Promise<ApiError | null>;
  setSchedule(patch: Partial<BackupSchedule>): Promise<ApiError | null>;
  exportJson(): Promise<void>;
  /** Sends the picked file (in chunks when big, with its progress) and puts it in place of the book. */
  importJson(file: File, mode: 'replace' | 'new'): Promise<ApiError | null>;
  dismissReport(): void;
}

/** The "Your data" screen's backups and whole-book JSON: one store, since both swap the book. */
export const useBackupsStore = create<BackupsState>((set, get) => ({
  view: null,
  error: null,
  busy: null,
  report: null,

  async load() {
    const pending = get().view === null ? takePending() : null;
    const result = await api().call('backups.list', {});
    if (!result.ok) return set({ error: result.error });
    const swap = result.value.lastSwap;
    set({ view: result.value, error: null, ...(pending && swap && swap.kind === pending ? { report: swap } : {}) });
  },

  async backUpNow() {
    if (get().busy) return null;
    set({ busy: 'backup' });
    useProgressStore.getState().begin('backup', 'Copying the book');
    try {
      const result = await api().call('backups.now', {});
      if (!result.ok) {
        toast(result.error.message, { tone: 'error' });
        return null;
      }
      toast(`Backed up: ${result.value.file}`);
      await get().load();
      return result.value;
    } finally {
      useProgressStore.getState().end('backup');
      set({ busy: null });
    }
  },

  async restore(file) {
    if (get().busy) return null;
    set({ busy: 'restore' });
    useProgressStore.getState().begin('restore', 'Checking the backup');
    markPending('restore');
    try {
      const result = await api().call('backups.restore', { file });
      if (!result.ok) {
        takePending();
        return result.error;
      }
      // The 'book' event reloads the window; until it arrives, show the report here.
      set({ report: result.value });
      return null;
    } finally {
      useProgressStore.getState().end('restore');
      set({ busy: null });
    }
  },

  async remove(file) {
    const result = await api().call('backups.delete', { file });
    if (!result.ok) return result.error;
    toast(`Deleted the backup ${file}`);
    await get().load();
    return null;
  },

  async setSchedule(patch) {
    const result = await api().call('backups.schedule', patch);
    if (!result.ok) return result.error;
    const view = get().view;
    if (view) set({ view: { ...view, schedule: result.value } });
    return null;
  },

  async exportJson() {
    if (get().busy) return;
    set({ busy: 'export' });
    useProgressStore.getState().begin('export-json', 'Writing the book out');
    try {
      const result = await api().call('book.exportJson', {});
      if (!result.ok) {
        toast(result.error.message, { tone: 'error' });
        return;
      }
      saveDownload(result.value);
      toast(`Exported the whole book (${result.value.count.toLocaleString()} ${result.value.count === 1 ? 'contact' : 'contacts'}) as ${result.value.fileName}`);
    } finally {
      useProgressStore.getState().end('export-json');
      set({ busy: null });
    }
  },

  async importJson(picked, mode) {
    if (get().busy) return null;
    set({ busy: 'import' });
    useProgressStore.getState().begin('import-json', picked.size > CHUNKED_ABOVE ? 'Sending the file' : 'Reading the file');
    try {
      const file: SentFile | ApiError = await sendFile(picked, (done, total) => showSending('import-json', done, total)).catch((err: unknown) =>
        err instanceof UploadFailed ? err.error : { code: 'invalid_input', message: 'The file could not be read.' },
      );
      if ('code' in file) return file;
      useProgressStore.getState().begin('import-json', 'Reading the file');
      markPending('import');
      const result = await api().call('book.importJson', { file, mode });
      if (!result.ok) {
        takePending();
        // The owner picks again (or another mode): this upload is not needed any more.
        discardSentFile(file);
        return result.error;
      }
      set({ report: result.value });
      return null;
    } finally {
      useProgressStore.getState().end('import-json');
      set({ busy: null });
    }
  },

  dismissReport() {
    set({ report: null });
  },
}));

let listening = false;
/** Keeps the list current when another window backs up or deletes. */
export function listenToBackups(): () => void {
  if (listening) return () => {};
  listening = true;
  const off = api().on('changed', (e) => {
    if (e.area === 'backups' && useBackupsStore.getState().view) void useBackupsStore.getState().load();
  });
  return () => {
    listening = false;
    off();
  };
}
