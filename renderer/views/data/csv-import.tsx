import { CheckCircle2, Download, FileSpreadsheet, Upload, X } from 'lucide-react';
import { useId, useRef, useState, type DragEvent, type ReactNode } from 'react';
import {
  CSV_DELIMITERS,
  CSV_ENCODINGS,
  CSV_FIELD_LABELS,
  CSV_FIELDS,
  GROUPED_CSV_FIELDS,
  type ApiError,
  type ColumnMapping,
  type CsvDelimiter,
  type CsvEncoding,
  type CsvField,
  type CsvPreset,
  type DuplicatePolicy,
  type ImportReport,
} from '../../../shared/contract/index';
import { TaskProgress } from '../../components/progress-bar';
import { saveDownload } from '../../files';
import { skipsDownload, useCsvImportStore } from '../../store/import-store';
import './import.css';

const PRESETS: Record<CsvPreset, string> = {
  google: 'Google Contacts export',
  outlook: 'Outlook export',
  generic: 'Spreadsheet (columns matched by their names)',
};
const ENCODINGS: Record<CsvEncoding, string> = {
  'utf-8': 'UTF-8',
  'windows-1252': 'Windows-1252 (Western Europe)',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
};
const DELIMITERS: Record<CsvDelimiter, string> = { ',': 'Comma', ';': 'Semicolon', '\t': 'Tab', '|': 'Bar (|)' };

export const DUPLICATE_CHOICES: Record<DuplicatePolicy, { label: string; help: string }> = {
  skip: { label: 'Skip', help: 'Anyone whose email or phone is already in your book (or earlier in the file) is left out and listed in the report.' },
  merge: {
    label: 'Merge',
    help: 'It fills what the contact is missing and adds new emails, phones, addresses and tags. A field you already filled is never overwritten.',
  },
  add: { label: 'Add anyway', help: 'Everyone in the file becomes a new contact, even when one with the same email or phone exists.' },
};

const fmt = new Intl.NumberFormat();
const plural = (n: number, one: string, many: string) => `${fmt.format(n)} ${n === 1 ? one : many}`;

/** A file picker: a button, and the whole area takes a dropped file. */
export function DropZone({ accept, label, hint, disabled, onFile }: { accept: string; label: string; hint: string; disabled: boolean; onFile: (file: File) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  };
  return (
    <div
      className={`import-drop${over ? ' over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <button type="button" className="btn" disabled={disabled} onClick={() => input.current?.click()}>
        <Upload size={15} aria-hidden="true" /> {label}
      </button>
      <span className="muted">{hint}</span>
      <input
        ref={input}
        type="file"
        accept={accept}
        hidden
        aria-label={label}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
    </div>
  );
}

/** Skip, merge or add, with what each does in words. */
export function DuplicatesChoice({ value, disabled, onChange }: { value: DuplicatePolicy; disabled: boolean; onChange: (p: DuplicatePolicy) => void }) {
  const name = useId();
  return (
    <fieldset className="import-duplicates" disabled={disabled}>
      <legend>When a contact with the same email or phone exists</legend>
      {(Object.keys(DUPLICATE_CHOICES) as DuplicatePolicy[]).map((p) => (
        <label key={p} className="import-choice">
          <input type="radio" name={name} value={p} checked={value === p} onChange={() => onChange(p)} />
          <span>
            <strong>{DUPLICATE_CHOICES[p].label}</strong>
            <small>{DUPLICATE_CHOICES[p].help}</small>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

export function ImportError({ error }: { error: ApiError }) {
  return (
    <div className="import-error" role="alert">
      <span>{error.message}</span>
      {error.issues && error.issues.length > 1 && (
        <ul>
          {error.issues.slice(0, 5).map((i) => (
            <li key={`${i.field}:${i.message}`}>{i.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

const SHOWN_SKIPS = 200;

/** What an import did: the counts, and every skipped row with its line and reason. */
export function ImportReportView({ report, source, what, onDone }: { report: ImportReport; source: string; what: 'row' | 'card'; onDone: () => void }) {
  const parts = [
    plural(report.added, 'contact added', 'contacts added'),
    report.merged > 0 ? `${fmt.format(report.merged)} merged` : null,
    report.updated > 0 ? `${fmt.format(report.updated)} updated` : null,
    report.businessesAdded > 0 ? plural(report.businessesAdded, 'business created from company names', 'businesses created from company names') : null,
  ].filter(Boolean);
  return (
    <div className="import-report" aria-live="polite">
      <div className={`import-summary${report.skipped > 0 ? ' has-skips' : ''}`}>
        <CheckCircle2 size={18} aria-hidden="true" />
        <div>
          <strong>{parts.join(', ')}.</strong>
          <span className="muted">
            {plural(report.rows, what, `${what}s`)} read from {source} in {report.seconds.toFixed(1)} s
            {report.skipped > 0 ? `; ${plural(report.skipped, `${what} was`, `${what}s were`)} skipped.` : '; none skipped.'}
          </span>
        </div>
      </div>
      {report.skipped > 0 && (
        <>
          <div className="import-skips">
            <table className="table">
              <caption className="sr-only">Skipped {what}s</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Line
                  </th>
                  <th scope="col">Name</th>
                  <th scope="col">Why it was skipped</th>
                </tr>
              </thead>
              <tbody>
                {report.skips.slice(0, SHOWN_SKIPS).map((s, i) => (
                  <tr key={`${s.line}-${i}`}>
                    <td className="num">{s.line}</td>
                    <td>{s.name || <span className="faint">(no name)</span>}</td>
                    <td>{s.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.skipped > SHOWN_SKIPS && <p className="muted import-more">and {fmt.format(report.skipped - SHOWN_SKIPS)} more in the downloadable report.</p>}
        </>
      )}
      <div className="import-actions">
        {report.skipped > 0 && (
          <button type="button" className="btn" onClick={() => saveDownload(skipsDownload(report, source))}>
            <Download size={15} aria-hidden="true" /> Download the skipped {what}s (.csv)
          </button>
        )}
        <button type="button" className="btn" onClick={onDone}>
          Import another file
        </button>
      </div>
    </div>
  );
}

function Labelled({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

const fieldLabel = (m: ColumnMapping) => (GROUPED_CSV_FIELDS.includes(m.field) && m.group > 1 ? `${CSV_FIELD_LABELS[m.field]} ${m.group}` : CSV_FIELD_LABELS[m.field]);

/** Import contacts from a spreadsheet (CSV): preview, mapping, duplicates, then the report. */
export function CsvImportCard() {
  const s = useCsvImportStore();
  const busy = s.phase !== 'idle';
  const preview = s.preview;
  const mapped = s.mapping.filter((m) => m.field !== 'ignore').length;
  return (
    <section className="card import-card" aria-labelledby="csv-import">
      <h2 id="csv-import">
        <FileSpreadsheet size={18} aria-hidden="true" /> Import contacts from a spreadsheet (CSV)
      </h2>
      <p className="muted" style={{ margin: 0 }}>
        From Google Contacts, Outlook or any spreadsheet saved as CSV with a header row. You see the first rows and choose where each column goes before anything is
        imported; the import is all or nothing, and every row left out is listed with its line.
      </p>

      {s.report && <ImportReportView report={s.report} source={s.source} what="row" onDone={s.reset} />}

      {!s.report && !preview && (
        <DropZone
          accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
          label="Choose a CSV file"
          hint={s.phase === 'reading' ? 'Reading the file…' : 'or drop it here'}
          disabled={busy}
          onFile={(f) => void s.pick(f)}
        />
      )}
      {s.phase === 'reading' && <TaskProgress task="upload-csv" label="Sending the file" />}

      {s.error && <ImportError error={s.error} />}

      {preview && s.file && (
        <>
          <div className="import-file">
            <div>
              <strong>{s.file.name}</strong>
              <span className="muted">
                {plural(preview.totalRows, 'row', 'rows')} · {PRESETS[preview.preset]}
              </span>
            </div>
            <button type="button" className="icon-btn" aria-label="Choose another file" title="Choose another file" disabled={busy} onClick={s.reset}>
              <X size={16} aria-hidden="true" />
            </button>
          </div>
          <div className="import-options">
            <Labelled label="Encoding">
              {(id) => (
                <select id={id} className="select" value={preview.encoding} disabled={busy} onChange={(e) => void s.setEncoding(e.target.value as CsvEncoding)}>
                  {CSV_ENCODINGS.map((e) => (
                    <option key={e} value={e}>
                      {ENCODINGS[e]}
                      {e === preview.encoding && preview.bom ? ' (with BOM)' : ''}
                    </option>
                  ))}
                </select>
              )}
            </Labelled>
            <Labelled label="Separator">
              {(id) => (
                <select id={id} className="select" value={preview.delimiter} disabled={busy} onChange={(e) => void s.setDelimiter(e.target.value as CsvDelimiter)}>
                  {CSV_DELIMITERS.map((d) => (
                    <option key={d} value={d}>
                      {DELIMITERS[d]}
                    </option>
                  ))}
                </select>
              )}
            </Labelled>
          </div>

          <h3>Where each column goes</h3>
          <div className="import-mapping" role="group" aria-label="Column mapping">
            {preview.headers.map((header, i) => {
              const m = s.mapping[i];
              const sample = preview.rows.map((r) => r.cells[i] ?? '').find((c) => c.trim() !== '') ?? '';
              const id = `csv-col-${i}`;
              return (
                <div key={`${i}:${header}`} className={`import-column${m?.field === 'ignore' ? ' ignored' : ''}`}>
                  <label htmlFor={id}>
                    <span className="import-header">{header || <span className="faint">(column {i + 1})</span>}</span>
                    <span className="import-sample faint">{sample ? sample.slice(0, 60) : 'empty in the first rows'}</span>
                  </label>
                  <select
                    id={id}
                    className="select"
                    value={m?.field ?? 'ignore'}
                    disabled={busy}
                    onChange={(e) => s.setField(i, e.target.value as CsvField)}
                  >
                    {CSV_FIELDS.map((f) => (
                      <option key={f} value={f}>
                        {m && f === m.field ? fieldLabel(m) : CSV_FIELD_LABELS[f]}
                      </option>
                    ))}
                  </select>
                </div>
              );
            })}
          </div>

          <details className="import-preview">
            <summary>The first {plural(preview.rows.length, 'row', 'rows')} as read</summary>
            <div className="import-table">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Line
                    </th>
                    {preview.headers.map((h, i) => (
                      <th key={i} scope="col">
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((r) => (
                    <tr key={r.line}>
                      <td className="num">{r.line}</td>
                      {preview.headers.map((_, i) => (
                        <td key={i}>{(r.cells[i] ?? '').slice(0, 80)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>

          <DuplicatesChoice value={s.duplicates} disabled={busy} onChange={s.setDuplicates} />

          <div className="import-actions">
            <button type="button" className="btn primary" disabled={busy || mapped === 0} onClick={() => void s.run()}>
              Import {plural(preview.totalRows, 'row', 'rows')}
            </button>
            <button type="button" className="btn" disabled={busy} onClick={s.reset}>
              Cancel
            </button>
            {mapped === 0 && <span className="muted">Choose a field for at least one column.</span>}
          </div>
          {s.phase === 'importing' && <TaskProgress task="import" label="Importing contacts" />}
        </>
      )}
    </section>
  );
}
