import type { Lang } from '../i18n/i18n.js';
import { numberLocale } from './money.js';
import { dateTimeFormat } from './intl-cache.js';

/** Engine times are Unix seconds; they are shown in the program's time zone, not the computer's. */
export function formatDateTime(unixSeconds: number, timeZone: string, lang: Lang): string {
  return dateTimeFormat(numberLocale(lang), { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(unixSeconds * 1000));
}

export function formatDate(unixSeconds: number, timeZone: string, lang: Lang): string {
  return dateTimeFormat(numberLocale(lang), { timeZone, dateStyle: 'medium' }).format(new Date(unixSeconds * 1000));
}

/** A calendar date (YYYY-MM-DD, e.g. a birthday) has no time zone: it is shown as written. */
export function formatCalendarDate(isoDate: string, lang: Lang): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (!y || !m || !d) return isoDate;
  return dateTimeFormat(numberLocale(lang), { timeZone: 'UTC', dateStyle: 'medium' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A time of day written 'HH:MM' (a rule's window, an hour of the heat map) as the reader writes it: 14.00 in Indonesian, as the dates show it, 14:00 in English. */
export function formatClock(hhmm: string, lang: Lang): string {
  return lang === 'id' ? hhmm.replace(':', '.') : hhmm;
}

export function formatExpiry(month: number, year: number): string {
  return `${String(month).padStart(2, '0')}/${String(year % 100).padStart(2, '0')}`;
}

/** The renderer's own default for lists that mix programs: the demo story's zone. */
export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';
