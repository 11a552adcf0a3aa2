import { z } from 'zod';
import { text } from './text';
import { idSchema } from './contacts';

/** An instant: integer milliseconds since the Unix epoch, UTC. */
export const instantSchema = z
  .number({ message: 'Choose a date' })
  .int('Choose a date')
  .min(Date.UTC(1900, 0, 1), 'Choose a date after 1900')
  .max(Date.UTC(2200, 0, 1), 'Choose a date before 2200');

/** A local calendar date, YYYY-MM-DD, checked to exist. */
export const localDateSchema = text({ message: 'Choose a date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Choose a date')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1900 && y <= 2200;
  }, 'That date does not exist');

/** A local time of day, HH:MM (24 hours). */
export const localTimeSchema = text({ message: 'Choose a time' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time like 09:30');

/** Money in the minor unit of the book's currency (cents, yen, fils). */
export const moneySchema = z
  .number({ message: 'Enter an amount' })
  .int('Amounts are whole minor units (cents)')
  .min(-100_000_000_000, 'That amount is too large')
  .max(100_000_000_000, 'That amount is too large');

const minutesSchema = (max: number, min = 0) =>
  z
    .number({ message: 'Enter a number of minutes' })
    .int('Enter whole minutes')
    .min(min, min > 0 ? `At least ${min} minute` : 'Minutes cannot be negative')
    .max(max, `At most ${max} minutes`);

const noteSchema = (max = 20000) => text().max(max, `At most ${max.toLocaleString('en')} characters`);

// ---------------------------------------------------------------- interactions

export const CHANNELS = ['in_person', 'phone', 'email', 'message', 'social', 'event', 'video', 'other'] as const;
export const channelSchema = z.enum(CHANNELS, { message: 'Choose a channel' });
export type Channel = z.infer<typeof channelSchema>;
/** How each channel is written for people (the forms, the timeline, exports). */
export const CHANNEL_LABELS: Record<Channel, string> = {
  in_person: 'In person',
  phone: 'Phone',
  email: 'Email',
  message: 'Message',
  social: 'Social',
  event: 'Event',
  video: 'Video',
  other: 'Other',
};
export const DIRECTIONS = ['outbound', 'inbound'] as const;
export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;

const interactionKeys = {
  contactId: idSchema,
  channel: channelSchema,
  /** The social network's name, for channel 'social'. */
  network: text().trim().max(60, 'At most 60 characters'),
  direction: z.enum(DIRECTIONS, { message: 'Did you reach out, or did they?' }),
  occurredAt: instantSchema,
  minutes: minutesSchema(1440),
  cost: moneySchema.min(0, 'A cost cannot be negative'),
  sentiment: z.enum(SENTIMENTS, { message: 'Choose positive, neutral or negative' }).nullable(),
  note: noteSchema(),
};
export const interactionCreateSchema = z
  .object({
    ...interactionKeys,
    network: interactionKeys.network.default(''),
    direction: interactionKeys.direction.default('outbound'),
    minutes: interactionKeys.minutes.default(0),
    cost: interactionKeys.cost.default(0),
    sentiment: interactionKeys.sentiment.default(null),
    note: interactionKeys.note.default(''),
  })
  .strict();
export const interactionUpdateSchema = z.object({ id: idSchema, ...interactionKeys }).partial().required({ id: true }).strict();
export interface Interaction {
  id: number;
  contactId: number;
  channel: Channel;
  network: string;
  direction: (typeof DIRECTIONS)[number];
  occurredAt: number;
  minutes: number;
  cost: number;
  sentiment: (typeof SENTIMENTS)[number] | null;
  note: string;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

// ---------------------------------------------------------------- purchases

const purchaseKeys = {
  contactId: idSchema,
  occurredAt: instantSchema,
  amount: moneySchema.refine((v) => v !== 0, 'Enter an amount (a refund is negative)'),
  description: text().trim().max(500, 'At most 500 characters'),
};
export const purchaseCreateSchema = z.object({ ...purchaseKeys, description: purchaseKeys.description.default('') }).strict();
export const purchaseUpdateSchema = z.object({ id: idSchema, ...purchaseKeys }).partial().required({ id: true }).strict();
export interface Purchase {
  id: number;
  contactId: number;
  occurredAt: number;
  amount: number;
  description: string;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

// ---------------------------------------------------------------- notes on the timeline

const noteKeys = {
  contactId: idSchema,
  body: text().trim().min(1, 'Write something').max(20000, 'At most 20,000 characters'),
  notedAt: instantSchema,
};
export const contactNoteCreateSchema = z.object(noteKeys).strict();
export const contactNoteUpdateSchema = z.object({ id: idSchema, ...noteKeys }).partial().required({ id: true }).strict();
export interface ContactNote {
  id: number;
  contactId: number;
  body: string;
  notedAt: number;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

// ---------------------------------------------------------------- time

const timeKeys = {
  /** The contact the time was spent on, or null for an activity. */
  contactId: idSchema.nullable(),
  /** What the time was spent on when it is not a contact: "posting on Instagram". */
  activity: text().trim().max(120, 'At most 120 characters'),
  /** The acquisition source an activity works for (instagram, events...). */
  source: text().trim().max(80, 'At most 80 characters'),
  startedAt: instantSchema,
  minutes: minutesSchema(10080, 1),
  note: noteSchema(),
};
const needsContactOrActivity = (v: { contactId?: number | null | undefined; activity?: string | undefined }) =>
  (v.contactId ?? null) !== null || (v.activity ?? '') !== '';
export const timeEntryCreateSchema = z
  .object({
    ...timeKeys,
    contactId: timeKeys.contactId.default(null),
    activity: timeKeys.activity.default(''),
    source: timeKeys.source.default(''),
    note: timeKeys.note.default(''),
  })
  .strict()
  .refine(needsContactOrActivity, { message: 'Choose a contact or name the activity', path: ['activity'] });
export const timeEntryUpdateSchema = z.object({ id: idSchema, ...timeKeys }).partial().required({ id: true }).strict();
export interface TimeEntry {
  id: number;
  contactId: number | null;
  contactName: string | null;
  activity: string;
  source: string;
  startedAt: number;
  minutes: number;
  note: string;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

export const timerStartSchema = z
  .object({
    contactId: idSchema.nullable().default(null),
    activity: timeKeys.activity.default(''),
    source: timeKeys.source.default(''),
    note: timeKeys.note.default(''),
  })
  .strict()
  .refine(needsContactOrActivity, { message: 'Choose a contact or name the activity', path: ['activity'] });
/** Idle time to leave out of the running timer: from when the computer went idle to when it came back. */
export const timerDropIdleSchema = z
  .object({ idleSince: instantSchema, resumedAt: instantSchema })
  .strict()
  .refine((v) => v.resumedAt >= v.idleSince, { message: 'The idle time ends before it starts', path: ['resumedAt'] });
export interface RunningTimer {
  contactId: number | null;
  contactName: string | null;
  activity: string;
  source: string;
  note: string;
  startedAt: number;
}
export interface TimerStopped {
  /** The time entry recorded, or null when under 30 seconds ran (nothing is recorded). */
  entry: TimeEntry | null;
  elapsedMs: number;
}

export const weekSchema = z.object({ weekStart: localDateSchema }).strict();
export interface TimesheetRow {
  /** `contact:<id>` or `activity:<name>`. */
  key: string;
  contactId: number | null;
  label: string;
  /** Minutes on each of the 7 days, Monday first. */
  days: number[];
  total: number;
}
export interface Timesheet {
  weekStart: string;
  days: string[];
  rows: TimesheetRow[];
  dayTotals: number[];
  total: number;
  entries: TimeEntry[];
}

// ---------------------------------------------------------------- follow-ups

const followUpKeys = {
  contactId: idSchema.nullable(),
  title: text({ message: 'Say what to do' }).trim().min(1, 'Say what to do').max(200, 'At most 200 characters'),
  note: noteSchema(),
  dueDate: localDateSchema,
  dueTime: localTimeSchema.nullable(),
  repeatDays: z.number({ message: 'Enter a number of days' }).int('Enter whole days').min(1, 'Repeat at least every day').max(3650, 'At most every 3650 days').nullable(),
};
export const followUpCreateSchema = z
  .object({
    ...followUpKeys,
    contactId: followUpKeys.contactId.default(null),
    note: followUpKeys.note.default(''),
    dueTime: followUpKeys.dueTime.default(null),
    repeatDays: followUpKeys.repeatDays.default(null),
  })
  .strict();
export const followUpUpdateSchema = z.object({ id: idSchema, ...followUpKeys }).partial().required({ id: true }).strict();
export const FOLLOW_UP_BUCKETS = ['overdue', 'today', 'upcoming', 'done'] as const;
export const followUpListSchema = z
  .object({
    bucket: z.enum(FOLLOW_UP_BUCKETS).optional(),
    contactId: idSchema.optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(200),
  })
  .strict();
export const followUpSnoozeSchema = z.object({ id: idSchema, until: instantSchema }).strict();
export interface FollowUp {
  id: number;
  contactId: number | null;
  contactName: string | null;
  title: string;
  note: string;
  dueDate: string;
  dueTime: string | null;
  /** The instant it falls due, in the machine's time zone. */
  dueAt: number;
  repeatDays: number | null;
  snoozedUntil: number | null;
  doneAt: number | null;
  bucket: (typeof FOLLOW_UP_BUCKETS)[number];
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}
export interface FollowUpCompleted {
  done: FollowUp;
  /** The next one, for a repeating follow-up. */
  next: FollowUp | null;
}
export interface FollowUpCounts {
  overdue: number;
  today: number;
  upcoming: number;
}

// ---------------------------------------------------------------- referrals

export const REFERRAL_STATUSES = ['pending', 'converted', 'lost'] as const;
const referralKeys = {
  referrerId: idSchema,
  /** The referred contact, or null while they are only a name. */
  referredId: idSchema.nullable(),
  referredName: text().trim().max(200, 'At most 200 characters'),
  referredAt: instantSchema,
  status: z.enum(REFERRAL_STATUSES, { message: 'Choose pending, converted or lost' }),
  thanked: z.boolean({ message: 'Thanked is yes or no' }),
  notes: noteSchema(),
};
const needsReferred = (v: { referredId?: number | null | undefined; referredName?: string | undefined }) =>
  (v.referredId ?? null) !== null || (v.referredName ?? '') !== '';
export const referralCreateSchema = z
  .object({
    ...referralKeys,
    referredId: referralKeys.referredId.default(null),
    referredName: referralKeys.referredName.default(''),
    status: referralKeys.status.default('pending'),
    thanked: referralKeys.thanked.default(false),
    notes: referralKeys.notes.default(''),
  })
  .strict()
  .refine(needsReferred, { message: 'Choose who was referred, or type their name', path: ['referredName'] });
export const referralUpdateSchema = z.object({ id: idSchema, ...referralKeys }).partial().required({ id: true }).strict();
/** Converting links the referral to an existing contact, or creates one from its name. */
export const referralConvertSchema = z.object({ id: idSchema, contactId: idSchema.nullable().default(null) }).strict();
export const referralListSchema = z
  .object({
    status: z.enum(REFERRAL_STATUSES).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(200),
  })
  .strict();
export interface Referral {
  id: number;
  referrerId: number;
  referrerName: string;
  referredId: number | null;
  /** The referred contact's name, or the name typed while they are not a contact. */
  referredName: string;
  referredAt: number;
  status: (typeof REFERRAL_STATUSES)[number];
  thanked: boolean;
  thankedAt: number | null;
  notes: string;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}
export interface ReferralTreeNode {
  contactId: number | null;
  name: string;
  referralId: number | null;
  status: Referral['status'] | null;
  /** Whether the referrer was thanked for the referral that brought this node (false at the root). */
  thanked: boolean;
  children: ReferralTreeNode[];
}
export interface ReferralTree {
  /** Who referred this contact, if anyone. */
  referredBy: { contactId: number; name: string; referralId: number } | null;
  /** This contact at the root, with whom they brought, and whom those brought (to 6 levels). */
  root: ReferralTreeNode;
}

// ---------------------------------------------------------------- NPS

const npsKeys = {
  contactId: idSchema,
  score: z.number({ message: 'Choose a score from 0 to 10' }).int('Choose a score from 0 to 10').min(0, 'Choose a score from 0 to 10').max(10, 'Choose a score from 0 to 10'),
  answeredAt: instantSchema,
  note: noteSchema(2000),
};
export const npsCreateSchema = z.object({ ...npsKeys, note: npsKeys.note.default('') }).strict();
export const npsUpdateSchema = z.object({ id: idSchema, ...npsKeys }).partial().required({ id: true }).strict();
export interface NpsAnswer {
  id: number;
  contactId: number;
  score: number;
  answeredAt: number;
  note: string;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

// ---------------------------------------------------------------- the timeline

export const timelineSchema = z
  .object({
    contactId: idSchema,
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

export type TimelineItem =
  | { kind: 'interaction'; at: number; record: Interaction }
  | { kind: 'purchase'; at: number; record: Purchase }
  | { kind: 'note'; at: number; record: ContactNote }
  | { kind: 'time'; at: number; record: TimeEntry }
  | { kind: 'followUp'; at: number; record: FollowUp }
  | { kind: 'referralMade'; at: number; record: Referral }
  | { kind: 'referralReceived'; at: number; record: Referral }
  | { kind: 'nps'; at: number; record: NpsAnswer };
export type TimelineKind = TimelineItem['kind'];
export interface TimelinePage {
  total: number;
  offset: number;
  items: TimelineItem[];
  /** The latest live interaction's instant: the stay-in-touch cadence restarts from it. */
  lastInteractionAt: number | null;
}
