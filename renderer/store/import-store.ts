import Papa from 'papaparse';
import { create } from 'zustand';
import {
  GROUPED_CSV_FIELDS,
  type ApiError,
  type ColumnMapping,
  type CsvDelimiter,
  type CsvEncoding,
  type CsvField,
  type CsvPreview,
  type DuplicatePolicy,
  type FileDownload,
  type ImportReport,
} from '../../shared/contract/index';
import { api } from '../api/client';
import { CHUNKED_ABOVE, discardSentFile, sendFile, UploadFailed, type SentFile } from '../files';
import { useProgressStore } from './progress-store';

export interface PickedFile {
  name: string;
  /** Bytes. */
  size: number;
  /** What the import's call names: the bytes (small files) or the upload holding them (big ones). */
  sent: SentFile;
}

type Phase = 'idle' | 'reading' | 'importing';

/** Shows the bytes sent so far on a task's progress bar, as "Sending the file". */
export function showSending(task: string, done: number, total: number): void {
  useProgressStore.setState((s) => (s.tasks[task] ? { tasks: { ...s.tasks, [task]: { task, done, total, label: 'Sending the file' } } } : s));
}

/** Reads a picked file, sending a big one to the back end in chunks with its progress on `task`. */
async function read(file: File, task: string): Promise<PickedFile | ApiError> {
  const big = file.size > CHUNKED_ABOVE;
  if (big) useProgressStore.getState().begin(task, 'Sending the file');
  try {
    const sent = await sendFile(file, (done, total) => showSending(task, done, total));
    return { name: file.name, size: file.size, sent };
  } catch (err) {
    return err instanceof UploadFailed ? err.error : { code: 'invalid_input', message: `${file.name} could not be read.` };
  } finally {
    if (big) useProgressStore.getState().end(task);
  }
}

interface CsvImportState {
  file: PickedFile | null;
  preview: CsvPreview | null;
  /** Chosen by the owner over the detected ones; undefined lets the back end detect. */
  encoding: CsvEncoding | undefined;
  delimiter: CsvDelimiter | undefined;
  mapping: ColumnMapping[];
  duplicates: DuplicatePolicy;
  phase: Phase;
  error: ApiError | null;
  report: ImportReport | null;
  /** The imported file's name, for the report's download. */
  source: string;
  pick(file: File): Promise<void>;
  setEncoding(encoding: CsvEncoding): Promise<void>;
  setDelimiter(delimiter: CsvDelimiter): Promise<void>;
  setField(column: number, field: CsvField): void;
  setDuplicates(policy: DuplicatePolicy): void;
  run(): Promise<void>;
  reset(): void;
}

/**
 * The column a new choice goes to: a new email or phone of its own (the next free number), the
 * first address for its parts, the column's own group when the field kind stays the same.
 */
export function remap(mapping: readonly ColumnMapping[], column: number, field: CsvField): ColumnMapping[] {
  const current = mapping[column];
  if (!current) return [...mapping];
  let group = 1;
  if (field === 'email' || field === 'phone') {
    const used = new Set(mapping.filter((m, i) => i !== column && m.field === field).map((m) => m.group));
    while (used.has(group) && group < 20) group++;
  } else if (GROUPED_CSV_FIELDS.includes(field) && GROUPED_CSV_FIELDS.includes(current.field)) {
    group = current.group;
  }
  const label = field === current.field ? current.label : '';
  return mapping.map((m, i) => (i === column ? { field, group, label } : m));
}

export const useCsvImportStore = create<CsvImportState>((set, get) => {
  const previewWith = async (file: PickedFile, encoding: CsvEncoding | undefined, delimiter: CsvDelimiter | undefined) => {
    set({ phase: 'reading', error: null, report: null });
    const result = await api().call('csv.preview', { file: file.sent, ...(encoding ? { encoding } : {}), ...(delimiter ? { delimiter } : {}) });
    if (!result.ok) return set({ phase: 'idle', error: result.error, preview: null, mapping: [] });
    set({ phase: 'idle', preview: result.value, mapping: result.value.mapping });
  };
  return {
    file: null,
    preview: null,
    encoding: undefined,
    delimiter: undefined,
    mapping: [],
    duplicates: 'skip',
    phase: 'idle',
    error: null,
    report: null,
    source: '',

    async pick(picked) {
      discardSentFile(get().file?.sent);
      set({ phase: 'reading', error: null, report: null, preview: null, file: null, encoding: undefined, delimiter: undefined });
      const file = await read(picked, 'upload-csv');
      if ('code' in file) return set({ phase: 'idle', error: file, file: null });
      set({ file });
      await previewWith(file, undefined, undefined);
    },
    async setEncoding(encoding) {
      const { file, delimiter } = get();
      set({ encoding });
      if (file) await previewWith(file, encoding, delimiter);
    },
    async setDelimiter(delimiter) {
      const { file, encoding } = get();
      set({ delimiter });
      if (file) await previewWith(file, encoding, delimiter);
    },
    setField(column, field) {
      set({ mapping: remap(get().mapping, column, field) });
    },
    setDuplicates(duplicates) {
      set({ duplicates });
    },
    async run() {
      const { file, mapping, duplicates, encoding, delimiter, phase } = get();
      if (!file || phase !== 'idle') return;
      set({ phase: 'importing', error: null });
      useProgressStore.getState().begin('import', 'Reading the file');
      try {
        const result = await api().call('csv.import', { file: file.sent, mapping, duplicates, ...(encoding ? { encoding } : {}), ...(delimiter ? { delimiter } : {}) });
        if (!result.ok) return set({ phase: 'idle', error: result.error });
        set({ phase: 'idle', report: result.value, source: file.name, preview: null, file: null, mapping: [] });
      } finally {
        useProgressStore.getState().end('import');
      }
    },
    reset() {
      // A file picked but not imported: its upload is not needed any more.
      discardSentFile(get().file?.sent);
      set({ file: null, preview: null, mapping: [], phase: 'idle', error: null, report: null, encoding: undefined, delimiter: undefined });
    },
  };
});

interface VcardImportState {
  file: PickedFile | null;
  duplicates: DuplicatePolicy;
  phase: Phase;
  error: ApiError | null;
  report: ImportReport | null;
  source: string;
  pick(file: File): Promise<void>;
  setDuplicates(policy: DuplicatePolicy): void;
  run(): Promise<void>;
  reset(): void;
}

export const useVcardImportStore = create<VcardImportState>((set, get) => ({
  file: null,
  duplicates: 'skip',
  phase: 'idle',
  error: null,
  report: null,
  source: '',
  async pick(picked) {
    discardSentFile(get().file?.sent);
    set({ phase: 'reading', error: null, report: null, file: null });
    const file = await read(picked, 'upload-vcard');
    if ('code' in file) return set({ phase: 'idle', error: file, file: null });
    set({ phase: 'idle', file });
  },
  setDuplicates(duplicates) {
    set({ duplicates });
  },
  async run() {
    const { file, duplicates, phase } = get();
    if (!file || phase !== 'idle') return;
    set({ phase: 'importing', error: null });
    useProgressStore.getState().begin('import', 'Reading the file');
    try {
      const result = await api().call('vcard.import', { file: file.sent, duplicates });
      if (!result.ok) return set({ phase: 'idle', error: result.error });
      set({ phase: 'idle', report: result.value, source: file.name, file: null });
    } finally {
      useProgressStore.getState().end('import');
    }
  },
  reset() {
    discardSentFile(get().file?.sent);
    set({ file: null, phase: 'idle', error: null, report: null });
  },
}));

/** The skipped rows of a report as a CSV file the owner can open next to the source. */
export function skipsDownload(report: ImportReport, source: string): FileDownload {
  const text = Papa.unparse({ fields: ['line', 'name', 'reason'], data: report.skips.map((s) => [s.line, s.name, s.reason]) });
  const base = source.replace(/\.[^.]+$/, '') || 'import';
  return { fileName: `${base}-skipped-rows.csv`, mimeType: 'text/csv', text: '\uFEFF' + text, count: report.skips.length };
}
