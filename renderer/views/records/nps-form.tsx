import { useState } from 'react';
import type { ApiError } from '../../../shared/contract/index';
import { fromLocalInput, toLocalDateInput } from '../../format';
import { timelineSelectors, useTimelineStore } from '../../store/timeline-store';
import { toast } from '../../store/toast-store';
import { FieldError, invalidProps, isTyping, RecordDialog, useFieldErrors } from './record-dialog';
import type { RecordFormProps } from './record-form-props';

const FIELDS = ['contactId', 'score', 'answeredAt', 'note'];
const SCORES = Array.from({ length: 11 }, (_, i) => i);

/** Detractors 0–6, passives 7–8, promoters 9–10. */
export function npsGroup(score: number): 'detractor' | 'passive' | 'promoter' {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

/** "How likely are you to recommend us?": one score from 0 to 10 (keys 0–9), with its date. */
export function NpsForm({ contactId, id, onClose }: RecordFormProps) {
  const existing = useTimelineStore(timelineSelectors.find('nps', id));
  const save = useTimelineStore((s) => s.save);
  const [initialAt] = useState(() => existing?.answeredAt ?? Date.now());
  const [score, setScore] = useState<number | null>(existing?.score ?? null);
  const [date, setDate] = useState(() => toLocalDateInput(initialAt));
  const [note, setNote] = useState(existing?.note ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const errors = useFieldErrors(error);

  if (id !== null && !existing) {
    return (
      <RecordDialog title="Edit NPS answer" saving={false} error={{ code: 'not_found', message: 'This answer is no longer on the timeline.' }} fields={[]} onSubmit={onClose} onClose={onClose}>
        {null}
      </RecordDialog>
    );
  }

  const submit = async () => {
    setSaving(true);
    const fields = { score: score ?? undefined, answeredAt: date === toLocalDateInput(initialAt) ? initialAt : fromLocalInput(date), note };
    const result = existing
      ? await save('nps.update', { id: existing.id, ...fields } as never)
      : await save('nps.create', { contactId: contactId ?? undefined, ...fields } as never);
    setSaving(false);
    if (!result.ok) return setError(result.error);
    toast('NPS answer saved');
    onClose();
  };

  return (
    <RecordDialog
      title={existing ? 'Edit NPS answer' : 'Record an NPS answer'}
      saving={saving}
      error={error}
      fields={FIELDS}
      onSubmit={() => void submit()}
      onClose={onClose}
      onKeyDown={(e) => {
        if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
        if (/^[0-9]$/.test(e.key)) {
          e.preventDefault();
          setScore(Number(e.key));
        }
      }}
    >
      <div className="field wide">
        <span className="field-label" id="label-score">
          How likely are they to recommend you? <span className="faint">(0–10; keys 0–9)</span>
        </span>
        <div className="nps-scale" role="radiogroup" aria-labelledby="label-score" data-field="score" {...invalidProps('score', errors)}>
          {SCORES.map((s) => (
            <button
              key={s}
              type="button"
              role="radio"
              className={npsGroup(s)}
              aria-checked={score === s}
              aria-pressed={score === s}
              data-autofocus={s === (existing?.score ?? 0) ? true : undefined}
              onClick={() => setScore(s)}
            >
              {s}
            </button>
          ))}
        </div>
        <FieldError field="score" errors={errors} />
      </div>
      <div className="field">
        <label htmlFor="field-answered">Date</label>
        <input id="field-answered" data-field="answeredAt" type="date" className="input" value={date} onChange={(e) => setDate(e.target.value)} {...invalidProps('answeredAt', errors)} />
        <FieldError field="answeredAt" errors={errors} />
      </div>
      <div className="field wide">
        <label htmlFor="field-nps-note">Why (their words)</label>
        <textarea id="field-nps-note" data-field="note" className="textarea" rows={2} value={note} onChange={(e) => setNote(e.target.value)} {...invalidProps('note', errors)} />
        <FieldError field="note" errors={errors} />
      </div>
      <FieldError field="contactId" errors={errors} />
    </RecordDialog>
  );
}
