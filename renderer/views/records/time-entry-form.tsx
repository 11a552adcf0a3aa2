import { format } from 'date-fns';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError, TimeEntry } from '../../../shared/contract/index';
import { api } from '../../api/client';
import { ContactPicker } from '../../components/contact-picker';
import { timeSelectors, useTimeStore } from '../../store/time-store';
import { useTimerStore } from '../../store/timer-store';
import { toast } from '../../store/toast-store';
import { RecordDialog } from './record-dialog';
import type { RecordFormProps } from './record-form-props';

const FIELDS = ['contactId', 'activity', 'source', 'startedAt', 'minutes', 'note'];

interface Draft {
  on: 'contact' | 'activity';
  contact: { id: number; name: string } | null;
  activity: string;
  source: string;
  date: string;
  time: string;
  minutes: string;
  note: string;
}

function newDraft(): Draft {
  const now = new Date();
  return { on: 'contact', contact: null, activity: '', source: '', date: format(now, 'yyyy-MM-dd'), time: format(now, 'HH:mm'), minutes: '', note: '' };
}

function draftOf(e: TimeEntry): Draft {
  return {
    on: e.contactId !== null ? 'contact' : 'activity',
    contact: e.contactId !== null ? { id: e.contactId, name: e.contactName ?? `Contact ${e.contactId}` } : null,
    activity: e.activity,
    source: e.source,
    date: format(e.startedAt, 'yyyy-MM-dd'),
    time: format(e.startedAt, 'HH:mm'),
    minutes: String(e.minutes),
    note: e.note,
  };
}

/** "90", "1:30" or "1h30" are all ninety minutes; anything else goes as typed and the back end says what is wrong. */
export function parseMinutes(text: string): number | string {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  const hm = /^(\d+)\s*(?::|h)\s*(\d{1,2})?\s*(?:m|min)?$/i.exec(t);
  if (hm) return Number(hm[1]) * 60 + Number(hm[2] ?? 0);
  return t;
}

/** The local date and time typed, as an instant; undefined when either is missing or impossible. */
function startedAtOf(date: string, time: string): number | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return undefined;
  const at = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  return Number.isNaN(at.getTime()) ? undefined : at.getTime();
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <span className="field-error" id={id} role="alert">
      {message}
    </span>
  ) : null;
}

/** The contact page's "Start timer" quick action: starts the timer on that contact and closes. */
function StartOnContact({ contactId, onClose }: { contactId: number; onClose: () => void }) {
  const start = useTimerStore((s) => s.start);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void start({ contactId }).then((result) => {
      if (result.ok) toast(`Timer started on ${result.value.contactName ?? 'this contact'}`);
      else toast(result.error.message, { tone: 'error' });
      onClose();
    });
  }, [contactId, start, onClose]);
  return null;
}

/** Finds an entry to edit: in the week on screen, else in its contact's timeline. */
async function findEntry(id: number, contactId: number | null): Promise<TimeEntry | null> {
  const onScreen = timeSelectors.entry(id)(useTimeStore.getState());
  if (onScreen) return onScreen;
  if (contactId === null) return null;
  for (let offset = 0; offset < 5000; offset += 200) {
    const page = await api().call('contacts.timeline', { contactId, offset, limit: 200 });
    if (!page.ok) return null;
    const hit = page.value.items.find((i) => i.kind === 'time' && i.record.id === id);
    if (hit && hit.kind === 'time') return hit.record;
    if (offset + page.value.items.length >= page.value.total) return null;
  }
  return null;
}

function ManualEntry({ id, contactId, onClose }: { id: number | null; contactId: number | null; onClose: () => void }) {
  const createEntry = useTimeStore((s) => s.create);
  const updateEntry = useTimeStore((s) => s.update);
  const [entry, setEntry] = useState<TimeEntry | null>(null);
  const [missing, setMissing] = useState(false);
  const [draft, setDraft] = useState<Draft>(newDraft);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement | null>(null);
  const editing = id !== null;

  useEffect(() => {
    if (id === null) return;
    let live = true;
    void findEntry(id, contactId).then((found) => {
      if (!live) return;
      if (found) {
        setEntry(found);
        setDraft(draftOf(found));
      } else setMissing(true);
    });
    return () => {
      live = false;
    };
  }, [id, contactId]);

  const errors = useMemo(() => {
    const map = new Map<string, string>();
    for (const issue of error?.issues ?? []) if (!map.has(issue.field)) map.set(issue.field, issue.message);
    return map;
  }, [error]);
  // With "a contact" chosen, "choose a contact or name the activity" belongs beside the contact.
  const contactError = errors.get('contactId') ?? (draft.on === 'contact' ? errors.get('activity') : undefined);
  const activityError = draft.on === 'activity' ? errors.get('activity') : undefined;

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async () => {
    if (saving) return;
    setSaving(true);
    const fields = {
      contactId: draft.on === 'contact' ? (draft.contact?.id ?? null) : null,
      activity: draft.on === 'activity' ? draft.activity : '',
      source: draft.on === 'activity' ? draft.source : '',
      startedAt: startedAtOf(draft.date, draft.time) as number,
      minutes: parseMinutes(draft.minutes) as number,
      note: draft.note,
    };
    const result = editing && entry ? await updateEntry({ id: entry.id, ...fields }) : await createEntry(fields);
    setSaving(false);
    if (!result.ok) {
      // The back end checks "a contact or an activity" only once every field is valid: say it now too.
      const issues = result.error.issues ?? [];
      const noContact = draft.on === 'contact' && !draft.contact && !issues.some((i) => i.field === 'contactId' || i.field === 'activity');
      setError(noContact ? { ...result.error, issues: [...issues, { field: 'contactId', message: 'Choose a contact' }] } : result.error);
      const field = result.error.field === 'activity' && draft.on === 'contact' ? 'contactId' : result.error.field;
      if (field) formRef.current?.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"]`)?.focus();
      return;
    }
    toast(editing ? 'Time entry saved' : `Added ${result.value.minutes} min on ${result.value.contactName ?? result.value.activity}`);
    onClose();
  };

  const title = editing ? 'Edit time' : 'Add time';
  return (
    <RecordDialog
      title={title}
      saving={saving}
      error={missing ? null : error}
      fields={FIELDS}
      onSubmit={() => void submit()}
      onClose={onClose}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void submit();
        }
      }}
      className="dialog time-form"
      hint={
        <>
          <kbd>Ctrl</kbd> <kbd>Enter</kbd> saves · <kbd>Esc</kbd> cancels
        </>
      }
      submitLabel={saving ? 'Saving…' : editing ? 'Save changes' : 'Add time'}
      submitDisabled={saving || missing || (editing && !entry)}
      textareaEnterSaves={false}
      formRef={formRef}
    >
      {missing ? (
        <div className="form-error" role="alert">
          That time entry could not be found: it may have been deleted. Close this and open it again from the Time screen.
        </div>
      ) : (
        <>
          <div className="field wide">
            <span className="field-label">Time spent on</span>
            <div className="segmented" role="group" aria-label="Time spent on">
              <button type="button" aria-pressed={draft.on === 'contact'} onClick={() => set('on', 'contact')}>
                A contact
              </button>
              <button type="button" aria-pressed={draft.on === 'activity'} onClick={() => set('on', 'activity')}>
                An activity
              </button>
            </div>
          </div>
          {draft.on === 'contact' ? (
            <div className="field wide" data-field="contactId" tabIndex={-1}>
              <label htmlFor="field-time-contact">Contact</label>
              {draft.contact ? (
                <div className="picked">
                  <strong>{draft.contact.name}</strong>
                  <button type="button" className="btn small" onClick={() => set('contact', null)}>
                    Change
                  </button>
                </div>
              ) : (
                <ContactPicker
                  id="field-time-contact"
                  label="Contact"
                  autoFocus
                  invalid={contactError !== undefined}
                  describedBy={contactError ? 'err-time-contact' : undefined}
                  onPick={(c) => set('contact', { id: c.id, name: c.name })}
                />
              )}
              <FieldError id="err-time-contact" message={contactError} />
            </div>
          ) : (
            <>
              <div className="field">
                <label htmlFor="field-activity">Activity</label>
                <input
                  id="field-activity"
                  data-field="activity"
                  className="input"
                  autoFocus
                  placeholder="Posting on Instagram, the newsletter…"
                  value={draft.activity}
                  aria-invalid={activityError ? true : undefined}
                  aria-describedby={activityError ? 'err-activity' : undefined}
                  onChange={(e) => set('activity', e.target.value)}
                />
                <FieldError id="err-activity" message={activityError} />
              </div>
              <div className="field">
                <label htmlFor="field-time-source">Source it works for</label>
                <input
                  id="field-time-source"
                  data-field="source"
                  className="input"
                  placeholder="instagram, events… (optional)"
                  value={draft.source}
                  aria-invalid={errors.has('source') ? true : undefined}
                  onChange={(e) => set('source', e.target.value)}
                />
                <FieldError id="err-source" message={errors.get('source')} />
              </div>
            </>
          )}
          <div className="field">
            <span className="field-label">Started</span>
            <div className="time-when">
              <input
                id="field-date"
                data-field="startedAt"
                className="input"
                type="date"
                aria-label="Date"
                value={draft.date}
                aria-invalid={errors.has('startedAt') ? true : undefined}
                aria-describedby={errors.has('startedAt') ? 'err-startedAt' : undefined}
                onChange={(e) => set('date', e.target.value)}
              />
              <input
                id="field-time"
                className="input"
                type="time"
                aria-label="Start time"
                value={draft.time}
                aria-invalid={errors.has('startedAt') ? true : undefined}
                onChange={(e) => set('time', e.target.value)}
              />
            </div>
            <FieldError id="err-startedAt" message={errors.get('startedAt')} />
          </div>
          <div className="field">
            <label htmlFor="field-minutes">Minutes</label>
            <input
              id="field-minutes"
              data-field="minutes"
              className="input"
              inputMode="numeric"
              placeholder="45, or 1:30"
              value={draft.minutes}
              aria-invalid={errors.has('minutes') ? true : undefined}
              aria-describedby={errors.has('minutes') ? 'err-minutes' : 'hint-minutes'}
              onChange={(e) => set('minutes', e.target.value)}
            />
            <FieldError id="err-minutes" message={errors.get('minutes')} />
            {!errors.has('minutes') && (
              <span className="field-hint" id="hint-minutes">
                Minutes, or hours:minutes.
              </span>
            )}
          </div>
          <div className="field wide">
            <label htmlFor="field-time-note">Note</label>
            <textarea id="field-time-note" data-field="note" className="textarea" value={draft.note} onChange={(e) => set('note', e.target.value)} />
            <FieldError id="err-note" message={errors.get('note')} />
          </div>
        </>
      )}
    </RecordDialog>
  );
}

/**
 * The time record's form. From a contact's quick action (a contact, no id) it starts the timer on
 * that contact; with an id it edits that entry; with neither it adds time by hand.
 */
export function TimeEntryForm({ contactId, id, onClose }: RecordFormProps) {
  if (contactId !== null && id === null) return <StartOnContact contactId={contactId} onClose={onClose} />;
  return <ManualEntry id={id} contactId={contactId} onClose={onClose} />;
}
