import { X } from 'lucide-react';
import { useEffect, useMemo, useRef } from 'react';
import type { ApiError } from '../../../shared/contract/index';

/** Field errors from the back end, by field name (the first message for each). */
export function useFieldErrors(error: ApiError | null) {
  return useMemo(() => {
    const map = new Map<string, string>();
    for (const issue of error?.issues ?? []) if (!map.has(issue.field)) map.set(issue.field, issue.message);
    if (error?.field && !map.has(error.field)) map.set(error.field, error.message);
    return map;
  }, [error]);
}

export function FieldError({ field, errors }: { field: string; errors: Map<string, string> }) {
  const message = errors.get(field);
  return message ? (
    <span className="field-error" id={`err-${field}`} role="alert">
      {message}
    </span>
  ) : null;
}

/** Props that tie an input to its field's error (aria-invalid, aria-describedby). */
export const invalidProps = (field: string, errors: Map<string, string>) =>
  errors.has(field) ? { 'aria-invalid': true as const, 'aria-describedby': `err-${field}` } : {};

/**
 * The frame every record form shares: a modal dialog; Escape cancels, Enter saves (Shift+Enter
 * makes a new line in a note), the first field is focused, and errors on no known field show on top.
 */
export function RecordDialog({
  title,
  saving,
  error,
  fields,
  onSubmit,
  onClose,
  onKeyDown,
  children,
  className = 'dialog record-dialog',
  backdropClassName = 'dialog-backdrop',
  busy,
  hint = 'Enter saves · Esc cancels',
  submitLabel = 'Save',
  submitDisabled = saving,
  textareaEnterSaves = true,
  formRef: outerRef,
}: {
  title: string;
  saving: boolean;
  error: ApiError | null;
  /** The field names this form shows beside their inputs. */
  fields: readonly string[];
  onSubmit(): void;
  onClose(): void;
  onKeyDown?: (e: React.KeyboardEvent<HTMLFormElement>) => void;
  children: React.ReactNode;
  /** The form's class (its width, its own styles); the backdrop's class. */
  className?: string;
  backdropClassName?: string;
  /** Sets aria-busy on the dialog (while the form loads). */
  busy?: boolean;
  /** The footer's keyboard hint, and the save button's label and disabled state. */
  hint?: React.ReactNode;
  submitLabel?: React.ReactNode;
  submitDisabled?: boolean;
  /** false: Enter in a textarea makes a new line (the form saves on Ctrl+Enter through onKeyDown). */
  textareaEnterSaves?: boolean;
  /** The form element, for a form that moves focus itself. */
  formRef?: React.RefObject<HTMLFormElement | null>;
}) {
  const innerRef = useRef<HTMLFormElement | null>(null);
  const formRef = outerRef ?? innerRef;
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, [formRef]);
  useEffect(() => {
    const field = error?.field;
    if (field) formRef.current?.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"]`)?.focus();
  }, [error, formRef]);
  const unmatched = error && !(error.issues ?? []).some((i) => fields.includes(i.field)) && !(error.field && fields.includes(error.field));
  return (
    <div
      className={backdropClassName}
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <form
        ref={formRef}
        className={className}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        aria-busy={busy}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!saving) onSubmit();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onClose();
            return;
          }
          const target = e.target as HTMLElement;
          if (textareaEnterSaves && e.key === 'Enter' && !e.shiftKey && target.tagName === 'TEXTAREA') {
            e.preventDefault();
            if (!saving) onSubmit();
            return;
          }
          onKeyDown?.(e);
        }}
      >
        <header>
          <h2 style={{ flex: 1 }}>{title}</h2>
          <button type="button" className="icon-btn" aria-label="Close" onClick={onClose}>
            <X size={18} />
          </button>
        </header>
        <div className="form-body">
          {unmatched && (
            <div className="form-error" role="alert">
              {error.message}
            </div>
          )}
          {children}
        </div>
        <footer>
          <span className="hint">{hint}</span>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={submitDisabled}>
            {submitLabel}
          </button>
        </footer>
      </form>
    </div>
  );
}

/** Whether a key press is typing into a field (so single-key shortcuts must leave it alone). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable) return true;
  if (target.tagName !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(type);
}

/** A number typed in a box; anything else goes to the back end as typed, which says what is wrong. */
export function numberOrRaw(text: string): number | string {
  const t = text.trim();
  return /^-?\d+$/.test(t) ? Number(t) : t;
}
