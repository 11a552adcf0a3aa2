import type { Birthday } from '../contract/contacts';

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "12 March" or "12 March 1990", in the given locale where the runtime knows it. */
export function formatBirthday(b: Birthday, locale = 'en'): string {
  try {
    const date = new Date(Date.UTC(b.year ?? 2000, b.month - 1, b.day));
    const opts: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', timeZone: 'UTC' };
    if (b.year !== null) opts.year = 'numeric';
    return new Intl.DateTimeFormat(locale, opts).format(date);
  } catch {
    return `${b.day} ${MONTHS_EN[b.month - 1] ?? ''}${b.year !== null ? ` ${b.year}` : ''}`;
  }
}
