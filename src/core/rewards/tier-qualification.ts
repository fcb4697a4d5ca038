import type { TierQualification } from './rewards-settings.js';
import { addMonthsZoned, DAY_MS, startOfLocalYear } from './local-time.js';

/**
 * Tiers as a pure function of history, so that a recomputation always agrees with what the
 * purchase path stored.
 *
 * The qualifying value Q(s) at an instant s is the sum of qualifying events (net spend of each
 * purchase, or points earned net of reversals) in the window ending at s: the last N months
 * (rolling) or the calendar year so far. Reaching a tier at s holds it for one full qualification
 * period after s, plus the grace days: until s + N months + grace (rolling), or until the end of the
 * calendar year after s's year + grace (calendar). The tier at t is the highest tier reached at any
 * s <= t whose hold has not run out. So an upgrade is immediate; a downgrade happens only when the
 * period that earned the tier has ended; the current points balance plays no part.
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
  /** Null when the tier cannot be lost (the lowest tier, or none). */
  held_until: number | null;
  /** Q(t). */
  value: number;
  window_start: number;
}

/** Tiers sorted by threshold ascending. The highest whose threshold the value reaches, or null. */
export function tierForValue(tiers: readonly TierThreshold[], value: number): number {
  let index = -1;
  for (let i = 0; i < tiers.length; i++) if (value >= tiers[i]!.threshold) index = i;
  return index;
}

export function holdUntil(s: number, q: TierQualification, zone: string): number {
  const end = q.period === 'rolling' ? addMonthsZoned(s, q.months, zone) : startOfLocalYear(s, zone, 2);
  return end + q.grace_days * DAY_MS;
}

/** The first instant inside the window ending at t (rolling windows exclude their start). */
export function windowStart(t: number, q: TierQualification, zone: string): number {
  return q.period === 'rolling' ? addMonthsZoned(t, -q.months, zone) + 1 : startOfLocalYear(t, zone);
}

/** How far back events must be loaded to compute the tier at t. */
export function historyStart(t: number, q: TierQualification, zone: string): number {
  if (q.period === 'calendar_year') return startOfLocalYear(t, zone, -2);
  return addMonthsZoned(t, -2 * q.months, zone) - (q.grace_days + 1) * DAY_MS;
}

/** Index of the first event with at >= ms (events sorted by at). */
function lowerBound(events: readonly QualifyingEvent[], ms: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.at < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The tier at t from the events (sorted by at; those after t are ignored). Linear in the number of
 * events plus a binary search per candidate instant.
 */
export function computeTier(tiers: readonly TierThreshold[], events: readonly QualifyingEvent[], t: number, q: TierQualification, zone: string): TierComputation {
  const end = lowerBound(events, t + 1);
  const prefix = new Array<number>(end + 1);
  prefix[0] = 0;
  for (let i = 0; i < end; i++) prefix[i + 1] = prefix[i]! + events[i]!.value;
  const valueAt = (s: number, upto: number): number => prefix[upto]! - prefix[lowerBound(events, windowStart(s, q, zone))]!;

  const nowValue = valueAt(t, end);
  let best = tierForValue(tiers, nowValue);
  let bestHold = holdUntil(t, q, zone);
  // Each event is an instant at which Q may have peaked; its tier holds until holdUntil(s).
  for (let i = end - 1; i >= 0; i--) {
    const s = events[i]!.at;
    const hold = holdUntil(s, q, zone);
    if (hold <= t) {
      // Older events hold even shorter (holdUntil grows with s), so nothing before can count.
      break;
    }
    if (i + 1 < end && events[i + 1]!.at === s) continue; // the last of equal instants carries Q(s)
    const index = tierForValue(tiers, valueAt(s, i + 1));
    if (index > best) {
      best = index;
      bestHold = hold;
    } else if (index === best && hold > bestHold) {
      bestHold = hold;
    }
  }
  if (best < 0) return { tier_id: null, held_until: null, value: nowValue, window_start: windowStart(t, q, zone) };
  const lowest = tiers[0]!.threshold <= 0 && best === 0;
  return { tier_id: tiers[best]!.id, held_until: lowest ? null : bestHold, value: nowValue, window_start: windowStart(t, q, zone) };
}
