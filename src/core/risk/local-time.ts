import { zoneOffsetMs } from '../kernel/zone-offset.js';

/** Hour (0-23) and minute of an instant in an IANA time zone (the engine's one cached offset lookup). */
export function localTime(at: Date, timeZone: string): { hour: number; minute: number; text: string } {
  const ms = at.getTime();
  const minuteOfDay = Math.floor((ms + zoneOffsetMs(timeZone, ms)) / 60_000) % 1440;
  const local = (minuteOfDay + 1440) % 1440;
  const hour = Math.floor(local / 60);
  const minute = local % 60;
  return { hour, minute, text: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` };
}

/** Whether `hour` lies in [from, to), wrapping past midnight when from > to. */
export function hourInRange(hour: number, from: number, to: number): boolean {
  return from <= to ? hour >= from && hour < to : hour >= from || hour < to;
}
