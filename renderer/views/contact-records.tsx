import type { Contact } from '../../shared/contract/index';

// Placeholder until the timeline lands: quick actions and one timeline of everything.
export function ContactRecords(_props: { contact: Contact }) {
  return null;
}
