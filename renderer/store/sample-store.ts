import { create } from 'zustand';
import type { ApiError, SampleKind, SampleStatus } from '../../shared/contract/index';
import { api } from '../api/client';
import { useContactsStore } from './contacts-store';
import { toast } from './toast-store';

export const SAMPLE_LABELS: Record<SampleKind, { name: string; button: string }> = {
  cafe: { name: 'the sample café', button: 'Load a sample café' },
  consultancy: { name: 'the sample consultancy', button: 'Load a sample consultancy' },
};

export interface SampleProgress {
  kind: SampleKind;
  done: number;
  total: number;
  label: string;
}

interface SampleState {
  status: SampleStatus | null;
  /** A load under way, with what the back end last reported of it. */
  loading: SampleProgress | null;
  removing: boolean;
  error: ApiError | null;
  refresh(): Promise<void>;
  /**
   * Loads a sample. `before` runs first, under the same progress bar (the first-run screen saves
   * the currency there); when it says no, nothing is loaded.
   */
  load(kind: SampleKind, before?: () => Promise<boolean>): Promise<boolean>;
  remove(): Promise<boolean>;
}

/** The contacts list and its filters show another book now. */
function refreshBook(): void {
  const contacts = useContactsStore.getState();
  contacts.reload();
  void contacts.loadFacets();
}

const plural = (n: number, one: string, many: string) => (n === 1 ? `1 ${one}` : `${n.toLocaleString()} ${many}`);

export const useSampleStore = create<SampleState>((set, get) => ({
  status: null,
  loading: null,
  removing: false,
  error: null,
  async refresh() {
    const result = await api().call('sample.status', {});
    if (result.ok) set({ status: result.value, error: null });
    else set({ error: result.error });
  },
  async load(kind, before) {
    if (get().loading || get().removing) return false;
    set({ loading: { kind, done: 0, total: 1, label: 'Getting ready' }, error: null });
    const off = api().on('progress', (p) => {
      if (p.task !== 'sample' || !get().loading) return;
      set({ loading: { kind, done: p.done, total: Math.max(1, p.total), label: p.label } });
    });
    try {
      if (before && !(await before())) return false;
      const result = await api().call('sample.load', { kind });
      if (!result.ok) {
        set({ error: result.error });
        toast(result.error.message, { tone: 'error' });
        return false;
      }
      set({ status: result.value });
      refreshBook();
      toast(`Loaded ${SAMPLE_LABELS[kind].name}: ${plural(result.value.contacts, 'contact', 'contacts')} with two years of history. Remove it in Settings when you are done.`, { timeoutMs: 8000 });
      return true;
    } finally {
      off();
      set({ loading: null });
    }
  },
  async remove() {
    if (get().loading || get().removing) return false;
    const kind = get().status?.loaded;
    set({ removing: true, error: null });
    try {
      const result = await api().call('sample.remove', {});
      if (!result.ok) {
        set({ error: result.error });
        toast(result.error.message, { tone: 'error' });
        void get().refresh();
        return false;
      }
      set({ status: result.value });
      refreshBook();
      toast(`Removed ${kind ? SAMPLE_LABELS[kind].name : 'the sample business'} for good`);
      return true;
    } finally {
      set({ removing: false });
    }
  },
}));

export const sampleSelectors = {
  busy: (s: SampleState) => s.loading !== null || s.removing,
};
