import { X } from 'lucide-react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { REFERRAL_STATUSES, type ApiError, type ContactRow } from '../../../shared/contract/index';
import { api } from '../../api/client';
import { STATUS_HINTS, STATUS_LABELS, useReferralsStore, type ReferralStatus } from '../../store/referrals-store';
import { RecordDialog } from './record-dialog';
import type { RecordFormProps } from './record-form-props';

/** Today as YYYY-MM-DD on the machine's calendar. */
function localDate(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A chosen day as an instant: now for today, local noon for any other day (clear of DST edges). */
function instantOf(date: string): number {
  if (date === localDate(Date.now())) return Date.now();
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d, 12).getTime();
}

export interface PickedContact {
  id: number;
  name: string;
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <span className="field-error" id={id} role="alert">
      {message}
    </span>
  ) : null;
}

/**
 * A search box over the contacts (contacts.list as you type) that can also keep a typed name:
 * ↑/↓ choose a suggestion, Enter picks it, Esc closes the list.
 */
export function ContactPicker(props: {
  inputId: string;
  label: string;
  text: string;
  picked: PickedContact | null;
  onText(text: string): void;
  onPick(contact: PickedContact | null): void;
  invalid?: boolean;
  describedBy?: string | undefined;
  placeholder?: string;
  autoFocus?: boolean;
  exclude?: number | null;
}) {
  const { inputId, text, picked, onText, onPick, exclude } = props;
  const [rows, setRows] = useState<ContactRow[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const seq = useRef(0);

  useEffect(() => {
    if (!open || picked || !text.trim()) return;
    const mine = ++seq.current;
    const timer = window.setTimeout(() => {
      void api()
        .call('contacts.list', { query: text, sort: 'relevance', limit: 8 })
        .then((result) => {
          if (mine !== seq.current || !result.ok) return;
          const found = result.value.rows.filter((r) => r.id !== exclude);
          setRows(found);
          // An exact name is the likely choice: Enter takes it.
          const exact = found.findIndex((r) => r.name.toLocaleLowerCase() === text.trim().toLocaleLowerCase());
          setActive(exact);
        });
    }, 100);
    return () => window.clearTimeout(timer);
  }, [text, open, picked, exclude]);

  const showList = open && !picked && text.trim() !== '' && rows.length > 0;
  const pick = (row: ContactRow) => {
    onPick({ id: row.id, name: row.name });
    onText(row.name);
    setOpen(false);
    setRows([]);
  };

  return (
    <div className="picker">
      <div className="picker-box">
        <input
          id={inputId}
          className="input"
          role="combobox"
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
          aria-invalid={props.invalid ? true : undefined}
          aria-describedby={props.describedBy}
          autoComplete="off"
          autoFocus={props.autoFocus}
          placeholder={props.placeholder}
          value={text}
          data-field={inputId}
          onChange={(e) => {
            onText(e.target.value);
            if (picked) onPick(null);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => window.setTimeout(() => setOpen(false), 150)}
          onKeyDown={(e) => {
            if (!showList) return;
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((a) => Math.min(rows.length - 1, a + 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(-1, a - 1));
            } else if (e.key === 'Enter' && active >= 0 && rows[active]) {
              e.preventDefault();
              e.stopPropagation();
              pick(rows[active]);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              setOpen(false);
            }
          }}
        />
        {picked && (
          <span className="picker-linked" title="Linked to this contact">
            contact
            <button type="button" aria-label={`Unlink ${picked.name}`} onClick={() => onPick(null)}>
              <X size={12} />
            </button>
          </span>
        )}
      </div>
      {showList && (
        <ul className="picker-list" role="listbox" id={listId} aria-label={`${props.label}: matching contacts`}>
          {rows.map((row, i) => (
            <li
              key={row.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(row);
              }}
            >
              <span>{row.name}</span>
              <span className="faint">{row.kind === 'business' ? 'business' : row.businessName ?? ''}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The fields shown beside their inputs; any other error shows on top. */
const FIELDS = ['referrerId', 'referredId', 'referredName', 'referredAt', 'status', 'thanked', 'notes'];

interface Draft {
  referrer: PickedContact | null;
  referrerText: string;
  referred: PickedContact | null;
  referredText: string;
  date: string;
  status: ReferralStatus;
  thanked: boolean;
  notes: string;
}

/** Record or edit a referral: who referred whom (a contact or a typed name), when, status, thanked, notes. */
export function ReferralForm({ contactId, id, onClose }: RecordFormProps) {
  const create = useReferralsStore((s) => s.create);
  const update = useReferralsStore((s) => s.update);
  const find = useReferralsStore((s) => s.find);
  const [today] = useState(() => localDate(Date.now()));
  const [draft, setDraft] = useState<Draft>(() => ({
    referrer: null,
    referrerText: '',
    referred: null,
    referredText: '',
    date: today,
    status: 'pending',
    thanked: false,
    notes: '',
  }));
  const [original, setOriginal] = useState<{ date: string; at: number } | null>(null);
  const [loading, setLoading] = useState(id !== null || contactId !== null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      if (id !== null) {
        const r = await find(id);
        if (!live) return;
        if (!r) {
          setError({ code: 'not_found', message: 'That referral is gone (in the trash, or one of its contacts is).' });
        } else {
          setDraft({
            referrer: { id: r.referrerId, name: r.referrerName },
            referrerText: r.referrerName,
            referred: r.referredId !== null ? { id: r.referredId, name: r.referredName } : null,
            referredText: r.referredName,
            date: localDate(r.referredAt),
            status: r.status,
            thanked: r.thanked,
            notes: r.notes,
          });
          setOriginal({ date: localDate(r.referredAt), at: r.referredAt });
        }
      } else if (contactId !== null) {
        const c = await api().call('contacts.get', { id: contactId });
        if (!live) return;
        if (c.ok) setDraft((d) => ({ ...d, referrer: { id: c.value.id, name: c.value.name }, referrerText: c.value.name }));
      }
      setLoading(false);
    })();
    return () => {
      live = false;
    };
  }, [id, contactId, find]);

  const errors = useMemo(() => {
    const map = new Map<string, string>();
    for (const issue of error?.issues ?? []) {
      const field = issue.field === 'referredName' ? 'referredId' : issue.field;
      if (!map.has(field)) map.set(field, issue.message);
    }
    return map;
  }, [error]);
  const err = (field: string) => errors.get(field);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async () => {
    if (saving || loading) return;
    if (!draft.referrer) {
      setError({ code: 'invalid_input', message: 'Choose who made the referral', issues: [{ field: 'referrerId', message: 'Choose who made the referral from your contacts' }] });
      formRef.current?.querySelector<HTMLElement>('#referral-referrer')?.focus();
      return;
    }
    setSaving(true);
    const referredAt = original && original.date === draft.date ? original.at : /^\d{4}-\d{2}-\d{2}$/.test(draft.date) ? instantOf(draft.date) : Number.NaN;
    const who = draft.referred ? { referredId: draft.referred.id } : { referredId: null, referredName: draft.referredText };
    const fields = { referrerId: draft.referrer.id, ...who, referredAt, status: draft.status, thanked: draft.thanked, notes: draft.notes };
    const result = id !== null ? await update({ id, ...fields }) : await create(fields);
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      const field = result.error.field === 'referredName' ? 'referredId' : result.error.field;
      const target = { referrerId: '#referral-referrer', referredId: '#referral-referred', referredAt: '#referral-date', notes: '#referral-notes' }[field ?? ''];
      if (target) formRef.current?.querySelector<HTMLElement>(target)?.focus();
      return;
    }
    onClose();
  };

  const title = id !== null ? 'Edit referral' : 'New referral';

  return (
    <RecordDialog
      title={title}
      saving={saving}
      error={error}
      fields={FIELDS}
      onSubmit={() => void submit()}
      onClose={onClose}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !e.defaultPrevented) {
          const inNotes = (e.target as HTMLElement).tagName === 'TEXTAREA';
          if (inNotes && !(e.ctrlKey || e.metaKey)) return;
          // A button acts on Enter, except the status choices: Space picks one, Enter saves.
          const target = e.target as HTMLElement;
          if (target.tagName === 'BUTTON' && !target.closest('.segmented')) return;
          e.preventDefault();
          void submit();
        }
      }}
      className="dialog referral-dialog"
      busy={loading}
      hint={
        <>
          <kbd>Enter</kbd> saves · <kbd>Esc</kbd> cancels
        </>
      }
      submitLabel={saving ? 'Saving…' : id !== null ? 'Save changes' : 'Add referral'}
      submitDisabled={saving || loading}
      textareaEnterSaves={false}
      formRef={formRef}
    >
      <div className="field">
        <label htmlFor="referral-referrer">Referred by</label>
        <ContactPicker
          inputId="referral-referrer"
          label="Referred by"
          text={draft.referrerText}
          picked={draft.referrer}
          onText={(t) => set('referrerText', t)}
          onPick={(c) => set('referrer', c)}
          invalid={err('referrerId') !== undefined}
          describedBy={err('referrerId') ? 'err-referrerId' : undefined}
          placeholder="Search your contacts"
          autoFocus={contactId === null && id === null}
        />
        <FieldError id="err-referrerId" message={err('referrerId')} />
      </div>
      <div className="field">
        <label htmlFor="referral-referred">Who they sent you</label>
        <ContactPicker
          inputId="referral-referred"
          label="Who they sent you"
          text={draft.referredText}
          picked={draft.referred}
          onText={(t) => set('referredText', t)}
          onPick={(c) => set('referred', c)}
          invalid={err('referredId') !== undefined}
          describedBy={err('referredId') ? 'err-referredId' : 'hint-referred'}
          placeholder="A contact, or a new name"
          autoFocus={contactId !== null && id === null}
          exclude={draft.referrer?.id ?? null}
        />
        <FieldError id="err-referredId" message={err('referredId')} />
        <span className="field-hint" id="hint-referred">
          Pick a contact, or type the name of someone who is not one yet.
        </span>
      </div>
      <div className="field">
        <label htmlFor="referral-date">Date</label>
        <input
          id="referral-date"
          type="date"
          className="input"
          value={draft.date}
          aria-invalid={err('referredAt') ? true : undefined}
          aria-describedby={err('referredAt') ? 'err-referredAt' : undefined}
          onChange={(e) => set('date', e.target.value)}
        />
        <FieldError id="err-referredAt" message={err('referredAt')} />
      </div>
      <div className="field">
        <span className="field-label" id="referral-status-label">
          Status
        </span>
        <div className="segmented" role="group" aria-labelledby="referral-status-label">
          {REFERRAL_STATUSES.map((s) => (
            <button key={s} type="button" title={STATUS_HINTS[s]} aria-pressed={draft.status === s} onClick={() => set('status', s)}>
              {STATUS_LABELS[s]}
            </button>
          ))}
        </div>
        <FieldError id="err-status" message={err('status')} />
      </div>
      <div className="field wide">
        <label className="check">
          <input type="checkbox" checked={draft.thanked} onChange={(e) => set('thanked', e.target.checked)} />
          {draft.referrer ? `I thanked ${draft.referrer.name} for it` : 'I thanked them for it'}
        </label>
        <FieldError id="err-thanked" message={err('thanked')} />
      </div>
      <div className="field wide">
        <label htmlFor="referral-notes">Notes</label>
        <textarea id="referral-notes" className="textarea" value={draft.notes} onChange={(e) => set('notes', e.target.value)} />
        <FieldError id="err-notes" message={err('notes')} />
      </div>
    </RecordDialog>
  );
}

/**
 * Converting a pending referral: the person became a customer. A referral already linked to a
 * contact converts at once; one known by name only links a contact you pick, or creates one.
 */
export function ConvertDialog({ referral, onClose }: { referral: { id: number; name: string; contactId: number | null; referrerId: number }; onClose(): void }) {
  const convert = useReferralsStore((s) => s.convert);
  const [text, setText] = useState(referral.name);
  const [picked, setPicked] = useState<PickedContact | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (contactId: number | null) => {
    if (busy) return;
    setBusy(true);
    const result = await convert(referral.id, contactId);
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    onClose();
  };

  return (
    <div
      className="dialog-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <form
        className="dialog referral-dialog narrow"
        role="dialog"
        aria-modal="true"
        aria-label={`Convert ${referral.name}`}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run(picked ? picked.id : null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          }
        }}
      >
        <header>
          <h2 style={{ flex: 1 }}>Convert {referral.name}</h2>
          <button type="button" className="icon-btn" aria-label="Close" onClick={onClose}>
            <X size={18} />
          </button>
        </header>
        <div className="form-body">
          <p className="wide muted" style={{ margin: 0 }}>
            {referral.name} became a customer. Link the contact you already have for them, or create a new one (a customer who came by referral).
          </p>
          <div className="field wide">
            <label htmlFor="convert-contact">Link to a contact</label>
            <ContactPicker
              inputId="convert-contact"
              label="Link to a contact"
              text={text}
              picked={picked}
              onText={setText}
              onPick={setPicked}
              invalid={error !== null}
              describedBy={error ? 'err-convert' : undefined}
              placeholder="Search your contacts"
              autoFocus
              exclude={referral.referrerId}
            />
            <FieldError id="err-convert" message={error ?? undefined} />
          </div>
        </div>
        <footer>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn" disabled={busy} onClick={() => void run(null)}>
            Create contact “{referral.name}”
          </button>
          <button type="submit" className="btn primary" disabled={busy || !picked}>
            Link {picked ? picked.name : 'contact'}
          </button>
        </footer>
      </form>
    </div>
  );
}
