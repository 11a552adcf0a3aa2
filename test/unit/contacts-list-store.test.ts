import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContactRow, EventMap, EventName, Result } from '../../shared/contract/index';
import { setApiClient, type ApiClient } from '../../renderer/api/client';
import { DEFAULT_FILTERS, PAGE_SIZE, SORT_DEFAULT_DIRECTION, contactSelectors, useContactsStore, watchContactList } from '../../renderer/store/contacts-store';

/** A spy client: records every call, answers contacts.list with `total` rows, and can push events. */
function fakeClient(total = 250) {
  const calls: { method: string; input: Record<string, unknown> }[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const row = (i: number): ContactRow => ({
    id: i + 1,
    kind: 'person',
    name: `Contact ${i}`,
    businessName: null,
    stage: 'customer',
    source: '',
    tags: [],
    email: null,
    phone: null,
    updatedAt: 0,
    deletedAt: null,
    figures: { totalReturn: i, ror: null, returnPerHour: null, minutes: 0, lastInteractionAt: null },
  });
  const client: ApiClient = {
    mode: 'browser',
    hasToken: true,
    call(method, input) {
      calls.push({ method, input: input as Record<string, unknown> });
      if (method === 'contacts.list') {
        const { offset = 0, limit = 50 } = input as { offset?: number; limit?: number };
        const rows = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, k) => row(offset + k));
        return Promise.resolve({ ok: true, value: { total, offset, rows } } as Result<never>);
      }
      return Promise.resolve({ ok: true, value: {} } as Result<never>);
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
  const emit = <E extends EventName>(name: E, payload: EventMap[E]) => listeners.get(name)?.forEach((l) => l(payload));
  return { client, calls, emit, listCalls: () => calls.filter((c) => c.method === 'contacts.list').map((c) => c.input) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

let fake: ReturnType<typeof fakeClient>;
beforeEach(() => {
  fake = fakeClient();
  setApiClient(fake.client);
  useContactsStore.setState({ filters: DEFAULT_FILTERS, rows: new Map(), total: null, generation: 0, pagesLoading: new Set(), visible: [0, 0], listError: null });
});
afterEach(() => setApiClient(null));

describe('contacts store: sorts and figure filters', () => {
  it('starts each sort in the direction a shop owner means, and a second pick reverses it', async () => {
    const { sortBy } = useContactsStore.getState();
    sortBy('ror');
    expect(useContactsStore.getState().filters).toMatchObject({ sort: 'ror', direction: 'desc' });
    sortBy('ror');
    expect(useContactsStore.getState().filters).toMatchObject({ sort: 'ror', direction: 'asc' });
    sortBy('lastContact');
    expect(useContactsStore.getState().filters).toMatchObject({ sort: 'lastContact', direction: 'asc' });
    useContactsStore.getState().toggleDirection();
    expect(useContactsStore.getState().filters.direction).toBe('desc');
    expect(SORT_DEFAULT_DIRECTION).toMatchObject({ name: 'asc', return: 'desc', returnPerHour: 'desc', hours: 'desc', created: 'desc', updated: 'desc' });
    await settle();
    const last = fake.listCalls().at(-1);
    expect(last).toMatchObject({ sort: 'lastContact', direction: 'desc', offset: 0, limit: PAGE_SIZE });
  });

  it('sends the figure range with the other filters and the search', async () => {
    const { setFilters } = useContactsStore.getState();
    setFilters({ stage: 'customer', tag: 'vip', query: 'ana', figure: { by: 'ror', max: 0.5 } });
    await settle();
    expect(fake.listCalls().at(-1)).toMatchObject({ query: 'ana', stage: 'customer', tag: 'vip', figure: { by: 'ror', max: 0.5 }, sort: 'relevance' });
    expect(contactSelectors.isFiltered(useContactsStore.getState())).toBe(true);
    setFilters({ query: '', stage: null, tag: null });
    expect(contactSelectors.isFiltered(useContactsStore.getState())).toBe(true);
    setFilters({ figure: null });
    await settle();
    expect(fake.listCalls().at(-1)).not.toHaveProperty('figure');
    expect(contactSelectors.isFiltered(useContactsStore.getState())).toBe(false);
  });

  it('a search under a figure sort keeps the figure sort (relevance only replaces the name sort)', async () => {
    useContactsStore.getState().sortBy('return');
    useContactsStore.getState().setFilters({ query: 'ana' });
    await settle();
    expect(fake.listCalls().at(-1)).toMatchObject({ sort: 'return', direction: 'desc' });
  });

  it('clearing the filters keeps the sort', async () => {
    const s = useContactsStore.getState();
    s.sortBy('hours');
    s.setFilters({ figure: { by: 'hours', max: 0 }, source: 'Instagram' });
    s.resetFilters();
    expect(useContactsStore.getState().filters).toEqual({ ...DEFAULT_FILTERS, sort: 'hours', direction: 'desc' });
  });
});

describe('contacts store: refreshing what is on screen', () => {
  it('reloads the first page and the pages on screen, and swaps them in at once', async () => {
    const s = useContactsStore.getState();
    s.reload();
    await settle();
    s.ensureRows(150, 170);
    await settle();
    expect([...useContactsStore.getState().rows.keys()].some((k) => k >= 100)).toBe(true);
    const before = fake.listCalls().length;
    s.refresh();
    await settle();
    const offsets = fake
      .listCalls()
      .slice(before)
      .map((c) => c.offset)
      .sort((a, b) => Number(a) - Number(b));
    expect(offsets).toEqual([0, 100]);
    const rows = useContactsStore.getState().rows;
    expect(rows.get(0)?.name).toBe('Contact 0');
    expect(rows.get(160)?.name).toBe('Contact 160');
  });

  it('a burst of changed events makes one refresh while the list watches, none after', async () => {
    vi.useFakeTimers();
    try {
      const off = watchContactList(50);
      const refresh = vi.spyOn(useContactsStore.getState(), 'refresh');
      fake.emit('changed', { area: 'records' });
      fake.emit('changed', { area: 'settings' });
      fake.emit('changed', { area: 'figures' });
      vi.advanceTimersByTime(60);
      expect(refresh).toHaveBeenCalledTimes(1);
      off();
      fake.emit('changed', { area: 'records' });
      vi.advanceTimersByTime(60);
      expect(refresh).toHaveBeenCalledTimes(1);
      refresh.mockRestore();
    } finally {
      vi.useRealTimers();
    }
  });

  it('drops a refresh that new filters overtook', async () => {
    const s = useContactsStore.getState();
    s.refresh();
    s.setFilters({ figure: { by: 'return', min: 100 } });
    await settle();
    await settle();
    expect(useContactsStore.getState().filters.figure).toEqual({ by: 'return', min: 100 });
    expect(useContactsStore.getState().total).toBe(250);
  });
});
