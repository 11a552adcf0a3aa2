/**
 * The whole reference book (quality.md): the contacts of `contacts.ts`, then two years of records
 * up to `now` with realistic, skewed distributions: interactions, purchases, time entries,
 * referrals (a forest: one live referrer per contact, no loops, chains up to 6 deep), follow-ups,
 * NPS answers and a few timeline notes.
 *
 *   size 'large'  -> 100,000 contacts, 1,000,000 interactions, 500,000 purchases, 200,000 time
 *                    entries, 30,000 referrals, 20,000 follow-ups, 10,000 NPS answers
 *   size 'sample' -> 300 contacts and the same proportions (a café unless told otherwise): the
 *                    sample business the owner can load on first run (./index.ts)
 *
 * Deterministic: the same seed and clock give the same book, byte for byte in every table (each
 * table draws from its own PRNG stream, so one table's shape never shifts another's). Rows go in
 * through prepared statements in a few large transactions; the search index is rebuilt once.
 */
import type { SampleKind, Stage } from '../../../shared/contract/index';
import { sourceKey } from '../../../shared/domain/text';
import type { WritableDB } from '../connection';
import { rebuildSearch } from '../contacts';
import { localDatePlusDays } from '../follow-ups';
import { DEFAULT_NOW, DEFAULT_SEED, generateContacts, int, mulberry32, pick, weighted, type Rng } from './contacts';

export type BusinessKind = SampleKind;
export type BookSize = 'sample' | 'large' | { contacts: number };

export interface BookOptions {
  size: BookSize;
  seed?: number;
  /** The clock the book is generated against: every instant is before it. */
  now?: number;
  /** The kind of business: it shapes channels, amounts and activities (default café). */
  kind?: BusinessKind;
  /**
   * Write beside the contacts the book already holds (default false: refuse a book with any).
   * The records only ever name the contacts written here. The sample business uses it to load
   * into a book whose only contacts of its own are in the trash.
   */
  besideExisting?: boolean;
  /** Told as each phase begins: `done` of `total` phases finished, and what comes next in words. */
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface BookCounts {
  contacts: number;
  interactions: number;
  purchases: number;
  time_entries: number;
  referrals: number;
  follow_ups: number;
  nps_answers: number;
  contact_notes: number;
}

export interface BookSummary {
  counts: BookCounts;
  kind: BusinessKind;
  seed: number;
  now: number;
  /** The ids of the contacts written: every one from first to last, in order. */
  contactIds: { first: number; last: number };
  /** Milliseconds per phase: contacts, each table, the search index. */
  timings: Record<string, number>;
  totalMs: number;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const TWO_YEARS = 730 * DAY;

/** Quantities per 100,000 contacts (quality.md's large book). */
const LARGE: BookCounts = {
  contacts: 100_000,
  interactions: 1_000_000,
  purchases: 500_000,
  time_entries: 200_000,
  referrals: 30_000,
  follow_ups: 20_000,
  nps_answers: 10_000,
  contact_notes: 5_000,
};
const SAMPLE_CONTACTS = 300;
/** The page cache during the bulk load, in KiB (negative: SQLite's way of saying KiB). */
const BULK_CACHE_KIB = -262_144;

/** How many rows of each table a size means: 'large' exactly as quality.md lists, others in proportion. */
export function bookCounts(size: BookSize): BookCounts {
  if (size === 'large') return { ...LARGE };
  const contacts = size === 'sample' ? SAMPLE_CONTACTS : size.contacts;
  if (!Number.isInteger(contacts) || contacts < 2) throw new Error('A book needs at least 2 contacts');
  const scale = (n: number, min: number) => Math.max(min, Math.round((n * contacts) / LARGE.contacts));
  return {
    contacts,
    interactions: scale(LARGE.interactions, 10),
    purchases: scale(LARGE.purchases, 5),
    time_entries: scale(LARGE.time_entries, 5),
    referrals: Math.min(scale(LARGE.referrals, 3), Math.floor(contacts / 2)),
    // The follow-up screen needs a few in every bucket even in a small book.
    follow_ups: scale(LARGE.follow_ups, 40),
    nps_answers: scale(LARGE.nps_answers, 10),
    contact_notes: scale(LARGE.contact_notes, 5),
  };
}

/** A separate PRNG stream per table, all from the one seed. */
const stream = (seed: number, table: number): Rng => mulberry32((seed ^ Math.imul(table + 1, 0x9e3779b1)) >>> 0);

/** A standard normal draw (Box-Muller). */
function normal(rng: Rng): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** A log-normal whole number around `median`, clamped to [min, max]. */
function around(rng: Rng, median: number, sigma: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(median * Math.exp(sigma * normal(rng)))));
}

/** Walker/Vose alias table: O(1) weighted picks among many items. */
function aliasTable(weights: ArrayLike<number>): (rng: Rng) => number {
  const n = weights.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i] as number;
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = new Float64Array(n);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < n; i++) {
    scaled[i] = total > 0 ? ((weights[i] as number) * n) / total : 1;
    ((scaled[i] as number) < 1 ? small : large).push(i);
  }
  while (small.length > 0 && large.length > 0) {
    const s = small.pop() as number;
    const l = large.pop() as number;
    prob[s] = scaled[s] as number;
    alias[s] = l;
    scaled[l] = (scaled[l] as number) + (scaled[s] as number) - 1;
    ((scaled[l] as number) < 1 ? small : large).push(l);
  }
  for (const i of large) prob[i] = 1;
  for (const i of small) prob[i] = 1;
  return (rng) => {
    const i = Math.floor(rng() * n);
    return rng() < (prob[i] as number) ? i : (alias[i] as number);
  };
}

// --- The contacts, as the records see them -------------------------------------------------------

interface Book {
  n: number;
  ids: Int32Array;
  createdAt: Float64Array;
  /** The window in which records about the contact happen: [from, to]; to < from means none. */
  from: Float64Array;
  to: Float64Array;
  business: Uint8Array;
  stage: Stage[];
  sourceKey: string[];
  trashed: Uint8Array;
  /** How much the contact engages: stage times a heavy-tailed personal factor. */
  engagement: Float64Array;
}

const STAGE_ENGAGEMENT: Record<Stage, number> = { lead: 0.12, prospect: 0.3, customer: 1, loyal: 3.5, advocate: 5, inactive: 0.7 };

function readBook(db: WritableDB, rng: Rng, now: number, kind: BusinessKind, firstId: number): Book {
  const rows = db
    .prepare('SELECT id, kind, stage, source_key, created_at, deleted_at FROM contacts WHERE id >= ? ORDER BY id')
    .all(firstId) as { id: number; kind: string; stage: Stage; source_key: string; created_at: number; deleted_at: number | null }[];
  const n = rows.length;
  const book: Book = {
    n,
    ids: new Int32Array(n),
    createdAt: new Float64Array(n),
    from: new Float64Array(n),
    to: new Float64Array(n),
    business: new Uint8Array(n),
    stage: [],
    sourceKey: [],
    trashed: new Uint8Array(n),
    engagement: new Float64Array(n),
  };
  const start = now - TWO_YEARS;
  rows.forEach((r, i) => {
    book.ids[i] = r.id;
    book.createdAt[i] = r.created_at;
    book.business[i] = r.kind === 'business' ? 1 : 0;
    book.stage.push(r.stage);
    book.sourceKey.push(r.source_key);
    book.trashed[i] = r.deleted_at === null ? 0 : 1;
    const from = Math.max(r.created_at, start);
    let to = r.deleted_at ?? now - MINUTE;
    // Inactive contacts stopped coming some months ago: the app should notice them lapsing.
    if (r.stage === 'inactive') to = Math.min(to, now - int(rng, 90, 420) * DAY);
    book.from[i] = from;
    book.to[i] = to;
    // A Pareto factor gives the long tail: most buy rarely, a loyal few very often.
    const pareto = Math.min(40, Math.pow(1 - rng(), -1 / 1.3));
    const businessFactor = r.kind === 'business' ? (kind === 'consultancy' ? 3 : 1.5) : 1;
    book.engagement[i] = to > from ? STAGE_ENGAGEMENT[r.stage] * pareto * businessFactor * Math.min(1, (to - from) / (120 * DAY) + 0.2) : 0;
  });
  return book;
}

/** A moment in business hours (about 7:00 to 21:00 UTC, busiest mid-day) within [from, to]. */
function momentIn(rng: Rng, from: number, to: number): number {
  const day0 = Math.floor(from / DAY);
  const day1 = Math.floor(to / DAY);
  for (let attempt = 0; attempt < 4; attempt++) {
    const day = day0 + Math.floor(rng() * (day1 - day0 + 1));
    const hour = Math.min(21, Math.max(7, 13 + 3 * normal(rng)));
    const t = day * DAY + Math.floor(hour * HOUR / 1000) * 1000;
    if (t >= from && t <= to) return t;
  }
  return Math.floor((from + rng() * (to - from)) / 1000) * 1000;
}

/**
 * Picks `count` (contact index, instant) pairs: the contact by engagement, the instant in its
 * window, then sorted by instant so ids follow time as they would in a real book.
 */
function eventsFor(book: Book, rng: Rng, count: number, weights: Float64Array, now: number): { who: Int32Array; at: Float64Array } {
  const pickContact = aliasTable(weights);
  const base = Math.floor((now - TWO_YEARS - DAY) / 1000) * 1000;
  const keys = new Float64Array(count);
  const who = new Int32Array(count);
  const at = new Float64Array(count);
  if (count >= 2 ** 26) throw new Error('Too many rows for one table');
  for (let k = 0; k < count; k++) {
    const i = pickContact(rng);
    const from = book.from[i] as number;
    const to = book.to[i] as number;
    const t = to > from ? momentIn(rng, from, to) : Math.floor(Math.max(base, Math.min(now - MINUTE, to)) / 1000) * 1000;
    who[k] = i;
    at[k] = t;
    // Whole seconds since base (< 2^26) and the row (< 2^26) packed into one exact double.
    keys[k] = ((t - base) / 1000) * 2 ** 26 + k;
  }
  keys.sort();
  const whoSorted = new Int32Array(count);
  const atSorted = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const j = (keys[k] as number) % 2 ** 26;
    whoSorted[k] = who[j] as number;
    atSorted[k] = at[j] as number;
  }
  return { who: whoSorted, at: atSorted };
}

/** When a record was typed in: soon after it happened (same hour mostly), never after now. */
function loggedAt(rng: Rng, at: number, now: number): number {
  const delay = rng() < 0.8 ? Math.floor(rng() * HOUR) : Math.floor(rng() * 3 * DAY);
  return Math.min(now - 1000, at + delay);
}

/** Most records are never edited; a few are, some time later. */
function editedAt(rng: Rng, created: number, now: number): number {
  return rng() < 0.06 ? Math.min(now - 1000, created + Math.floor(rng() * 30 * DAY)) : created;
}

// --- Interactions --------------------------------------------------------------------------------

type Channel = 'in_person' | 'phone' | 'email' | 'message' | 'social' | 'event' | 'video' | 'other';

const CHANNELS: Record<BusinessKind, (rng: Rng) => Channel> = {
  cafe: weighted<Channel>([['in_person', 58], ['message', 11], ['social', 12], ['phone', 7], ['email', 5], ['event', 5], ['video', 0.5], ['other', 1.5]]),
  consultancy: weighted<Channel>([['email', 34], ['video', 21], ['phone', 15], ['in_person', 12], ['message', 8], ['event', 4], ['social', 4], ['other', 2]]),
};
const NETWORKS: Record<BusinessKind, (rng: Rng) => string> = {
  cafe: weighted([['Instagram', 58], ['Facebook', 20], ['TikTok', 12], ['Google Maps', 6], ['', 4]]),
  consultancy: weighted([['LinkedIn', 62], ['X', 12], ['Instagram', 10], ['Bluesky', 6], ['', 10]]),
};
/** Minutes: median and spread per channel, per kind of business. */
const MINUTES: Record<BusinessKind, Record<Channel, readonly [number, number]>> = {
  cafe: { in_person: [4, 0.8], phone: [4, 0.7], email: [3, 0.6], message: [2, 0.6], social: [2, 0.7], event: [45, 0.5], video: [20, 0.5], other: [5, 0.8] },
  consultancy: { in_person: [60, 0.45], phone: [15, 0.7], email: [6, 0.7], message: [3, 0.6], social: [4, 0.7], event: [90, 0.35], video: [40, 0.45], other: [10, 0.8] },
};
const pickSentiment = weighted<'positive' | 'neutral' | 'negative' | null>([['positive', 46], ['neutral', 22], ['negative', 4], [null, 28]]);

const INTERACTION_NOTES: Record<BusinessKind, Partial<Record<Channel, readonly string[]>> & { any: readonly string[] }> = {
  cafe: {
    in_person: ['Usual order.', 'Came in with a friend.', 'Tried the new seasonal cake.', 'Asked about the loyalty card.', 'Chatted about her trip.', 'Bought beans to take home.', 'Complained the music was loud.', 'Stayed for the afternoon with a laptop.', 'Wants oat milk back in stock.', 'Birthday today! 🎂'],
    message: ['Asked if we are open Sunday.', 'Reserved a table for six.', 'Thanks for the lovely afternoon!', 'Asked about gluten-free options.'],
    social: ['Shared our latte art story.', 'Tagged us in a post.', 'Left a 5-star review.', 'Commented on the new menu.'],
    phone: ['Ordered a cake for Saturday.', 'Asked about catering.', 'Called about a lost umbrella.'],
    email: ['Sent the catering quote.', 'Newsletter reply: loves the new roast.', 'Invoice for the office order.'],
    event: ['Came to the tasting evening.', 'Latte art workshop.', 'Open mic night.'],
    any: ['Quick hello.', 'Follow-up on last visit.', 'Très sympa, revient la semaine prochaine.', 'Muy contenta con el servicio.'],
  },
  consultancy: {
    email: ['Sent the proposal.', 'Shared the meeting notes.', 'Asked for the Q3 figures.', 'Invoice sent.', 'Introduced them to a partner.', 'Replied about the timeline.'],
    video: ['Weekly check-in.', 'Kick-off call.', 'Reviewed the roadmap.', 'Workshop prep.', 'Coaching session.'],
    in_person: ['Lunch meeting.', 'Workshop on site.', 'Coffee to catch up.', 'Presented the findings to the board.'],
    phone: ['Quick call about the budget.', 'Called to reschedule.', 'Discussed the renewal.'],
    event: ['Met at the industry meetup.', 'Spoke on the same panel.', 'Conference dinner.'],
    social: ['Liked and shared our article.', 'Commented on the case study.'],
    any: ['Touch base.', 'Follow-up.', 'Sent a thank-you note.'],
  },
};

function writeInteractions(db: WritableDB, book: Book, rng: Rng, count: number, kind: BusinessKind, now: number): void {
  const { who, at } = eventsFor(book, rng, count, book.engagement, now);
  const insert = db.prepare(
    `INSERT INTO interactions (contact_id, channel, network, direction, occurred_at, minutes, cost, sentiment, note, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const pickChannel = CHANNELS[kind];
  const notes = INTERACTION_NOTES[kind];
  for (let k = 0; k < count; k++) {
    const i = who[k] as number;
    const occurredAt = at[k] as number;
    const channel = pickChannel(rng);
    const network = channel === 'social' ? NETWORKS[kind](rng) : '';
    // In a café people walk in; a consultant reaches out more often than not.
    const inbound = channel === 'in_person' && kind === 'cafe' ? 0.85 : kind === 'cafe' ? 0.5 : 0.4;
    const direction = rng() < inbound ? 'inbound' : 'outbound';
    const [median, sigma] = MINUTES[kind][channel];
    const minutes = rng() < 0.08 ? 0 : around(rng, median, sigma, 0, 120);
    let cost = 0;
    if ((channel === 'in_person' || channel === 'event') && rng() < 0.05) {
      // A coffee on the house, a lunch, an event ticket.
      cost = kind === 'cafe' ? around(rng, 450, 0.4, 150, 5000) : around(rng, channel === 'event' ? 9000 : 3800, 0.45, 800, 40000);
    }
    const sentiment = pickSentiment(rng);
    const note = rng() < 0.35 ? pick(rng, rng() < 0.8 ? (notes[channel] ?? notes.any) : notes.any) : '';
    const created = loggedAt(rng, occurredAt, now);
    insert.run(book.ids[i], channel, network, direction, occurredAt, minutes, cost, sentiment, note, created, editedAt(rng, created, now));
  }
}

// --- Purchases -----------------------------------------------------------------------------------

interface Product {
  description: string;
  median: number;
  sigma: number;
  min: number;
  max: number;
  businessOnly?: boolean;
}
const PRODUCTS: Record<BusinessKind, readonly (readonly [Product, number])[]> = {
  cafe: [
    [{ description: 'Flat white', median: 380, sigma: 0.1, min: 250, max: 600 }, 26],
    [{ description: 'Coffee and a croissant', median: 720, sigma: 0.15, min: 450, max: 1200 }, 22],
    [{ description: 'Lunch', median: 1450, sigma: 0.2, min: 800, max: 3000 }, 18],
    [{ description: 'Brunch for two', median: 3200, sigma: 0.25, min: 1800, max: 6500 }, 8],
    [{ description: 'Coffee beans, 250 g', median: 1400, sigma: 0.12, min: 900, max: 2200 }, 9],
    [{ description: 'Cake to take away', median: 3800, sigma: 0.25, min: 1800, max: 8000 }, 4],
    [{ description: 'Gift card', median: 2500, sigma: 0.5, min: 1000, max: 10000 }, 3],
    [{ description: 'Latte art workshop', median: 4500, sigma: 0.1, min: 3500, max: 6000 }, 2],
    [{ description: 'Thé et pâtisserie', median: 650, sigma: 0.15, min: 400, max: 1100 }, 4],
    [{ description: 'Office catering', median: 24000, sigma: 0.5, min: 8000, max: 120000, businessOnly: true }, 2],
    [{ description: 'Wholesale beans', median: 36000, sigma: 0.5, min: 10000, max: 200000, businessOnly: true }, 2],
  ],
  consultancy: [
    [{ description: 'Hourly consulting', median: 42000, sigma: 0.45, min: 12000, max: 150000 }, 30],
    [{ description: 'Coaching session', median: 18000, sigma: 0.25, min: 9000, max: 40000 }, 22],
    [{ description: 'Strategy workshop', median: 280000, sigma: 0.3, min: 120000, max: 800000 }, 8],
    [{ description: 'Monthly retainer', median: 350000, sigma: 0.3, min: 150000, max: 1200000 }, 18],
    [{ description: 'Audit and report', median: 900000, sigma: 0.4, min: 300000, max: 4000000, businessOnly: true }, 4],
    [{ description: 'Training day', median: 180000, sigma: 0.25, min: 90000, max: 450000 }, 8],
    [{ description: 'E-book and templates', median: 4900, sigma: 0.2, min: 1900, max: 9900 }, 10],
  ],
};
const PURCHASE_STAGE: Record<Stage, number> = { lead: 0.03, prospect: 0.1, customer: 1, loyal: 1.6, advocate: 1.6, inactive: 0.9 };

function writePurchases(db: WritableDB, book: Book, rng: Rng, count: number, kind: BusinessKind, now: number): void {
  // Leads and prospects have (nearly) not bought yet; the rest buy as they engage.
  const weights = new Float64Array(book.n);
  for (let i = 0; i < book.n; i++) weights[i] = (book.engagement[i] as number) * PURCHASE_STAGE[book.stage[i] as Stage];
  const { who, at } = eventsFor(book, rng, count, weights, now);
  const insert = db.prepare('INSERT INTO purchases (contact_id, occurred_at, amount, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  const all = weighted(PRODUCTS[kind]);
  const personal = weighted(PRODUCTS[kind].filter(([p]) => !p.businessOnly));
  for (let k = 0; k < count; k++) {
    const i = who[k] as number;
    const occurredAt = at[k] as number;
    const product = book.business[i] ? all(rng) : personal(rng);
    const amount = around(rng, product.median, product.sigma, product.min, product.max);
    // About 2% are refunds, entered as negative amounts.
    const refund = rng() < 0.02;
    const created = loggedAt(rng, occurredAt, now);
    insert.run(book.ids[i], occurredAt, refund ? -amount : amount, refund ? `Refund: ${product.description}` : rng() < 0.9 ? product.description : '', created, editedAt(rng, created, now));
  }
}

// --- Time ----------------------------------------------------------------------------------------

interface Activity {
  activity: string;
  source: string;
  median: number;
}
const ACTIVITIES: Record<BusinessKind, readonly (readonly [Activity, number])[]> = {
  cafe: [
    [{ activity: 'Posting on Instagram', source: 'Instagram', median: 30 }, 30],
    [{ activity: 'Newsletter', source: 'email', median: 75 }, 10],
    [{ activity: 'Networking event', source: 'event', median: 120 }, 8],
    [{ activity: 'TikTok videos', source: 'TikTok', median: 45 }, 8],
    [{ activity: 'Answering Google reviews', source: 'Google', median: 15 }, 10],
    [{ activity: 'Flyers in the neighbourhood', source: 'flyer', median: 90 }, 4],
    [{ activity: 'Facebook page', source: 'Facebook', median: 20 }, 8],
    [{ activity: 'Website update', source: 'website', median: 60 }, 4],
    [{ activity: 'Planning the menu', source: '', median: 60 }, 10],
    [{ activity: 'Bookkeeping', source: '', median: 90 }, 8],
  ],
  consultancy: [
    [{ activity: 'LinkedIn posts', source: 'LinkedIn', median: 40 }, 24],
    [{ activity: 'Newsletter', source: 'email', median: 120 }, 14],
    [{ activity: 'Networking event', source: 'event', median: 150 }, 16],
    [{ activity: 'Writing a blog article', source: 'website', median: 150 }, 10],
    [{ activity: 'Podcast guest', source: 'podcast', median: 90 }, 4],
    [{ activity: 'Posting on Instagram', source: 'Instagram', median: 30 }, 8],
    [{ activity: 'Speaking at a trade show', source: 'trade show', median: 240 }, 4],
    [{ activity: 'Admin and invoicing', source: '', median: 60 }, 12],
    [{ activity: 'Training and reading', source: '', median: 90 }, 8],
  ],
};
const TIME_NOTES: Record<BusinessKind, readonly string[]> = {
  cafe: ['Planned the party order.', 'Custom cake design.', 'Sorted out the invoice.', 'Tasting for the wedding.', 'Set up the loyalty card.'],
  consultancy: ['Preparing the proposal.', 'Analysis for the report.', 'Slides for the workshop.', 'Research.', 'Reviewing their documents.', 'Travel.'],
};

function writeTimeEntries(db: WritableDB, book: Book, rng: Rng, count: number, kind: BusinessKind, now: number): void {
  // About seven in ten entries are on a contact; the rest on activities that may name a source.
  const onContacts = Math.round(count * 0.7);
  const weights = new Float64Array(book.n);
  for (let i = 0; i < book.n; i++) weights[i] = (book.engagement[i] as number) * (book.business[i] ? 2 : 1) * (book.stage[i] === 'lead' ? 0.3 : 1);
  const contactEvents = eventsFor(book, rng, onContacts, weights, now);
  const activityTimes = new Float64Array(count - onContacts);
  for (let k = 0; k < activityTimes.length; k++) activityTimes[k] = momentIn(rng, now - TWO_YEARS, now - HOUR);
  activityTimes.sort();
  const insert = db.prepare(
    `INSERT INTO time_entries (contact_id, activity, source, source_key, started_at, minutes, note, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const pickActivity = weighted(ACTIVITIES[kind]);
  const contactMedian = kind === 'cafe' ? 15 : 75;
  // Merge the two sorted streams so ids follow time.
  let c = 0;
  let a = 0;
  while (c < onContacts || a < activityTimes.length) {
    const takeContact = a >= activityTimes.length || (c < onContacts && (contactEvents.at[c] as number) <= (activityTimes[a] as number));
    let contactId: number | null = null;
    let activity = '';
    let source = '';
    let startedAt: number;
    let minutes: number;
    if (takeContact) {
      const i = contactEvents.who[c] as number;
      contactId = book.ids[i] as number;
      startedAt = contactEvents.at[c] as number;
      minutes = Math.max(1, Math.min(around(rng, contactMedian, 0.7, 1, 600), Math.floor((now - startedAt) / MINUTE)));
      c++;
    } else {
      const act = pickActivity(rng);
      activity = act.activity;
      source = act.source;
      startedAt = activityTimes[a] as number;
      minutes = Math.max(1, Math.min(around(rng, act.median, 0.5, 5, 480), Math.floor((now - startedAt) / MINUTE)));
      a++;
    }
    const note = rng() < 0.2 ? pick(rng, TIME_NOTES[kind]) : '';
    // Entered when the work ended (the timer, or by hand that evening).
    const created = Math.min(now - 1000, startedAt + minutes * MINUTE + (rng() < 0.7 ? 0 : Math.floor(rng() * 8 * HOUR)));
    insert.run(contactId, activity, source, sourceKey(source), startedAt, minutes, note, created, editedAt(rng, created, now));
  }
}

// --- Referrals -----------------------------------------------------------------------------------

/** Deepest chain allowed: a contact may sit at most this many referrals below a root. */
export const MAX_REFERRAL_DEPTH = 6;

const REFERRAL_NOTES = ['Her sister.', 'Colleague from the office.', 'Neighbour.', 'Met at the gym.', 'Old school friend.', 'Business partner.', 'Son-in-law.', 'Sa meilleure amie.', 'Un compañero de trabajo.'];
const PENDING_FIRST = ['Alex', 'Sam', 'Jordan', 'Camille', 'Lucía', 'Jonas', 'Aiko', 'Mateo', 'Priya', 'Noor', 'Elif', 'Olga', 'Chen', 'Zoë'];
const PENDING_LAST = ['R.', 'from the gym', 'Dupont', 'Kowalska', 'Silva', 'Tanaka', '(her cousin)', 'García', 'Schmidt', "(Marc's partner)", ''];

interface ReferralsWritten {
  referred: number;
}

/**
 * A forest of referrals. Referred contacts are taken in id (arrival) order and given a referrer who
 * arrived before them, so no chain can loop; a referrer deeper than MAX_REFERRAL_DEPTH - 1 is never
 * chosen, so no chain is deeper than MAX_REFERRAL_DEPTH. Referrers are picked with preferential
 * attachment (the ones who already sent people send more), and often among people who were
 * themselves referred (the cycle the product is about). Converted and most lost referrals link a
 * contact, who gets source 'referral'; pending ones (and some lost) are only a name.
 */
function writeReferrals(db: WritableDB, book: Book, rng: Rng, count: number, now: number): ReferralsWritten {
  // About 1% were first recorded with the wrong referrer and corrected: the wrong one sits in the
  // trash (the one-live-referrer rule holds for live rows only). They count toward `count`.
  const mistakes = count >= 100 ? Math.floor(count * 0.01) : 0;
  const live = count - mistakes;
  const pickStatus = weighted<'converted' | 'pending' | 'lost'>([['converted', 74], ['pending', 15], ['lost', 11]]);
  const statuses = Array.from({ length: live }, () => pickStatus(rng));
  const isLinked = (s: string, k: number) => s === 'converted' || (s === 'lost' && k % 3 !== 0);
  const linkedStatuses = statuses.filter(isLinked);
  const unlinkedStatuses = statuses.filter((s, k) => !isLinked(s, k));

  // Who was referred: people who say they came by referral first, then others; never the very
  // first contacts (no one could have referred them) and never one in the trash.
  const eligible: number[] = [];
  for (let i = 3; i < book.n; i++) if (!book.trashed[i]) eligible.push(i);
  const rank = eligible.map((i) => ({ i, r: (book.sourceKey[i] === 'referral' ? 0 : 1) + rng() }));
  rank.sort((x, y) => x.r - y.r);
  const referredSet = rank.slice(0, Math.min(linkedStatuses.length, rank.length)).map((x) => x.i);
  referredSet.sort((x, y) => x - y);
  // Too small a book for every linked referral: the rest become names.
  for (let k = referredSet.length; k < linkedStatuses.length; k++) unlinkedStatuses.push(linkedStatuses[k] === 'lost' ? 'lost' : 'pending');

  const depth = new Int8Array(book.n);
  /** Every referral's referrer, once per referral: a uniform pick from it is preferential attachment. */
  const history: number[] = [];
  /** Contacts who were referred, in arrival order: the cycle repeats through them. */
  const referredSoFar: number[] = [];
  const canRefer = (r: number, before: number) => r < before && !book.trashed[r] && (depth[r] as number) < MAX_REFERRAL_DEPTH;
  /** A referrer for the contact at index `d`, or (d = -1) for a name: anyone live before it. */
  function referrerFor(d: number): number {
    const limit = d < 0 ? book.n : d;
    for (let attempt = 0; attempt < 12; attempt++) {
      const u = rng();
      let r: number;
      if (u < 0.45 && history.length > 0) r = pick(rng, history);
      else if (u < 0.75 && referredSoFar.length > 0) r = referredSoFar[Math.floor(rng() * referredSoFar.length)] as number;
      else {
        // A new referrer: a loyal customer or an advocate, more likely than anyone else.
        r = Math.floor(rng() * limit);
        const stage = book.stage[r];
        if (stage !== 'loyal' && stage !== 'advocate' && rng() < 0.6) continue;
      }
      if (canRefer(r, limit)) return r;
    }
    for (let r = Math.floor(rng() * limit); r >= 0; r--) if (canRefer(r, limit)) return r;
    return 0;
  }

  interface Row {
    referrer: number;
    referred: number | null;
    name: string;
    at: number;
    status: 'converted' | 'pending' | 'lost';
    deleted: boolean;
  }
  const rows: Row[] = [];
  const mistakeEvery = mistakes > 0 ? Math.max(1, Math.floor(referredSet.length / mistakes)) : 0;
  let mistakesLeft = mistakes;
  referredSet.forEach((d, j) => {
    const r = referrerFor(d);
    depth[d] = (depth[r] as number) + 1;
    history.push(r);
    referredSoFar.push(d);
    const created = book.createdAt[d] as number;
    // Referred a few days before they first came, never before the referrer did.
    const at = Math.min(created, Math.max(book.createdAt[r] as number, created - Math.floor(rng() * 21 * DAY)));
    const status = linkedStatuses[j] ?? 'converted';
    if (mistakesLeft > 0 && j % mistakeEvery === 0 && r > 0) {
      const wrong = r - 1 - Math.floor(rng() * Math.min(r, 50));
      rows.push({ referrer: wrong, referred: d, name: '', at, status, deleted: true });
      mistakesLeft--;
    }
    rows.push({ referrer: r, referred: d, name: '', at, status, deleted: false });
  });
  // Names only: recent and still pending, or lost; the referrer is anyone live at the time.
  const nameOnly = (status: Row['status'], deleted: boolean) => {
    const r = referrerFor(-1);
    history.push(r);
    const earliest = Math.max(book.createdAt[r] as number, now - (status === 'pending' ? 120 : 700) * DAY);
    const at = Math.floor(earliest + rng() * Math.max(0, now - HOUR - earliest));
    const name = `${pick(rng, PENDING_FIRST)} ${pick(rng, PENDING_LAST)}`.trim();
    rows.push({ referrer: r, referred: null, name, at, status, deleted });
  };
  for (const status of unlinkedStatuses) nameOnly(status, false);
  for (; mistakesLeft > 0; mistakesLeft--) nameOnly('pending', true);
  rows.sort((x, y) => x.at - y.at || x.referrer - y.referrer || Number(y.deleted) - Number(x.deleted));

  const insert = db.prepare(
    `INSERT INTO referrals (referrer_id, referred_id, referred_name, referred_at, status, thanked_at, notes, created_at, updated_at, deleted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const row of rows) {
    const created = Math.min(now - 1000, row.at + Math.floor(rng() * 2 * DAY));
    if (row.deleted) {
      const deletedAt = Math.min(now - 1000, created + MINUTE);
      insert.run(book.ids[row.referrer], row.referred === null ? null : book.ids[row.referred], row.name, row.at, row.status, null, '', created, deletedAt, deletedAt);
      continue;
    }
    const thanked =
      row.status === 'converted' && rng() < 0.62 ? Math.min(now - 1000, row.at + int(rng, 1, 20) * DAY) : row.status === 'pending' && rng() < 0.1 ? Math.min(now - 1000, row.at + DAY) : null;
    const notes = rng() < 0.25 ? pick(rng, REFERRAL_NOTES) : '';
    insert.run(book.ids[row.referrer], row.referred === null ? null : book.ids[row.referred], row.name, row.at, row.status, thanked, notes, created, Math.max(created, thanked ?? created), null);
  }

  // Referred contacts came by referral.
  const setSource = db.prepare("UPDATE contacts SET source = 'referral', source_key = 'referral' WHERE id = ? AND source_key <> 'referral'");
  for (const d of referredSet) {
    setSource.run(book.ids[d]);
    book.sourceKey[d] = 'referral';
  }
  return { referred: referredSet.length };
}

// --- Follow-ups ----------------------------------------------------------------------------------

const FOLLOW_UP_TITLES: Record<BusinessKind, readonly string[]> = {
  cafe: ['Send a thank-you card', 'Check in: not seen for a while', 'Invite to the tasting evening', 'Confirm the cake order', 'Call back about catering', 'Birthday coupon', 'Ask for a Google review', 'Offer the loyalty card', 'Deliver the beans order', 'Rappeler pour la réservation'],
  consultancy: ['Send the proposal', 'Follow up on the invoice', 'Quarterly review call', 'Share the article we discussed', 'Ask for a testimonial', 'Check in after the workshop', 'Renewal conversation', 'Introduce to a partner', 'Send the meeting notes', 'Plan next quarter'],
};
const GENERAL_TASKS: Record<BusinessKind, readonly string[]> = {
  cafe: ['Order more oat milk', 'Plan the spring menu', 'Post the weekend special', 'Newsletter', 'Check the espresso machine'],
  consultancy: ['Write the newsletter', 'Update the website', 'Book the conference', 'Quarterly taxes', 'Plan LinkedIn posts'],
};
const TIMES = ['08:30', '09:00', '09:30', '10:00', '11:00', '12:30', '14:00', '15:00', '16:30', '17:00', '18:00'];

function writeFollowUps(db: WritableDB, book: Book, rng: Rng, count: number, kind: BusinessKind, now: number): void {
  const pickBucket = weighted<'done' | 'upcoming' | 'overdue' | 'today' | 'snoozed'>([['done', 46], ['upcoming', 32], ['overdue', 13], ['today', 5], ['snoozed', 4]]);
  const pickRepeat = weighted<number | null>([[null, 84], [7, 5], [14, 4], [30, 7]]);
  const weights = new Float64Array(book.n);
  for (let i = 0; i < book.n; i++) weights[i] = book.trashed[i] ? 0 : Math.sqrt(book.engagement[i] as number) + 0.05;
  const pickContact = aliasTable(weights);
  interface Row {
    contact: number | null;
    title: string;
    note: string;
    due: string;
    time: string | null;
    repeat: number | null;
    snoozed: number | null;
    done: number | null;
    notified: number | null;
    created: number;
    updated: number;
  }
  const rows: Row[] = [];
  for (let k = 0; k < count; k++) {
    // Every bucket shows up at least once, however small the book.
    const bucket = k < 4 ? (['overdue', 'today', 'upcoming', 'done'] as const)[k] : pickBucket(rng);
    let contact: number | null = rng() < 0.9 ? pickContact(rng) : null;
    const title = contact === null ? pick(rng, GENERAL_TASKS[kind]) : pick(rng, FOLLOW_UP_TITLES[kind]);
    const time = rng() < 0.4 ? pick(rng, TIMES) : null;
    const repeat = pickRepeat(rng);
    let offsetDays: number;
    if (bucket === 'done') offsetDays = -int(rng, 1, 700);
    else if (bucket === 'overdue') offsetDays = -Math.min(120, Math.ceil(-Math.log(1 - rng()) * 12));
    else if (bucket === 'today') offsetDays = 0;
    else if (bucket === 'snoozed') offsetDays = -int(rng, 0, 5);
    else offsetDays = Math.min(365, Math.ceil(-Math.log(1 - rng()) * 20));
    const due = localDatePlusDays(now, offsetDays);
    const dueInstant = now + offsetDays * DAY;
    // Set up some days before it was due (and never after now).
    let created = Math.min(now - HOUR, dueInstant - int(rng, 0, 30) * DAY - Math.floor(rng() * DAY));
    if (contact !== null && created < (book.createdAt[contact] as number)) {
      if ((book.createdAt[contact] as number) < now - HOUR) created = Math.min(now - HOUR, (book.createdAt[contact] as number) + HOUR);
      else contact = null;
    }
    created = Math.floor(created / 1000) * 1000;
    const done = bucket === 'done' ? Math.min(now - MINUTE, Math.max(created + MINUTE, dueInstant + Math.floor((rng() - 0.3) * 3 * DAY))) : null;
    const snoozed = bucket === 'snoozed' ? now + int(rng, 1, 7) * DAY : null;
    const notified = time !== null && (bucket === 'overdue' || bucket === 'done' || bucket === 'snoozed') ? Math.min(now - MINUTE, Math.max(created, dueInstant)) : null;
    const updated = Math.max(created, done ?? 0, snoozed !== null ? now - int(rng, 1, 48) * HOUR : 0);
    const note = rng() < 0.2 ? pick(rng, ['Mentioned it last visit.', 'See the email thread.', 'Bring samples.', 'Ask about the budget.']) : '';
    rows.push({ contact, title, note, due, time, repeat, snoozed, done, notified, created, updated });
  }
  rows.sort((x, y) => x.created - y.created);
  const insert = db.prepare(
    `INSERT INTO follow_ups (contact_id, title, note, due_date, due_time, repeat_days, snoozed_until, done_at, notified_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of rows) insert.run(r.contact === null ? null : book.ids[r.contact], r.title, r.note, r.due, r.time, r.repeat, r.snoozed, r.done, r.notified, r.created, r.updated);
}

// --- NPS and notes -------------------------------------------------------------------------------

const NPS_BASE = [1, 0.5, 0.6, 0.9, 1.1, 2.2, 3.5, 8, 17, 28, 37];
const NPS_NOTES = ['Love the place!', 'Best coffee in town.', 'Service a bit slow on weekends.', 'Always helpful and kind.', 'Too expensive lately.', 'Very professional.', 'Would recommend to anyone.', 'Super accueil !', '¡Excelente!'];
const CONTACT_NOTES = ['Moving to a new flat next month.', 'Prefers to be contacted in the afternoon.', 'Considering the annual package.', 'Had a bad experience with a delivery; made it right.', 'Her daughter started university.', 'Asked us to keep the receipts by email.', 'Interested in a corporate order for December.', 'Nouvelle adresse de facturation.'];

function writeNps(db: WritableDB, book: Book, rng: Rng, count: number, now: number): void {
  const weights = new Float64Array(book.n);
  for (let i = 0; i < book.n; i++) weights[i] = book.stage[i] === 'lead' || book.stage[i] === 'prospect' ? 0 : Math.sqrt(book.engagement[i] as number);
  const { who, at } = eventsFor(book, rng, count, weights, now);
  const byStage = (stage: Stage) => {
    const shift = stage === 'advocate' ? 3 : stage === 'loyal' ? 1.8 : stage === 'inactive' ? 0.5 : 1;
    return weighted(NPS_BASE.map((w, score) => [score, score >= 9 ? w * shift : w] as const));
  };
  const pickers = new Map<Stage, (rng: Rng) => number>();
  const insert = db.prepare('INSERT INTO nps_answers (contact_id, score, answered_at, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  for (let k = 0; k < count; k++) {
    const i = who[k] as number;
    const stage = book.stage[i] as Stage;
    let picker = pickers.get(stage);
    if (!picker) pickers.set(stage, (picker = byStage(stage)));
    const answeredAt = at[k] as number;
    const note = rng() < 0.2 ? pick(rng, NPS_NOTES) : '';
    insert.run(book.ids[i], picker(rng), answeredAt, note, answeredAt, answeredAt);
  }
}

function writeNotes(db: WritableDB, book: Book, rng: Rng, count: number, now: number): void {
  const { who, at } = eventsFor(book, rng, count, book.engagement, now);
  const insert = db.prepare('INSERT INTO contact_notes (contact_id, body, noted_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  for (let k = 0; k < count; k++) {
    const notedAt = at[k] as number;
    insert.run(book.ids[who[k] as number], pick(rng, CONTACT_NOTES), notedAt, notedAt, notedAt);
  }
}

// --- The book ------------------------------------------------------------------------------------

/** The phases of a book, in order, in words for a progress bar. */
const PHASES = [
  ['contacts', 'Adding contacts'],
  ['referrals', 'Adding referrals'],
  ['interactions', 'Adding interactions'],
  ['purchases', 'Adding purchases'],
  ['time_entries', 'Adding time entries'],
  ['follow_ups', 'Adding follow-ups'],
  ['nps_answers', 'Adding NPS answers'],
  ['contact_notes', 'Adding notes'],
  ['search', 'Building the search index'],
] as const;
export const BOOK_PHASES = PHASES.length;

/**
 * Fills an empty book: contacts first (contacts.ts), then every record, in a few large
 * transactions (savepoints when the caller holds one open), and the search index rebuilt once
 * at the end.
 */
export function generateBook(db: WritableDB, options: BookOptions): BookSummary {
  const seed = options.seed ?? DEFAULT_SEED;
  const now = options.now ?? DEFAULT_NOW;
  const kind = options.kind ?? 'cafe';
  const counts = bookCounts(options.size);
  const existing = (db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n;
  if (existing > 0 && !options.besideExisting) throw new Error(`The book already holds ${existing} contacts; generate into an empty one`);
  // Rowids only grow inside one transaction: the new contacts are exactly those past the last one.
  const firstId = (db.prepare('SELECT coalesce(max(id), 0) + 1 AS id FROM contacts').get() as { id: number }).id;
  const onProgress = options.onProgress ?? (() => {});

  const timings: Record<string, number> = {};
  const t0 = performance.now();
  let mark = t0;
  let phase = 0;
  const lap = (name: string) => {
    const t = performance.now();
    timings[name] = Math.round(t - mark);
    mark = t;
    if (PHASES[phase]?.[0] === name) {
      phase++;
      onProgress(phase, PHASES.length, PHASES[phase]?.[1] ?? 'Saving');
    }
  };

  // A bulk load touches every index page at random: a larger page cache for it alone saves most of
  // the time (the default 2 MB thrashes at the large book). Restored afterwards.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${BULK_CACHE_KIB}`);
  try {
    onProgress(0, PHASES.length, PHASES[0][1]);
    generateContacts(db, { count: counts.contacts, seed, now, kind, rebuildSearch: false });
    lap('contacts');
    writeRecords();
    lap('commit');
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
  }
  return { counts, kind, seed, now, contactIds: { first: firstId, last: firstId + counts.contacts - 1 }, timings, totalMs: Math.round(performance.now() - t0) };

  function writeRecords(): void {
    db.transaction(() => {
      const book = readBook(db, stream(seed, 0), now, kind, firstId);
      writeReferrals(db, book, stream(seed, 1), counts.referrals, now);
      lap('referrals');
      writeInteractions(db, book, stream(seed, 2), counts.interactions, kind, now);
      lap('interactions');
      writePurchases(db, book, stream(seed, 3), counts.purchases, kind, now);
      lap('purchases');
      writeTimeEntries(db, book, stream(seed, 4), counts.time_entries, kind, now);
      lap('time_entries');
      writeFollowUps(db, book, stream(seed, 5), counts.follow_ups, kind, now);
      lap('follow_ups');
      writeNps(db, book, stream(seed, 6), counts.nps_answers, now);
      lap('nps_answers');
      writeNotes(db, book, stream(seed, 7), counts.contact_notes, now);
      lap('contact_notes');
      rebuildSearch(db);
      lap('search');
    })();
  }
}

/** Rows per table as written (for the CLI's report). */
export function countRows(db: WritableDB): BookCounts {
  const n = (table: keyof BookCounts) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    contacts: n('contacts'),
    interactions: n('interactions'),
    purchases: n('purchases'),
    time_entries: n('time_entries'),
    referrals: n('referrals'),
    follow_ups: n('follow_ups'),
    nps_answers: n('nps_answers'),
    contact_notes: n('contact_notes'),
  };
}

