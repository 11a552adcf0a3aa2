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
}: {
  title: string;
  saving: boolean;
  error: ApiError | null;
  /** The field names this form shows beside their inputs. */
  fields: string[];
  onSubmit(): void;
  onClose(): void;
  onKeyDown?: (e: React.KeyboardEvent<HTMLFormElement>) => void;
  children: React.ReactNode;
}) {
  const formRef = useRef<HTMLFormElement | null>(null);
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, []);
  useEffect(() => {
    const field = error?.field;
    if (field) formRef.current?.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"]`)?.focus();
  }, [error]);
  const unmatched = error && !(error.issues ?? []).some((i) => fields.includes(i.field)) && !(error.field && fields.includes(error.field));
  return (
    <div
      className="dialog-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <form
        ref={formRef}
        className="dialog record-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
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
          if (e.key === 'Enter' && !e.shiftKey && target.tagName === 'TEXTAREA') {
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
          <span className="hint">Enter saves · Esc cancels</span>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={saving}>
            Save
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
