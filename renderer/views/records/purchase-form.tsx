import { useState } from 'react';
import type { ApiError } from '../../../shared/contract/index';
import { fromLocalInput, toLocalDateInput, useBookMoney } from '../../format';
import { AmountField } from '../../components/amount-field';
import { timelineSelectors, useTimelineStore } from '../../store/timeline-store';
import { toast } from '../../store/toast-store';
import { FieldError, invalidProps, RecordDialog, useFieldErrors } from './record-dialog';
import type { RecordFormProps } from './record-form-props';

const FIELDS = ['contactId', 'occurredAt', 'amount', 'description'];

/** A purchase, or a refund (a negative amount): the date, the amount in the book's currency, what it was. */
export function PurchaseForm({ contactId, id, onClose }: RecordFormProps) {
  const existing = useTimelineStore(timelineSelectors.find('purchase', id));
  const save = useTimelineStore((s) => s.save);
  const money = useBookMoney();
  const [initialAt] = useState(() => existing?.occurredAt ?? Date.now());
  const [date, setDate] = useState(() => toLocalDateInput(initialAt));
  const [amount, setAmount] = useState(existing ? money.format(Math.abs(existing.amount)) : '');
  const [refund, setRefund] = useState(existing ? existing.amount < 0 : false);
  const [description, setDescription] = useState(existing?.description ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [tried, setTried] = useState(0);
  const errors = useFieldErrors(error);
  const reading = money.read(amount);
  // A refund is negative: the box, or a minus sign typed, makes it so (never both back to positive).
  const signedOf = (minor: number) => (refund ? -Math.abs(minor) : minor);

  if (id !== null && !existing) {
    return (
      <RecordDialog title="Edit purchase" saving={false} error={{ code: 'not_found', message: 'This purchase is no longer on the timeline.' }} fields={[]} onSubmit={onClose} onClose={onClose}>
        {null}
      </RecordDialog>
    );
  }

  const submit = async () => {
    setTried((n) => n + 1);
    // Text that does not read as an amount never leaves the form: the box says why.
    if (!reading.ok && !reading.empty) return;
    setSaving(true);
    const signed = reading.ok ? signedOf(reading.minor) : undefined;
    const fields = {
      // The same day keeps its time; another day is recorded at local noon.
      occurredAt: date === toLocalDateInput(initialAt) ? initialAt : fromLocalInput(date),
      amount: signed,
      description,
    };
    const result = existing
      ? await save('purchases.update', { id: existing.id, ...fields } as never)
      : await save('purchases.create', { contactId: contactId ?? undefined, ...fields } as never);
    setSaving(false);
    if (!result.ok) return setError(result.error);
    toast(typeof signed === 'number' && signed < 0 ? 'Refund recorded' : 'Purchase recorded');
    onClose();
  };

  return (
    <RecordDialog
      title={existing ? (refund ? 'Edit refund' : 'Edit purchase') : 'Record a purchase'}
      saving={saving}
      error={error}
      fields={FIELDS}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <div className="field">
        <AmountField
          id="field-amount"
          field="amount"
          label={<>Amount {money.currency && <span className="faint">({money.currency})</span>}</>}
          value={amount}
          onChange={setAmount}
          reading={reading}
          describe={(minor) => (signedOf(minor) < 0 ? `Records a refund of ${money.format(Math.abs(minor))}` : `Records ${money.format(minor)}`)}
          error={errors.get('amount')}
          tried={tried}
          placeholder={money.format(1250)}
          autoFocus
        />
        <label className="check">
          <input type="checkbox" checked={refund} onChange={(e) => setRefund(e.target.checked)} /> This is a refund
        </label>
      </div>
      <div className="field">
        <label htmlFor="field-date">Date</label>
        <input id="field-date" data-field="occurredAt" type="date" className="input" value={date} onChange={(e) => setDate(e.target.value)} {...invalidProps('occurredAt', errors)} />
        <FieldError field="occurredAt" errors={errors} />
      </div>
      <div className="field wide">
        <label htmlFor="field-description">What was bought</label>
        <input id="field-description" data-field="description" className="input" value={description} autoComplete="off" placeholder="Two coffees and a croissant" onChange={(e) => setDescription(e.target.value)} {...invalidProps('description', errors)} />
        <FieldError field="description" errors={errors} />
      </div>
      <FieldError field="contactId" errors={errors} />
    </RecordDialog>
  );
}
