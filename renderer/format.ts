import { formatMoney, readMoney, type MoneyReading } from '../shared/domain/money';
import { useSettingsStore } from './store/settings-store';

/** The book's currency and locale; before the first-run choice, the browser's locale and no currency. */
export interface BookMoney {
  currency: string | null;
  locale: string;
  /** Minor units to text: "12,50 €". Without a currency yet, a plain number with 2 decimals. */
  format(minor: number): string;
  /** Text typed by the owner to minor units, or why it cannot be (shared/domain/money.ts, readMoney). */
  read(text: string): MoneyReading;
}

const fallbackLocale = () => (typeof navigator !== 'undefined' && navigator.language) || 'en';

export function bookMoney(currency: string | null, locale: string | null): BookMoney {
  const loc = locale ?? fallbackLocale();
  return {
    currency,
    locale: loc,
    format: (minor) =>
      currency ? formatMoney(minor, currency, loc) : new Intl.NumberFormat(loc, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(minor / 100),
    read: (text) => readMoney(text, currency ?? 'XXX', loc),
  };
}

const cache = new Map<string, BookMoney>();
/** Money formatting for the book, re-rendering when the owner changes its currency or locale. */
export function useBookMoney(): BookMoney {
  const currency = useSettingsStore((s) => s.settings?.currency ?? null);
  const locale = useSettingsStore((s) => s.settings?.locale ?? null);
  const key = `${currency ?? ''}|${locale ?? ''}`;
  let money = cache.get(key);
  if (!money) {
    money = bookMoney(currency, locale);
    cache.set(key, money);
  }
  return money;
}

/** The locale dates are shown in: the book's, or the browser's. */
export function useBookLocale(): string {
  return useSettingsStore((s) => s.settings?.locale ?? null) ?? fallbackLocale();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the value of a datetime-local input, in local time. */
export function toLocalDateTimeInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An instant as the value of a date input (YYYY-MM-DD), in local time. */
export function toLocalDateInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A datetime-local or date input's value back to an instant; undefined when empty or not a date. */
export function fromLocalInput(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), h ? Number(h) : 12, mi ? Number(mi) : 0);
  return Number.isNaN(date.getTime()) ? undefined : date.getTime();
}
