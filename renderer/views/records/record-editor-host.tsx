import { useUiStore, type RecordKind } from '../../store/ui-store';
import { FollowUpForm } from './follow-up-form';
import { InteractionForm } from './interaction-form';
import { NoteForm } from './note-form';
import { NpsForm } from './nps-form';
import { PurchaseForm } from './purchase-form';
import type { RecordFormProps } from './record-form-props';
import { ReferralForm } from './referral-form';
import { TimeEntryForm } from './time-entry-form';

const FORMS: Record<RecordKind, (props: RecordFormProps) => React.ReactNode> = {
  interaction: InteractionForm,
  purchase: PurchaseForm,
  note: NoteForm,
  nps: NpsForm,
  timeEntry: TimeEntryForm,
  followUp: FollowUpForm,
  referral: ReferralForm,
};

/** Opens the form for whichever record the owner asked to add or edit, from any screen. */
export function RecordEditorHost() {
  const editor = useUiStore((s) => s.recordEditor);
  const close = useUiStore((s) => s.closeRecordEditor);
  if (!editor) return null;
  const Form = FORMS[editor.kind];
  return <Form key={`${editor.kind}-${editor.id ?? 'new'}-${editor.contactId ?? ''}`} contactId={editor.contactId} id={editor.id} onClose={close} />;
}
