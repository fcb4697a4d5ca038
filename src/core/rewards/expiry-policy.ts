import type { ExpiryPolicy } from './rewards-settings.js';
import { addMonthsZoned, startOfLocalMonth, startOfLocalYear } from './local-time.js';

/** Lots that never expire carry this instant, so that "soonest-expiring first" is one ORDER BY everywhere. */
export const NEVER_EXPIRES = '9999-12-31T23:59:59.999Z';

/** When points earned at `earnedMs` expire (the first instant they are gone), in the program's zone. */
export function expiryFor(earnedMs: number, policy: ExpiryPolicy, zone: string): string {
  switch (policy.kind) {
    case 'never':
      return NEVER_EXPIRES;
    case 'rolling':
      return new Date(addMonthsZoned(earnedMs, policy.months, zone)).toISOString();
    case 'end_of_month':
      return new Date(startOfLocalMonth(earnedMs, zone, policy.months + 1)).toISOString();
    case 'end_of_year':
      return new Date(startOfLocalYear(earnedMs, zone, policy.years + 1)).toISOString();
  }
}

export function expiryView(expiresAt: string): string | null {
  return expiresAt === NEVER_EXPIRES ? null : expiresAt;
}
