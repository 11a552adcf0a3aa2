import { create } from 'zustand';
import type { ApiError, ContactRow } from '../../shared/contract/index';
import { api } from '../api/client';
import { useContactsStore } from './contacts-store';
import { toast } from './toast-store';

interface TrashState {
  rows: ContactRow[];
  total: number | null;
  error: ApiError | null;
  load(): Promise<void>;
  restore(id: number): Promise<void>;
  purge(id: number, name: string): Promise<void>;
}

export const useTrashStore = create<TrashState>((set, get) => ({
  rows: [],
  total: null,
  error: null,
  async load() {
    const result = await api().call('contacts.trash', { offset: 0, limit: 500 });
    if (result.ok) set({ rows: result.value.rows, total: result.value.total, error: null });
    else set({ error: result.error });
  },
  async restore(id) {
    await useContactsStore.getState().restore(id);
    await get().load();
  },
  async purge(id, name) {
    const result = await api().call('contacts.purge', { id });
    if (!result.ok) {
      toast(result.error.message, { tone: 'error' });
      return;
    }
    toast(`Deleted ${name} for good`);
    void useContactsStore.getState().loadFacets();
    await get().load();
  },
}));
