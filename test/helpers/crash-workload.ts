import type Database from 'better-sqlite3';
import type { Contact, FollowUp, FollowUpCompleted } from '../../shared/contract/index';
import { searchTerms } from '../../shared/domain/text';
import { callServe, type ServeProcess } from './crash-server';

/**
 * The crash test's writers and its memory of what the back end acknowledged.
 *
 * Several lanes write at once (so calls queue up in the worker while one commits); each answer
 * that arrives in full with ok:true is an acknowledged write and is remembered with the record the
 * API returned. A call whose answer never came (the process died) may or may not be in the book:
 * it is counted, never assumed. After a crash `checkBook` reads the file and finds every
 * acknowledged write there with its content, and nothing beyond what could have been written.
 */

const DAY = 86_400_000;

/** The tables the writers create rows in. */
export const WRITTEN_TABLES = ['contacts', 'interactions', 'purchases', 'time_entries', 'contact_notes', 'follow_ups', 'referrals'] as const;
export type WrittenTable = (typeof WRITTEN_TABLES)[number];

type Row = Record<string, unknown>;

interface ContactState {
  value: Contact;
  /** An update in flight: one at a time per contact, so its outcome is either the old or the new. */
  updating: boolean;
  /** An update whose answer never came, with its fields: the book may hold it or not. */
  unknownUpdate: Row | null;
}

interface FollowUpState {
  value: FollowUp;
  completing: boolean;
  unknownComplete: boolean;
}

export interface RoundStats {
  acked: number;
  refused: number;
  unknown: number;
}

export interface WorkloadTotals {
  acked: number;
  refused: number;
  unknown: number;
  byMethod: Record<string, number>;
}

const rand = (n: number) => Math.floor(Math.random() * n);
const pick = <T>(list: readonly T[]): T => list[rand(list.length)] as T;
const FIRST = ['Ana', 'Bruno', 'Chloé', 'Dmitri', 'Eun-ji', 'Farah', 'Grégoire', 'Hana', 'Íñigo', 'Jürgen', 'Kwame', 'Łucja', 'Mỹ', 'Noor', 'Øystein'];
const LAST = ['Martin', 'Okafor', 'Nguyễn', 'Müller', 'García', 'Kowalski', 'Tanaka', 'Haddad', 'O’Brien', 'Петров', '李', 'שרה'];
const TAGS = ['vip', 'café', 'été', 'wholesale', '客户', 'local'];
const STAGES = ['lead', 'prospect', 'customer', 'loyal', 'advocate', 'inactive'] as const;
const CHANNELS = ['in_person', 'phone', 'email', 'message', 'social', 'event', 'video', 'other'] as const;
const WORDS = ['coffee', 'order', 'follow', 'latte', 'invoice', 'visit', '🙂', 'مرحبا', 'naïve', 'straße', 'δ', 'ok'];

function text(words: number): string {
  return Array.from({ length: words }, () => pick(WORDS)).join(' ');
}

/** Mostly short text; now and then a long one, so a transaction spans many pages. */
function noteText(): string {
  return Math.random() < 0.08 ? text(1500 + rand(1500)) : text(rand(12));
}

function isoDay(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Records are dated in the past (up to 200 days): the figures then do not move with the clock. */
const past = () => Date.now() - DAY - rand(200 * DAY);

export class CrashWorkload {
  readonly contacts = new Map<number, ContactState>();
  readonly followUps = new Map<number, FollowUpState>();
  /** Acknowledged records (other than contacts and follow-ups) as the API returned them. */
  readonly records = new Map<WrittenTable, Map<number, Row>>();
  /** Rows per table when the book was last checked: the start of the next round's count. */
  private baseline = new Map<WrittenTable, number>();
  private ackedCreates = new Map<WrittenTable, number>();
  private unknownCreates = new Map<WrittenTable, number>();
  private seq = 0;
  private stats: RoundStats = { acked: 0, refused: 0, unknown: 0 };
  readonly totals: WorkloadTotals = { acked: 0, refused: 0, unknown: 0, byMethod: {} };
  /** Internal errors answered by the back end: never expected. */
  readonly internalErrors: string[] = [];

  constructor() {
    for (const t of WRITTEN_TABLES) this.records.set(t, new Map());
  }

  /** Starts a round: the counts of the last check are its floor. */
  beginRound(counts: Record<WrittenTable, number>): void {
    for (const t of WRITTEN_TABLES) {
      this.baseline.set(t, counts[t]);
      this.ackedCreates.set(t, 0);
      this.unknownCreates.set(t, 0);
    }
    this.stats = { acked: 0, refused: 0, unknown: 0 };
  }

  roundStats(): RoundStats {
    return { ...this.stats };
  }

  private bump(map: Map<WrittenTable, number>, t: WrittenTable, by = 1): void {
    map.set(t, (map.get(t) ?? 0) + by);
  }

  private remember(table: WrittenTable, value: unknown): void {
    this.records.get(table)?.set((value as { id: number }).id, value as Row);
  }

  private liveContactIds(): number[] {
    return [...this.contacts.keys()];
  }

  /**
   * One write: calls the server and remembers the outcome. Returns false once the server stopped
   * answering (the lane then ends).
   */
  private async write(
    server: ServeProcess,
    method: string,
    input: Row,
    creates: WrittenTable | null,
    on: { ok: (value: unknown) => void; noAnswer?: () => void; refused?: () => void },
  ): Promise<boolean> {
    const outcome = await callServe(server, method, input);
    if (!outcome.answered) {
      this.stats.unknown++;
      this.totals.unknown++;
      if (creates) this.bump(this.unknownCreates, creates);
      on.noAnswer?.();
      return false;
    }
    const { result } = outcome;
    if (!result.ok) {
      if (result.error.code === 'internal' || result.error.code === 'unavailable') {
        // Never expected: noted as a failure, and its outcome is unknown.
        this.internalErrors.push(`${method}: ${result.error.code} ${result.error.message}`);
        if (creates) this.bump(this.unknownCreates, creates);
        on.noAnswer?.();
        return false;
      }
      // A typed refusal (a referral loop, a second referrer): nothing was written.
      this.stats.refused++;
      this.totals.refused++;
      on.refused?.();
      return true;
    }
    this.stats.acked++;
    this.totals.acked++;
    this.totals.byMethod[method] = (this.totals.byMethod[method] ?? 0) + 1;
    if (creates) this.bump(this.ackedCreates, creates);
    on.ok(result.value);
    return true;
  }

  /** One lane: random writes one after the other until the server stops answering or `stop()` says so. */
  async lane(server: ServeProcess, stop: () => boolean): Promise<void> {
    while (!stop()) {
      const going = await this.step(server);
      if (!going) return;
    }
  }

  private async step(server: ServeProcess): Promise<boolean> {
    const ids = this.liveContactIds();
    const n = ++this.seq;
    const roll = ids.length < 5 ? 0 : rand(100);
    const contactId = ids.length > 0 ? pick(ids) : 0;

    if (roll < 14) {
      const name = `${pick(FIRST)} ${pick(LAST)} ${n}`;
      const input: Row = {
        kind: Math.random() < 0.85 ? 'person' : 'business',
        name,
        jobTitle: Math.random() < 0.5 ? text(2) : '',
        stage: pick(STAGES),
        notes: noteText(),
        emails: Array.from({ length: rand(3) }, (_, i) => ({ value: `p${n}.${i}.${Date.now()}@example.com` })),
        phones: Math.random() < 0.5 ? [{ value: `+33 6 ${String(10_000_000 + n).slice(-8)}` }] : [],
        tags: [...new Set(Array.from({ length: rand(3) }, () => pick(TAGS)))],
      };
      return this.write(server, 'contacts.create', input, 'contacts', {
        ok: (value) => {
          const c = value as Contact;
          this.contacts.set(c.id, { value: c, updating: false, unknownUpdate: null });
        },
      });
    }
    if (roll < 22) {
      const state = this.contacts.get(contactId);
      if (!state || state.updating || state.unknownUpdate) return true;
      const patch: Row = {};
      if (Math.random() < 0.5) patch.name = `${pick(FIRST)} ${pick(LAST)} u${n}`;
      if (Math.random() < 0.5) patch.jobTitle = text(2);
      if (Math.random() < 0.5) patch.stage = pick(STAGES);
      if (Math.random() < 0.4) patch.notes = noteText();
      if (Math.random() < 0.3) patch.tags = [...new Set(Array.from({ length: rand(3) }, () => pick(TAGS)))];
      if (Object.keys(patch).length === 0) patch.jobTitle = `role ${n}`;
      state.updating = true;
      return this.write(
        server,
        'contacts.update',
        { id: contactId, ...patch },
        null,
        {
          ok: (value) => {
            state.value = value as Contact;
            state.updating = false;
          },
          noAnswer: () => {
            state.updating = false;
            state.unknownUpdate = patch;
          },
          refused: () => {
            state.updating = false;
          },
        },
      );
    }
    if (roll < 40) {
      return this.write(
        server,
        'interactions.create',
        {
          contactId,
          channel: pick(CHANNELS),
          direction: Math.random() < 0.6 ? 'outbound' : 'inbound',
          occurredAt: past(),
          minutes: rand(120),
          cost: Math.random() < 0.3 ? rand(5000) : 0,
          sentiment: Math.random() < 0.4 ? 'positive' : Math.random() < 0.5 ? null : 'neutral',
          note: noteText(),
        },
        'interactions',
        { ok: (value) => this.remember('interactions', value) },
      );
    }
    if (roll < 54) {
      const amount = (rand(40_000) + 1) * (Math.random() < 0.1 ? -1 : 1);
      return this.write(server, 'purchases.create', { contactId, occurredAt: past(), amount, description: text(rand(5)) }, 'purchases', { ok: (value) => this.remember('purchases', value) });
    }
    if (roll < 64) {
      const input: Row = Math.random() < 0.8 ? { contactId } : { activity: `posting ${pick(TAGS)}`, source: pick(['instagram', 'events', '']) };
      return this.write(server, 'timeEntries.create', { ...input, startedAt: past(), minutes: rand(240) + 1, note: noteText() }, 'time_entries', { ok: (value) => this.remember('time_entries', value) });
    }
    if (roll < 74) {
      return this.write(server, 'notes.create', { contactId, body: `${noteText()} #${n}`, notedAt: past() }, 'contact_notes', { ok: (value) => this.remember('contact_notes', value) });
    }
    if (roll < 84) {
      const input: Row = {
        contactId: Math.random() < 0.8 ? contactId : null,
        title: `Call back ${n} ${pick(WORDS)}`,
        note: noteText(),
        dueDate: isoDay(Date.now() + (rand(60) - 20) * DAY),
        dueTime: Math.random() < 0.5 ? `${String(rand(24)).padStart(2, '0')}:${String(rand(60)).padStart(2, '0')}` : null,
        repeatDays: Math.random() < 0.3 ? rand(30) + 1 : null,
      };
      return this.write(server, 'followUps.create', input, 'follow_ups', {
        ok: (value) => {
          const f = value as FollowUp;
          this.followUps.set(f.id, { value: f, completing: false, unknownComplete: false });
        },
      });
    }
    if (roll < 92) {
      const open = [...this.followUps.values()].filter((f) => f.value.doneAt === null && !f.completing && !f.unknownComplete && f.value.deletedAt === null);
      if (open.length === 0) return true;
      const state = pick(open);
      state.completing = true;
      // A repeating follow-up schedules its next one in the same write.
      const creates = state.value.repeatDays !== null ? 'follow_ups' : null;
      return this.write(
        server,
        'followUps.complete',
        { id: state.value.id },
        creates,
        {
          ok: (value) => {
            const done = value as FollowUpCompleted;
            state.value = done.done;
            state.completing = false;
            if (done.next) this.followUps.set(done.next.id, { value: done.next, completing: false, unknownComplete: false });
          },
          noAnswer: () => {
            state.completing = false;
            state.unknownComplete = true;
          },
          refused: () => {
            state.completing = false;
          },
        },
      );
    }
    const referredId = Math.random() < 0.6 && ids.length > 1 ? pick(ids) : null;
    return this.write(
      server,
      'referrals.create',
      {
        referrerId: contactId,
        ...(referredId !== null && referredId !== contactId ? { referredId } : { referredName: `${pick(FIRST)} ${n}` }),
        referredAt: past(),
        status: pick(['pending', 'converted', 'converted', 'lost'] as const),
        thanked: Math.random() < 0.5,
        notes: text(rand(4)),
      },
      'referrals',
      { ok: (value) => this.remember('referrals', value) },
    );
  }

  /**
   * Everything the crash must not have lost, read from the book file. Returns the problems found
   * (empty: all is well) and settles what the unanswered calls turned out to do.
   */
  checkBook(db: Database.Database): string[] {
    const problems: string[] = [];
    const columnsOf = new Map<string, Set<string>>();
    const columns = (table: string) => {
      let set = columnsOf.get(table);
      if (!set) {
        set = new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
        columnsOf.set(table, set);
      }
      return set;
    };
    const rowOf = (table: string, id: number) => db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Row | undefined;

    // Contacts: the row, its emails, phones and tags, and its search entry.
    for (const [id, state] of this.contacts) {
      const row = rowOf('contacts', id);
      if (!row) {
        problems.push(`contact ${id} was acknowledged but is missing`);
        continue;
      }
      const stored = this.storedContact(db, id, row);
      const expected = comparableContact(state.value);
      const asAcked = diff(expected, stored);
      if (asAcked.length === 0) {
        state.unknownUpdate = null;
        continue;
      }
      if (state.unknownUpdate) {
        // The unanswered update may have committed: then the row holds its fields instead.
        const withUpdate = comparableContact({ ...state.value, ...state.unknownUpdate } as Contact);
        delete withUpdate.updated_at;
        const { updated_at: _ignored, ...storedBut } = stored;
        if (diff(withUpdate, storedBut).length === 0) {
          state.value = { ...state.value, ...state.unknownUpdate, updatedAt: row.updated_at as number } as Contact;
          state.value.tags = stored.tags as string[];
          state.unknownUpdate = null;
          continue;
        }
      }
      problems.push(`contact ${id} differs from what was acknowledged: ${asAcked.join('; ')}`);
    }

    // Follow-ups, with completions whose answer never came.
    for (const [id, state] of this.followUps) {
      const row = rowOf('follow_ups', id);
      if (!row) {
        problems.push(`follow-up ${id} was acknowledged but is missing`);
        continue;
      }
      const expected = comparableRecord(state.value as unknown as Row, columns('follow_ups'));
      let found = diff(expected, row);
      if (found.length > 0 && state.unknownComplete && row.done_at !== null) {
        found = diff({ ...expected, done_at: row.done_at, updated_at: row.updated_at }, row);
        if (found.length === 0) state.value = { ...state.value, doneAt: row.done_at as number, updatedAt: row.updated_at as number };
      }
      if (found.length > 0) problems.push(`follow-up ${id} differs from what was acknowledged: ${found.join('; ')}`);
      state.unknownComplete = false;
    }

    // Every other record, column by column as the API returned it.
    for (const [table, rows] of this.records) {
      for (const [id, value] of rows) {
        const row = rowOf(table, id);
        if (!row) {
          problems.push(`${table} ${id} was acknowledged but is missing`);
          continue;
        }
        const expected = comparableRecord(value, columns(table));
        // A referral to a contact answers with the contact's name; the column keeps the typed name only.
        if (table === 'referrals' && value.referredId !== null) delete expected.referred_name;
        if (Object.keys(expected).length < 4) problems.push(`${table} ${id}: too few columns compared (${Object.keys(expected).join(', ')})`);
        const found = diff(expected, row);
        if (found.length > 0) problems.push(`${table} ${id} differs from what was acknowledged: ${found.join('; ')}`);
      }
    }

    // Nothing beyond what was acknowledged plus what was in flight: no phantom or duplicated write.
    for (const table of WRITTEN_TABLES) {
      const count = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
      const floor = (this.baseline.get(table) ?? 0) + (this.ackedCreates.get(table) ?? 0);
      const ceiling = floor + (this.unknownCreates.get(table) ?? 0);
      if (count < floor || count > ceiling) problems.push(`${table} holds ${count} rows; between ${floor} and ${ceiling} expected`);
    }
    return problems;
  }

  private storedContact(db: Database.Database, id: number, row: Row): Row {
    const list = (table: string) =>
      (db.prepare(`SELECT label, value FROM ${table} WHERE contact_id = ? ORDER BY position`).all(id) as { label: string; value: string }[]).map((e) => `${e.label}:${e.value}`);
    const tags = (db.prepare('SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = ?').pluck().all(id) as string[]).sort();
    // The index keeps terms, not text: the contact's row is there when its name's words find it.
    const words = searchTerms(row.name as string).map((w) => `"${w}"`);
    const found = words.length > 0 && db.prepare('SELECT 1 FROM contacts_fts WHERE contacts_fts MATCH ? AND rowid = ?').pluck().get(`name : (${words.join(' ')})`, id) === 1;
    return {
      name: row.name,
      kind: row.kind,
      job_title: row.job_title,
      stage: row.stage,
      notes: row.notes,
      created_at: row.created_at,
      updated_at: row.updated_at,
      deleted_at: row.deleted_at,
      emails: list('contact_emails'),
      phones: list('contact_phones'),
      tags,
      search_name: found ? row.name : null,
    };
  }
}

function comparableContact(c: Contact): Row {
  return {
    name: c.name,
    kind: c.kind,
    job_title: c.jobTitle,
    stage: c.stage,
    notes: c.notes,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    deleted_at: c.deletedAt,
    emails: c.emails.map((e) => `${e.label}:${e.value}`),
    phones: c.phones.map((p) => `${p.label}:${p.value}`),
    tags: [...c.tags].sort(),
    search_name: c.name,
  };
}

const snake = (key: string) => key.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

/** The API's record as its table's columns: every scalar field that has a column of its name. */
function comparableRecord(value: Row, columns: Set<string>): Row {
  const out: Row = {};
  for (const [key, v] of Object.entries(value)) {
    const column = snake(key);
    if (!columns.has(column)) continue;
    if (v === null || typeof v === 'string' || typeof v === 'number') out[column] = v;
  }
  return out;
}

function diff(expected: Row, actual: Row): string[] {
  const out: string[] = [];
  for (const [key, want] of Object.entries(expected)) {
    const got = actual[key];
    if (JSON.stringify(got) !== JSON.stringify(want)) out.push(`${key}: expected ${JSON.stringify(want)?.slice(0, 80)}, found ${JSON.stringify(got)?.slice(0, 80)}`);
  }
  return out;
}

/** Rows per written table, read from a book. */
export function tableCounts(db: Database.Database): Record<WrittenTable, number> {
  const counts = {} as Record<WrittenTable, number>;
  for (const t of WRITTEN_TABLES) counts[t] = db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
  return counts;
}

/** The figures as stored, every column, by contact. */
export function storedFigureRows(db: Database.Database): unknown[] {
  return db.prepare('SELECT * FROM contact_figures ORDER BY contact_id').all();
}

/**
 * record_days (Insights' day sums, kept by triggers) against the same sums taken from the records
 * now: the days where the two differ. Empty when the derived table committed with its records.
 */
export function recordDaysMismatches(db: Database.Database): unknown[] {
  const dayOf = (t: string) => `(CASE WHEN ${t} >= 0 THEN ${t} / ${DAY} ELSE (${t} - ${DAY - 1}) / ${DAY} END)`;
  return db
    .prepare(
      `WITH fresh AS (
         SELECT day, sum(minutes) AS minutes, sum(costs) AS costs, sum(revenue) AS revenue FROM (
           SELECT ${dayOf('occurred_at')} AS day, minutes, cost AS costs, 0 AS revenue FROM interactions WHERE deleted_at IS NULL
           UNION ALL SELECT ${dayOf('occurred_at')}, 0, 0, amount FROM purchases WHERE deleted_at IS NULL
           UNION ALL SELECT ${dayOf('started_at')}, minutes, 0, 0 FROM time_entries WHERE deleted_at IS NULL)
         GROUP BY day HAVING sum(minutes) <> 0 OR sum(costs) <> 0 OR sum(revenue) <> 0)
       SELECT 'kept' AS side, * FROM (SELECT day, minutes, costs, revenue FROM record_days EXCEPT SELECT * FROM fresh)
       UNION ALL
       SELECT 'fresh', * FROM (SELECT * FROM fresh EXCEPT SELECT day, minutes, costs, revenue FROM record_days)
       LIMIT 20`,
    )
    .all();
}
