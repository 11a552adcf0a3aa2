import type { Migration } from './index';

export const migration001: Migration = {
  version: 1,
  description: 'settings, contacts with their emails, phones, addresses and tags, and the search index',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('person', 'business')),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        sort_name TEXT NOT NULL,
        business_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
        job_title TEXT NOT NULL DEFAULT '',
        stage TEXT NOT NULL DEFAULT 'lead'
          CHECK (stage IN ('lead', 'prospect', 'customer', 'loyal', 'advocate', 'inactive')),
        source TEXT NOT NULL DEFAULT '',
        source_key TEXT NOT NULL DEFAULT '',
        birthday_year INTEGER CHECK (birthday_year BETWEEN 1800 AND 9999),
        birthday_month INTEGER CHECK (birthday_month BETWEEN 1 AND 12),
        birthday_day INTEGER CHECK (birthday_day BETWEEN 1 AND 31),
        cadence_days INTEGER CHECK (cadence_days BETWEEN 1 AND 3650),
        notes TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER,
        CHECK ((birthday_month IS NULL) = (birthday_day IS NULL)),
        CHECK (birthday_year IS NULL OR birthday_month IS NOT NULL),
        CHECK (business_id IS NULL OR business_id <> id)
      ) STRICT;

      -- The list's sorts and filters, live contacts only; id breaks ties so pages are stable.
      CREATE INDEX contacts_by_name ON contacts(sort_name, id) WHERE deleted_at IS NULL;
      CREATE INDEX contacts_by_created ON contacts(created_at, id) WHERE deleted_at IS NULL;
      CREATE INDEX contacts_by_updated ON contacts(updated_at, id) WHERE deleted_at IS NULL;
      CREATE INDEX contacts_by_stage ON contacts(stage, sort_name, id) WHERE deleted_at IS NULL;
      CREATE INDEX contacts_by_source ON contacts(source_key, sort_name, id) WHERE deleted_at IS NULL;
      -- The source filter's choices: every spelling of a source, counted from the index alone.
      CREATE INDEX contacts_source_names ON contacts(source_key, source) WHERE deleted_at IS NULL;
      CREATE INDEX contacts_by_kind ON contacts(kind, sort_name, id) WHERE deleted_at IS NULL;
      CREATE INDEX contacts_by_business ON contacts(business_id) WHERE business_id IS NOT NULL;
      CREATE INDEX contacts_in_trash ON contacts(deleted_at, id) WHERE deleted_at IS NOT NULL;

      CREATE TABLE contact_emails (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        position INTEGER NOT NULL CHECK (position >= 0),
        label TEXT NOT NULL,
        value TEXT NOT NULL CHECK (length(value) BETWEEN 3 AND 254),
        value_key TEXT NOT NULL,
        UNIQUE (contact_id, position)
      ) STRICT;
      CREATE INDEX contact_emails_by_value ON contact_emails(value_key);

      CREATE TABLE contact_phones (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        position INTEGER NOT NULL CHECK (position >= 0),
        label TEXT NOT NULL,
        value TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 40),
        digits TEXT NOT NULL,
        UNIQUE (contact_id, position)
      ) STRICT;
      CREATE INDEX contact_phones_by_digits ON contact_phones(digits);

      CREATE TABLE contact_addresses (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        position INTEGER NOT NULL CHECK (position >= 0),
        label TEXT NOT NULL,
        street TEXT NOT NULL DEFAULT '',
        city TEXT NOT NULL DEFAULT '',
        region TEXT NOT NULL DEFAULT '',
        postal_code TEXT NOT NULL DEFAULT '',
        country TEXT NOT NULL DEFAULT '',
        UNIQUE (contact_id, position)
      ) STRICT;

      CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
        name_key TEXT NOT NULL UNIQUE
      ) STRICT;

      CREATE TABLE contact_tags (
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (contact_id, tag_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX contact_tags_by_tag ON contact_tags(tag_id, contact_id);

      -- Search as you type. The application writes one row per contact (rowid = contact id) in the
      -- same transaction as the contact; bulk imports rebuild it once instead.
      CREATE VIRTUAL TABLE contacts_fts USING fts5(
        name, company, emails, phones, tags, notes,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3'
      );
    `);
  },
};
