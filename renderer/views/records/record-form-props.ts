/** What every record form gets from the host: a new record for a contact, or an existing one. */
export interface RecordFormProps {
  contactId: number | null;
  id: number | null;
  onClose(): void;
}
