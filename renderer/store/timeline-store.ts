import { create } from 'zustand';
import type { ApiError, MethodInput, MethodName, Result, TimelineItem, TimelineKind } from '../../shared/contract/index';
import { api } from '../api/client';
import { toast } from './toast-store';
import type { RecordKind } from './ui-store';

export const TIMELINE_PAGE = 50;

/** The API area that owns each kind on the timeline (its `<area>.delete` and `<area>.restore`). */
export const AREA_OF: Record<TimelineKind, 'interactions' | 'purchases' | 'notes' | 'nps' | 'timeEntries' | 'followUps' | 'referrals'> = {
  interaction: 'interactions',
  purchase: 'purchases',
  note: 'notes',
  nps: 'nps',
  time: 'timeEntries',
  followUp: 'followUps',
  referralMade: 'referrals',
  referralReceived: 'referrals',
};

/** The record form that edits each kind on the timeline. */
export const EDITOR_OF: Record<TimelineKind, RecordKind> = {
  interaction: 'interaction',
  purchase: 'purchase',
  note: 'note',
  nps: 'nps',
  time: 'timeEntry',
  followUp: 'followUp',
  referralMade: 'referral',
  referralReceived: 'referral',
};

const NOUN: Record<TimelineKind, string> = {
  interaction: 'interaction',
  purchase: 'purchase',
  note: 'note',
  nps: 'NPS answer',
  time: 'time entry',
  followUp: 'follow-up',
  referralMade: 'referral',
  referralReceived: 'referral',
};

interface TimelineState {
  contactId: number | null;
  items: TimelineItem[];
  total: number;
  lastInteractionAt: number | null;
  /** When the timeline was last read: "N days ago" counts from here. */
  readAt: number;
  loading: boolean;
  error: ApiError | null;
  /** Shows a contact's timeline from its first page. */
  load(contactId: number): Promise<void>;
  /** Appends the next page. */
  loadMore(): Promise<void>;
  /** Reads again as many items as are shown (after any change to the book). */
  refresh(): Promise<void>;
  /** Moves a record to the trash, with Undo in the toast. */
  remove(item: TimelineItem): Promise<void>;
  /** Saves one of the kinds this timeline's forms edit; refreshes on success. */
  save<M extends SaveMethod>(method: M, input: MethodInput<M>): Promise<Result<unknown>>;
}

export type SaveMethod = Extract<MethodName, `${'interactions' | 'purchases' | 'notes' | 'nps'}.${'create' | 'update'}`>;

let seq = 0;

export const useTimelineStore = create<TimelineState>((set, get) => {
  async function fetchPage(contactId: number, offset: number, limit: number) {
    return api().call('contacts.timeline', { contactId, offset, limit });
  }
  return {
    contactId: null,
    items: [],
    total: 0,
    lastInteractionAt: null,
    readAt: Date.now(),
    loading: false,
    error: null,
    async load(contactId) {
      const mine = ++seq;
      const same = get().contactId === contactId;
      set(same ? { loading: true } : { contactId, items: [], total: 0, lastInteractionAt: null, loading: true, error: null });
      const result = await fetchPage(contactId, 0, TIMELINE_PAGE);
      if (mine !== seq) return;
      if (!result.ok) return set({ loading: false, error: result.error });
      set({ items: result.value.items, total: result.value.total, lastInteractionAt: result.value.lastInteractionAt, readAt: Date.now(), loading: false, error: null });
    },
    async loadMore() {
      const { contactId, items, total, loading } = get();
      if (contactId === null || loading || items.length >= total) return;
      const mine = ++seq;
      set({ loading: true });
      const result = await fetchPage(contactId, items.length, TIMELINE_PAGE);
      if (mine !== seq) return;
      if (!result.ok) return set({ loading: false, error: result.error });
      set({ items: [...items, ...result.value.items], total: result.value.total, lastInteractionAt: result.value.lastInteractionAt, readAt: Date.now(), loading: false });
    },
    async refresh() {
      const { contactId, items } = get();
      if (contactId === null) return;
      const mine = ++seq;
      const limit = Math.min(200, Math.max(TIMELINE_PAGE, items.length));
      const result = await fetchPage(contactId, 0, limit);
      if (mine !== seq) return;
      if (!result.ok) return set({ error: result.error });
      set({ items: result.value.items, total: result.value.total, lastInteractionAt: result.value.lastInteractionAt, readAt: Date.now(), error: null });
    },
    async remove(item) {
      const area = AREA_OF[item.kind];
      const id = item.record.id;
      // Optimistic: the row leaves at once, and comes back if the back end says no.
      set({ items: get().items.filter((i) => !(AREA_OF[i.kind] === area && i.record.id === id)), total: Math.max(0, get().total - 1) });
      const result = await api().call(`${area}.delete` as 'interactions.delete', { id });
      if (!result.ok) {
        toast(result.error.message, { tone: 'error' });
        await get().refresh();
        return;
      }
      await get().refresh();
      toast(`Moved the ${NOUN[item.kind]} to the trash`, {
        action: {
          label: 'Undo',
          run: () => {
            void api()
              .call(`${area}.restore` as 'interactions.restore', { id })
              .then((restored) => {
                if (!restored.ok) toast(restored.error.message, { tone: 'error' });
                return get().refresh();
              });
          },
        },
      });
    },
    async save(method, input) {
      const result = (await api().call(method, input as never)) as Result<unknown>;
      if (result.ok) await get().refresh();
      return result;
    },
  };
});

type RecordOf<K extends TimelineKind> = { [T in TimelineItem as T['kind']]: T['record'] }[K];

export const timelineSelectors = {
  /** A record shown on the timeline, by the form kind that edits it and its id. */
  find:
    <K extends TimelineKind>(kind: K, id: number | null) =>
    (s: TimelineState): RecordOf<K> | null => {
      if (id === null) return null;
      const item = s.items.find((i) => i.kind === kind && i.record.id === id);
      return item ? (item.record as unknown as RecordOf<K>) : null;
    },
  hasMore: (s: TimelineState) => s.items.length < s.total,
};
