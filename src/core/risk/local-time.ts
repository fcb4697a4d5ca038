/** Formatters are costly to build and to use: one per time zone, and its offset cached per six hours. */
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();
const OFFSETS = new Map<string, number>();
const QUARTER_MS = 15 * 60_000;
const SPAN_MS = 6 * 3_600_000;
const MAX_CACHED = 10_000;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = FORMATTERS.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    FORMATTERS.set(timeZone, f);
  }
  return f;
}

function offsetAt(ms: number, timeZone: string): number {
  let hour = 0;
  let minute = 0;
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  let offset = hour * 60 + minute - (Math.floor(ms / 60_000) % 1440);
  if (offset > 840) offset -= 1440;
  if (offset < -720) offset += 1440;
  return offset;
}

/**
 * The zone's offset from UTC in minutes at this instant. A zone changes its offset at most twice
 * a year, on a quarter hour: when the offsets at both ends of a six-hour span agree, the whole span
 * has that offset (one answer serves it); otherwise the quarter hour is asked about exactly.
 */
/** The last span asked about: decisions come in time order, so most ask about the same one (no key string, no lookup). */
let lastZone = '';
let lastSpan = Number.NaN;
let lastOffset = Number.NaN;

function offsetMinutes(at: Date, timeZone: string): number {
  const ms = at.getTime();
  const span = Math.floor(ms / SPAN_MS);
  if (span === lastSpan && timeZone === lastZone) return Number.isNaN(lastOffset) ? offsetAt(Math.floor(ms / QUARTER_MS) * QUARTER_MS, timeZone) : lastOffset;
  const key = `${timeZone}|${span}`;
  let cached = OFFSETS.get(key);
  if (cached === undefined) {
    const start = offsetAt(span * SPAN_MS, timeZone);
    const end = offsetAt((span + 1) * SPAN_MS - QUARTER_MS, timeZone);
    cached = start === end ? start : Number.NaN;
    if (OFFSETS.size >= MAX_CACHED) OFFSETS.clear();
    OFFSETS.set(key, cached);
  }
  lastZone = timeZone;
  lastSpan = span;
  lastOffset = cached;
  return Number.isNaN(cached) ? offsetAt(Math.floor(ms / QUARTER_MS) * QUARTER_MS, timeZone) : cached;
}

/** Hour (0-23) and minute of an instant in an IANA time zone. */
export function localTime(at: Date, timeZone: string): { hour: number; minute: number; text: string } {
  const utcMinutes = Math.floor(at.getTime() / 60_000) % 1440;
  const local = (((utcMinutes + offsetMinutes(at, timeZone)) % 1440) + 1440) % 1440;
  const hour = Math.floor(local / 60);
  const minute = local % 60;
  return { hour, minute, text: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` };
}

/** Whether `hour` lies in [from, to), wrapping past midnight when from > to. */
export function hourInRange(hour: number, from: number, to: number): boolean {
  return from <= to ? hour >= from && hour < to : hour >= from || hour < to;
}
