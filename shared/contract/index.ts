import type { z } from 'zod';
import { emptySchema, settingsUpdateSchema, type AppInfo, type Settings } from './app';
import {
  byIdSchema,
  contactCreateSchema,
  contactListSchema,
  contactUpdateSchema,
  pageSchema,
  type Contact,
  type ContactFacets,
  type ContactPage,
} from './contacts';
import {
  contactNoteCreateSchema,
  contactNoteUpdateSchema,
  followUpCreateSchema,
  followUpListSchema,
  followUpSnoozeSchema,
  followUpUpdateSchema,
  interactionCreateSchema,
  interactionUpdateSchema,
  npsCreateSchema,
  npsUpdateSchema,
  purchaseCreateSchema,
  purchaseUpdateSchema,
  referralConvertSchema,
  referralCreateSchema,
  referralListSchema,
  referralUpdateSchema,
  timelineSchema,
  timeEntryCreateSchema,
  timeEntryUpdateSchema,
  timerDropIdleSchema,
  timerStartSchema,
  weekSchema,
  type ContactNote,
  type FollowUp,
  type FollowUpCompleted,
  type FollowUpCounts,
  type Interaction,
  type NpsAnswer,
  type Purchase,
  type Referral,
  type ReferralTree,
  type RunningTimer,
  type TimeEntry,
  type TimelinePage,
  type Timesheet,
  type TimerStopped,
} from './records';
import { contactInsightSchema, insightsSchema, todaySchema, type ContactInsight, type InsightsView, type TodayView } from './insights';
import { sampleLoadSchema, type SampleStatus } from './sample';
import { csvMethods } from './data-csv';
import { bookMethods } from './data-book';
import { privacyMethods } from './data-privacy';
import { uploadMethods } from './data-upload';
import { returns, type MethodSpec, type Returns } from './spec';
import { vcardMethods } from './data-vcard';
import { trashListSchema, trashPurgeSchema, type TrashKind, type TrashPage } from './trash';

export * from './app';
export * from './contacts';
export * from './insights';
export * from './sample';
export * from './records';
export * from './result';
export * from './trash';
export * from './spec';
export * from './files';
export * from './data-csv';
export * from './data-vcard';
export * from './data-book';
export * from './data-privacy';
export * from './data-upload';


/**
 * The one contract between the UI and the back end. Both transports (Electron IPC, HTTP) and the
 * renderer's client are driven by this table: a new method is one entry here and one handler.
 */
export const contract = {
  'app.info': { doc: 'Version, mode and where the book lives.', input: emptySchema, result: returns<AppInfo>() },
  'settings.get': { doc: "The owner's preferences.", input: emptySchema, result: returns<Settings>() },
  'settings.update': { doc: 'Change some preferences; returns them all.', input: settingsUpdateSchema, result: returns<Settings>() },

  'contacts.list': {
    doc: 'A page of live contacts: search as you type, filter by kind, stage, tag and source, sorted.',
    input: contactListSchema,
    result: returns<ContactPage>(),
  },
  'contacts.get': { doc: 'One contact with all its details (live or in the trash).', input: byIdSchema, result: returns<Contact>() },
  'contacts.create': { doc: 'Add a person or a business.', input: contactCreateSchema, result: returns<Contact>() },
  'contacts.update': { doc: 'Change some fields of a live contact.', input: contactUpdateSchema, result: returns<Contact>() },
  'contacts.delete': { doc: 'Move a contact to the trash (undo with contacts.restore).', input: byIdSchema, result: returns<Contact>() },
  'contacts.restore': { doc: 'Bring a contact back from the trash.', input: byIdSchema, result: returns<Contact>() },
  'contacts.trash': { doc: 'A page of the contacts in the trash, most recently deleted first.', input: pageSchema, result: returns<ContactPage>() },
  'contacts.purge': { doc: 'Delete a contact in the trash for good.', input: byIdSchema, result: returns<{ id: number }>() },
  'contacts.facets': { doc: 'Tags, sources and stages with their counts, for the filters.', input: emptySchema, result: returns<ContactFacets>() },
  'contacts.timeline': {
    doc: "One contact's timeline: interactions, purchases, notes, time, follow-ups, referrals made and received, NPS; newest first.",
    input: timelineSchema,
    result: returns<TimelinePage>(),
  },

  'interactions.create': { doc: 'Log a call, visit, message, meeting or post with a contact.', input: interactionCreateSchema, result: returns<Interaction>() },
  'interactions.update': { doc: 'Change some fields of an interaction.', input: interactionUpdateSchema, result: returns<Interaction>() },
  'interactions.delete': { doc: 'Move an interaction to the trash.', input: byIdSchema, result: returns<Interaction>() },
  'interactions.restore': { doc: 'Bring an interaction back from the trash.', input: byIdSchema, result: returns<Interaction>() },

  'purchases.create': { doc: 'Record a purchase (a refund is a negative amount).', input: purchaseCreateSchema, result: returns<Purchase>() },
  'purchases.update': { doc: 'Change some fields of a purchase.', input: purchaseUpdateSchema, result: returns<Purchase>() },
  'purchases.delete': { doc: 'Move a purchase to the trash.', input: byIdSchema, result: returns<Purchase>() },
  'purchases.restore': { doc: 'Bring a purchase back from the trash.', input: byIdSchema, result: returns<Purchase>() },

  'notes.create': { doc: "Add a note to a contact's timeline.", input: contactNoteCreateSchema, result: returns<ContactNote>() },
  'notes.update': { doc: 'Change a note.', input: contactNoteUpdateSchema, result: returns<ContactNote>() },
  'notes.delete': { doc: 'Move a note to the trash.', input: byIdSchema, result: returns<ContactNote>() },
  'notes.restore': { doc: 'Bring a note back from the trash.', input: byIdSchema, result: returns<ContactNote>() },

  'timeEntries.create': { doc: 'Record time by hand, on a contact or an activity.', input: timeEntryCreateSchema, result: returns<TimeEntry>() },
  'timeEntries.update': { doc: 'Change some fields of a time entry.', input: timeEntryUpdateSchema, result: returns<TimeEntry>() },
  'timeEntries.delete': { doc: 'Move a time entry to the trash.', input: byIdSchema, result: returns<TimeEntry>() },
  'timeEntries.restore': { doc: 'Bring a time entry back from the trash.', input: byIdSchema, result: returns<TimeEntry>() },
  'time.week': { doc: 'The week as a timesheet: minutes per day and per contact or activity.', input: weekSchema, result: returns<Timesheet>() },

  'timer.get': { doc: 'The running timer, or null.', input: emptySchema, result: returns<RunningTimer | null>() },
  'timer.start': { doc: 'Start the timer on a contact or an activity (refused while one runs).', input: timerStartSchema, result: returns<RunningTimer>() },
  'timer.stop': { doc: 'Stop the timer and record its time, to the nearest minute (under 30 s is dropped).', input: emptySchema, result: returns<TimerStopped>() },
  'timer.cancel': { doc: 'Stop the timer without recording anything.', input: emptySchema, result: returns<{ cancelled: boolean }>() },
  'timer.dropIdle': { doc: 'Leave idle time out of the running timer.', input: timerDropIdleSchema, result: returns<RunningTimer>() },

  'followUps.create': { doc: 'Plan a follow-up, once or repeating every N days.', input: followUpCreateSchema, result: returns<FollowUp>() },
  'followUps.update': { doc: 'Change some fields of a follow-up.', input: followUpUpdateSchema, result: returns<FollowUp>() },
  'followUps.delete': { doc: 'Move a follow-up to the trash.', input: byIdSchema, result: returns<FollowUp>() },
  'followUps.restore': { doc: 'Bring a follow-up back from the trash.', input: byIdSchema, result: returns<FollowUp>() },
  'followUps.list': { doc: 'Follow-ups by bucket (overdue, today, upcoming, done) or by contact.', input: followUpListSchema, result: returns<{ total: number; items: FollowUp[] }>() },
  'followUps.counts': { doc: 'How many are overdue, due today and upcoming.', input: emptySchema, result: returns<FollowUpCounts>() },
  'followUps.complete': { doc: 'Mark done; a repeating one schedules the next, N days after today.', input: byIdSchema, result: returns<FollowUpCompleted>() },
  'followUps.reopen': { doc: 'Mark a done follow-up as not done.', input: byIdSchema, result: returns<FollowUp>() },
  'followUps.snooze': { doc: 'Hide a follow-up until a later instant.', input: followUpSnoozeSchema, result: returns<FollowUp>() },

  'referrals.create': { doc: 'Record who referred whom (a contact or a name).', input: referralCreateSchema, result: returns<Referral>() },
  'referrals.update': { doc: 'Change some fields of a referral.', input: referralUpdateSchema, result: returns<Referral>() },
  'referrals.delete': { doc: 'Move a referral to the trash.', input: byIdSchema, result: returns<Referral>() },
  'referrals.restore': { doc: 'Bring a referral back from the trash.', input: byIdSchema, result: returns<Referral>() },
  'referrals.convert': { doc: 'Mark a pending referral converted, linking or creating the contact.', input: referralConvertSchema, result: returns<Referral>() },
  'referrals.list': { doc: 'Every referral, newest first, optionally by status.', input: referralListSchema, result: returns<{ total: number; items: Referral[] }>() },
  'referrals.tree': { doc: "A contact's referral tree: who referred them, whom they brought, and whom those brought.", input: byIdSchema, result: returns<ReferralTree>() },

  'nps.create': { doc: 'Record an NPS answer (0..10).', input: npsCreateSchema, result: returns<NpsAnswer>() },
  'nps.update': { doc: 'Change an NPS answer.', input: npsUpdateSchema, result: returns<NpsAnswer>() },
  'nps.delete': { doc: 'Move an NPS answer to the trash.', input: byIdSchema, result: returns<NpsAnswer>() },
  'nps.restore': { doc: 'Bring an NPS answer back from the trash.', input: byIdSchema, result: returns<NpsAnswer>() },

  'trash.list': { doc: "A page of everything in the trash, most recently deleted first (a trashed contact's records come back with it).", input: trashListSchema, result: returns<TrashPage>() },
  'trash.purge': { doc: 'Delete one item in the trash for good (refused for a live one).', input: trashPurgeSchema, result: returns<{ kind: TrashKind; id: number }>() },
  'figures.contact': { doc: "A contact's figures: invested, return, ROR, RFM, quadrant, NPS, lapsing, cadence, its Today reasons.", input: contactInsightSchema, result: returns<ContactInsight>() },
  'figures.recompute': { doc: 'Recompute every figure from the records (the same figures every write keeps current).', input: emptySchema, result: returns<{ contacts: number; ms: number }>() },
  'today.get': { doc: 'Who to reach out to today, ranked, with the reasons in words.', input: todaySchema, result: returns<TodayView>() },
  'insights.get': { doc: "Every chart's data: the business's ROR, return against hours, months, sources, segments, NPS, referrals.", input: insightsSchema, result: returns<InsightsView>() },

  'sample.status': { doc: 'Whether the sample business is loaded, and whether the book is empty enough to load it.', input: emptySchema, result: returns<SampleStatus>() },
  'sample.load': { doc: 'Fill an empty book with a sample café or consultancy (two years of history).', input: sampleLoadSchema, result: returns<SampleStatus>() },
  'sample.remove': { doc: 'Remove the sample business and everything in it, for good.', input: emptySchema, result: returns<SampleStatus>() },

  'trash.empty': { doc: 'Delete everything in the trash for good, in one go.', input: emptySchema, result: returns<{ purged: number }>() },

  // Your data: import, export, backups, privacy (each area's methods live in its own file).
  ...csvMethods,
  ...vcardMethods,
  ...bookMethods,
  ...privacyMethods,
  ...uploadMethods,
} as const satisfies Record<string, MethodSpec>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodResult<M extends MethodName> = Contract[M]['result'] extends Returns<infer T> ? T : never;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];
export const isMethodName = (name: unknown): name is MethodName => typeof name === 'string' && Object.hasOwn(contract, name);

/** Events the back end pushes to the UI (progress of long work, reminders). */
export interface EventMap {
  progress: { task: string; done: number; total: number; label: string };
  notice: { level: 'info' | 'warning'; message: string };
  changed: { area: 'contacts' | 'settings' | 'records' | 'timer' | 'followUps' | 'referrals' | 'figures' | 'sample' | 'backups' | 'book' };
  /** A follow-up fell due: the desktop shows a notification, the browser an in-app notice. */
  reminder: { followUpId: number; title: string; contactId: number | null; contactName: string | null; dueAt: number };
  /** The desktop shell asks the window to show a screen (a reminder's notification was clicked). */
  navigate: { to: '/follow-ups' };
}
export type EventName = keyof EventMap;
export interface BackendEvent<E extends EventName = EventName> {
  name: E;
  payload: EventMap[E];
}
export * from './bridge';
