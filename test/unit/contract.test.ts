import { describe, expect, test } from 'vitest';
import type { z } from 'zod';
import {
  birthdaySchema,
  byIdSchema,
  contactCreateSchema,
  contactListSchema,
  contactUpdateSchema,
  contract,
  emailEntrySchema,
  emptySchema,
  isMethodName,
  isResult,
  METHOD_NAMES,
  pageSchema,
  phoneEntrySchema,
  settingsUpdateSchema,
} from '../../shared/contract/index';
import { textProblem } from '../../shared/domain/text';
import { walkInput } from '../helpers/contract-walk';

/** The dotted path of the first issue, as the dispatcher reports it, or null when the input is good. */
function firstField(schema: z.ZodType, input: unknown): string | null {
  const result = schema.safeParse(input);
  if (result.success) return null;
  return result.error.issues[0]?.path.map(String).join('.') ?? '';
}

describe('the contract table', () => {
  test('every method is named area.verb and has a doc line and an input schema', () => {
    expect(METHOD_NAMES.length).toBeGreaterThan(0);
    for (const name of METHOD_NAMES) {
      expect(name).toMatch(/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/);
      expect(contract[name].doc.length).toBeGreaterThan(5);
      expect(typeof contract[name].input.safeParse).toBe('function');
    }
  });

  test('isMethodName accepts only the table keys, never inherited names', () => {
    expect(isMethodName('contacts.list')).toBe(true);
    for (const junk of ['toString', '__proto__', 'constructor', 'contacts.List', '', 1, null, undefined, {}]) {
      expect(isMethodName(junk)).toBe(false);
    }
  });

  test('isResult', () => {
    expect(isResult({ ok: true, value: 1 })).toBe(true);
    expect(isResult({ ok: false, error: { code: 'internal', message: 'x' } })).toBe(true);
    expect(isResult({ ok: false })).toBe(false);
    expect(isResult({ ok: false, error: null })).toBe(false);
    expect(isResult(null)).toBe(false);
    expect(isResult('ok')).toBe(false);
  });
});

describe('birthday', () => {
  test.each<[string, unknown, string | null]>([
    ['29 Feb, year unknown', { month: 2, day: 29 }, null],
    ['29 Feb, year null', { year: null, month: 2, day: 29 }, null],
    ['29 Feb 2024 (leap)', { year: 2024, month: 2, day: 29 }, null],
    ['29 Feb 2000 (leap, /400)', { year: 2000, month: 2, day: 29 }, null],
    ['29 Feb 2023', { year: 2023, month: 2, day: 29 }, 'day'],
    ['29 Feb 1900 (not leap, /100)', { year: 1900, month: 2, day: 29 }, 'day'],
    ['30 Feb, year unknown', { month: 2, day: 30 }, 'day'],
    ['31 April', { month: 4, day: 31 }, 'day'],
    ['30 April', { month: 4, day: 30 }, null],
    ['31 December', { month: 12, day: 31 }, null],
    ['month 0', { month: 0, day: 1 }, 'month'],
    ['month 13', { month: 13, day: 1 }, 'month'],
    ['day 0', { month: 1, day: 0 }, 'day'],
    ['day 32', { month: 1, day: 32 }, 'day'],
    ['day 1.5', { month: 1, day: 1.5 }, 'day'],
    ['month as text', { month: '1', day: 1 }, 'month'],
    ['year 1799', { year: 1799, month: 1, day: 1 }, 'year'],
    ['year 10000', { year: 10000, month: 1, day: 1 }, 'year'],
    ['no month', { day: 1 }, 'month'],
    ['extra key is dropped, not refused', { month: 1, day: 1, hour: 3 }, null],
  ])('%s', (_label, input, field) => {
    expect(firstField(birthdaySchema, input)).toBe(field);
  });

  test('a missing year becomes null', () => {
    expect(birthdaySchema.parse({ month: 3, day: 12 })).toEqual({ year: null, month: 3, day: 12 });
  });
});

describe('email', () => {
  test.each<[unknown, string | null]>([
    [{ value: 'ana@example.com' }, null],
    [{ value: '  ana@example.com  ' }, null],
    [{ label: 'work', value: 'a.b+c@sub.example.co.uk' }, null],
    // Internationalized addresses, as exports hold them.
    [{ value: 'jürgen@müller.de' }, null],
    [{ value: 'josé.garcía@correo.es' }, null],
    [{ value: 'δοκιμή@παράδειγμα.ελ' }, null],
    [{ value: '用户@例子.广告' }, null],
    [{ value: 'अजय@डाटा.भारत' }, null],
    [{ value: 'ana' }, 'value'],
    [{ value: 'ana@example' }, 'value'],
    [{ value: 'ana@example.c' }, 'value'],
    [{ value: 'ana..b@example.com' }, 'value'],
    [{ value: 'ana@-example.com' }, 'value'],
    [{ value: 'jürgen@müller' }, 'value'],
    [{ value: 'ana@' }, 'value'],
    [{ value: '@example.com' }, 'value'],
    [{ value: 'ana @example.com' }, 'value'],
    [{ value: '' }, 'value'],
    [{ value: '   ' }, 'value'],
    [{ value: 5 }, 'value'],
    [{}, 'value'],
    [{ value: `${'a'.repeat(250)}@example.com` }, 'value'],
    [{ label: '', value: 'ana@example.com' }, 'label'],
    [{ label: '   ', value: 'ana@example.com' }, 'label'],
    [{ label: 'x'.repeat(41), value: 'ana@example.com' }, 'label'],
  ])('%j', (input, field) => {
    expect(firstField(emailEntrySchema, input)).toBe(field);
  });

  test('is trimmed and labelled home by default', () => {
    expect(emailEntrySchema.parse({ value: '  ana@example.com\n' })).toEqual({ label: 'home', value: 'ana@example.com' });
    expect(emailEntrySchema.parse({ label: ' work ', value: 'a@b.co' })).toEqual({ label: 'work', value: 'a@b.co' });
  });
});

describe('phone', () => {
  test.each<[string, boolean]>([
    ['+1 (555) 010-2030', true],
    ['555.010.2030', true],
    ['06 12 34 56 78', true],
    ['+44 20 7946 0958 ext. 12', true],
    ['555-0102 x12', true],
    ['*31#', false], // 2 digits only
    ['*310#', true],
    ['555/010 2030', true],
    ['12', false],
    ['', false],
    ['   ', false],
    ['call me', false],
    ['555-CALL-NOW', false],
    ['555 0102; drop table', false],
    ['1'.repeat(40), true],
    ['1'.repeat(41), false],
  ])('%j valid: %s', (value, valid) => {
    expect(phoneEntrySchema.safeParse({ value }).success).toBe(valid);
  });

  test('trimmed, labelled mobile by default; errors point at value', () => {
    expect(phoneEntrySchema.parse({ value: ' 555 0102 ' })).toEqual({ label: 'mobile', value: '555 0102' });
    expect(firstField(phoneEntrySchema, { value: 'abc' })).toBe('value');
    expect(firstField(phoneEntrySchema, { value: 5550102 })).toBe('value');
  });
});

describe('contact create', () => {
  test('only the name is required; every other field has its default', () => {
    expect(contactCreateSchema.parse({ name: '  Ana  ' })).toEqual({
      kind: 'person',
      name: 'Ana',
      businessId: null,
      jobTitle: '',
      stage: 'lead',
      source: '',
      birthday: null,
      cadenceDays: null,
      notes: '',
      emails: [],
      phones: [],
      addresses: [],
      tags: [],
    });
  });

  test.each<[string, unknown, string | null]>([
    ['no name', {}, 'name'],
    ['empty name', { name: '' }, 'name'],
    ['blank name', { name: '   ' }, 'name'],
    ['name as number', { name: 5 }, 'name'],
    ['name 200 long', { name: 'a'.repeat(200) }, null],
    ['name 201 long', { name: 'a'.repeat(201) }, 'name'],
    ['unknown key', { name: 'Ana', nickname: 'A' }, ''],
    ['kind robot', { name: 'Ana', kind: 'robot' }, 'kind'],
    ['stage unknown', { name: 'Ana', stage: 'friend' }, 'stage'],
    ['stage in capitals', { name: 'Ana', stage: 'Lead' }, 'stage'],
    ['cadence 0', { name: 'Ana', cadenceDays: 0 }, 'cadenceDays'],
    ['cadence 1', { name: 'Ana', cadenceDays: 1 }, null],
    ['cadence 3650', { name: 'Ana', cadenceDays: 3650 }, null],
    ['cadence 3651', { name: 'Ana', cadenceDays: 3651 }, 'cadenceDays'],
    ['cadence 1.5', { name: 'Ana', cadenceDays: 1.5 }, 'cadenceDays'],
    ['cadence NaN', { name: 'Ana', cadenceDays: Number.NaN }, 'cadenceDays'],
    ['cadence Infinity', { name: 'Ana', cadenceDays: Number.POSITIVE_INFINITY }, 'cadenceDays'],
    ['cadence null', { name: 'Ana', cadenceDays: null }, null],
    ['businessId 0', { name: 'Ana', businessId: 0 }, 'businessId'],
    ['businessId -1', { name: 'Ana', businessId: -1 }, 'businessId'],
    ['businessId 1.5', { name: 'Ana', businessId: 1.5 }, 'businessId'],
    ['businessId too big', { name: 'Ana', businessId: 2 ** 60 }, 'businessId'],
    ['businessId "1"', { name: 'Ana', businessId: '1' }, 'businessId'],
    ['job title 121', { name: 'Ana', jobTitle: 'x'.repeat(121) }, 'jobTitle'],
    ['source 81', { name: 'Ana', source: 'x'.repeat(81) }, 'source'],
    ['notes 20000', { name: 'Ana', notes: 'x'.repeat(20000) }, null],
    ['notes 20001', { name: 'Ana', notes: 'x'.repeat(20001) }, 'notes'],
    ['emails not an array', { name: 'Ana', emails: 'ana@example.com' }, 'emails'],
    ['second email bad', { name: 'Ana', emails: [{ value: 'a@b.co' }, { value: 'nope' }] }, 'emails.1.value'],
    ['21 emails', { name: 'Ana', emails: Array.from({ length: 21 }, (_, i) => ({ value: `a${i}@b.co` })) }, 'emails'],
    ['phone letters', { name: 'Ana', phones: [{ value: 'call me' }] }, 'phones.0.value'],
    ['empty address', { name: 'Ana', addresses: [{ label: 'home' }] }, 'addresses.0.street'],
    ['address with a city only', { name: 'Ana', addresses: [{ city: 'Lyon' }] }, null],
    ['postal code 21', { name: 'Ana', addresses: [{ postalCode: '1'.repeat(21) }] }, 'addresses.0.postalCode'],
    ['11 addresses', { name: 'Ana', addresses: Array.from({ length: 11 }, () => ({ city: 'Lyon' })) }, 'addresses'],
    ['empty tag', { name: 'Ana', tags: ['vip', ''] }, 'tags.1'],
    ['blank tag', { name: 'Ana', tags: ['  '] }, 'tags.0'],
    ['tag 41', { name: 'Ana', tags: ['x'.repeat(41)] }, 'tags.0'],
    ['tag as number', { name: 'Ana', tags: [1] }, 'tags.0'],
    ['51 tags', { name: 'Ana', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, 'tags'],
    ['birthday 29 Feb 2023', { name: 'Ana', birthday: { year: 2023, month: 2, day: 29 } }, 'birthday.day'],
    ['birthday 29 Feb no year', { name: 'Ana', birthday: { month: 2, day: 29 } }, null],
    ['birthday as text', { name: 'Ana', birthday: '1990-03-12' }, 'birthday'],
  ])('%s', (_label, input, field) => {
    expect(firstField(contactCreateSchema, input)).toBe(field);
  });

  test('tags are trimmed', () => {
    expect(contactCreateSchema.parse({ name: 'Ana', tags: ['  vip ', 'Golf'] }).tags).toEqual(['vip', 'Golf']);
  });

  test('text from any script survives parsing unchanged', () => {
    for (const name of ['Émile', 'E\u0301mile', 'שלום עליכם', 'مرحبا', '李小龍', '👩‍👩‍👧 family', '\u202eevil']) {
      expect(contactCreateSchema.parse({ name }).name).toBe(name);
    }
  });
});

describe('contact update', () => {
  test('partial: only the id is required, and absent fields stay absent (no defaults)', () => {
    expect(contactUpdateSchema.parse({ id: 3 })).toEqual({ id: 3 });
    expect(contactUpdateSchema.parse({ id: 3, stage: 'loyal' })).toEqual({ id: 3, stage: 'loyal' });
    expect(contactUpdateSchema.parse({ id: 3, birthday: null, cadenceDays: null, businessId: null })).toEqual({
      id: 3,
      birthday: null,
      cadenceDays: null,
      businessId: null,
    });
  });

  test.each<[string, unknown, string | null]>([
    ['no id', { name: 'Ana' }, 'id'],
    ['id as text', { id: '3' }, 'id'],
    ['id 0', { id: 0 }, 'id'],
    ['strict: unknown key', { id: 3, createdAt: 5 }, ''],
    ['strict: members cannot be written', { id: 3, members: [] }, ''],
    ['empty name', { id: 3, name: '' }, 'name'],
    ['cadence 0', { id: 3, cadenceDays: 0 }, 'cadenceDays'],
    ['bad email', { id: 3, emails: [{ value: 'x' }] }, 'emails.0.value'],
    ['birthday 31 June', { id: 3, birthday: { month: 6, day: 31 } }, 'birthday.day'],
  ])('%s', (_label, input, field) => {
    expect(firstField(contactUpdateSchema, input)).toBe(field);
  });
});

describe('contact list', () => {
  test('defaults', () => {
    expect(contactListSchema.parse({})).toEqual({ query: '', sort: 'name', direction: 'asc', offset: 0, limit: 50 });
  });

  test.each<[string, unknown, string | null]>([
    ['limit 500', { limit: 500 }, null],
    ['limit 501', { limit: 501 }, 'limit'],
    ['limit 0', { limit: 0 }, 'limit'],
    ['offset -1', { offset: -1 }, 'offset'],
    ['offset 1.5', { offset: 1.5 }, 'offset'],
    ['sort by score', { sort: 'score' }, 'sort'],
    ['direction up', { direction: 'up' }, 'direction'],
    ['query 200', { query: 'x'.repeat(200) }, null],
    ['query 201', { query: 'x'.repeat(201) }, 'query'],
    ['query as number', { query: 5 }, 'query'],
    ['tag blank', { tag: ' ' }, 'tag'],
    ['unknown key', { page: 2 }, ''],
    ['kind', { kind: 'business' }, null],
    ['stage', { stage: 'advocate' }, null],
  ])('%s', (_label, input, field) => {
    expect(firstField(contactListSchema, input)).toBe(field);
  });
});

describe('small schemas', () => {
  test('byId, page, empty and settings', () => {
    expect(byIdSchema.safeParse({ id: 1 }).success).toBe(true);
    expect(byIdSchema.safeParse({ id: 1, x: 1 }).success).toBe(false);
    expect(byIdSchema.safeParse({}).success).toBe(false);
    expect(pageSchema.parse({})).toEqual({ offset: 0, limit: 50 });
    expect(pageSchema.safeParse({ limit: 501 }).success).toBe(false);
    expect(emptySchema.safeParse({}).success).toBe(true);
    expect(emptySchema.safeParse({ a: 1 }).success).toBe(false);
    expect(emptySchema.safeParse(null).success).toBe(false);
    expect(settingsUpdateSchema.parse({})).toEqual({});
    expect(settingsUpdateSchema.parse({ theme: 'dark' })).toEqual({ theme: 'dark' });
    expect(firstField(settingsUpdateSchema, { theme: 'blue' })).toBe('theme');
    expect(firstField(settingsUpdateSchema, { font: 'big' })).toBe('');
  });
});

describe('no text escapes the check for NUL and lone surrogates', () => {
  const BAD = ['\u0000', 'Ana\u0000', '\uD800', 'Ana \uD83D', '\uDE00 smile', 'a\uDC00b'];

  test.each(METHOD_NAMES)('%s: every string in its input refuses a NUL and a lone surrogate, with the message', (method) => {
    const walk = walkInput(contract[method].input);
    expect(walk.unchecked, 'inputs taken unchecked').toEqual([]);
    for (const node of walk.strings) {
      for (const bad of BAD) {
        const result = node.schema.safeParse(bad);
        expect(result.success, `${method} ${node.path} took ${JSON.stringify(bad)}`).toBe(false);
        // A format (the email after its text) refuses by its own pattern; every text() says why.
        if (!result.success && node.format === null) expect(result.error.issues.map((i) => i.message)).toContain(textProblem(bad));
      }
    }
  });

  test('the walk finds the texts it should', () => {
    const paths = walkInput(contract['contacts.create'].input).strings.map((s) => s.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'jobTitle', 'source', 'notes', 'emails.0.label', 'emails.0.value', 'phones.0.value', 'addresses.0.street', 'addresses.0.country', 'tags.0']));
    expect(walkInput(contract['export.csv'].input).strings.map((s) => s.path)).toEqual(expect.arrayContaining(['query', 'tag', 'source', 'weekStart']));
    expect(walkInput(contract['csv.import'].input).strings.map((s) => s.path)).toEqual(expect.arrayContaining(['file.name', 'file.base64', 'file.uploadId', 'mapping.0.label']));
  });
});
