import type { TierQualification } from './rewards-settings.js';
import { addMonthsToDate, DAY_MS, dateToDay, dayToDate, localDay, startOfLocalDate } from './local-time.js';

/**
 * Tiers as a pure function of history, so that a recomputation always agrees with what the
 * purchase path stored. The qualifying events are each purchase's net spend (or the points earned,
 * net of reversals); the current points balance plays no part.
 *
 * Rolling window of N months, by local date: at instant s the qualifying value Q(s) sums the events
 * of the last N months (local dates after the same date N months earlier, up to s). The tier is the
 * highest one that Q reaches. Upgrade: at once. Downgrade: when the purchases that earned the tier
 * have left the window (the end of their qualification period) and Q no longer reaches it, the tier
 * is kept for `grace_days` more. Formally tier(t) = max over s in [t - grace, t] of T(Q(s)).
 *
 * Calendar year: Q is the spend of the calendar year so far. A tier reached in year Y is held
 * through the end of year Y+1 (the year after its qualification period), plus the grace days.
 */
export interface TierThreshold {
  id: string;
  threshold: number;
}

export interface QualifyingEvent {
  at: number;
  value: number;
}

export interface TierComputation {
  tier_id: string | null;
  /** When the tier ends if nothing more happens; null when it cannot be lost (the lowest tier, or none). */
  held_until: number | null;
  /** Q(t). */
  value: number;
  window_start: number;
}

/** Tiers sorted by threshold ascending. The index of the highest whose threshold the value reaches, or -1. */
export function tierForValue(tiers: readonly TierThreshold[], value: number): number {
  let index = -1;
  for (let i = 0; i < tiers.length; i++) if (value >= tiers[i]!.threshold) index = i;
  return index;
}

/**
 * Calendar arithmetic on local day numbers with numeric caches, resolved once per zone and window
 * length: a recomputation of 100,000 members asks these for every event, and strings or Intl
 * calls there would dominate it.
 */
interface ZoneCalendar {
  yearStart(t: number, offset?: number): number;
  windowStart(t: number): number;
  leave(eventAt: number): number;
}

const calendars = new Map<string, ZoneCalendar>();

function bounded(cache: Map<number, number>): Map<number, number> {
  if (cache.size > 100_000) cache.clear();
  return cache;
}

export function calendarFor(zone: string, months: number): ZoneCalendar {
  const key = `${zone}|${months}`;
  const existing = calendars.get(key);
  if (existing) return existing;
  const years = new Map<number, number>();
  const starts = new Map<number, number>();
  const leaves = new Map<number, number>();
  const calendar: ZoneCalendar = {
    yearStart(t, offset = 0) {
      const year = new Date(localDay(t, zone) * DAY_MS).getUTCFullYear() + offset;
      let start = years.get(year);
      if (start === undefined) bounded(years).set(year, (start = startOfLocalDate(`${String(year).padStart(4, '0')}-01-01`, zone)));
      return start;
    },
    windowStart(t) {
      const day = localDay(t, zone);
      let start = starts.get(day);
      if (start === undefined) {
        start = startOfLocalDate(dayToDate(dateToDay(addMonthsToDate(dayToDate(day), -months)) + 1), zone);
        bounded(starts).set(day, start);
      }
      return start;
    },
    leave(eventAt) {
      const day = localDay(eventAt, zone);
      let instant = leaves.get(day);
      if (instant === undefined) {
        const date = dayToDate(day);
        let leave = addMonthsToDate(date, months);
        while (addMonthsToDate(leave, -months) < date) leave = dayToDate(dateToDay(leave) + 1);
        instant = startOfLocalDate(leave, zone);
        bounded(leaves).set(day, instant);
      }
      return instant;
    },
  };
  calendars.set(key, calendar);
  return calendar;
}

const yearStart = (t: number, zone: string, offset = 0): number => calendarFor(zone, 0).yearStart(t, offset);

/** The first instant inside the window ending at t. */
export function windowStart(t: number, q: TierQualification, zone: string): number {
  return q.period === 'calendar_year' ? yearStart(t, zone) : calendarFor(zone, q.months).windowStart(t);
}

/**
 * The instant an event leaves the rolling window: the start of the first local date D whose window
 * no longer contains the event's date (D - N months >= date; usually date + N months).
 */
export function leaveInstant(eventAt: number, q: TierQualification, zone: string): number {
  return calendarFor(zone, q.months).leave(eventAt);
}

/** How far back events must be loaded to compute the tier at t. */
export function historyStart(t: number, q: TierQualification, zone: string): number {
  if (q.period === 'calendar_year') return yearStart(t, zone, -2);
  return windowStart(t, q, zone) - (q.grace_days + 3) * DAY_MS;
}

/**
 * An instant before which a tier reached at t (with these events in the window) cannot end: the
 * purchase path stores it so that it knows when to recompute in full. Never later than the truth.
 */
export function earliestEnd(t: number, oldestInWindow: number | null, q: TierQualification, zone: string): number {
  if (q.period === 'calendar_year') return yearStart(t, zone, 2) + q.grace_days * DAY_MS;
  return leaveInstant(oldestInWindow ?? t, q, zone) + q.grace_days * DAY_MS;
}

function computeCalendar(tiers: readonly TierThreshold[], events: readonly QualifyingEvent[], t: number, q: TierQualification, zone: string): TierComputation {
  const y0 = yearStart(t, zone);
  const y1 = yearStart(t, zone, -1);
  const y2 = yearStart(t, zone, -2);
  let ytd = 0;
  let prev = 0;
  let prev2 = 0;
  for (const e of events) {
    if (e.at > t) break;
    if (e.at >= y0) ytd += e.value;
    else if (e.at >= y1) prev += e.value;
    else if (e.at >= y2) prev2 += e.value;
  }
  const grace = q.grace_days * DAY_MS;
  const candidates: Array<[number, number]> = [
    [tierForValue(tiers, ytd), yearStart(t, zone, 2) + grace],
    [tierForValue(tiers, prev), yearStart(t, zone, 1) + grace],
  ];
  if (t < y0 + grace) candidates.push([tierForValue(tiers, prev2), y0 + grace]);
  let best = -1;
  let held = 0;
  for (const [index, hold] of candidates) {
    if (index > best) [best, held] = [index, hold];
    else if (index === best) held = Math.max(held, hold);
  }
  return finish(tiers, best, held, ytd, y0);
}

function finish(tiers: readonly TierThreshold[], best: number, held: number | null, value: number, start: number): TierComputation {
  if (best < 0) return { tier_id: null, held_until: null, value, window_start: start };
  const unlosable = best === 0 && tiers[0]!.threshold <= 0;
  return { tier_id: tiers[best]!.id, held_until: unlosable ? null : held, value, window_start: start };
}

function computeRolling(tiers: readonly TierThreshold[], events: readonly QualifyingEvent[], t: number, q: TierQualification, zone: string): TierComputation {
  // Q as a step function: +value when an event happens, -value when it leaves the window.
  const calendar = calendarFor(zone, q.months);
  const changes: Array<{ at: number; delta: number }> = [];
  for (const e of events) {
    if (e.at > t) break;
    changes.push({ at: e.at, delta: e.value }, { at: calendar.leave(e.at), delta: -e.value });
  }
  changes.sort((a, b) => a.at - b.at);
  const from = t - q.grace_days * DAY_MS;
  let i = 0;
  let value = 0;
  while (i < changes.length && changes[i]!.at <= from) value += changes[i++]!.delta;
  let best = tierForValue(tiers, value);
  while (i < changes.length && changes[i]!.at <= t) {
    const at = changes[i]!.at;
    while (i < changes.length && changes[i]!.at === at) value += changes[i++]!.delta;
    best = Math.max(best, tierForValue(tiers, value));
  }
  const now = value;
  if (best < 0 || tiers[best]!.threshold <= 0) return finish(tiers, best, null, now, calendar.windowStart(t));
  // The tier ends `grace` after the last time Q fell below its threshold (no new events assumed).
  const threshold = tiers[best]!.threshold;
  let running = 0;
  let above = false;
  let drop = t;
  for (let k = 0; k < changes.length; ) {
    const at = changes[k]!.at;
    while (k < changes.length && changes[k]!.at === at) running += changes[k++]!.delta;
    if (running >= threshold) above = true;
    else if (above) {
      above = false;
      drop = at;
    }
  }
  return finish(tiers, best, drop + q.grace_days * DAY_MS, now, calendar.windowStart(t));
}

/** The tier at t from the events (sorted by at; events after t are ignored). */
export function computeTier(tiers: readonly TierThreshold[], events: readonly QualifyingEvent[], t: number, q: TierQualification, zone: string): TierComputation {
  return q.period === 'calendar_year' ? computeCalendar(tiers, events, t, q, zone) : computeRolling(tiers, events, t, q, zone);
}
