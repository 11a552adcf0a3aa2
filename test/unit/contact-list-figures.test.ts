import { describe, expect, it } from 'vitest';
import type { RowFigures } from '../../shared/contract/index';
import { bookMoney } from '../../renderer/format';
import { BELOW_ONE, directionLabel, figureCell, figureFormat, figurePresets, rangeLabel, sameRange } from '../../renderer/views/contact-list-figures';

const money = bookMoney('EUR', 'en-GB');
const f = figureFormat(money);
const NOW = Date.UTC(2026, 10, 24, 9);
const DAY = 86_400_000;
const row = (patch: Partial<RowFigures> = {}): RowFigures => ({ totalReturn: 22000, ror: 2, returnPerHour: 11000, minutes: 150, lastInteractionAt: NOW - 3 * DAY, ...patch });

describe('the contacts list figures', () => {
  it('shows money in the book currency, ROR with two decimals, hours with one, and a dash where a figure does not exist', () => {
    expect(figureCell('return', row(), f, NOW).text).toBe('€220.00');
    expect(figureCell('ror', row({ ror: 4.8 }), f, NOW).text).toBe('4.80');
    expect(figureCell('ror', row({ ror: 0.7444 }), f, NOW)).toMatchObject({ text: '0.74', tone: 'low' });
    expect(figureCell('ror', row({ ror: null }), f, NOW)).toMatchObject({ text: '—', tone: 'none' });
    expect(figureCell('returnPerHour', row({ returnPerHour: null }), f, NOW).text).toBe('—');
    expect(figureCell('returnPerHour', row({ returnPerHour: 12345.5 }), f, NOW).text).toBe('€123.46');
    expect(figureCell('hours', row(), f, NOW).text).toBe('2.5');
    expect(figureCell('lastContact', row({ lastInteractionAt: null }), f, NOW).text).toBe('—');
    expect(figureCell('lastContact', row(), f, NOW).text).toBe('3 days ago');
    expect(figureCell('return', null, f, NOW).text).toBe('—');
  });

  it('names each sort direction in words', () => {
    expect(directionLabel('ror', 'desc')).toBe('Highest first');
    expect(directionLabel('return', 'asc')).toBe('Lowest first');
    expect(directionLabel('lastContact', 'asc')).toBe('Longest ago first');
    expect(directionLabel('name', 'asc')).toBe('A to Z');
    expect(directionLabel('created', 'desc')).toBe('Newest first');
  });

  it('"Time sinks" keeps a ROR below 1 and drops 1 itself; thresholds follow the currency', () => {
    const sinks = figurePresets(money).find((p) => p.id === 'time-sinks')!;
    expect(sinks.range).toEqual({ by: 'ror', max: BELOW_ONE });
    expect(BELOW_ONE < 1 && 0.9999999999 <= BELOW_ONE).toBe(true);
    expect(figurePresets(money).find((p) => p.id === 'top-return')).toMatchObject({ label: 'Top return (€1,000 or more)', range: { by: 'return', min: 100000 } });
    expect(figurePresets(bookMoney('JPY', 'ja-JP')).find((p) => p.id === 'top-return')?.range.min).toBe(1000);
    expect(sameRange({ by: 'ror', max: BELOW_ONE }, sinks.range)).toBe(true);
    expect(sameRange({ by: 'ror', max: 1 }, sinks.range)).toBe(false);
  });

  it('says a custom range in words', () => {
    expect(rangeLabel({ by: 'ror', min: 0.5, max: 2 }, f)).toBe('ROR 0.50 to 2.00');
    expect(rangeLabel({ by: 'return', min: 50000 }, f)).toBe('Return €500.00 or more');
    expect(rangeLabel({ by: 'lastContact', min: 90 }, f)).toBe('Last contact 90+ days ago');
    expect(rangeLabel({ by: 'hours', max: 0 }, f)).toBe('Hours 0 h or less');
    expect(rangeLabel({ by: 'ror', max: BELOW_ONE }, f)).toBe('ROR below 1.00');
  });
});
