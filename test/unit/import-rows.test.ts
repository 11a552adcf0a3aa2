import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { csvRowTable, estimateRows, readCsv, streamCsvRows } from '../../electron/db/import-csv';
import { checkChunk, checkRow, chunkCount, decodeChunk, encodeChunk, tableSource, type CheckedRow, type RowChunk } from '../../electron/db/import-rows';
import { CONTACT_KINDS, STAGES, type ColumnMapping } from '../../shared/contract/index';

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const entry = fc.record({ label: text, value: text });
const checkedRow: fc.Arbitrary<CheckedRow> = fc.record({
  line: fc.nat(),
  company: text,
  uid: fc.option(text, { nil: null }),
  fields: fc.record({
    kind: fc.constantFrom(...CONTACT_KINDS),
    name: text,
    businessId: fc.option(fc.nat(), { nil: null }),
    jobTitle: text,
    stage: fc.constantFrom(...STAGES),
    source: text,
    birthday: fc.option(fc.record({ year: fc.option(fc.integer({ min: 1800, max: 9999 }), { nil: null }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }) }), { nil: null }),
    cadenceDays: fc.option(fc.integer({ min: 1, max: 3650 }), { nil: null }),
    notes: text,
    emails: fc.array(entry, { maxLength: 3 }),
    phones: fc.array(entry, { maxLength: 3 }),
    addresses: fc.array(fc.record({ label: text, street: text, city: text, region: text, postalCode: text, country: text }), { maxLength: 2 }),
    tags: fc.array(text, { maxLength: 4 }),
  }),
});

describe('rows between threads', () => {
  test('a chunk comes back from its text exactly as it was, whatever its rows hold', () => {
    fc.assert(
      fc.property(fc.array(checkedRow, { maxLength: 5 }), fc.array(fc.record({ line: fc.nat(), name: text, reason: text }), { maxLength: 2 }), (rows, skips) => {
        const chunk: RowChunk = { rows, skips };
        expect(decodeChunk(encodeChunk(chunk))).toEqual(chunk);
      }),
    );
  });

  test('a real chunk, checked by the contact schema, survives the trip too', () => {
    const csv = 'Name,E-mail,Phone,Street,City,Tags,Birthday,Notes\nAna López,ana@example.com,+34 600 000 000,1 Calle Mayor,Madrid,vip;friends,--03-12,"Line one\nLine two 🎉"\n,,,,Paris,,,\nBo,bo@,,,,,,\n';
    const mapping: ColumnMapping[] = (['name', 'email', 'phone', 'street', 'city', 'tags', 'birthday', 'notes'] as const).map((field) => ({ field, group: 1, label: '' }));
    const table = csvRowTable(Buffer.from(csv), { mapping, thisYear: 2026 });
    const chunk = checkChunk(table, 0);
    expect(chunk.rows).toHaveLength(1);
    expect(chunk.skips.map((s) => s.line)).toEqual([4, 5]);
    expect(decodeChunk(encodeChunk(chunk))).toEqual(chunk);
  });
});

const readCsvRows = (text: string) => readCsv(text).rows.length;

describe('reading a table in chunks', () => {
  const mapping: ColumnMapping[] = [
    { field: 'name', group: 1, label: '' },
    { field: 'city', group: 1, label: '' },
  ];
  // Every fifth row has no name: a skip, in its place.
  const names = (n: number) => Buffer.from(['Name,City', ...Array.from({ length: n }, (_, i) => (i % 5 === 4 ? ',Paris' : `Person ${i},Paris`))].join('\n'));

  test('every row once, in file order, whatever the chunk size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 12 }), (n, size) => {
        const table = csvRowTable(names(n), { mapping, thisYear: 2026 });
        const source = tableSource(table, size);
        const chunks = [...source.chunks];
        expect(chunks).toHaveLength(chunkCount(table, size));
        expect(source.total).toBe(n);
        expect(chunks.flatMap((c) => c.rows.map((r) => r.line))).toEqual(Array.from({ length: n }, (_, i) => i + 2).filter((_, i) => i % 5 !== 4));
        expect(chunks.flatMap((c) => c.skips.map((s) => s.line))).toEqual(Array.from({ length: n }, (_, i) => i + 2).filter((_, i) => i % 5 === 4));
      }),
    );
  });

  test('read as it is parsed, a file gives the same rows as its table, in the same chunks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 12 }), (n, size) => {
        const options = { mapping, thisYear: 2026 };
        const chunks: RowChunk[] = [];
        let estimate = -1;
        const total = streamCsvRows(names(n), options, size, (e) => (estimate = e), (c) => void chunks.push(c));
        expect(total).toBe(n);
        expect(estimate).toBe(n);
        const whole = [...tableSource(csvRowTable(names(n), options), size).chunks];
        expect(chunks).toEqual(whole);
      }),
    );
  });

  test('read as it is parsed, slashed birthdays read the way the first telling one says, however late it comes', () => {
    const mapping: ColumnMapping[] = [
      { field: 'name', group: 1, label: '' },
      { field: 'birthday', group: 1, label: '' },
    ];
    const file = (late: string) => Buffer.from(['Name,Birthday', ...Array.from({ length: 600 }, (_, i) => `P${i},03/04/1990`), `Late,${late}`].join('\n'));
    const birthdays = (bytes: Buffer) => {
      const out: unknown[] = [];
      streamCsvRows(bytes, { mapping, thisYear: 2026 }, 100, () => {}, (c) => void out.push(...c.rows.map((r) => r.fields.birthday)));
      return out;
    };
    expect(birthdays(file('25/12/1980'))[0]).toEqual({ year: 1990, month: 4, day: 3 });
    expect(birthdays(file('12/25/1980'))[0]).toEqual({ year: 1990, month: 3, day: 4 });
    // Nothing telling: the day comes first, as outside Outlook's exports.
    expect(birthdays(file('01/02/1980'))[0]).toEqual({ year: 1990, month: 4, day: 3 });
    for (const late of ['25/12/1980', '12/25/1980']) {
      const whole = [...tableSource(csvRowTable(file(late), { mapping, thisYear: 2026 })).chunks].flatMap((c) => c.rows.map((r) => r.fields.birthday));
      expect(birthdays(file(late))).toEqual(whole);
    }
  });

  test("a file's rows are estimated from its line breaks outside quotes, before it is parsed", () => {
    expect(estimateRows('Name')).toBe(0);
    expect(estimateRows('Name\n')).toBe(0);
    expect(estimateRows('Name\nAna\nBo')).toBe(2);
    expect(estimateRows('Name\r\nAna\r\nBo\r\n')).toBe(2);
    expect(estimateRows('Name\rAna\rBo\r')).toBe(2);
    expect(estimateRows('Name,Notes\nAna,"two\nlines"\nBo,"a ""quoted""\nword"\nCy,x\n')).toBe(3);
    // Blank lines count: an estimate, which the reader corrects once it has read every row.
    expect(estimateRows('Name\nAna\n\nBo\n')).toBe(3);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 8 }).filter((v) => v.trim() !== ''), fc.string({ maxLength: 8 })), { maxLength: 30 }), (cells) => {
        const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
        const text = ['Name,Notes', ...cells.map(([a, b]) => `${quote(a)},${quote(b)}`)].join('\r\n');
        expect(estimateRows(text)).toBe(cells.length);
        expect(estimateRows(text)).toBe(readCsvRows(text));
      }),
    );
  });

  test('a row checks as the contact schema says, with a UID too long to be one dropped', () => {
    expect(checkRow({ line: 3, company: '', uid: 'x'.repeat(256), fields: { name: ' Ana ' } })).toMatchObject({ line: 3, uid: null, fields: { name: 'Ana', kind: 'person', stage: 'lead' } });
    expect(checkRow({ line: 4, company: '', uid: 'abc', fields: { name: 'Bo', emails: [{ value: 'bo@' }] } })).toEqual({ line: 4, name: 'Bo', reason: expect.stringMatching(/^Email "bo@": /) });
  });
});
