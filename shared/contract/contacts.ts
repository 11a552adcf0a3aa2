import { z } from 'zod';
import { text } from './text';

export const STAGES = ['lead', 'prospect', 'customer', 'loyal', 'advocate', 'inactive'] as const;
export const stageSchema = z.enum(STAGES, { message: 'Choose a stage: lead, prospect, customer, loyal, advocate or inactive' });
export type Stage = z.infer<typeof stageSchema>;

export const CONTACT_KINDS = ['person', 'business'] as const;
export const contactKindSchema = z.enum(CONTACT_KINDS, { message: 'A contact is a person or a business' });
export type ContactKind = z.infer<typeof contactKindSchema>;

export const idSchema = z.number({ message: 'An id is a whole number' }).int('An id is a whole number').positive('An id is positive').max(Number.MAX_SAFE_INTEGER);

const labelSchema = text({ message: 'A label is text' }).trim().min(1, 'Give it a label').max(40, 'Keep the label under 40 characters');

/**
 * An email address as people write them, in any script: zod's own practical pattern (words joined
 * by dots before the @, then dotted labels ending in at least two letters) with the letters, marks
 * and digits of every script allowed where it allows A-Z and 0-9. So "jürgen@müller.de",
 * "josé.garcía@correo.es" and "用户@例子.广告" are addresses (internationalized email, RFC 6531), as
 * Google and Outlook exports hold them; "ana@", "ana@example" and "ana @example.com" are not.
 */
const EMAIL_PATTERN =
  /^(?:[\p{L}\p{M}\p{N}_'+-]+\.)*[\p{L}\p{M}\p{N}_'+-]*[\p{L}\p{M}\p{N}_+-]@(?:[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}-]*\.)+[\p{L}\p{M}]{2,}$/u;

export const emailEntrySchema = z.object({
  label: labelSchema.default('home'),
  value: text({ message: 'Enter an email address' })
    .trim()
    .max(254, 'An email address has at most 254 characters')
    .pipe(z.email({ pattern: EMAIL_PATTERN, message: 'Enter an email address like ana@example.com' })),
});

const PHONE_CHARS = /^[0-9+()\-.\s/#*]+(\s*(x|ext\.?)\s*\d+)?$/i;
export const phoneEntrySchema = z.object({
  label: labelSchema.default('mobile'),
  value: text({ message: 'Enter a phone number' })
    .trim()
    .min(1, 'Enter a phone number')
    .max(40, 'A phone number has at most 40 characters')
    .refine((v) => PHONE_CHARS.test(v), 'Use digits, spaces and + ( ) - . only')
    .refine((v) => (v.match(/\d/g)?.length ?? 0) >= 3, 'A phone number has at least 3 digits'),
});

const addressLine = (max: number) => text().trim().max(max, `At most ${max} characters`).default('');
export const addressEntrySchema = z
  .object({
    label: labelSchema.default('home'),
    street: addressLine(300),
    city: addressLine(120),
    region: addressLine(120),
    postalCode: addressLine(20),
    country: addressLine(120),
  })
  .refine((a) => [a.street, a.city, a.region, a.postalCode, a.country].some((p) => p.length > 0), {
    message: 'Fill in at least one line of the address',
    path: ['street'],
  });

function daysInMonth(month: number, year: number | null): number {
  if (month === 2) return year === null || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A birthday whose year may be unknown (29 February is allowed then). */
export const birthdaySchema = z
  .object({
    year: z.number().int('A year is a whole number').min(1800, 'Enter a year after 1800').max(9999).nullable().default(null),
    month: z.number({ message: 'Choose a month' }).int().min(1, 'Choose a month').max(12, 'Choose a month'),
    day: z.number({ message: 'Enter a day' }).int().min(1, 'Enter a day from 1 to 31').max(31, 'Enter a day from 1 to 31'),
  })
  .refine((b) => b.day <= daysInMonth(b.month, b.year), { message: 'That day does not exist in that month', path: ['day'] });
export type Birthday = z.infer<typeof birthdaySchema>;

const tagSchema = text({ message: 'A tag is text' }).trim().min(1, 'A tag cannot be empty').max(40, 'Keep tags under 40 characters');

const contactKeys = {
  kind: contactKindSchema,
  name: text({ message: 'Enter a name' }).trim().min(1, 'Enter a name').max(200, 'Keep the name under 200 characters'),
  businessId: idSchema.nullable(),
  jobTitle: text().trim().max(120, 'Keep the job title under 120 characters'),
  stage: stageSchema,
  source: text().trim().max(80, 'Keep the source under 80 characters'),
  birthday: birthdaySchema.nullable(),
  cadenceDays: z
    .number({ message: 'Enter a number of days' })
    .int('Enter a whole number of days')
    .min(1, 'Stay in touch at least every 1 day')
    .max(3650, 'At most every 3650 days')
    .nullable(),
  notes: text().max(20000, 'Notes hold at most 20,000 characters'),
  emails: z.array(emailEntrySchema).max(20, 'At most 20 email addresses'),
  phones: z.array(phoneEntrySchema).max(20, 'At most 20 phone numbers'),
  addresses: z.array(addressEntrySchema).max(10, 'At most 10 addresses'),
  tags: z.array(tagSchema).max(50, 'At most 50 tags'),
};

/** Every field the owner can set on a contact; a new contact may leave out all but its name. */
export const contactFieldsSchema = z
  .object({
    ...contactKeys,
    kind: contactKeys.kind.default('person'),
    businessId: contactKeys.businessId.default(null),
    jobTitle: contactKeys.jobTitle.default(''),
    stage: contactKeys.stage.default('lead'),
    source: contactKeys.source.default(''),
    birthday: contactKeys.birthday.default(null),
    cadenceDays: contactKeys.cadenceDays.default(null),
    notes: contactKeys.notes.default(''),
    emails: contactKeys.emails.default([]),
    phones: contactKeys.phones.default([]),
    addresses: contactKeys.addresses.default([]),
    tags: contactKeys.tags.default([]),
  })
  .strict();
export type ContactFields = z.infer<typeof contactFieldsSchema>;
export type ContactFieldsInput = z.input<typeof contactFieldsSchema>;

export const contactCreateSchema = contactFieldsSchema;

/** An edit sends the contact's id and only the fields that changed. */
export const contactUpdateSchema = z
  .object({ id: idSchema, ...contactKeys })
  .partial()
  .required({ id: true })
  .strict();
export type ContactUpdate = z.infer<typeof contactUpdateSchema>;
export type ContactUpdateInput = z.input<typeof contactUpdateSchema>;

/** The list sorts read from the per-contact figures (an indexed read, not a recomputation). */
export const FIGURE_SORTS = ['return', 'ror', 'returnPerHour', 'hours', 'lastContact'] as const;
export type FigureSort = (typeof FIGURE_SORTS)[number];

/**
 * A range over one figure for the contacts list. Units: return and return per hour in minor units,
 * ROR as a ratio, hours in hours, last contact in days since (a contact never contacted counts as
 * long ago). Both ends are included.
 */
export const figureRangeSchema = z
  .object({
    by: z.enum(FIGURE_SORTS, { message: 'Choose return, ROR, return per hour, hours or last contact' }),
    min: z.number({ message: 'Enter a number' }).finite().optional(),
    max: z.number({ message: 'Enter a number' }).finite().optional(),
  })
  .strict()
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, { message: 'The lower end is above the upper end', path: ['max'] });
export type FigureRange = z.infer<typeof figureRangeSchema>;

/** What a contacts-list row shows of the figures. */
export interface RowFigures {
  totalReturn: number;
  ror: number | null;
  returnPerHour: number | null;
  minutes: number;
  lastInteractionAt: number | null;
}

export const CONTACT_SORTS = ['name', 'created', 'updated', 'relevance', ...FIGURE_SORTS] as const;
export const contactListSchema = z
  .object({
    query: text().max(200, 'Search for at most 200 characters').default(''),
    kind: contactKindSchema.optional(),
    stage: stageSchema.optional(),
    tag: tagSchema.optional(),
    source: text().trim().max(80).optional(),
    figure: figureRangeSchema.optional(),
    sort: z.enum(CONTACT_SORTS).default('name'),
    direction: z.enum(['asc', 'desc']).default('asc'),
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(1).max(500, 'At most 500 rows a page').default(50),
  })
  .strict();
export type ContactListQuery = z.input<typeof contactListSchema>;

export const byIdSchema = z.object({ id: idSchema }).strict();
export const pageSchema = z
  .object({
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();

export interface EmailEntry {
  label: string;
  value: string;
}
export interface PhoneEntry {
  label: string;
  value: string;
}
export interface AddressEntry {
  label: string;
  street: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

export interface Contact {
  id: number;
  kind: ContactKind;
  name: string;
  businessId: number | null;
  businessName: string | null;
  jobTitle: string;
  stage: Stage;
  source: string;
  birthday: Birthday | null;
  cadenceDays: number | null;
  notes: string;
  emails: EmailEntry[];
  phones: PhoneEntry[];
  addresses: AddressEntry[];
  tags: string[];
  /** For a business: the people who belong to it. */
  members: { id: number; name: string }[];
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

/** One line of the contacts list: what a row shows, nothing more. */
export interface ContactRow {
  id: number;
  kind: ContactKind;
  name: string;
  businessName: string | null;
  stage: Stage;
  source: string;
  tags: string[];
  email: string | null;
  phone: string | null;
  updatedAt: number;
  deletedAt: number | null;
  /** Null for a contact in the trash. */
  figures: RowFigures | null;
}

export interface ContactPage {
  total: number;
  offset: number;
  rows: ContactRow[];
}

export interface ContactFacets {
  tags: { name: string; count: number }[];
  sources: { name: string; count: number }[];
  stages: { stage: Stage; count: number }[];
  trashed: number;
}
