import { create } from 'zustand';
import type { ApiError, BookStatus, CheckedBackup } from '../../shared/contract/index';
import { api } from '../api/client';
import { useProgressStore } from './progress-store';

const SEEN_NOTICE = 'rapport.seenNotice';

function noticeSeen(at: number): boolean {
  try {
    return sessionStorage.getItem(SEEN_NOTICE) === String(at);
  } catch {
    return false;
  }
}

interface BookState {
  /** Null until the first answer. */
  status: BookStatus | null;
  error: ApiError | null;
  /** The backups checked newest first until one passed (null until asked). */
  checked: { checked: CheckedBackup[]; good: CheckedBackup | null } | null;
  busy: 'checking' | 'recovering' | null;
  /** The notice of an interrupted restore or import, until the owner has read it. */
  notice: BookStatus['notice'];
  load(): Promise<void>;
  checkBackups(): Promise<void>;
  /** Puts a backup (or, with null, a new empty book) in place of the unusable one. */
  recover(file: string | null): Promise<ApiError | null>;
  dismissNotice(): void;
}

/**
 * The book itself: whether it could be opened (the app shows the recovery screen instead of its
 * screens when it could not), and what a crash during a restore or an import left behind.
 */
export const useBookStore = create<BookState>((set, get) => ({
  status: null,
  error: null,
  checked: null,
  busy: null,
  notice: null,

  async load() {
    const result = await api().call('book.status', {});
    if (!result.ok) return set({ error: result.error });
    const notice = result.value.notice && !noticeSeen(result.value.notice.at) ? result.value.notice : null;
    set({ status: result.value, error: null, notice });
  },

  async checkBackups() {
    if (get().busy) return;
    set({ busy: 'checking' });
    useProgressStore.getState().begin('check-backups', 'Checking your backups');
    try {
      const result = await api().call('book.checkBackups', {});
      if (!result.ok) return set({ error: result.error });
      set({ checked: result.value, error: null });
    } finally {
      useProgressStore.getState().end('check-backups');
      set({ busy: null });
    }
  },

  async recover(file) {
    if (get().busy) return null;
    set({ busy: 'recovering' });
    useProgressStore.getState().begin('recover', file ? 'Checking the backup' : 'Starting a new book');
    try {
      const result = await api().call('book.recover', { file });
      if (!result.ok) return result.error;
      // The back end announces the new book ('changed: book'), and the app starts afresh on it.
      window.location.reload();
      return null;
    } finally {
      useProgressStore.getState().end('recover');
      set({ busy: null });
    }
  },

  dismissNotice() {
    const notice = get().notice;
    if (notice) {
      try {
        sessionStorage.setItem(SEEN_NOTICE, String(notice.at));
      } catch {
        // Storage refused: it shows again after a reload, which is harmless.
      }
    }
    set({ notice: null });
  },
}));
