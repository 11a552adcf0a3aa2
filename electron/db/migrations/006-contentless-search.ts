import { rebuildSearch } from '../contacts';
import type { Migration } from './index';

export const migration006: Migration = {
  version: 6,
  description: 'contacts_fts keeps no copy of the text it indexes (contentless, with deletes): smaller, faster to build, and nothing of an erased contact left in it',
  up(db) {
    db.exec(`
      DROP TABLE contacts_fts;
      -- Search as you type over the live contacts (rowid = contact id). Contentless: the index holds
      -- terms, not the text, which the contacts' own tables hold; rows are deleted by rowid.
      CREATE VIRTUAL TABLE contacts_fts USING fts5(
        name, company, emails, phones, tags, notes,
        content = '',
        contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3'
      );
    `);
    rebuildSearch(db);
  },
};
