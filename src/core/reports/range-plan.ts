import { addDays, lastDayOfMonth, nextDay, weekdayOf } from './zone-time.js';

/**
 * Splits an inclusive range of local days into the coarsest rollup buckets that fit inside it:
 * whole years, quarters and months (when the rollup has them), then, inside the runs of days left
 * at the edges, whole Monday-to-Sunday weeks (when it has them), and the days that remain. A
 * report over two years reads a few buckets per key, not 730 days.
 */
export interface RangePlan {
  years: string[];
  quarters: string[];
  months: string[];
  /** Mondays of whole weeks inside the edge runs. */
  weeks: string[];
  /** Inclusive [from, to] runs of days, in order. */
  days: Array<[string, string]>;
}

export interface Grains {
  years?: boolean;
  quarters?: boolean;
  months?: boolean;
  weeks?: boolean;
}

function quarterOf(day: string): { id: string; first: string; last: string } {
  const y = day.slice(0, 4);
  const q = Math.floor((Number(day.slice(5, 7)) - 1) / 3);
  const firstMonth = String(q * 3 + 1).padStart(2, '0');
  const lastMonth = String(q * 3 + 3).padStart(2, '0');
  return { id: `${y}-Q${q + 1}`, first: `${y}-${firstMonth}-01`, last: lastDayOfMonth(`${y}-${lastMonth}`) };
}

export function planRange(from: string, to: string, grains: Grains): RangePlan {
  const plan: RangePlan = { years: [], quarters: [], months: [], weeks: [], days: [] };
  const runs: Array<[string, string]> = [];
  let cursor = from;
  let run: [string, string] | null = null;
  const flush = (): void => {
    if (run) runs.push(run);
    run = null;
  };
  while (cursor <= to) {
    const year = cursor.slice(0, 4);
    if (grains.years && cursor.endsWith('-01-01') && `${year}-12-31` <= to) {
      flush();
      plan.years.push(year);
      cursor = `${String(Number(year) + 1).padStart(4, '0')}-01-01`;
      continue;
    }
    const quarter = quarterOf(cursor);
    if (grains.quarters && cursor === quarter.first && quarter.last <= to) {
      flush();
      plan.quarters.push(quarter.id);
      cursor = nextDay(quarter.last);
      continue;
    }
    const monthEnd = lastDayOfMonth(cursor.slice(0, 7));
    if (grains.months && cursor.endsWith('-01') && monthEnd <= to) {
      flush();
      plan.months.push(cursor.slice(0, 7));
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
  for (const [a, b] of runs) {
    if (!grains.weeks) {
      plan.days.push([a, b]);
      continue;
    }
    // Whole weeks inside the run; the days before the first Monday and after the last Sunday stay days.
    let monday = addDays(a, (8 - weekdayOf(a)) % 7);
    if (addDays(monday, 6) > b) {
      plan.days.push([a, b]);
      continue;
    }
    if (monday > a) plan.days.push([a, addDays(monday, -1)]);
    let last = monday;
    while (addDays(monday, 6) <= b) {
      plan.weeks.push(monday);
      last = monday;
      monday = addDays(monday, 7);
    }
    const after = addDays(last, 7);
    if (after <= b) plan.days.push([after, b]);
  }
  return plan;
}
