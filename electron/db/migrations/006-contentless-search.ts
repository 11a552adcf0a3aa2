import type { Migration } from './index';

/**
 * The key in `settings` that says the search index must be built again from the contacts. A
 * migration that changes the index sets it; the book, once migrated, rebuilds the index with the
 * app's own definition of a search row and clears it (book.ts). So a migration never calls live app
 * code, whose behaviour may change after the migration has shipped.
 */
export const SEARCH_STALE_KEY = 'search.rebuild';

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
      -- Empty until the book rebuilds it, right after the migrations.
      INSERT INTO settings (key, value) VALUES ('${SEARCH_STALE_KEY}', 'true')
        ON CONFLICT(key) DO UPDATE SET value = excluded.value;
    `);
  },
};
