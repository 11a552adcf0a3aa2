import type { Migration } from './index';

export const migration005: Migration = {
  version: 5,
  description: 'contacts.uid: the UID a vCard gave a contact, so importing the same file again updates instead of duplicating',
  up(db) {
    db.exec(`
      ALTER TABLE contacts ADD COLUMN uid TEXT CHECK (uid IS NULL OR length(uid) BETWEEN 1 AND 255);
      -- At most one contact per UID (trash included); contacts without one are not indexed.
      CREATE UNIQUE INDEX contacts_by_uid ON contacts(uid) WHERE uid IS NOT NULL;
    `);
  },
};
