import type { FigureRange, FigureSort, RowFigures } from '../../shared/contract/index';
import { currencyExponent } from '../../shared/domain/money';
import { DAY } from '../../shared/scoring/arith';
import type { BookMoney } from '../format';
import type { ContactSort, SortDirection } from '../store/contacts-store';

/** The figures' names in the list: short enough for a column header. */
export const FIGURE_LABELS: Record<FigureSort, string> = {
  return: 'Return',
  ror: 'ROR',
  returnPerHour: 'Per hour',
  hours: 'Hours',
  lastContact: 'Last contact',
};

/** One line on hover for each figure (ui.md: figures that matter get a plain-words explanation). */
export const FIGURE_HINTS: Record<FigureSort, string> = {
  return: 'What this person brought back: their purchases at your margin, plus a share of what the people they referred brought.',
  ror: 'Return on relationship: return divided by what you put in (your time at your hourly rate, plus costs). Above 1 pays you back.',
  returnPerHour: 'Return for each hour you spent with them.',
  hours: 'Hours you logged with them: interactions and time entries.',
  lastContact: 'When you last logged an interaction with them.',
};

/** The sort menu, in the order a shop owner reaches for them. */
export const SORT_OPTIONS: { sort: ContactSort; label: string }[] = [
  { sort: 'name', label: 'Name' },
  { sort: 'return', label: 'Return' },
  { sort: 'ror', label: 'ROR' },
  { sort: 'returnPerHour', label: 'Return per hour' },
  { sort: 'hours', label: 'Hours' },
  { sort: 'lastContact', label: 'Last contact' },
  { sort: 'created', label: 'Recently added' },
  { sort: 'updated', label: 'Recently updated' },
];

/** What each direction means in words, for the toggle beside the sort menu. */
export function directionLabel(sort: ContactSort, direction: SortDirection): string {
  switch (sort) {
    case 'name':
      return direction === 'asc' ? 'A to Z' : 'Z to A';
    case 'lastContact':
      return direction === 'asc' ? 'Longest ago first' : 'Most recent first';
    case 'created':
    case 'updated':
      return direction === 'desc' ? 'Newest first' : 'Oldest first';
    default:
      return direction === 'desc' ? 'Highest first' : 'Lowest first';
  }
}

export const isFigureSort = (sort: ContactSort): sort is FigureSort => Object.hasOwn(FIGURE_LABELS, sort);

/** The largest number below 1: "ROR below 1" as a range whose ends are included. */
export const BELOW_ONE = 1 - 2 ** -53;

export interface FigurePreset {
  id: string;
  label: string;
  range: FigureRange;
}

/** Money without decimals, for round thresholds in labels: "1 000 €". */
function roundMoney(major: number, money: BookMoney): string {
  try {
    return new Intl.NumberFormat(money.locale, { style: 'currency', currency: money.currency ?? 'XXX', maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(major);
  } catch {
    return major.toLocaleString(money.locale);
  }
}

/** The ready-made filters over one figure. */
export function figurePresets(money: BookMoney): FigurePreset[] {
  const exponent = money.currency ? currencyExponent(money.currency) : 2;
  const top = 1000;
  return [
    { id: 'time-sinks', label: 'Time sinks (ROR below 1)', range: { by: 'ror', max: BELOW_ONE } },
    { id: 'paying-off', label: 'Paying off (ROR 1 or more)', range: { by: 'ror', min: 1 } },
    { id: 'top-return', label: `Top return (${roundMoney(top, money)} or more)`, range: { by: 'return', min: top * 10 ** exponent } },
    { id: 'no-return', label: 'No return yet', range: { by: 'return', max: 0 } },
    { id: 'quiet-90', label: 'Not contacted in 90+ days', range: { by: 'lastContact', min: 90 } },
    { id: 'recent-30', label: 'Contacted in the last 30 days', range: { by: 'lastContact', max: 30 } },
    { id: 'no-time', label: 'No time logged', range: { by: 'hours', max: 0 } },
  ];
}

export const sameRange = (a: FigureRange | null, b: FigureRange | null): boolean =>
  a === b || (a !== null && b !== null && a.by === b.by && a.min === b.min && a.max === b.max);

/** A range in words, for the filter menu when it is not a preset: "ROR 0.50 to 2.00". */
export function rangeLabel(range: FigureRange, f: FigureFormat): string {
  const show = (v: number) => {
    switch (range.by) {
      case 'return':
        return f.money.format(Math.round(v));
      case 'returnPerHour':
        return `${f.money.format(Math.round(v))}/h`;
      case 'ror':
        return f.ratio(v);
      case 'hours':
        return `${f.hoursValue(v)} h`;
      case 'lastContact':
        return `${v}`;
    }
  };
  const name = range.by === 'lastContact' ? 'Last contact' : range.by === 'returnPerHour' ? 'Return per hour' : FIGURE_LABELS[range.by];
  if (range.by === 'lastContact') {
    if (range.min !== undefined && range.max !== undefined) return `${name} ${show(range.min)} to ${show(range.max)} days ago`;
    if (range.min !== undefined) return `${name} ${show(range.min)}+ days ago`;
    if (range.max !== undefined) return `${name} within ${show(range.max)} days`;
    return name;
  }
  if (range.min !== undefined && range.max !== undefined) return `${name} ${show(range.min)} to ${show(range.max)}`;
  if (range.min !== undefined) return `${name} ${show(range.min)} or more`;
  if (range.max !== undefined) return range.by === 'ror' && range.max === BELOW_ONE ? `${name} below ${f.ratio(1)}` : `${name} ${show(range.max)} or less`;
  return name;
}

export interface FigureFormat {
  money: BookMoney;
  /** A ratio with two decimals: "3.20". */
  ratio(value: number): string;
  /** Minutes as hours with one decimal: "1.5". */
  hours(minutes: number): string;
  /** Hours as typed in a range. */
  hoursValue(hours: number): string;
  /** "3 days ago", "5 mo. ago", "today", in the book's locale; a long form for the tooltip. */
  since(at: number, now: number): { short: string; long: string };
}

const formats = new Map<string, FigureFormat>();

/** Number formats for the list's figures, one set per book locale and currency. */
export function figureFormat(money: BookMoney): FigureFormat {
  const key = `${money.locale}|${money.currency ?? ''}`;
  let format = formats.get(key);
  if (format) return format;
  const ratio = new Intl.NumberFormat(money.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const hours = new Intl.NumberFormat(money.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const hoursValue = new Intl.NumberFormat(money.locale, { maximumFractionDigits: 2 });
  const relative = new Intl.RelativeTimeFormat(money.locale, { style: 'short', numeric: 'auto' });
  const date = new Intl.DateTimeFormat(money.locale, { dateStyle: 'medium' });
  format = {
    money,
    ratio: (v) => ratio.format(v),
    hours: (minutes) => hours.format(minutes / 60),
    hoursValue: (h) => hoursValue.format(h),
    since(at, now) {
      const days = Math.max(0, Math.floor((now - at) / DAY));
      const short =
        days < 14
          ? relative.format(-days, 'day')
          : days < 60
            ? relative.format(-Math.floor(days / 7), 'week')
            : days < 730
              ? relative.format(-Math.floor(days / 30.44), 'month')
              : relative.format(-Math.floor(days / 365.25), 'year');
      return { short, long: `Last contact ${date.format(at)} (${days === 1 ? '1 day' : `${days.toLocaleString(money.locale)} days`} ago)` };
    },
  };
  formats.set(key, format);
  return format;
}

export interface FigureCell {
  text: string;
  title: string;
  /** none: the figure does not exist or is zero (shown faint); low: a ROR below 1. */
  tone?: 'low' | 'none';
}

/** One figure of a row as text, with its hover line; "—" where it does not exist. */
export function figureCell(by: FigureSort, figures: RowFigures | null, f: FigureFormat, now: number): FigureCell {
  if (!figures) return { text: '—', title: 'No figures', tone: 'none' };
  switch (by) {
    case 'return':
      return { text: f.money.format(figures.totalReturn), title: `Return ${f.money.format(figures.totalReturn)}`, ...(figures.totalReturn === 0 ? { tone: 'none' as const } : {}) };
    case 'ror':
      if (figures.ror === null) return { text: '—', title: 'No ROR: nothing put in yet (no time or costs logged)', tone: 'none' };
      return {
        text: f.ratio(figures.ror),
        title: `ROR ${f.ratio(figures.ror)}: the time and money you put in came back ${f.ratio(figures.ror)} times`,
        ...(figures.ror < 1 ? { tone: 'low' as const } : {}),
      };
    case 'returnPerHour':
      if (figures.returnPerHour === null) return { text: '—', title: 'No return per hour: no time logged', tone: 'none' };
      return { text: f.money.format(Math.round(figures.returnPerHour)), title: `${f.money.format(Math.round(figures.returnPerHour))} for each hour with them` };
    case 'hours':
      return { text: f.hours(figures.minutes), title: `${figures.minutes.toLocaleString(f.money.locale)} minutes logged`, ...(figures.minutes === 0 ? { tone: 'none' as const } : {}) };
    case 'lastContact': {
      if (figures.lastInteractionAt === null) return { text: '—', title: 'No interaction logged yet', tone: 'none' };
      const since = f.since(figures.lastInteractionAt, now);
      return { text: since.short, title: since.long };
    }
  }
}
