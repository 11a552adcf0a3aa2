import { create } from 'zustand';
import type { ApiError, ContactInsight, EventMap, SampleStatus, TodayView } from '../../shared/contract/index';
import { api } from '../api/client';
import { useFollowUpsStore } from './follow-ups-store';
import { useReferralsStore } from './referrals-store';

/** How many rows Today shows first, and how many more each "Show more" adds. */
export const TODAY_PAGE = 50;

/** Every area whose change can move someone on or off Today, or change a contact's figures. */
const FIGURE_AREAS: ReadonlySet<EventMap['changed']['area']> = new Set(['records', 'followUps', 'referrals', 'contacts', 'settings', 'figures', 'sample']);
export const changesFigures = (area: EventMap['changed']['area']): boolean => FIGURE_AREAS.has(area);

/** Several writes in a burst (a sample load emits seven events) make one reload. */
const COALESCE_MS = 120;

interface TodaySlice {
  view: TodayView | null;
  limit: number;
  error: ApiError | null;
  /** Whether the book has contacts and can take the sample business, for the empty state. */
  sample: SampleStatus | null;
  /** The row the keyboard is on (j/k, arrows). */
  cursor: number;
  /** Reasons acted on (a follow-up done, a thank-you sent) that hide until the next load confirms it. */
  hidden: string[];
  load(): Promise<void>;
  /** Coalesces reloads asked for by 'changed' events. */
  scheduleLoad(): void;
  showMore(): Promise<void>;
  setCursor(index: number): void;
  completeFollowUp(followUpId: number): Promise<boolean>;
  markThanked(referralId: number): Promise<boolean>;
}

interface ContactSlice {
  /** The figures of the contact page on screen. */
  contact: { id: number; insight: ContactInsight | null; error: ApiError | null; readAt: number } | null;
  loadContact(id: number): Promise<void>;
  scheduleContactLoad(): void;
  closeContact(id: number): void;
}

export type TodayState = TodaySlice & ContactSlice;

let loadSeq = 0;
let contactSeq = 0;
let pending: ReturnType<typeof setTimeout> | null = null;
let contactPending: ReturnType<typeof setTimeout> | null = null;

/** The key of a reason someone acted on, to hide it at once. */
export const reasonKey = (kind: 'followUp' | 'thankReferral', id: number): string => `${kind}:${id}`;

export const useTodayStore = create<TodayState>((set, get) => ({
  view: null,
  limit: TODAY_PAGE,
  error: null,
  sample: null,
  cursor: 0,
  hidden: [],

  async load() {
    const seq = ++loadSeq;
    const [today, sample] = await Promise.all([api().call('today.get', { limit: get().limit }), api().call('sample.status', {})]);
    if (seq !== loadSeq) return;
    if (!today.ok) {
      set({ error: today.error });
      return;
    }
    const cursor = Math.min(get().cursor, Math.max(today.value.items.length - 1, 0));
    set({ view: today.value, error: null, sample: sample.ok ? sample.value : get().sample, cursor, hidden: [] });
  },

  scheduleLoad() {
    if (pending) clearTimeout(pending);
    pending = setTimeout(() => {
      pending = null;
      void get().load();
    }, COALESCE_MS);
  },

  async showMore() {
    set({ limit: Math.min(500, get().limit + TODAY_PAGE) });
    await get().load();
  },

  setCursor(index) {
    const n = get().view?.items.length ?? 0;
    set({ cursor: Math.max(0, Math.min(index, n - 1)) });
  },

  async completeFollowUp(followUpId) {
    const key = reasonKey('followUp', followUpId);
    set({ hidden: [...get().hidden, key] });
    const result = await useFollowUpsStore.getState().complete(followUpId);
    if (!result.ok) set({ hidden: get().hidden.filter((k) => k !== key) });
    get().scheduleLoad();
    return result.ok;
  },

  async markThanked(referralId) {
    const key = reasonKey('thankReferral', referralId);
    set({ hidden: [...get().hidden, key] });
    const ok = await useReferralsStore.getState().markThanked(referralId);
    if (!ok) set({ hidden: get().hidden.filter((k) => k !== key) });
    get().scheduleLoad();
    return ok;
  },

  contact: null,

  async loadContact(id) {
    const seq = ++contactSeq;
    if (get().contact?.id !== id) set({ contact: { id, insight: null, error: null, readAt: Date.now() } });
    const result = await api().call('figures.contact', { id });
    if (seq !== contactSeq || get().contact?.id !== id) return;
    // readAt: the instant "12 days ago" is counted from (asOf is when the stored sums were last refreshed).
    const readAt = Date.now();
    set({ contact: result.ok ? { id, insight: result.value, error: null, readAt } : { id, insight: get().contact?.insight ?? null, error: result.error, readAt } });
  },

  scheduleContactLoad() {
    if (contactPending) clearTimeout(contactPending);
    contactPending = setTimeout(() => {
      contactPending = null;
      const id = get().contact?.id;
      if (id !== undefined) void get().loadContact(id);
    }, COALESCE_MS);
  },

  closeContact(id) {
    if (get().contact?.id === id) set({ contact: null });
  },
}));

export const todaySelectors = {
  /** The book has no contact of its own yet: Today teaches instead of listing. */
  bookEmpty: (s: TodayState) => s.sample !== null && s.sample.contacts === 0,
  selectedId: (s: TodayState) => s.view?.items[s.cursor]?.id ?? null,
};
