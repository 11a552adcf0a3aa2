import { Contact as ContactIcon, FileJson, ShieldX } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import type { ApiError, Contact } from '../../../shared/contract/index';
import { api } from '../../api/client';
import { useExportStore } from '../../store/export-store';
import { toast } from '../../store/toast-store';
import { RecordDialog } from '../records/record-dialog';
import './export-menu.css';

/** The contact page's "your data about them": their vCard, everything as JSON, and erasing them for good. */
export function ContactDataActions({ contact }: { contact: Contact }) {
  const run = useExportStore((s) => s.run);
  const running = useExportStore((s) => s.running);
  const [erasing, setErasing] = useState(false);
  return (
    <section className="fact" aria-label="Their data">
      <h3>Their data</h3>
      <div className="privacy-actions">
        <button type="button" className="btn small" disabled={running !== null} onClick={() => void run({ method: 'export.vcard', input: { ids: [contact.id] } }, 'Writing the vCard')}>
          <ContactIcon size={14} aria-hidden="true" /> Export vCard
        </button>
        <button
          type="button"
          className="btn small"
          disabled={running !== null}
          title="Everything the book holds about them, as JSON: for a request to see their data"
          onClick={() => void run({ method: 'privacy.exportContact', input: { id: contact.id } }, 'Gathering everything about them')}
        >
          <FileJson size={14} aria-hidden="true" /> Export everything about them (JSON)
        </button>
        <button type="button" className="btn small danger" onClick={() => setErasing(true)}>
          <ShieldX size={14} aria-hidden="true" /> Erase for good…
        </button>
      </div>
      {erasing && <EraseDialog contact={contact} onClose={() => setErasing(false)} />}
    </section>
  );
}

/**
 * Erasing is final: the dialog names the contact, says it cannot be undone, says the backups keep a
 * copy until they expire (and offers to delete them), and asks for the name typed out.
 */
export function EraseDialog({ contact, onClose }: { contact: Contact; onClose(): void }) {
  const [typed, setTyped] = useState('');
  const [withBackups, setWithBackups] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [backups, setBackups] = useState<number | null>(null);
  const [, navigate] = useLocation();
  const matches = typed.trim().normalize('NFC') === contact.name.trim().normalize('NFC');

  useEffect(() => {
    let live = true;
    void api()
      .call('backups.list', {})
      .then((r) => {
        if (live && r.ok) setBackups(r.value.files.length);
      });
    return () => {
      live = false;
    };
  }, []);

  const erase = async () => {
    if (!matches) {
      setError({ code: 'invalid_input', message: 'Type their name exactly as shown to confirm', field: 'confirm' });
      return;
    }
    setSaving(true);
    const result = await api().call('privacy.erase', { id: contact.id, deleteBackups: withBackups });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    const n = result.value.backupsDeleted;
    toast(`${contact.name} is erased for good${withBackups ? `; ${n} ${n === 1 ? 'backup' : 'backups'} deleted` : ''}.`);
    onClose();
    navigate('/contacts');
  };

  const backupWords =
    backups === 0
      ? `No backup exists yet, so no other copy of ${contact.name} is left.`
      : `${backups === null ? 'Your backups were' : `Your ${backups} ${backups === 1 ? 'backup was' : 'backups were'}`} made before this erase and still hold ${contact.name} until they expire.`;
  return (
    <RecordDialog
      title={`Erase ${contact.name} for good`}
      className="dialog erase-dialog"
      saving={saving}
      error={error}
      fields={['confirm']}
      onSubmit={() => void erase()}
      onClose={onClose}
      hint="This cannot be undone"
      submitLabel={saving ? 'Erasing…' : 'Erase for good'}
      submitDisabled={saving || !matches}
    >
      <p>
        This erases <strong>{contact.name}</strong> and everything about them: their details, interactions, purchases, notes, time, follow-ups, NPS
        answers, the referrals they made and received, and their place in the search index. Whoever referred them loses the credit for them.
      </p>
      <p className="warning">It cannot be undone, and it is not the trash: nothing comes back.</p>
      <p>{backupWords}</p>
      {backups !== 0 && (
        <label className="check">
          <input type="checkbox" checked={withBackups} onChange={(e) => setWithBackups(e.target.checked)} />
          <span>Also delete every backup now, so no copy of {contact.name} is left. The next backup is made on schedule, or from Your data.</span>
        </label>
      )}
      <div className="field">
        <label htmlFor="erase-confirm">
          Type <strong>{contact.name}</strong> to confirm
        </label>
        <input
          id="erase-confirm"
          className="input"
          data-field="confirm"
          data-autofocus
          autoComplete="off"
          spellCheck={false}
          value={typed}
          aria-invalid={error?.field === 'confirm' ? true : undefined}
          aria-describedby={error?.field === 'confirm' ? 'err-confirm' : undefined}
          onChange={(e) => {
            setTyped(e.target.value);
            setError(null);
          }}
        />
        {error?.field === 'confirm' && (
          <span className="field-error" id="err-confirm" role="alert">
            {error.message}
          </span>
        )}
      </div>
    </RecordDialog>
  );
}
