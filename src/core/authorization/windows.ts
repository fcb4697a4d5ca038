import { DAY_MS, zoneOffsetMs } from '../kernel/zone-offset.js';

/**
 * Limit windows are calendar windows in the program's time zone (IANA, e.g. Asia/Jakarta):
 * the local hour, day, week, month and year the authorization falls in. A week starts on the
 * program's `week_starts_on` (0 Sunday .. 6 Saturday; a new program's default is 1, Monday,
 * as in Indonesia and ISO 8601). Keys name the window by its local start, so they sort and never
 * collide: H2026-03-02T10, D2026-03-02, W2026-03-02 (the week's first day), M2026-03, Y2026, A.
 */
export interface WindowKeys {
  hourly: string;
  daily: string;
  weekly: string;
  monthly: string;
  yearly: string;
  all_time: string;
}

export interface LocalMoment {
  /** 0 Sunday .. 6 Saturday, local. */
  dayOfWeek: number;
  /** Minutes since local midnight. */
  minutes: number;
}

export interface Windows {
  keys: WindowKeys;
  local: LocalMoment;
}

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));
/** YYYY-MM-DD of a shifted instant (local wall clock read with UTC getters). */
const ymd = (local: Date): string => `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;

export function computeWindows(at: Date, timezone: string, weekStartsOn: number): Windows {
  const ms = at.getTime();
  // The local wall clock, read with UTC getters: no time-zone object per decision.
  const local = new Date(ms + zoneOffsetMs(timezone, ms));
  const day = ymd(local);
  const dayOfWeek = local.getUTCDay();
  const weekStart = new Date(local.getTime() - ((dayOfWeek - weekStartsOn + 7) % 7) * DAY_MS);
  const year = local.getUTCFullYear();
  return {
    keys: {
      hourly: `H${day}T${pad(local.getUTCHours())}`,
      daily: `D${day}`,
      weekly: `W${ymd(weekStart)}`,
      monthly: `M${year}-${pad(local.getUTCMonth() + 1)}`,
      yearly: `Y${year}`,
      all_time: 'A',
    },
    local: { dayOfWeek, minutes: local.getUTCHours() * 60 + local.getUTCMinutes() },
  };
}

/**
 * Every zone's offset is a whole number of quarter hours, so windows are the same for a whole
 * minute: remember the last minute per zone and week start (the hot path asks many times a ms).
 */
const cache = new Map<string, { minute: number; windows: Windows }>();

export function windowsAt(at: Date, timezone: string, weekStartsOn: number): Windows {
  const minute = Math.floor(at.getTime() / 60_000);
  const key = `${timezone}|${weekStartsOn}`;
  const hit = cache.get(key);
  if (hit && hit.minute === minute) return hit.windows;
  const windows = computeWindows(at, timezone, weekStartsOn);
  if (cache.size > 64) cache.clear();
  cache.set(key, { minute, windows });
  return windows;
}

export function windowKeyList(keys: WindowKeys): string[] {
  return [keys.hourly, keys.daily, keys.weekly, keys.monthly, keys.yearly, keys.all_time];
}

/** year*12 + month-1 of the local month (for expiry checks without another time-zone conversion). */
export function localMonthIndex(keys: WindowKeys): number {
  return Number(keys.monthly.slice(1, 5)) * 12 + Number(keys.monthly.slice(6, 8)) - 1;
}
