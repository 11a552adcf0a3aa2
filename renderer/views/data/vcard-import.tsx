import { Contact, X } from 'lucide-react';
import { TaskProgress } from '../../components/progress-bar';
import { useVcardImportStore } from '../../store/import-store';
import { DropZone, DuplicatesChoice, ImportError, ImportReportView } from './csv-import';
import './import.css';

/** Import contacts from vCard files (.vcf) of phones, Apple Contacts, Outlook and others. */
export function VcardImportCard() {
  const s = useVcardImportStore();
  const busy = s.phase !== 'idle';
  return (
    <section className="card import-card" aria-labelledby="vcard-import">
      <h2 id="vcard-import">
        <Contact size={18} aria-hidden="true" /> Import vCards
      </h2>
      <p className="muted" style={{ margin: 0 }}>
        A .vcf file from a phone, Apple Contacts, Outlook or Google (versions 2.1, 3.0 and 4.0). Importing the same file again updates those contacts instead of
        adding them twice; what you set in Rapport (stage, rhythm, your tags and records) is kept. Photos are left out.
      </p>

      {s.report && <ImportReportView report={s.report} source={s.source} what="card" onDone={s.reset} />}

      {!s.report && !s.file && (
        <DropZone
          accept=".vcf,.vcard,text/vcard,text/x-vcard"
          label="Choose a vCard file"
          hint={s.phase === 'reading' ? 'Reading the file…' : 'or drop it here'}
          disabled={busy}
          onFile={(f) => void s.pick(f)}
        />
      )}
      {s.phase === 'reading' && <TaskProgress task="upload-vcard" label="Sending the file" />}

      {s.error && <ImportError error={s.error} />}

      {s.file && (
        <>
          <div className="import-file">
            <div>
              <strong>{s.file.name}</strong>
              <span className="muted">{new Intl.NumberFormat().format(Math.max(1, Math.round(s.file.size / 1024)))} KB</span>
            </div>
            <button type="button" className="icon-btn" aria-label="Choose another file" title="Choose another file" disabled={busy} onClick={s.reset}>
              <X size={16} aria-hidden="true" />
            </button>
          </div>
          <DuplicatesChoice value={s.duplicates} disabled={busy} onChange={s.setDuplicates} />
          <div className="import-actions">
            <button type="button" className="btn primary" disabled={busy} onClick={() => void s.run()}>
              Import the cards
            </button>
            <button type="button" className="btn" disabled={busy} onClick={s.reset}>
              Cancel
            </button>
          </div>
          {s.phase === 'importing' && <TaskProgress task="import" label="Importing vCards" />}
        </>
      )}
    </section>
  );
}
