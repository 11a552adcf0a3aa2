import { create } from 'zustand';
import type { ApiError, ContactExportFilter, FileDownload, MethodInput, Result } from '../../shared/contract/index';
import { api } from '../api/client';
import { saveDownload } from '../files';
import type { ContactFilters } from './contacts-store';
import { useProgressStore } from './progress-store';
import { toast } from './toast-store';

/** Every export the UI offers: a method that returns a file, with its input. */
export type ExportRequest =
  | { method: 'export.csv'; input: MethodInput<'export.csv'> }
  | { method: 'export.vcard'; input: MethodInput<'export.vcard'> }
  | { method: 'export.ics'; input: MethodInput<'export.ics'> }
  | { method: 'privacy.exportContact'; input: MethodInput<'privacy.exportContact'> };

function call(request: ExportRequest): Promise<Result<FileDownload>> {
  switch (request.method) {
    case 'export.csv':
      return api().call('export.csv', request.input);
    case 'export.vcard':
      return api().call('export.vcard', request.input);
    case 'export.ics':
      return api().call('export.ics', request.input);
    case 'privacy.exportContact':
      return api().call('privacy.exportContact', request.input);
  }
}

/** The contacts list's filter and sort as the export takes them: what the list shows, without paging. */
export function contactExportFilter(filters: ContactFilters): ContactExportFilter {
  return {
    query: filters.query,
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.stage ? { stage: filters.stage } : {}),
    ...(filters.tag !== null ? { tag: filters.tag } : {}),
    ...(filters.source !== null ? { source: filters.source } : {}),
    ...(filters.figure ? { figure: filters.figure } : {}),
    // As the list asks: a search sorted by name is ranked by relevance.
    sort: filters.query.trim() && filters.sort === 'name' ? 'relevance' : filters.sort,
    direction: filters.direction,
  };
}

/** The task name the back end reports an export's progress under. */
export const EXPORT_TASK = 'export';

interface ExportState {
  /** The label of the export under way, if any (one at a time). */
  running: string | null;
  lastError: ApiError | null;
  /** Asks the back end for the file and offers it as a download; says so in a toast. */
  run(request: ExportRequest, label: string): Promise<FileDownload | null>;
}

export const useExportStore = create<ExportState>((set, get) => ({
  running: null,
  lastError: null,
  async run(request, label) {
    if (get().running) return null;
    set({ running: label, lastError: null });
    useProgressStore.getState().begin(EXPORT_TASK, label);
    try {
      const result = await call(request);
      if (!result.ok) {
        set({ lastError: result.error });
        toast(`Could not export: ${result.error.message}`, { tone: 'error' });
        return null;
      }
      saveDownload(result.value);
      toast(`Saved ${result.value.fileName}`);
      return result.value;
    } finally {
      useProgressStore.getState().end(EXPORT_TASK);
      set({ running: null });
    }
  },
}));
