/**
 * Local calendar parts of an instant in a program's time zone (IANA), fast enough to run for every
 * authorization and for rebuilding millions of facts: the zone's offset comes from the engine's
 * one cached lookup (kernel/zone-offset.ts), and the calendar is read from the shifted instant with
 * UTC getters.
 */
import { DAY_MS, instantOfLocalWall, zoneOffsetMs } from '../kernel/zone-offset.js';

export { DAY_MS, zoneOffsetMs };

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

export interface LocalParts {
  /** YYYY-MM-DD */
  day: string;
  /** YYYY-MM */
  month: string;
  /** YYYY */
  year: string;
  hour: number;
  minute: number;
  /** 0 Sunday .. 6 Saturday */
  weekday: number;
}

export function localParts(ms: number, zone: string): LocalParts {
  const local = new Date(ms + zoneOffsetMs(zone, ms));
  const year = String(local.getUTCFullYear()).padStart(4, '0');
  const month = `${year}-${pad(local.getUTCMonth() + 1)}`;
  return { day: `${month}-${pad(local.getUTCDate())}`, month, year, hour: local.getUTCHours(), minute: local.getUTCMinutes(), weekday: local.getUTCDay() };
}

/** The instant a local date (YYYY-MM-DD) begins in a zone. */
export function startOfLocalDay(day: string, zone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return instantOfLocalWall(Date.UTC(y, m - 1, d), zone);
}

/** The next calendar day (YYYY-MM-DD), calendar arithmetic only. */
export function nextDay(day: string): string {
  return addDays(day, 1);
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d) + days * DAY_MS);
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

export function daysBetween(from: string, to: string): number {
  const a = from.split('-').map(Number) as [number, number, number];
  const b = to.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(b[0], b[1] - 1, b[2]) - Date.UTC(a[0], a[1] - 1, a[2])) / DAY_MS);
}

export function weekdayOf(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** The first day of the week a day falls in, weeks starting on `weekStartsOn` (0 Sunday .. 6). */
export function weekStart(day: string, weekStartsOn: number): string {
  const back = (weekdayOf(day) - weekStartsOn + 7) % 7;
  return addDays(day, -back);
}

export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const t = new Date(Date.UTC(y, m, 0));
  return `${month}-${pad(t.getUTCDate())}`;
}

export function isValidDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
