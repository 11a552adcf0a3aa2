import { useState } from 'react';
import { CHANNEL_LABELS, CHANNELS, SENTIMENTS, type ApiError, type Channel, type Interaction } from '../../../shared/contract/index';
import { fromLocalInput, toLocalDateTimeInput, useBookMoney } from '../../format';
import { AmountField } from '../../components/amount-field';
import { timelineSelectors, useTimelineStore } from '../../store/timeline-store';
import { toast } from '../../store/toast-store';
import { FieldError, invalidProps, isTyping, numberOrRaw, RecordDialog, useFieldErrors } from './record-dialog';
import type { RecordFormProps } from './record-form-props';

export { CHANNEL_LABELS };
export const SENTIMENT_LABELS: Record<NonNullable<Interaction['sentiment']>, string> = { positive: 'Positive', neutral: 'Neutral', negative: 'Negative' };

const FIELDS = ['contactId', 'channel', 'network', 'direction', 'occurredAt', 'minutes', 'cost', 'sentiment', 'note'];

/** Log a call, visit, message or post: the channel is one key (1-8), the rest is optional. */
export function InteractionForm({ contactId, id, onClose }: RecordFormProps) {
  const existing = useTimelineStore(timelineSelectors.find('interaction', id));
  const save = useTimelineStore((s) => s.save);
  const money = useBookMoney();
  const [channel, setChannel] = useState<Channel | null>(existing?.channel ?? null);
  const [network, setNetwork] = useState(existing?.network ?? '');
  const [direction, setDirection] = useState<Interaction['direction']>(existing?.direction ?? 'outbound');
  const [when, setWhen] = useState(() => toLocalDateTimeInput(existing?.occurredAt ?? Date.now()));
  const [minutes, setMinutes] = useState(existing && existing.minutes > 0 ? String(existing.minutes) : '');
  const [cost, setCost] = useState(existing && existing.cost > 0 ? money.format(existing.cost) : '');
  const [sentiment, setSentiment] = useState<Interaction['sentiment']>(existing?.sentiment ?? null);
  const [note, setNote] = useState(existing?.note ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [tried, setTried] = useState(0);
  const errors = useFieldErrors(error);
  const costReading = money.read(cost);

  if (id !== null && !existing) {
    return (
      <RecordDialog title="Edit interaction" saving={false} error={{ code: 'not_found', message: 'This interaction is no longer on the timeline.' }} fields={[]} onSubmit={onClose} onClose={onClose}>
        {null}
      </RecordDialog>
    );
  }

  const submit = async () => {
    setTried((n) => n + 1);
    // A cost that does not read as an amount never leaves the form: its box says why.
    if (!costReading.ok && !costReading.empty) return;
    setSaving(true);
    const fields = {
      channel: channel ?? undefined,
      network: channel === 'social' ? network : '',
      direction,
      occurredAt: existing && when === toLocalDateTimeInput(existing.occurredAt) ? existing.occurredAt : fromLocalInput(when),
      minutes: minutes.trim() ? numberOrRaw(minutes) : 0,
      cost: costReading.ok ? costReading.minor : 0,
      sentiment,
      note,
    } as Record<string, unknown>;
    const result = existing
      ? await save('interactions.update', { id: existing.id, ...fields } as never)
      : await save('interactions.create', { contactId: contactId ?? undefined, ...fields } as never);
    setSaving(false);
    if (!result.ok) return setError(result.error);
    toast(existing ? 'Interaction saved' : 'Interaction logged');
    onClose();
  };

  return (
    <RecordDialog
      title={existing ? 'Edit interaction' : 'Log an interaction'}
      saving={saving}
      error={error}
      fields={FIELDS}
      onSubmit={() => void submit()}
      onClose={onClose}
      onKeyDown={(e) => {
        if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
        const n = Number(e.key);
        if (Number.isInteger(n) && n >= 1 && n <= CHANNELS.length) {
          e.preventDefault();
          setChannel(CHANNELS[n - 1] ?? null);
        }
      }}
    >
      <div className="field wide">
        <span className="field-label" id="label-channel">
          Channel <span className="faint">(keys 1–8)</span>
        </span>
        <div className="segmented wrap" role="radiogroup" aria-labelledby="label-channel" data-field="channel" {...invalidProps('channel', errors)}>
          {CHANNELS.map((c, i) => (
            <button
              key={c}
              type="button"
              role="radio"
              aria-checked={channel === c}
              aria-pressed={channel === c}
              data-autofocus={i === 0 ? true : undefined}
              title={`${CHANNEL_LABELS[c]} (${i + 1})`}
              onClick={() => setChannel(c)}
            >
              <kbd>{i + 1}</kbd> {CHANNEL_LABELS[c]}
            </button>
          ))}
        </div>
        <FieldError field="channel" errors={errors} />
      </div>
      {channel === 'social' && (
        <div className="field">
          <label htmlFor="field-network">Network</label>
          <input id="field-network" data-field="network" className="input" value={network} placeholder="Instagram, LinkedIn…" onChange={(e) => setNetwork(e.target.value)} {...invalidProps('network', errors)} />
          <FieldError field="network" errors={errors} />
        </div>
      )}
      <div className="field">
        <span className="field-label" id="label-direction">
          Who reached out
        </span>
        <div className="segmented" role="radiogroup" aria-labelledby="label-direction" data-field="direction">
          {(['outbound', 'inbound'] as const).map((d) => (
            <button key={d} type="button" role="radio" aria-checked={direction === d} aria-pressed={direction === d} onClick={() => setDirection(d)}>
              {d === 'outbound' ? 'I did' : 'They did'}
            </button>
          ))}
        </div>
        <FieldError field="direction" errors={errors} />
      </div>
      <div className="field">
        <label htmlFor="field-when">When</label>
        <input id="field-when" data-field="occurredAt" type="datetime-local" className="input" value={when} onChange={(e) => setWhen(e.target.value)} {...invalidProps('occurredAt', errors)} />
        <FieldError field="occurredAt" errors={errors} />
      </div>
      <div className="field">
        <label htmlFor="field-minutes">Minutes spent</label>
        <input id="field-minutes" data-field="minutes" className="input num" inputMode="numeric" value={minutes} placeholder="0" onChange={(e) => setMinutes(e.target.value)} {...invalidProps('minutes', errors)} />
        <FieldError field="minutes" errors={errors} />
      </div>
      <div className="field">
        <AmountField
          id="field-cost"
          field="cost"
          label={<>Cost {money.currency && <span className="faint">({money.currency})</span>}</>}
          value={cost}
          onChange={setCost}
          reading={costReading}
          describe={(minor) => `Records ${money.format(minor)}`}
          error={errors.get('cost')}
          tried={tried}
          placeholder={money.format(0)}
        />
      </div>
      <div className="field wide">
        <span className="field-label" id="label-sentiment">
          How did it go
        </span>
        <div className="segmented" role="radiogroup" aria-labelledby="label-sentiment" data-field="sentiment">
          {SENTIMENTS.map((s) => (
            <button key={s} type="button" role="radio" aria-checked={sentiment === s} aria-pressed={sentiment === s} onClick={() => setSentiment(sentiment === s ? null : s)}>
              {SENTIMENT_LABELS[s]}
            </button>
          ))}
        </div>
        <FieldError field="sentiment" errors={errors} />
      </div>
      <div className="field wide">
        <label htmlFor="field-note">Note</label>
        <textarea id="field-note" data-field="note" className="textarea" rows={3} value={note} placeholder="What was said, what comes next (Shift+Enter for a new line)" onChange={(e) => setNote(e.target.value)} {...invalidProps('note', errors)} />
        <FieldError field="note" errors={errors} />
      </div>
      <FieldError field="contactId" errors={errors} />
    </RecordDialog>
  );
}
