import { CheckCircle2, Download, FileJson, Upload } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { ApiError, BookImportMode } from '../../../shared/contract/index';
import { TaskProgress } from '../../components/progress-bar';
import { useBackupsStore } from '../../store/backups-store';
import { DropZone } from './csv-import';
import './book-data.css';

const MODES: Record<BookImportMode, { label: string; help: string }> = {
  replace: {
    label: 'Replace this book',
    help: 'The file becomes your book. The current book is kept first, whole, as a backup you can restore.',
  },
  new: {
    label: 'Into a new book',
    help: 'For a fresh start on this computer: only while this book is still empty (no contacts or records).',
  },
};

/** The whole book as one JSON file: out, and back in (replacing the book, after a backup). */
const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`);

export function JsonCard() {
  const busy = useBackupsStore((s) => s.busy);
  const report = useBackupsStore((s) => s.report);
  const exportJson = useBackupsStore((s) => s.exportJson);
  const importJson = useBackupsStore((s) => s.importJson);
  const dismiss = useBackupsStore((s) => s.dismissReport);
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<BookImportMode>('replace');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const go = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) cancel.current?.focus();
  }, [confirming]);

  const start = async () => {
    if (!file) return;
    setError(null);
    const failed = await importJson(file, mode);
    setConfirming(false);
    if (failed) setError(failed);
  };

  const imported = report?.kind === 'import' ? report : null;
  return (
    <section className="card import-card" aria-labelledby="book-json">
      <h2 id="book-json">
        <FileJson size={18} aria-hidden="true" /> The whole book as JSON
      </h2>
      <p className="muted" style={{ margin: 0 }}>
        Every contact, record, setting and follow-up, the trash and a running timer included, with their ids, in one file you can keep, read, or bring back into
        Rapport later.
      </p>
      <div className="book-data-row">
        <button type="button" className="btn" disabled={busy !== null} onClick={() => void exportJson()}>
          <Download size={15} aria-hidden="true" /> Export the book (.json)
        </button>
      </div>
      {busy === 'export' && <TaskProgress task="export-json" label="Exporting the book" />}

      <h3 style={{ margin: '6px 0 0', fontSize: 'var(--fs-md, 15px)' }}>Import a book</h3>
      <DropZone
        accept=".json,application/json"
        label="Choose a Rapport JSON export"
        hint={file ? `${file.name} · ${sizeText(file.size)}` : 'or drop it here'}
        disabled={busy !== null}
        onFile={(f) => {
          setFile(f);
          setError(null);
          setConfirming(false);
        }}
      />
      <div className="book-data-modes" role="radiogroup" aria-label="How to import">
        {(Object.keys(MODES) as BookImportMode[]).map((m) => (
          <label key={m} className="book-data-mode">
            <input type="radio" name="book-import-mode" value={m} checked={mode === m} onChange={() => setMode(m)} disabled={busy !== null} />
            <span>
              <strong>{MODES[m].label}</strong>
              <small>{MODES[m].help}</small>
            </span>
          </label>
        ))}
      </div>
      {confirming && file ? (
        <div
          className="book-data-confirm"
          role="alertdialog"
          aria-label="Import this book?"
          aria-describedby="book-import-warning"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setConfirming(false);
            }
          }}
        >
          <span id="book-import-warning">
            {mode === 'replace' ? (
              <>
                Replace your book with <strong>{file.name}</strong>? A backup of the current book is made first (kept in the backups folder, ready to restore).
                Every window reloads on the new book.
              </>
            ) : (
              <>
                Start this empty book from <strong>{file.name}</strong>? Every window reloads on the new book.
              </>
            )}
          </span>
          <button type="button" className="btn primary" ref={go} disabled={busy !== null} onClick={() => void start()}>
            {mode === 'replace' ? 'Back up and replace' : 'Import'}
          </button>
          <button type="button" className="btn" ref={cancel} disabled={busy !== null} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="book-data-row">
          <button type="button" className="btn" disabled={!file || busy !== null} onClick={() => setConfirming(true)}>
            <Upload size={15} aria-hidden="true" /> Import…
          </button>
          {!file && <span className="muted">Choose a file first.</span>}
        </div>
      )}
      {busy === 'import' && <TaskProgress task="import-json" label="Importing the book" />}
      {error && (
        <div className="book-data-error" role="alert">
          <span>{error.message}</span>
          {error.issues && error.issues.length > 1 && (
            <ul>
              {error.issues.slice(1).map((issue) => (
                <li key={issue.field + issue.message}>{issue.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {imported && (
        <div className="book-data-report" role="status">
          <CheckCircle2 size={18} aria-hidden="true" style={{ color: 'var(--accent)', flex: 'none' }} />
          <div>
            <strong>
              Imported {imported.from}: {imported.contacts.toLocaleString()} {imported.contacts === 1 ? 'contact' : 'contacts'}.
            </strong>
            <span className="muted">The book before is kept as the backup {imported.keptAside}.</span>
          </div>
          <button type="button" className="btn ghost small" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      )}
    </section>
  );
}
