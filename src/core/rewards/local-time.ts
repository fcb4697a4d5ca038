/**
 * Wall-clock arithmetic in a program's time zone, fast enough for the purchase path and for
 * recomputing 100,000 members' tiers: the zone's UTC offset comes from the engine's one cached
 * lookup (kernel/zone-offset.ts), and calendar arithmetic is done on the shifted instant with UTC
 * getters.
 */
import { DAY_MS, instantOfLocalWall, zoneOffsetMs } from '../kernel/zone-offset.js';

export { DAY_MS, zoneOffsetMs };

/** The local calendar day of an instant, as days since 1970-01-01 (cheap: no strings). */
export function localDay(ms: number, zone: string): number {
  return Math.floor((ms + zoneOffsetMs(zone, ms)) / DAY_MS);
}

/** A day number back to its date string YYYY-MM-DD. */
export function dayToDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function dateToDay(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}


export interface LocalParts {
  /** YYYY-MM-DD */
  date: string;
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  /** 0 = Sunday ... 6 = Saturday */
  weekday: number;
  /** minutes since local midnight */
  minutes: number;
}

export function localParts(at: Date | number, zone: string): LocalParts {
  const ms = typeof at === 'number' ? at : at.getTime();
  const local = new Date(ms + zoneOffsetMs(zone, ms));
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  const day = local.getUTCDate();
  return {
    date: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    year,
    month,
    day,
    weekday: local.getUTCDay(),
    minutes: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/** The same local time N months later (or earlier), clamped to the month's last day (Jan 31 + 1 = Feb 28). */
export function addMonthsZoned(ms: number, months: number, zone: string): number {
  const local = new Date(ms + zoneOffsetMs(zone, ms));
  const total = local.getUTCFullYear() * 12 + local.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const monthIndex = total - year * 12;
  const day = Math.min(local.getUTCDate(), daysInMonth(year, monthIndex));
  const target = Date.UTC(year, monthIndex, day, local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds(), local.getUTCMilliseconds());
  return instantOfLocalWall(target, zone);
}

/** Local midnight at the start of a local date (YYYY-MM-DD). */
export function startOfLocalDate(date: string, zone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return instantOfLocalWall(Date.UTC(y, m - 1, d), zone);
}

export function startOfLocalDay(ms: number, zone: string): number {
  return startOfLocalDate(localParts(ms, zone).date, zone);
}

export function startOfLocalMonth(ms: number, zone: string, monthsToAdd = 0): number {
  const p = localParts(ms, zone);
  const total = p.year * 12 + (p.month - 1) + monthsToAdd;
  const year = Math.floor(total / 12);
  return instantOfLocalWall(Date.UTC(year, total - year * 12, 1), zone);
}

export function startOfLocalYear(ms: number, zone: string, yearsToAdd = 0): number {
  const p = localParts(ms, zone);
  return instantOfLocalWall(Date.UTC(p.year + yearsToAdd, 0, 1), zone);
}

/** Local date string N days after a local date. */
export function addDaysToDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

const minutesOf = new Map<string, number>();

/**
 * "HH:MM" to minutes since midnight. Remembered: every purchase asks it of each time-window rule's
 * two bounds, and splitting the text each time was a visible share of earning's own time.
 */
export function hhmmToMinutes(value: string): number {
  let minutes = minutesOf.get(value);
  if (minutes === undefined) {
    const [h, m] = value.split(':').map(Number) as [number, number];
    minutes = h * 60 + m;
    if (minutesOf.size >= 1_024) minutesOf.clear();
    minutesOf.set(value, minutes);
  }
  return minutes;
}

export const localDateSchemaMessage = 'must be a date YYYY-MM-DD';
export const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isRealDate(date: string): boolean {
  if (!LOCAL_DATE.test(date)) return false;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return d <= daysInMonth(y, m - 1);
}

/** A local date N months later (or earlier), the day clamped to the month's last day. */
export function addMonthsToDate(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const monthIndex = total - year * 12;
  const day = Math.min(d, daysInMonth(year, monthIndex));
  return `${String(year).padStart(4, '0')}-${String(monthIndex + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const digit = (text: string, i: number): number => text.charCodeAt(i) - 48;

/**
 * Date.parse for the one format Kartu stores instants in (toISOString: YYYY-MM-DDTHH:MM:SS.mmmZ),
 * a few times faster: a tier recomputation parses every purchase of every member. Anything else
 * goes to Date.parse.
 */
export function isoToMs(text: string): number {
  if (
    text.length !== 24 || text.charCodeAt(23) !== 90 /* Z */ || text.charCodeAt(10) !== 84 /* T */ ||
    text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 46
  ) {
    return Date.parse(text);
  }
  return Date.UTC(
    digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3),
    digit(text, 5) * 10 + digit(text, 6) - 1,
    digit(text, 8) * 10 + digit(text, 9),
    digit(text, 11) * 10 + digit(text, 12),
    digit(text, 14) * 10 + digit(text, 15),
    digit(text, 17) * 10 + digit(text, 18),
    digit(text, 20) * 100 + digit(text, 21) * 10 + digit(text, 22),
  );
}
