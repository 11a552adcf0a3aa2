import { useState } from 'react';
import type { ApiError } from '../../../shared/contract/index';
import { fromLocalInput, toLocalDateTimeInput } from '../../format';
import { timelineSelectors, useTimelineStore } from '../../store/timeline-store';
import { toast } from '../../store/toast-store';
import { FieldError, invalidProps, RecordDialog, useFieldErrors } from './record-dialog';
import type { RecordFormProps } from './record-form-props';

const FIELDS = ['contactId', 'body', 'notedAt'];

/** A free note on the contact's timeline. */
export function NoteForm({ contactId, id, onClose }: RecordFormProps) {
  const existing = useTimelineStore(timelineSelectors.find('note', id));
  const save = useTimelineStore((s) => s.save);
  const [body, setBody] = useState(existing?.body ?? '');
  const [when, setWhen] = useState(() => toLocalDateTimeInput(existing?.notedAt ?? Date.now()));
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const errors = useFieldErrors(error);

  if (id !== null && !existing) {
    return (
      <RecordDialog title="Edit note" saving={false} error={{ code: 'not_found', message: 'This note is no longer on the timeline.' }} fields={[]} onSubmit={onClose} onClose={onClose}>
        {null}
      </RecordDialog>
    );
  }

  const submit = async () => {
    setSaving(true);
    const fields = { body, notedAt: existing && when === toLocalDateTimeInput(existing.notedAt) ? existing.notedAt : fromLocalInput(when) };
    const result = existing
      ? await save('notes.update', { id: existing.id, ...fields } as never)
      : await save('notes.create', { contactId: contactId ?? undefined, ...fields } as never);
    setSaving(false);
    if (!result.ok) return setError(result.error);
    toast(existing ? 'Note saved' : 'Note added');
    onClose();
  };

  return (
    <RecordDialog title={existing ? 'Edit note' : 'Add a note'} saving={saving} error={error} fields={FIELDS} onSubmit={() => void submit()} onClose={onClose}>
      <div className="field wide">
        <label htmlFor="field-body">Note</label>
        <textarea
          id="field-body"
          data-field="body"
          data-autofocus
          className="textarea"
          rows={5}
          value={body}
          placeholder="Anything worth remembering (Shift+Enter for a new line)"
          onChange={(e) => setBody(e.target.value)}
          {...invalidProps('body', errors)}
        />
        <FieldError field="body" errors={errors} />
      </div>
      <div className="field">
        <label htmlFor="field-noted">When</label>
        <input id="field-noted" data-field="notedAt" type="datetime-local" className="input" value={when} onChange={(e) => setWhen(e.target.value)} {...invalidProps('notedAt', errors)} />
        <FieldError field="notedAt" errors={errors} />
      </div>
      <FieldError field="contactId" errors={errors} />
    </RecordDialog>
  );
}
