import type { Migration } from './index';

/**
 * Per-contact figures for lists, Today and Insights (scoring.md, "Where figures live"). The sums
 * are clock-free apart from which records count (dated at or before the moment they were
 * computed, inside the window); the figures under the current scoring settings sit beside them so
 * that a sort by ROR over 100,000 contacts is an indexed read. A row exists for every live contact
 * and for no other. electron/db/figures.ts keeps them current inside every write's transaction.
 */
export const migration003: Migration = {
  version: 3,
  description: 'per-contact sums and figures, and covering indexes for their recompute',
  up(db) {
    db.exec(`
      CREATE TABLE contact_figures (
        contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
        minutes INTEGER NOT NULL DEFAULT 0,
        costs INTEGER NOT NULL DEFAULT 0,
        revenue INTEGER NOT NULL DEFAULT 0,
        positive_count INTEGER NOT NULL DEFAULT 0,
        first_positive_at INTEGER,
        last_positive_at INTEGER,
        -- The latest interaction at or before the moment computed, whatever the window (cadence).
        last_interaction_at INTEGER,
        invested INTEGER NOT NULL DEFAULT 0,
        direct_return INTEGER NOT NULL DEFAULT 0,
        referral_return INTEGER NOT NULL DEFAULT 0,
        total_return INTEGER NOT NULL DEFAULT 0,
        ror REAL,
        return_per_hour REAL
      ) STRICT;
      CREATE INDEX figures_by_return ON contact_figures(total_return, contact_id);
      CREATE INDEX figures_by_ror ON contact_figures(ror, contact_id);
      CREATE INDEX figures_by_return_per_hour ON contact_figures(return_per_hour, contact_id);
      CREATE INDEX figures_by_minutes ON contact_figures(minutes, contact_id);
      CREATE INDEX figures_by_last_interaction ON contact_figures(last_interaction_at, contact_id);
      -- RFM ranks and the quadrants' medians count and pick among buyers and referrers by index.
      -- Covering for Today's lapsing check too (count, first and last purchase, return).
      CREATE INDEX figures_buyers_by_last ON contact_figures(last_positive_at, positive_count, first_positive_at, total_return) WHERE positive_count > 0;
      CREATE INDEX figures_buyers_by_count ON contact_figures(positive_count) WHERE positive_count > 0;
      CREATE INDEX figures_buyers_by_revenue ON contact_figures(revenue) WHERE positive_count > 0;
      CREATE INDEX figures_buyers_by_direct ON contact_figures(direct_return) WHERE positive_count > 0;
      CREATE INDEX figures_referrers ON contact_figures(referral_return) WHERE referral_return > 0;

      -- When and under which settings the figures were computed; as_of NULL asks for a recompute.
      CREATE TABLE figures_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        as_of INTEGER,
        window_start INTEGER,
        next_record_at INTEGER,
        settings TEXT NOT NULL DEFAULT ''
      ) STRICT;
      INSERT INTO figures_state (id) VALUES (1);

      -- The per-contact sums read from these alone (no table lookups), as one GROUP BY each.
      CREATE INDEX interactions_sums ON interactions(contact_id, occurred_at, minutes, cost) WHERE deleted_at IS NULL;
      CREATE INDEX purchases_sums ON purchases(contact_id, occurred_at, amount) WHERE deleted_at IS NULL;
      CREATE INDEX time_entries_sums ON time_entries(contact_id, started_at, minutes) WHERE deleted_at IS NULL AND contact_id IS NOT NULL;
      -- Today's candidates: contacts on a rhythm, referrals not yet thanked.
      CREATE INDEX contacts_with_cadence ON contacts(id, cadence_days, created_at) WHERE cadence_days IS NOT NULL AND deleted_at IS NULL;
      CREATE INDEX referrals_unthanked ON referrals(referrer_id) WHERE status = 'converted' AND thanked_at IS NULL AND deleted_at IS NULL;
      CREATE INDEX referrals_converted ON referrals(referrer_id, referred_id) WHERE status = 'converted' AND deleted_at IS NULL;
    `);
  },
};
