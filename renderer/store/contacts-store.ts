import { create } from 'zustand';
import type {
  ApiError,
  Contact,
  ContactFacets,
  ContactFieldsInput,
  ContactKind,
  ContactRow,
  ContactUpdateInput,
  Result,
  Stage,
} from '../../shared/contract/index';
import { api } from '../api/client';
import { toast } from './toast-store';

export const PAGE_SIZE = 100;

export type ContactSort = 'name' | 'created' | 'updated';

export interface ContactFilters {
  query: string;
  kind: ContactKind | null;
  stage: Stage | null;
  tag: string | null;
  source: string | null;
  sort: ContactSort;
  direction: 'asc' | 'desc';
}

export const DEFAULT_FILTERS: ContactFilters = { query: '', kind: null, stage: null, tag: null, source: null, sort: 'name', direction: 'asc' };

interface ListSlice {
  filters: ContactFilters;
  /** Bumped on every change of filters or data, so stale answers are dropped. */
  generation: number;
  total: number | null;
  rows: Map<number, ContactRow>;
  pagesLoading: Set<number>;
  listError: ApiError | null;
  setFilters(patch: Partial<ContactFilters>): void;
  resetFilters(): void;
  /** Loads the pages that cover rows [from, to]. */
  ensureRows(from: number, to: number): void;
  reload(): void;
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
    setFilters(patch) {
      set((s) => ({ filters: { ...s.filters, ...patch } }));
      get().reload();
    },
    resetFilters() {
      set({ filters: DEFAULT_FILTERS });
      get().reload();
    },
    ensureRows(from, to) {
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
    s.filters.query.trim() !== '' || s.filters.kind !== null || s.filters.stage !== null || s.filters.tag !== null || s.filters.source !== null,
  rowAt: (index: number) => (s: ContactsState) => s.rows.get(index),
  liveCount: (s: ContactsState) => s.facets?.stages.reduce((n, st) => n + st.count, 0) ?? null,
};
