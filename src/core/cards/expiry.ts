import { TZDate } from '@date-fns/tz';
import { invalid } from '../kernel/errors.js';

export interface Expiry {
  month: number;
  year: number;
}

const MINUTE_MS = 60_000;
const localMonths = new Map<string, { year: number; month: number }>();

/**
 * The local year and month of a moment in a time zone. Time-zone arithmetic is a visible share of
 * bulk issuance (every card asks for the same month), and every zone in use is offset from UTC by
 * whole minutes, so the month cannot change inside one UTC minute: remembered by minute and zone.
 */
function localMonth(at: number, timezone: string): { year: number; month: number } {
  const key = `${timezone}|${Math.floor(at / MINUTE_MS)}`;
  let found = localMonths.get(key);
  if (!found) {
    const local = new TZDate(at, timezone);
    found = { year: local.getFullYear(), month: local.getMonth() + 1 };
    if (localMonths.size >= 64) localMonths.clear();
    localMonths.set(key, found);
  }
  return found;
}

/** The card's month now, in the program's time zone, plus whole years. */
export function defaultExpiry(now: Date, timezone: string, years: number): Expiry {
  const local = localMonth(now.getTime(), timezone);
  return { month: local.month, year: local.year + years };
}

/** A requested expiry must be in the future and no further than the program allows. */
export function checkExpiry(requested: Expiry, now: Date, timezone: string, maxYears: number): void {
  const local = new TZDate(now.getTime(), timezone);
  const current = local.getFullYear() * 12 + local.getMonth();
  const asked = requested.year * 12 + (requested.month - 1);
  if (asked <= current) throw invalid('expiry_out_of_range', 'The expiry must be a future month.', 'exp_year');
  if (asked > current + maxYears * 12) {
    throw invalid('expiry_out_of_range', `The expiry may be at most ${maxYears} years ahead for this program.`, 'exp_year');
  }
}

/** A card is expired after the last day of its expiry month, in the program's time zone. */
export function isExpired(expiry: Expiry, now: Date, timezone: string): boolean {
  const local = new TZDate(now.getTime(), timezone);
  const current = local.getFullYear() * 12 + local.getMonth();
  return current > expiry.year * 12 + (expiry.month - 1);
}
