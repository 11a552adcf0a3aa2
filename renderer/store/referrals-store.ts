import { create } from 'zustand';
import type { ApiError, MethodInput, Referral, ReferralTree, Result } from '../../shared/contract/index';
import { api } from '../api/client';
import { toast } from './toast-store';

export type ReferralStatus = Referral['status'];
export type StatusFilter = ReferralStatus | 'all';

export interface ReferralCounts {
  total: number;
  converted: number;
  lost: number;
  pending: number;
  /** Converted referrals whose referrer has not been thanked yet. */
  notThanked: number;
}

const PAGE = 500;

interface ListSlice {
  filter: StatusFilter;
  items: Referral[];
  total: number | null;
  counts: ReferralCounts | null;
  listError: ApiError | null;
  setFilter(filter: StatusFilter): void;
  loadList(): Promise<void>;
}

interface TreeSlice {
  trees: Record<number, ReferralTree | undefined>;
  loadTree(contactId: number): Promise<void>;
}

interface WriteSlice {
  create(input: MethodInput<'referrals.create'>): Promise<Result<Referral>>;
  update(input: MethodInput<'referrals.update'>): Promise<Result<Referral>>;
  convert(id: number, contactId: number | null): Promise<Result<Referral>>;
  markThanked(id: number): Promise<boolean>;
  /** Moves a referral to the trash, with Undo in the toast. */
  remove(id: number): Promise<boolean>;
  restore(id: number): Promise<boolean>;
  /** One referral by id, for the edit form (from what is loaded, else from the list). */
  find(id: number): Promise<Referral | null>;
  /** Reloads whatever is on screen after a change. */
  refresh(): void;
}

export type ReferralsState = ListSlice & TreeSlice & WriteSlice;
type SetState = (partial: Partial<ReferralsState> | ((s: ReferralsState) => Partial<ReferralsState>)) => void;
type GetState = () => ReferralsState;

let listSeq = 0;

async function loadCounts(): Promise<ReferralCounts | null> {
  const [all, pending, lost] = await Promise.all([
    api().call('referrals.list', { limit: 1 }),
    api().call('referrals.list', { status: 'pending', limit: 1 }),
    api().call('referrals.list', { status: 'lost', limit: 1 }),
  ]);
  if (!all.ok || !pending.ok || !lost.ok) return null;
  // Thanked or not is per referral: read the converted ones, a page at a time.
  let notThanked = 0;
  for (let offset = 0; ; offset += PAGE) {
    const page = await api().call('referrals.list', { status: 'converted', offset, limit: PAGE });
    if (!page.ok) return null;
    notThanked += page.value.items.filter((r) => !r.thanked).length;
    if (offset + PAGE >= page.value.total) {
      return { total: all.value.total, converted: page.value.total, pending: pending.value.total, lost: lost.value.total, notThanked };
    }
  }
}

const createListSlice = (set: SetState, get: GetState): ListSlice => ({
  filter: 'all',
  items: [],
  total: null,
  counts: null,
  listError: null,
  setFilter(filter) {
    set({ filter });
    void get().loadList();
  },
  async loadList() {
    const seq = ++listSeq;
    const { filter } = get();
    const [list, counts] = await Promise.all([api().call('referrals.list', { ...(filter === 'all' ? {} : { status: filter }), limit: PAGE }), loadCounts()]);
    if (seq !== listSeq) return;
    if (!list.ok) {
      set({ listError: list.error });
      return;
    }
    set({ items: list.value.items, total: list.value.total, counts, listError: null });
  },
});

const createTreeSlice = (set: SetState): TreeSlice => ({
  trees: {},
  async loadTree(contactId) {
    const result = await api().call('referrals.tree', { id: contactId });
    if (result.ok) set((s) => ({ trees: { ...s.trees, [contactId]: result.value } }));
  },
});

const createWriteSlice = (_set: SetState, get: GetState): WriteSlice => {
  const after = <T>(result: Result<T>): Result<T> => {
    if (result.ok) get().refresh();
    return result;
  };
  return {
    async create(input) {
      return after(await api().call('referrals.create', input));
    },
    async update(input) {
      return after(await api().call('referrals.update', input));
    },
    async convert(id, contactId) {
      const result = after(await api().call('referrals.convert', { id, contactId }));
      if (result.ok) toast(`${result.value.referredName} is now a converted referral of ${result.value.referrerName}`);
      return result;
    },
    async markThanked(id) {
      const result = after(await api().call('referrals.update', { id, thanked: true }));
      if (!result.ok) toast(result.error.message, { tone: 'error' });
      else toast(`Marked ${result.value.referrerName} as thanked`);
      return result.ok;
    },
    async remove(id) {
      const result = after(await api().call('referrals.delete', { id }));
      if (!result.ok) {
        toast(result.error.message, { tone: 'error' });
        return false;
      }
      toast(`Referral of ${result.value.referredName} moved to the trash`, { action: { label: 'Undo', run: () => void get().restore(id) } });
      return true;
    },
    async restore(id) {
      const result = after(await api().call('referrals.restore', { id }));
      if (!result.ok) toast(result.error.message, { tone: 'error' });
      return result.ok;
    },
    async find(id) {
      const loaded = get().items.find((r) => r.id === id);
      if (loaded) return loaded;
      for (let offset = 0; ; offset += PAGE) {
        const page = await api().call('referrals.list', { offset, limit: PAGE });
        if (!page.ok) return null;
        const hit = page.value.items.find((r) => r.id === id);
        if (hit) return hit;
        if (offset + PAGE >= page.value.total) return null;
      }
    },
    refresh() {
      const { trees } = get();
      if (get().total !== null) void get().loadList();
      for (const id of Object.keys(trees)) void get().loadTree(Number(id));
    },
  };
};

export const useReferralsStore = create<ReferralsState>((set, get) => ({
  ...createListSlice(set, get),
  ...createTreeSlice(set),
  ...createWriteSlice(set, get),
}));

export const referralSelectors = {
  tree: (contactId: number) => (s: ReferralsState) => s.trees[contactId],
  conversionRate: (c: ReferralCounts | null): number | null => (c && c.total > 0 ? Math.round((100 * c.converted) / c.total) : null),
};

export const STATUS_LABELS: Record<ReferralStatus, string> = { pending: 'Pending', converted: 'Converted', lost: 'Lost' };
export const STATUS_HINTS: Record<ReferralStatus, string> = {
  pending: 'Sent your way, not a customer yet',
  converted: 'Became a customer',
  lost: 'Did not become a customer',
};
