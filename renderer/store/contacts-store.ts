import { create } from 'zustand';
import type {
  ApiError,
  Contact,
  ContactFacets,
  ContactFieldsInput,
  ContactKind,
  ContactRow,
  ContactUpdateInput,
  FigureRange,
  FigureSort,
  Result,
  Stage,
} from '../../shared/contract/index';
import { api } from '../api/client';
import { toast } from './toast-store';

export const PAGE_SIZE = 100;

export type ContactSort = 'name' | 'created' | 'updated' | FigureSort;
export type SortDirection = 'asc' | 'desc';

/**
 * The direction a sort starts in, the one a shop owner means: the best figures first, the most
 * recent additions and changes first, and for last contact the longest ago first (never contacted
 * at the very top): who to call.
 */
export const SORT_DEFAULT_DIRECTION: Record<ContactSort, SortDirection> = {
  name: 'asc',
  return: 'desc',
  ror: 'desc',
  returnPerHour: 'desc',
  hours: 'desc',
  lastContact: 'asc',
  created: 'desc',
  updated: 'desc',
};

export interface ContactFilters {
  query: string;
  kind: ContactKind | null;
  stage: Stage | null;
  tag: string | null;
  source: string | null;
  /** A range over one figure (return, ROR, return per hour, hours, days since last contact). */
  figure: FigureRange | null;
  sort: ContactSort;
  direction: SortDirection;
}

export const DEFAULT_FILTERS: ContactFilters = { query: '', kind: null, stage: null, tag: null, source: null, figure: null, sort: 'name', direction: 'asc' };

interface ListSlice {
  filters: ContactFilters;
  /** Bumped on every change of filters or data, so stale answers are dropped. */
  generation: number;
  total: number | null;
  rows: Map<number, ContactRow>;
  pagesLoading: Set<number>;
  listError: ApiError | null;
  /** The rows on screen, as last asked for by ensureRows: a refresh reloads these. */
  visible: [number, number];
  setFilters(patch: Partial<ContactFilters>): void;
  /** Sorts by `sort` in its usual direction, or reverses the direction when it already sorts by it. */
  sortBy(sort: ContactSort): void;
  /** Keeps the sort, reverses its direction. */
  toggleDirection(): void;
  /** Clears search and filters; the sort stays. */
  resetFilters(): void;
  /** Loads the pages that cover rows [from, to]. */
  ensureRows(from: number, to: number): void;
  /** New filters: starts over from the first page. */
  reload(): void;
  /**
   * The data changed (a write, new figures after a settings change): reloads the first page and
   * the pages on screen together, then swaps them in at once, so nothing flashes.
   */
  refresh(): void;
}

interface DetailSlice {
  current: Contact | null;
  currentError: ApiError | null;
  open(id: number): Promise<void>;
  create(fields: ContactFieldsInput): Promise<Result<Contact>>;
  update(patch: ContactUpdateInput): Promise<Result<Contact>>;
  remove(id: number): Promise<boolean>;
  restore(id: number): Promise<boolean>;
}

interface FacetSlice {
  facets: ContactFacets | null;
  /** Businesses a person can belong to, for the edit form. */
  businesses: { id: number; name: string }[];
  loadFacets(): Promise<void>;
  loadBusinesses(): Promise<void>;
}

export type ContactsState = ListSlice & DetailSlice & FacetSlice;

type SetState = (partial: Partial<ContactsState> | ((s: ContactsState) => Partial<ContactsState>)) => void;
type GetState = () => ContactsState;

function listInput(filters: ContactFilters, offset: number) {
  return {
    query: filters.query,
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.stage ? { stage: filters.stage } : {}),
    ...(filters.tag !== null ? { tag: filters.tag } : {}),
    ...(filters.source !== null ? { source: filters.source } : {}),
    ...(filters.figure ? { figure: filters.figure } : {}),
    sort: filters.query.trim() && filters.sort === 'name' ? ('relevance' as const) : filters.sort,
    direction: filters.direction,
    offset,
    limit: PAGE_SIZE,
  };
}

const createListSlice = (set: SetState, get: GetState): ListSlice => {
  const loadPage = async (page: number) => {
    const { generation, filters, pagesLoading } = get();
    if (pagesLoading.has(page)) return;
    set({ pagesLoading: new Set(pagesLoading).add(page) });
    const result = await api().call('contacts.list', listInput(filters, page * PAGE_SIZE));
    if (get().generation !== generation) return;
    const loading = new Set(get().pagesLoading);
    loading.delete(page);
    if (!result.ok) {
      set({ pagesLoading: loading, listError: result.error });
      return;
    }
    const rows = new Map(get().rows);
    result.value.rows.forEach((row, i) => rows.set(result.value.offset + i, row));
    set({ rows, total: result.value.total, pagesLoading: loading, listError: null });
  };

  return {
    filters: DEFAULT_FILTERS,
    generation: 0,
    total: null,
    rows: new Map(),
    pagesLoading: new Set(),
    listError: null,
    visible: [0, 0],
    setFilters(patch) {
      set((s) => ({ filters: { ...s.filters, ...patch } }));
      get().reload();
    },
    sortBy(sort) {
      const { filters } = get();
      if (filters.sort === sort) get().toggleDirection();
      else get().setFilters({ sort, direction: SORT_DEFAULT_DIRECTION[sort] });
    },
    toggleDirection() {
      get().setFilters({ direction: get().filters.direction === 'asc' ? 'desc' : 'asc' });
    },
    resetFilters() {
      const { sort, direction } = get().filters;
      set({ filters: { ...DEFAULT_FILTERS, sort, direction } });
      get().reload();
    },
    ensureRows(from, to) {
      if (get().visible[0] !== from || get().visible[1] !== to) set({ visible: [from, to] });
      const { rows, total } = get();
      const last = total === null ? from : Math.min(to, total - 1);
      for (let page = Math.floor(from / PAGE_SIZE); page <= Math.floor(Math.max(from, last) / PAGE_SIZE); page++) {
        if (!rows.has(page * PAGE_SIZE)) void loadPage(page);
      }
    },
    reload() {
      // Keep the old rows on screen until the new first page arrives: no flash while typing.
      set((s) => ({ generation: s.generation + 1, pagesLoading: new Set() }));
      const generation = get().generation;
      void (async () => {
        const { filters } = get();
        set({ pagesLoading: new Set([0]) });
        const result = await api().call('contacts.list', listInput(filters, 0));
        if (get().generation !== generation) return;
        if (!result.ok) {
          set({ listError: result.error, pagesLoading: new Set() });
          return;
        }
        const rows = new Map<number, ContactRow>();
        result.value.rows.forEach((row, i) => rows.set(i, row));
        set({ rows, total: result.value.total, pagesLoading: new Set(), listError: null });
      })();
    },
    refresh() {
      const { visible, rows: current } = get();
      const pages = new Set([0]);
      for (let page = Math.floor(visible[0] / PAGE_SIZE); page <= Math.floor(visible[1] / PAGE_SIZE); page++) {
        if (current.has(page * PAGE_SIZE)) pages.add(page);
      }
      set((s) => ({ generation: s.generation + 1, pagesLoading: new Set(pages) }));
      const { generation, filters } = get();
      void (async () => {
        const results = await Promise.all([...pages].map((page) => api().call('contacts.list', listInput(filters, page * PAGE_SIZE))));
        if (get().generation !== generation) return;
        const rows = new Map<number, ContactRow>();
        let total: number | null = null;
        for (const result of results) {
          if (!result.ok) {
            set({ listError: result.error, pagesLoading: new Set() });
            return;
          }
          // Pages read one after the other may disagree on the count (a write in between): the last wins.
          total = result.value.total;
          result.value.rows.forEach((row, i) => rows.set(result.value.offset + i, row));
        }
        set({ rows, total, pagesLoading: new Set(), listError: null });
      })();
    },
  };
};

const createDetailSlice = (set: SetState, get: GetState): DetailSlice => ({
  current: null,
  currentError: null,
  async open(id) {
    const result = await api().call('contacts.get', { id });
    if (result.ok) set({ current: result.value, currentError: null });
    else set({ current: null, currentError: result.error });
  },
  async create(fields) {
    const result = await api().call('contacts.create', fields);
    if (result.ok) {
      set({ current: result.value, currentError: null });
      get().reload();
      void get().loadFacets();
    }
    return result;
  },
  async update(patch) {
    const result = await api().call('contacts.update', patch);
    if (result.ok) {
      set({ current: result.value, currentError: null });
      get().reload();
      void get().loadFacets();
    }
    return result;
  },
  async remove(id) {
    const result = await api().call('contacts.delete', { id });
    if (!result.ok) {
      toast(result.error.message, { tone: 'error' });
      return false;
    }
    if (get().current?.id === id) set({ current: result.value });
    get().reload();
    void get().loadFacets();
    toast(`Moved ${result.value.name} to the trash`, {
      action: { label: 'Undo', run: () => void get().restore(id) },
    });
    return true;
  },
  async restore(id) {
    const result = await api().call('contacts.restore', { id });
    if (!result.ok) {
      toast(result.error.message, { tone: 'error' });
      return false;
    }
    if (get().current?.id === id) set({ current: result.value });
    get().reload();
    void get().loadFacets();
    toast(`Restored ${result.value.name}`);
    return true;
  },
});

let facetsPending: Promise<void> | null = null;

const createFacetSlice = (set: SetState): FacetSlice => ({
  facets: null,
  businesses: [],
  loadFacets() {
    // A write and its 'changed' event both ask for fresh counts: coalesce them into one call.
    facetsPending ??= new Promise<void>((resolve) => setTimeout(resolve, 50)).then(async () => {
      facetsPending = null;
      const result = await api().call('contacts.facets', {});
      if (result.ok) set({ facets: result.value });
    });
    return facetsPending;
  },
  async loadBusinesses() {
    const result = await api().call('contacts.list', { kind: 'business', sort: 'name', limit: 500 });
    if (result.ok) set({ businesses: result.value.rows.map((r) => ({ id: r.id, name: r.name })) });
  },
});

export const useContactsStore = create<ContactsState>((set, get) => ({
  ...createListSlice(set, get),
  ...createDetailSlice(set, get),
  ...createFacetSlice(set),
}));

export const contactSelectors = {
  isFiltered: (s: ContactsState) =>
    s.filters.query.trim() !== '' ||
    s.filters.kind !== null ||
    s.filters.stage !== null ||
    s.filters.tag !== null ||
    s.filters.source !== null ||
    s.filters.figure !== null,
  rowAt: (index: number) => (s: ContactsState) => s.rows.get(index),
  liveCount: (s: ContactsState) => s.facets?.stages.reduce((n, st) => n + st.count, 0) ?? null,
};

/**
 * While the list is on screen, any change in the book (a write here or in another window, figures
 * recomputed after a settings change, the sample business) refreshes the rows it shows. Bursts of
 * events make one refresh. Returns the unsubscribe.
 */
export function watchContactList(delayMs = 80): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const off = api().on('changed', () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      useContactsStore.getState().refresh();
    }, delayMs);
  });
  return () => {
    off();
    if (timer) clearTimeout(timer);
  };
}
