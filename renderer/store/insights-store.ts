import { create } from 'zustand';
import type { ApiError, EventMap, InsightsView, SampleStatus } from '../../shared/contract/index';
import { api } from '../api/client';

/** Every area whose change moves a chart (follow-ups and the running timer move none). */
const CHART_AREAS: ReadonlySet<EventMap['changed']['area']> = new Set(['records', 'referrals', 'contacts', 'settings', 'figures', 'sample']);
export const changesInsights = (area: EventMap['changed']['area']): boolean => CHART_AREAS.has(area);

/** Several writes in a burst (a sample load emits seven events) make one reload. */
const COALESCE_MS = 150;

interface ViewSlice {
  view: InsightsView | null;
  /** A load is under way (the first, or a reload after a change). */
  loading: boolean;
  error: ApiError | null;
  /** Whether the book has contacts of its own and can take the sample, for the empty state. */
  sample: SampleStatus | null;
  load(): Promise<void>;
  scheduleLoad(): void;
}

interface ScatterSlice {
  /** The scatter's axes: arcsinh (log-like, zero and refunds included) or linear. */
  logScale: boolean;
  setLogScale(log: boolean): void;
  /** Contact names for the scatter's hover, read once each (the columns carry ids only). */
  names: Record<number, string>;
  loadName(id: number): Promise<void>;
}

export type InsightsState = ViewSlice & ScatterSlice;

let loadSeq = 0;
let pending: ReturnType<typeof setTimeout> | null = null;
const asked = new Set<number>();

export const useInsightsStore = create<InsightsState>((set, get) => ({
  view: null,
  loading: false,
  error: null,
  sample: null,

  async load() {
    const seq = ++loadSeq;
    set({ loading: true });
    const [insights, sample] = await Promise.all([api().call('insights.get', {}), api().call('sample.status', {})]);
    if (seq !== loadSeq) return;
    if (!insights.ok) {
      set({ loading: false, error: insights.error });
      return;
    }
    // Names may have changed with the book: the hover asks again.
    asked.clear();
    set({ view: insights.value, loading: false, error: null, sample: sample.ok ? sample.value : get().sample, names: {} });
  },

  scheduleLoad() {
    if (pending) clearTimeout(pending);
    pending = setTimeout(() => {
      pending = null;
      void get().load();
    }, COALESCE_MS);
  },

  logScale: true,
  setLogScale(logScale) {
    set({ logScale });
  },

  names: {},
  async loadName(id) {
    if (asked.has(id)) return;
    asked.add(id);
    const result = await api().call('contacts.get', { id });
    if (result.ok) set({ names: { ...get().names, [id]: result.value.name } });
    else asked.delete(id);
  },
}));

export const insightsSelectors = {
  /** No contact at all: the screen teaches instead of charting. */
  bookEmpty: (s: InsightsState) => s.view !== null && s.view.business.contacts === 0,
  /** The sample business can load into this book. */
  canLoadSample: (s: InsightsState) => s.sample?.canLoad === true,
};
