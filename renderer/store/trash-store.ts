import { create } from 'zustand';
import { RESTORE_METHOD, type ApiError, type TrashItem } from '../../shared/contract/index';
import { api } from '../api/client';
import { useContactsStore } from './contacts-store';
import { toast } from './toast-store';

/** The trash lists this many items at most; the screen says when there are more. */
export const TRASH_PAGE = 500;

interface TrashState {
  items: TrashItem[];
  total: number | null;
  error: ApiError | null;
  load(): Promise<void>;
  /** Brings an item back through its own area's restore; false when refused (the toast says why). */
  restore(item: TrashItem): Promise<boolean>;
  purge(item: TrashItem): Promise<boolean>;
  empty(): Promise<boolean>;
}

const itemName = (item: TrashItem) => (item.kind === 'contact' ? item.label : `“${item.label}”`);

export const useTrashStore = create<TrashState>((set, get) => ({
  items: [],
  total: null,
  error: null,
  async load() {
    const result = await api().call('trash.list', { offset: 0, limit: TRASH_PAGE });
    if (result.ok) set({ items: result.value.items, total: result.value.total, error: null });
    else set({ error: result.error });
  },
  async restore(item) {
    let restored: boolean;
    if (item.kind === 'contact') {
      // The contacts store refreshes the list and the counts, and says so in a toast.
      restored = await useContactsStore.getState().restore(item.id);
    } else {
      const result = await api().call(RESTORE_METHOD[item.kind], { id: item.id });
      restored = result.ok;
      if (result.ok) toast(`Restored ${itemName(item)}`);
      else toast(result.error.message, { tone: 'error' });
    }
    await get().load();
    return restored;
  },
  async purge(item) {
    const result = await api().call('trash.purge', { kind: item.kind, id: item.id });
    if (!result.ok) {
      toast(result.error.message, { tone: 'error' });
      await get().load();
      return false;
    }
    toast(`Deleted ${itemName(item)} for good`);
    if (item.kind === 'contact') void useContactsStore.getState().loadFacets();
    await get().load();
    return true;
  },
  async empty() {
    const result = await api().call('trash.empty', {});
    if (!result.ok) {
      toast(result.error.message, { tone: 'error' });
      return false;
    }
    const n = result.value.purged;
    toast(n === 1 ? 'Deleted 1 item for good' : `Deleted ${n.toLocaleString()} items for good`);
    void useContactsStore.getState().loadFacets();
    await get().load();
    return true;
  },
}));
