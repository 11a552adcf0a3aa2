import { addDays, format } from 'date-fns';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError, FollowUp, MethodInput } from '../../../shared/contract/index';
import { api } from '../../api/client';
import { ContactPicker } from '../../components/contact-picker';
import { formatDay, useFollowUpsStore } from '../../store/follow-ups-store';
import { toast } from '../../store/toast-store';
import { RecordDialog } from './record-dialog';
import type { RecordFormProps } from './record-form-props';
import '../follow-ups.css';

interface Draft {
  title: string;
  contact: { id: number; name: string } | null;
  dueDate: string;
  dueTime: string;
  repeatDays: string;
  note: string;
}

const FIELDS = ['title', 'contactId', 'dueDate', 'dueTime', 'repeatDays', 'note'] as const;

function draftOf(f: FollowUp): Draft {
  return {
    title: f.title,
    contact: f.contactId !== null && f.contactName !== null ? { id: f.contactId, name: f.contactName } : null,
    dueDate: f.dueDate,
    dueTime: f.dueTime ?? '',
    repeatDays: f.repeatDays === null ? '' : String(f.repeatDays),
    note: f.note,
  };
}

/** What goes to the back end; a repeat that is not a whole number goes as typed, and the back end says why. */
function toInput(d: Draft): Omit<MethodInput<'followUps.create'>, 'contactId'> & { contactId: number | null } {
  const repeat = d.repeatDays.trim();
  return {
    title: d.title,
    contactId: d.contact?.id ?? null,
    dueDate: d.dueDate,
    dueTime: d.dueTime === '' ? null : d.dueTime,
    repeatDays: repeat === '' ? null : /^-?\d+$/.test(repeat) ? Number(repeat) : (repeat as unknown as number),
    note: d.note,
  };
}

function FieldError({ field, message }: { field: string; message: string | undefined }) {
  return message ? (
    <span className="field-error" id={`err-fu-${field}`} role="alert">
      {message}
    </span>
  ) : null;
}

/** Plan or change a follow-up: what, with whom, when (a date, maybe a time), repeating or not. */
export function FollowUpForm({ contactId, id, onClose }: RecordFormProps) {
  const create = useFollowUpsStore((s) => s.create);
  const update = useFollowUpsStore((s) => s.update);
  const find = useFollowUpsStore((s) => s.find);
  const [draft, setDraft] = useState<Draft>(() => ({
    title: '',
    contact: null,
    dueDate: format(addDays(new Date(), 1), 'yyyy-MM-dd'),
    dueTime: '',
    repeatDays: '',
    note: '',
  }));
  const [loading, setLoading] = useState(id !== null || contactId !== null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const titleRef = useRef<HTMLInputElement | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      if (id !== null) {
        const found = await find(id, contactId);
        if (!live) return;
        if (found) setDraft(draftOf(found));
        else {
          toast('That follow-up no longer exists', { tone: 'error' });
          onClose();
          return;
        }
      } else if (contactId !== null) {
        const contact = await api().call('contacts.get', { id: contactId });
        if (!live) return;
        if (contact.ok) setDraft((d) => ({ ...d, contact: { id: contact.value.id, name: contact.value.name } }));
      }
      setLoading(false);
    })();
    return () => {
      live = false;
    };
  }, [id, contactId, find, onClose]);

  useEffect(() => {
    if (!loading) titleRef.current?.focus();
  }, [loading]);

  const errors = useMemo(() => {
    const map = new Map<string, string>();
    for (const issue of error?.issues ?? []) if (!map.has(issue.field)) map.set(issue.field, issue.message);
    return map;
  }, [error]);
  const err = (field: string) => errors.get(field);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const invalid = (field: string) => (err(field) ? { 'aria-invalid': true as const, 'aria-describedby': `err-fu-${field}` } : {});

  const submit = async () => {
    if (saving || loading) return;
    setSaving(true);
    const input = toInput(draft);
    const result = id !== null ? await update({ id, ...input }) : await create(input);
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    if (id === null) toast(`Follow-up planned for ${result.value.bucket === 'today' ? 'today' : formatDay(result.value.dueDate)}`);
    onClose();
  };

  const title = id !== null ? 'Edit follow-up' : 'New follow-up';
  return (
    <RecordDialog
      title={title}
      saving={saving}
      error={error}
      fields={FIELDS}
      onSubmit={() => void submit()}
      onClose={onClose}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void submit();
        }
      }}
      className="dialog"
      backdropClassName="dialog-backdrop follow-up-form"
      hint={
        <>
          <kbd>Enter</kbd> saves · <kbd>Esc</kbd> cancels
        </>
      }
      submitLabel={saving ? 'Saving…' : id !== null ? 'Save changes' : 'Add follow-up'}
      submitDisabled={saving || loading}
      textareaEnterSaves={false}
    >
      <div className="field wide">
        <label htmlFor="fu-title">What to do</label>
        <input
          ref={titleRef}
          id="fu-title"
          data-field="title"
          className="input"
          autoComplete="off"
          placeholder="Call back about the quote"
          value={draft.title}
          disabled={loading}
          onChange={(e) => set('title', e.target.value)}
          {...invalid('title')}
        />
        <FieldError field="title" message={err('title')} />
      </div>
      <div className="field wide">
        <span className="field-label" id="fu-contact-label">
          With <span className="faint">(optional)</span>
        </span>
        {draft.contact ? (
          <div className="chosen-contact" data-field="contactId" tabIndex={-1} aria-labelledby="fu-contact-label" aria-invalid={err('contactId') ? true : undefined}>
            <span>{draft.contact.name}</span>
            <button type="button" className="btn small ghost" onClick={() => set('contact', null)}>
              Change
            </button>
          </div>
        ) : (
          <div data-field="contactId" tabIndex={-1}>
            <ContactPicker
              id="fu-contact"
              label="Contact"
              invalid={err('contactId') !== undefined}
              describedBy={err('contactId') ? 'err-fu-contactId' : undefined}
              onPick={(c) => set('contact', { id: c.id, name: c.name })}
            />
          </div>
        )}
        <FieldError field="contactId" message={err('contactId')} />
      </div>
      <div className="field">
        <label htmlFor="fu-date">Due on</label>
        <input id="fu-date" data-field="dueDate" type="date" className="input" value={draft.dueDate} onChange={(e) => set('dueDate', e.target.value)} {...invalid('dueDate')} />
        <FieldError field="dueDate" message={err('dueDate')} />
      </div>
      <div className="field">
        <label htmlFor="fu-time">
          At <span className="faint">(optional)</span>
        </label>
        <input id="fu-time" data-field="dueTime" type="time" className="input" value={draft.dueTime} onChange={(e) => set('dueTime', e.target.value)} {...invalid('dueTime')} />
        <FieldError field="dueTime" message={err('dueTime')} />
        <span className="field-hint">Without a time it is due from the start of the day.</span>
      </div>
      <div className="field wide">
        <label htmlFor="fu-repeat">
          Repeat every … days <span className="faint">(optional)</span>
        </label>
        <div className="inline">
          <input
            id="fu-repeat"
            data-field="repeatDays"
            className="input"
            inputMode="numeric"
            placeholder="e.g. 7"
            value={draft.repeatDays}
            onChange={(e) => set('repeatDays', e.target.value)}
            {...invalid('repeatDays')}
          />
          <span className="field-hint">Ticking it off plans the next one this many days later.</span>
        </div>
        <FieldError field="repeatDays" message={err('repeatDays')} />
      </div>
      <div className="field wide">
        <label htmlFor="fu-note">Note</label>
        <textarea id="fu-note" data-field="note" className="textarea" value={draft.note} onChange={(e) => set('note', e.target.value)} {...invalid('note')} />
        <FieldError field="note" message={err('note')} />
      </div>
    </RecordDialog>
  );
}
