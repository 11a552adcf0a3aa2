import { z } from 'zod';
import { idSchema, pageSchema } from './contacts';

/** Every kind of record the trash holds. Restoring one is its own area's `<area>.restore`. */
export const TRASH_KINDS = ['contact', 'interaction', 'purchase', 'note', 'timeEntry', 'followUp', 'referral', 'nps'] as const;
export const trashKindSchema = z.enum(TRASH_KINDS, { message: 'Choose what kind of item it is' });
export type TrashKind = z.infer<typeof trashKindSchema>;
/** How each kind of item in the trash is written for people (the Trash screen, its CSV export). */
export const TRASH_KIND_LABELS: Record<TrashKind, string> = {
  contact: 'Contact',
  interaction: 'Interaction',
  purchase: 'Purchase',
  note: 'Note',
  timeEntry: 'Time',
  followUp: 'Follow-up',
  referral: 'Referral',
  nps: 'NPS answer',
};

/** The method that brings each kind back from the trash. */
export const RESTORE_METHOD = {
  contact: 'contacts.restore',
  interaction: 'interactions.restore',
  purchase: 'purchases.restore',
  note: 'notes.restore',
  timeEntry: 'timeEntries.restore',
  followUp: 'followUps.restore',
  referral: 'referrals.restore',
  nps: 'nps.restore',
} as const satisfies Record<TrashKind, `${string}.restore`>;

export const trashListSchema = pageSchema;
export const trashPurgeSchema = z.object({ kind: trashKindSchema, id: idSchema }).strict();

export interface TrashItem {
  kind: TrashKind;
  id: number;
  /** A short human summary: "Phone call with Ana Lima", "Purchase by Ana Lima: 2 bags". */
  label: string;
  /** Money the record carries, in the book currency's minor units (a purchase, an interaction's cost); null for none. */
  amount: number | null;
  /** The contact it belongs to (the referrer, for a referral); null for time or a follow-up on no contact. */
  contactId: number | null;
  contactName: string | null;
  deletedAt: number;
}

export interface TrashPage {
  total: number;
  items: TrashItem[];
}
