import { create } from 'zustand';
import type {
  FollowUp,
  FollowUpCompleted,
  FollowUpCounts,
  MethodInput,
  Result,
} from '../../shared/contract/index';
import { api } from '../api/client';
import { toast } from './toast-store';

export type OpenBucket = 'overdue' | 'today' | 'upcoming';
export interface Section {
  total: number;
  items: FollowUp[];
}
const EMPTY: Section = { total: 0, items: [] };
/** How many done ones the screen shows before "Show more". */
export const DONE_PAGE = 5;

interface ListSlice {
  overdue: Section;
  today: Section;
  upcoming: Section;
  done: Section;
  doneLimit: number;
  loaded: boolean;
  /** When the lists were loaded: the screen's words (today, 3 days overdue) are relative to it. */
  loadedAt: number;
  /** The screen is open: 'changed' events reload its lists, not only the counts. */
  viewOpen: boolean;
  setViewOpen(open: boolean): void;
  load(): Promise<void>;
  showMoreDone(): Promise<void>;
}

interface CountSlice {
  counts: FollowUpCounts | null;
  loadCounts(): Promise<void>;
  /** After a change anywhere: counts always, lists when the screen is open. */
  refresh(): Promise<void>;
}

interface WriteSlice {
  create(input: MethodInput<'followUps.create'>): Promise<Result<FollowUp>>;
  update(input: MethodInput<'followUps.update'>): Promise<Result<FollowUp>>;
  complete(id: number): Promise<Result<FollowUpCompleted>>;
  reopen(id: number): Promise<Result<FollowUp>>;
  snooze(id: number, until: number): Promise<Result<FollowUp>>;
  remove(id: number): Promise<boolean>;
  restore(id: number): Promise<boolean>;
  /** One follow-up for the edit form: from the lists when loaded, else from the back end. */
  find(id: number, contactId: number | null): Promise<FollowUp | null>;
}

type FollowUpsState = ListSlice & CountSlice & WriteSlice;

let loadSeq = 0;

/** The day of an instant in the words of the owner's locale: "Tue 1 Dec". */
export const formatDayOf = (at: number | Date, locale?: string): string =>
  new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short' }).format(at);

/** A local date (YYYY-MM-DD) in the words of the owner's locale: "Tue 1 Dec". */
export const formatDay = (dueDate: string, locale?: string): string => {
  const [y, m, d] = dueDate.split('-').map(Number) as [number, number, number];
  return formatDayOf(new Date(y, m - 1, d), locale);
};

async function afterWrite<T>(get: () => FollowUpsState, result: Result<T>): Promise<Result<T>> {
  if (result.ok) await get().refresh();
  return result;
}

export const useFollowUpsStore = create<FollowUpsState>((set, get) => ({
  overdue: EMPTY,
  today: EMPTY,
  upcoming: EMPTY,
  done: EMPTY,
  doneLimit: DONE_PAGE,
  loaded: false,
  loadedAt: 0,
  viewOpen: false,
  counts: null,

  setViewOpen(open) {
    set({ viewOpen: open });
  },

  async load() {
    const seq = ++loadSeq;
    const call = (bucket: FollowUp['bucket'], limit = 500) => api().call('followUps.list', { bucket, limit });
    const [overdue, today, upcoming, done, counts] = await Promise.all([
      call('overdue'),
      call('today'),
      call('upcoming'),
      call('done', get().doneLimit),
      api().call('followUps.counts', {}),
    ]);
    if (seq !== loadSeq) return;
    const loadedAt = Date.now();
    const failed = [overdue, today, upcoming, done, counts].find((r) => !r.ok);
    if (failed && !failed.ok) {
      toast(`Could not load the follow-ups: ${failed.error.message}`, { tone: 'error' });
      return;
    }
    set({
      overdue: overdue.ok ? overdue.value : EMPTY,
      today: today.ok ? today.value : EMPTY,
      upcoming: upcoming.ok ? upcoming.value : EMPTY,
      done: done.ok ? done.value : EMPTY,
      counts: counts.ok ? counts.value : get().counts,
      loaded: true,
      loadedAt,
    });
  },

  async showMoreDone() {
    set({ doneLimit: Math.min(500, get().doneLimit + 20) });
    await get().load();
  },

  async loadCounts() {
    const result = await api().call('followUps.counts', {});
    if (result.ok) set({ counts: result.value });
  },

  async refresh() {
    if (get().viewOpen) await get().load();
    else await get().loadCounts();
  },

  async create(input) {
    return afterWrite(get, await api().call('followUps.create', input));
  },

  async update(input) {
    return afterWrite(get, await api().call('followUps.update', input));
  },

  async complete(id) {
    const result = await afterWrite(get, await api().call('followUps.complete', { id }));
    if (!result.ok) toast(result.error.message, { tone: 'error' });
    else if (result.value.next) {
      toast(`Done. Next one on ${formatDay(result.value.next.dueDate)}`, { action: { label: 'Undo', run: () => void undoComplete(result.value) } });
    } else {
      toast(`Done: ${result.value.done.title}`, { action: { label: 'Undo', run: () => void undoComplete(result.value) } });
    }
    return result;
  },

  async reopen(id) {
    const result = await afterWrite(get, await api().call('followUps.reopen', { id }));
    if (!result.ok) toast(result.error.message, { tone: 'error' });
    return result;
  },

  async snooze(id, until) {
    const result = await afterWrite(get, await api().call('followUps.snooze', { id, until }));
    if (!result.ok) toast(result.error.message, { tone: 'error' });
    return result;
  },

  async remove(id) {
    const result = await afterWrite(get, await api().call('followUps.delete', { id }));
    if (!result.ok) {
      toast(result.error.message, { tone: 'error' });
      return false;
    }
    toast(`“${result.value.title}” moved to the trash`, { action: { label: 'Undo', run: () => void get().restore(id) } });
    return true;
  },

  async restore(id) {
    const result = await afterWrite(get, await api().call('followUps.restore', { id }));
    if (!result.ok) toast(result.error.message, { tone: 'error' });
    return result.ok;
  },

  async find(id, contactId) {
    const s = get();
    const known = [...s.overdue.items, ...s.today.items, ...s.upcoming.items, ...s.done.items].find((f) => f.id === id);
    if (known) return known;
    // No single-record method: page through the contact's follow-ups, or all of them.
    for (let offset = 0; offset < 20_000; offset += 500) {
      const result = await api().call('followUps.list', contactId === null ? { offset, limit: 500 } : { contactId, offset, limit: 500 });
      if (!result.ok) return null;
      const found = result.value.items.find((f) => f.id === id);
      if (found) return found;
      if (offset + 500 >= result.value.total) return null;
    }
    return null;
  },
}));

/** Undoing a completion reopens it and takes back the next one it scheduled. */
async function undoComplete(completed: FollowUpCompleted): Promise<void> {
  const store = useFollowUpsStore.getState();
  if (completed.next) await api().call('followUps.delete', { id: completed.next.id });
  await store.reopen(completed.done.id);
}

export const followUpSelectors = {
  /** What the sidebar shows: overdue and due today. */
  dueCount: (s: FollowUpsState) => (s.counts ? s.counts.overdue + s.counts.today : null),
  isEmpty: (s: FollowUpsState) => s.loaded && s.overdue.total + s.today.total + s.upcoming.total + s.done.total === 0,
};
