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

export * from './app';
export * from './contacts';
export * from './result';

/** A phantom that carries a method's result type through the table without a runtime value. */
declare const resultType: unique symbol;
export interface Returns<T> {
  readonly [resultType]?: T;
}
const returns = <T>(): Returns<T> => ({});

export interface MethodSpec {
  /** One line for whoever reads the table. */
  doc: string;
  input: z.ZodType;
  result: Returns<unknown>;
}

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
  changed: { area: 'contacts' | 'settings' };
}
export type EventName = keyof EventMap;
export interface BackendEvent<E extends EventName = EventName> {
  name: E;
  payload: EventMap[E];
}
export * from './bridge';
