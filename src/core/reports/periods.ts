import { addDays, weekStart } from './zone-time.js';

export type SeriesPeriod = 'day' | 'week' | 'month';

/** The bucket a local day falls in: the day, the first day of its week, or its month. */
export function bucketOf(day: string, period: SeriesPeriod, weekStartsOn: number): string {
  if (period === 'day') return day;
  if (period === 'week') return weekStart(day, weekStartsOn);
  return day.slice(0, 7);
}

/** Every bucket of the range, in order, so that a chart shows empty days as zero, not as gaps. */
export function bucketsOf(from: string, to: string, period: SeriesPeriod, weekStartsOn: number): string[] {
  const out: string[] = [];
  if (period === 'month') {
    let m = from.slice(0, 7);
    const last = to.slice(0, 7);
    while (m <= last) {
      out.push(m);
      const [y, mo] = m.split('-').map(Number) as [number, number];
      m = mo === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${String(y).padStart(4, '0')}-${String(mo + 1).padStart(2, '0')}`;
    }
    return out;
  }
  let day = period === 'week' ? weekStart(from, weekStartsOn) : from;
  const step = period === 'week' ? 7 : 1;
  while (day <= to) {
    out.push(day);
    day = addDays(day, step);
  }
  return out;
}
