import { lastDayOfMonth, nextDay } from './zone-time.js';

/**
 * Splits an inclusive range of local days into the coarsest rollup buckets that fit inside it:
 * whole years (when the rollup has them), whole months, and the runs of days left at the edges.
 * A report over three years reads 3 year rows, not 1,095 day rows.
 */
export interface RangePlan {
  years: string[];
  months: string[];
  /** Inclusive [from, to] runs of days, in order. */
  days: Array<[string, string]>;
}

export function planRange(from: string, to: string, grains: { years: boolean; months: boolean }): RangePlan {
  const plan: RangePlan = { years: [], months: [], days: [] };
  let cursor = from;
  let run: [string, string] | null = null;
  const flush = (): void => {
    if (run) plan.days.push(run);
    run = null;
  };
  while (cursor <= to) {
    const year = cursor.slice(0, 4);
    const month = cursor.slice(0, 7);
    if (grains.years && cursor.endsWith('-01-01') && `${year}-12-31` <= to) {
      flush();
      plan.years.push(year);
      cursor = `${String(Number(year) + 1).padStart(4, '0')}-01-01`;
      continue;
    }
    const monthEnd = lastDayOfMonth(month);
    if (grains.months && cursor.endsWith('-01') && monthEnd <= to) {
      flush();
      plan.months.push(month);
      cursor = nextDay(monthEnd);
      continue;
    }
    // A run of days up to the end of this month (or the range): the next month may be whole.
    const end = monthEnd < to ? monthEnd : to;
    if (run) run[1] = end;
    else run = [cursor, end];
    cursor = nextDay(end);
  }
  flush();
  return plan;
}
