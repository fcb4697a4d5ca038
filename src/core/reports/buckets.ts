import { weekStart } from './zone-time.js';

/**
 * Rollup buckets of a local day. Weeks are an internal storage bucket of the card rollup and start
 * on Monday whatever the program's week: they only have to tile time, not match a report's weeks.
 */
export function weekBucket(day: string): string {
  return weekStart(day, 1);
}

export function quarterBucket(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}
