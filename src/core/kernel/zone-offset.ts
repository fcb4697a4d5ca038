/**
 * A time zone's offset from UTC at an instant, for every part of the engine that reads local
 * calendars (limit windows, earning windows, tiers, risk's night hours, reports): one answer for
 * the whole engine, fast enough to ask on every decision and for every event of a 100,000-member
 * tier recomputation.
 *
 * Intl is the source of truth and costs microseconds per call, so answers are cached. Zones change
 * their offset rarely and always on a quarter hour of UTC time (offsets are whole quarter hours),
 * so a UTC day whose first and last quarter hours agree has one offset all day (one cache entry
 * per zone and day); a day with a change is answered per quarter hour. Two changes that cancel
 * out within one UTC day do not occur in the time zone database.
 */
const QUARTER_MS = 900_000;
export const DAY_MS = 86_400_000;
const MAX_CACHED_PER_ZONE = 100_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Per zone: UTC day number -> the offset that holds all day, or NaN for a day with a change. */
const dayOffsets = new Map<string, Map<number, number>>();
/** Per zone: quarter-hour number -> offset, for days with a change. */
const quarterOffsets = new Map<string, Map<number, number>>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Asks Intl: the local wall clock at `ms` (a quarter-hour instant), read as if UTC, minus `ms`. */
function offsetFromIntl(zone: string, ms: number): number {
  let year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  for (const part of formatter(zone).formatToParts(new Date(ms))) {
    switch (part.type) {
      case 'year': year = Number(part.value); break;
      case 'month': month = Number(part.value); break;
      case 'day': day = Number(part.value); break;
      case 'hour': hour = Number(part.value); break;
      case 'minute': minute = Number(part.value); break;
      case 'second': second = Number(part.value); break;
      default: break;
    }
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) - ms;
}

function zoneCache(caches: Map<string, Map<number, number>>, zone: string): Map<number, number> {
  let cache = caches.get(zone);
  if (!cache) caches.set(zone, (cache = new Map()));
  else if (cache.size >= MAX_CACHED_PER_ZONE) cache.clear();
  return cache;
}

function offsetOfQuarter(zone: string, quarter: number): number {
  const cache = zoneCache(quarterOffsets, zone);
  let offset = cache.get(quarter);
  if (offset === undefined) cache.set(quarter, (offset = offsetFromIntl(zone, quarter * QUARTER_MS)));
  return offset;
}

/** The last zone and day answered: calls come in time order, so most ask about the same day again. */
let lastZone = '';
let lastDay = Number.NaN;
let lastOffset = Number.NaN;

/** Milliseconds to add to a UTC instant to read its local wall clock in `zone` (IANA) with UTC getters. */
export function zoneOffsetMs(zone: string, ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  if (day === lastDay && zone === lastZone && !Number.isNaN(lastOffset)) return lastOffset;
  const cache = zoneCache(dayOffsets, zone);
  let whole = cache.get(day);
  if (whole === undefined) {
    const first = offsetOfQuarter(zone, day * 96);
    whole = first === offsetOfQuarter(zone, day * 96 + 95) ? first : Number.NaN;
    cache.set(day, whole);
  }
  lastZone = zone;
  lastDay = day;
  lastOffset = whole;
  return Number.isNaN(whole) ? offsetOfQuarter(zone, Math.floor(ms / QUARTER_MS)) : whole;
}

/** The local month of an instant in `zone`, as year * 12 + (month - 1): card expiry and monthly fees compare months. */
export function localMonthIndex(ms: number, zone: string): number {
  const local = new Date(ms + zoneOffsetMs(zone, ms));
  return local.getUTCFullYear() * 12 + local.getUTCMonth();
}

/**
 * The instant at which `zone`'s wall clock reads `wallMs` (a local date and time written as if it
 * were UTC). The offset at the wall time itself is only a first guess: near a change of offset it
 * can be an hour off, so it is corrected with the offset found at the guessed instant.
 */
export function instantOfLocalWall(wallMs: number, zone: string): number {
  const guess = wallMs - zoneOffsetMs(zone, wallMs);
  return wallMs - zoneOffsetMs(zone, guess);
}
