import { localMonthIndex } from '../kernel/zone-offset.js';
import { invalid } from '../kernel/errors.js';

export interface Expiry {
  month: number;
  year: number;
}

/** The card's month now, in the program's time zone, plus whole years. */
export function defaultExpiry(now: Date, timezone: string, years: number): Expiry {
  const month = localMonthIndex(now.getTime(), timezone);
  return { month: (month % 12) + 1, year: Math.floor(month / 12) + years };
}

/** A requested expiry must be in the future and no further than the program allows. */
export function checkExpiry(requested: Expiry, now: Date, timezone: string, maxYears: number): void {
  const current = localMonthIndex(now.getTime(), timezone);
  const asked = requested.year * 12 + (requested.month - 1);
  if (asked <= current) throw invalid('expiry_out_of_range', 'The expiry must be a future month.', 'exp_year');
  if (asked > current + maxYears * 12) {
    throw invalid('expiry_out_of_range', `The expiry may be at most ${maxYears} years ahead for this program.`, 'exp_year');
  }
}

/** A card is expired after the last day of its expiry month, in the program's time zone. */
export function isExpired(expiry: Expiry, now: Date, timezone: string): boolean {
  const current = localMonthIndex(now.getTime(), timezone);
  return current > expiry.year * 12 + (expiry.month - 1);
}
