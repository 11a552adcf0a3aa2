import type { RecordFormProps } from './record-form-props';

// Placeholder until this form lands.
export function NoteForm({ onClose }: RecordFormProps) {
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-label="Not built yet">
        <header>
          <h2>Not built yet</h2>
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        </header>
      </div>
    </div>
  );
}
