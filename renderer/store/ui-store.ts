import { create } from 'zustand';
import type { ContactKind, ContactRow } from '../../shared/contract/index';
import { api } from '../api/client';

/** Which record form is open: a new record for a contact (or none), or an existing one by id. */
export type RecordKind = 'interaction' | 'purchase' | 'note' | 'nps' | 'timeEntry' | 'followUp' | 'referral';
export interface RecordEditor {
  kind: RecordKind;
  contactId: number | null;
  id: number | null;
}

interface UiState {
  recordEditor: RecordEditor | null;
  openRecordEditor(editor: RecordEditor): void;
  closeRecordEditor(): void;
  paletteOpen: boolean;
  paletteResults: ContactRow[];
  paletteQuery: string;
  /** The contact form: closed, a new contact of a kind, or an edit of the current contact. */
  editor: { mode: 'create'; kind: ContactKind } | { mode: 'edit'; id: number } | null;
  setPaletteOpen(open: boolean): void;
  searchPalette(query: string): Promise<void>;
  openEditor(editor: UiState['editor']): void;
  closeEditor(): void;
}

let paletteSeq = 0;

export const useUiStore = create<UiState>((set) => ({
  paletteOpen: false,
  paletteResults: [],
  paletteQuery: '',
  editor: null,
  recordEditor: null,
  openRecordEditor(recordEditor) {
    set({ recordEditor, paletteOpen: false });
  },
  closeRecordEditor() {
    set({ recordEditor: null });
  },
  setPaletteOpen(open) {
    set(open ? { paletteOpen: true } : { paletteOpen: false, paletteQuery: '', paletteResults: [] });
  },
  async searchPalette(query) {
    const seq = ++paletteSeq;
    set({ paletteQuery: query });
    if (!query.trim()) {
      set({ paletteResults: [] });
      return;
    }
    const result = await api().call('contacts.list', { query, sort: 'relevance', limit: 8 });
    if (seq === paletteSeq && result.ok) set({ paletteResults: result.value.rows });
  },
  openEditor(editor) {
    set({ editor, paletteOpen: false });
  },
  closeEditor() {
    set({ editor: null });
  },
}));
