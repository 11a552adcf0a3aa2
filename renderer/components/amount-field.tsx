import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { MoneyReading } from '../../shared/domain/money';

/**
 * Where typed text becomes minor units: an amount box in the book's locale that says, as you type,
 * what it will record ("Records 4,80 €"), and why not when it cannot ("Write 4.80 for $4.80, or
 * 480 for $480.00 …"), beside the box and in its description for a screen reader.
 *
 * The form reads the text with the book's money (`money.read`) and hands the reading in: it needs
 * it to save, and saves only an amount that read. A refusal that typing on could still mend ("4,8"
 * on the way to "4,800") waits until the owner leaves the box or tries to save.
 */
export function AmountField({
  id,
  field,
  label,
  value,
  onChange,
  reading,
  describe,
  error,
  tried,
  hint,
  placeholder,
  autoFocus = false,
  className = 'input num',
}: {
  id: string;
  /** The API field it fills: its errors come back under this name, and the dialog focuses it by it. */
  field: string;
  label: ReactNode;
  value: string;
  onChange(text: string): void;
  reading: MoneyReading;
  /** What an amount that read means here, in words: "Records 4,80 €". */
  describe(minor: number): string;
  /** The back end's message for this field, if it refused the last save. */
  error?: string | undefined;
  /** How many times the owner tried to save: a refusal shows from the first, and takes the focus. */
  tried: number;
  /** A standing hint under the box (its id joins the description). */
  hint?: ReactNode;
  placeholder?: string;
  autoFocus?: boolean;
  className?: string;
}) {
  const [left, setLeft] = useState(false);
  const input = useRef<HTMLInputElement | null>(null);
  const refusal = !reading.ok && !reading.empty && (left || tried > 0 || !reading.incomplete) ? reading.message : null;
  const message = refusal ?? error ?? null;
  const reads = reading.ok ? describe(reading.minor) : null;

  // A save refused here (the form never sent it) leaves the owner in the box to mend it; only a
  // new try moves the focus, never a keystroke.
  const refused = refusal !== null;
  const triedBefore = useRef(tried);
  useEffect(() => {
    if (tried === triedBefore.current) return;
    triedBefore.current = tried;
    if (refused) input.current?.focus();
  }, [tried, refused]);

  const errorId = `err-${field}`;
  const readsId = `reads-${field}`;
  const hintId = `hint-${field}`;
  const describedBy = [message ? errorId : null, reads ? readsId : null, hint ? hintId : null].filter(Boolean).join(' ');
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        ref={input}
        id={id}
        data-field={field}
        data-autofocus={autoFocus || undefined}
        className={className}
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => setLeft(true)}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {message && (
        <span className="field-error" id={errorId} role="alert">
          {message}
        </span>
      )}
      {reads && (
        <span className="amount-reads" id={readsId} data-testid={readsId}>
          {reads}
        </span>
      )}
      {hint && (
        <span className="field-hint" id={hintId}>
          {hint}
        </span>
      )}
    </>
  );
}
