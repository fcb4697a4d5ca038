import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TZDate } from '@date-fns/tz';
import { startOfWeek } from 'date-fns';
import { instantOfLocalWall, localMonthIndex, zoneOffsetMs } from './zone-offset.js';
import { computeWindows } from '../authorization/windows.js';
import { localTime } from '../risk/local-time.js';

/** Zones with daylight saving, half-hour saving (Lord Howe), odd offsets (Kathmandu) and none (Jakarta). */
const ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Kathmandu', 'America/New_York', 'Europe/London', 'Australia/Sydney', 'Australia/Lord_Howe', 'America/Santiago', 'Pacific/Chatham'];

/** The reference: Intl at the exact instant, no cache. */
function intlOffset(zone: string, ms: number): number {
  const parts: Record<string, number> = {};
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  for (const p of format.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - Math.floor(ms / 1000) * 1000;
}

const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) });

describe('zoneOffsetMs (the engine\'s one time-zone offset lookup)', () => {
  it('agrees with Intl at any instant, in zones with and without daylight saving', () => {
    fc.assert(fc.property(fc.constantFrom(...ZONES), instant, (zone, ms) => {
      expect(zoneOffsetMs(zone, ms)).toBe(intlOffset(zone, ms));
    }), { numRuns: 3_000 });
  });

  it('is exact on both sides of a change of offset, minute by minute, asked in any order', () => {
    // New York springs forward 2026-03-08 07:00 UTC; Lord Howe moves by half an hour 2026-04-04 15:00 UTC.
    for (const [zone, change] of [['America/New_York', Date.UTC(2026, 2, 8, 7)], ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 15)], ['Europe/London', Date.UTC(2026, 9, 25, 1)]] as const) {
      const minutes = Array.from({ length: 240 }, (_, i) => change + (i - 120) * 60_000);
      for (const ms of [...minutes, ...minutes.reverse()]) expect(zoneOffsetMs(zone, ms)).toBe(intlOffset(zone, ms));
      expect(zoneOffsetMs(zone, change - 1)).not.toBe(zoneOffsetMs(zone, change));
    }
  });

  it('turns a wall-clock time back into the instant that reads it, also next to a change of offset', () => {
    fc.assert(fc.property(fc.constantFrom(...ZONES), instant, (zone, ms) => {
      const wall = ms + intlOffset(zone, ms);
      const back = instantOfLocalWall(wall, zone);
      // Whatever instant comes back reads the same wall clock; a wall time that occurs twice (clocks
      // set back) may answer either of its two instants.
      expect(back + intlOffset(zone, back)).toBe(wall);
    }), { numRuns: 3_000 });
    // Just after New York springs forward (03:00 EDT = 07:00 UTC): the offset at the wall time
    // read as UTC (03:30 UTC, still EST) is an hour off; the answer is the EDT instant. Likewise
    // Sydney's last hours before summer time, and the hour London repeats (01:30 occurs twice).
    expect(instantOfLocalWall(Date.UTC(2026, 2, 8, 3, 30), 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 7, 30));
    expect(instantOfLocalWall(Date.UTC(2026, 2, 8, 6), 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 10));
    // Sydney (+10, +11 from 2026-10-04 02:00 local = 10-03 16:00 UTC): 01:30 local, still +10.
    expect(instantOfLocalWall(Date.UTC(2026, 9, 4, 1, 30), 'Australia/Sydney')).toBe(Date.UTC(2026, 9, 3, 15, 30));
    const repeated = instantOfLocalWall(Date.UTC(2026, 9, 25, 1, 30), 'Europe/London');
    expect([Date.UTC(2026, 9, 25, 0, 30), Date.UTC(2026, 9, 25, 1, 30)]).toContain(repeated);
  });

  it('answers each zone for itself when calls alternate between zones on the same day', () => {
    const ms = Date.UTC(2026, 5, 1, 12);
    for (let i = 0; i < 10; i++) {
      expect(zoneOffsetMs('Asia/Jakarta', ms)).toBe(7 * 3_600_000);
      expect(zoneOffsetMs('Asia/Kathmandu', ms)).toBe(5.75 * 3_600_000);
    }
  });
});

describe('the local calendars built on it', () => {
  it('limit windows name the same hour, day, week, month and year as date-fns in the zone', () => {
    fc.assert(fc.property(fc.constantFrom(...ZONES), instant, fc.integer({ min: 0, max: 6 }), (zone, ms, weekStartsOn) => {
      const local = new TZDate(ms, zone);
      const pad = (n: number): string => String(n).padStart(2, '0');
      const ymd = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
      const week = startOfWeek(local, { weekStartsOn: weekStartsOn as 0 });
      const windows = computeWindows(new Date(ms), zone, weekStartsOn);
      expect(windows.keys).toEqual({
        hourly: `H${ymd(local)}T${pad(local.getHours())}`,
        daily: `D${ymd(local)}`,
        weekly: `W${ymd(week)}`,
        monthly: `M${local.getFullYear()}-${pad(local.getMonth() + 1)}`,
        yearly: `Y${local.getFullYear()}`,
        all_time: 'A',
      });
      expect(windows.local).toEqual({ dayOfWeek: local.getDay(), minutes: local.getHours() * 60 + local.getMinutes() });
    }), { numRuns: 2_000 });
  });

  it('card expiry and monthly fees read the local month', () => {
    fc.assert(fc.property(fc.constantFrom(...ZONES), instant, (zone, ms) => {
      const local = new TZDate(ms, zone);
      expect(localMonthIndex(ms, zone)).toBe(local.getFullYear() * 12 + local.getMonth());
    }), { numRuns: 1_000 });
  });

  it("risk's local hour is the zone's wall clock", () => {
    fc.assert(fc.property(fc.constantFrom(...ZONES), instant, (zone, ms) => {
      const local = new TZDate(ms, zone);
      expect(localTime(new Date(ms), zone)).toMatchObject({ hour: local.getHours(), minute: local.getMinutes() });
    }), { numRuns: 1_000 });
  });
});
