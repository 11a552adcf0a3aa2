import type { Migration } from './index';

/** Every record of a relationship. Money in integer minor units, time in minutes, instants in ms UTC. */
export const migration002: Migration = {
  version: 2,
  description: 'interactions, purchases, notes, time entries and the timer, follow-ups, referrals, NPS answers',
  up(db) {
    db.exec(`
      CREATE TABLE interactions (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        channel TEXT NOT NULL
          CHECK (channel IN ('in_person', 'phone', 'email', 'message', 'social', 'event', 'video', 'other')),
        network TEXT NOT NULL DEFAULT '' CHECK (length(network) <= 60),
        direction TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),
        occurred_at INTEGER NOT NULL,
        minutes INTEGER NOT NULL DEFAULT 0 CHECK (minutes BETWEEN 0 AND 1440),
        cost INTEGER NOT NULL DEFAULT 0 CHECK (cost BETWEEN 0 AND 100000000000),
        sentiment TEXT CHECK (sentiment IN ('positive', 'neutral', 'negative')),
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 20000),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER
      ) STRICT;
      CREATE INDEX interactions_by_contact ON interactions(contact_id, occurred_at);
      CREATE INDEX interactions_by_time ON interactions(occurred_at);

      CREATE TABLE purchases (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        occurred_at INTEGER NOT NULL,
        amount INTEGER NOT NULL CHECK (amount <> 0 AND amount BETWEEN -100000000000 AND 100000000000),
        description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 500),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER
      ) STRICT;
      CREATE INDEX purchases_by_contact ON purchases(contact_id, occurred_at);
      CREATE INDEX purchases_by_time ON purchases(occurred_at);

      CREATE TABLE contact_notes (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
        noted_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER
      ) STRICT;
      CREATE INDEX contact_notes_by_contact ON contact_notes(contact_id, noted_at);

      -- Time on a contact, or on an activity (posting on Instagram) that may name a source.
      CREATE TABLE time_entries (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
        activity TEXT NOT NULL DEFAULT '' CHECK (length(activity) <= 120),
        source TEXT NOT NULL DEFAULT '' CHECK (length(source) <= 80),
        source_key TEXT NOT NULL DEFAULT '',
        started_at INTEGER NOT NULL,
        minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 10080),
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 20000),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER,
        CHECK (contact_id IS NOT NULL OR activity <> '')
      ) STRICT;
      CREATE INDEX time_entries_by_contact ON time_entries(contact_id, started_at) WHERE contact_id IS NOT NULL;
      CREATE INDEX time_entries_by_time ON time_entries(started_at);

      -- The one running timer, if any: a row survives quitting and restarting the app.
      CREATE TABLE timer (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
        activity TEXT NOT NULL DEFAULT '' CHECK (length(activity) <= 120),
        source TEXT NOT NULL DEFAULT '' CHECK (length(source) <= 80),
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 20000),
        started_at INTEGER NOT NULL,
        CHECK (contact_id IS NOT NULL OR activity <> '')
      ) STRICT;
      CREATE INDEX timer_by_contact ON timer(contact_id);

      -- Due on a local calendar date (YYYY-MM-DD), at an optional local time (HH:MM).
      CREATE TABLE follow_ups (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 20000),
        due_date TEXT NOT NULL CHECK (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        due_time TEXT CHECK (due_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        repeat_days INTEGER CHECK (repeat_days BETWEEN 1 AND 3650),
        snoozed_until INTEGER,
        done_at INTEGER,
        notified_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER
      ) STRICT;
      CREATE INDEX follow_ups_open ON follow_ups(due_date, due_time) WHERE done_at IS NULL AND deleted_at IS NULL;
      CREATE INDEX follow_ups_by_contact ON follow_ups(contact_id, due_date) WHERE contact_id IS NOT NULL;
      CREATE INDEX follow_ups_done ON follow_ups(done_at) WHERE done_at IS NOT NULL;

      -- Who referred whom: an existing contact, or a name that becomes a contact later.
      CREATE TABLE referrals (
        id INTEGER PRIMARY KEY,
        referrer_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        referred_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
        referred_name TEXT NOT NULL DEFAULT '' CHECK (length(referred_name) <= 200),
        referred_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'converted', 'lost')),
        thanked_at INTEGER,
        notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 20000),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER,
        CHECK (referred_id IS NOT NULL OR referred_name <> ''),
        CHECK (referred_id IS NULL OR referred_id <> referrer_id)
      ) STRICT;
      -- A contact has at most one referrer.
      CREATE UNIQUE INDEX referrals_one_referrer ON referrals(referred_id) WHERE referred_id IS NOT NULL AND deleted_at IS NULL;
      CREATE INDEX referrals_by_referrer ON referrals(referrer_id, referred_at);

      CREATE TABLE nps_answers (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
        answered_at INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        deleted_at INTEGER
      ) STRICT;
      CREATE INDEX nps_by_contact ON nps_answers(contact_id, answered_at);

      -- The trash lists and empties deleted records of every kind without reading whole tables.
      CREATE INDEX interactions_in_trash ON interactions(deleted_at) WHERE deleted_at IS NOT NULL;
      CREATE INDEX purchases_in_trash ON purchases(deleted_at) WHERE deleted_at IS NOT NULL;
      CREATE INDEX contact_notes_in_trash ON contact_notes(deleted_at) WHERE deleted_at IS NOT NULL;
      CREATE INDEX time_entries_in_trash ON time_entries(deleted_at) WHERE deleted_at IS NOT NULL;
      CREATE INDEX follow_ups_in_trash ON follow_ups(deleted_at) WHERE deleted_at IS NOT NULL;
      CREATE INDEX referrals_in_trash ON referrals(deleted_at) WHERE deleted_at IS NOT NULL;
      CREATE INDEX nps_in_trash ON nps_answers(deleted_at) WHERE deleted_at IS NOT NULL;
    `);
  },
};
