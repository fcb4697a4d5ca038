import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localTime } from './local-time.js';

function reference(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('hour')}:${get('minute')}`;
}

describe('localTime', () => {
  it('agrees with Intl for any instant, including across DST changes and odd offsets', () => {
    const zones = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'Europe/Amsterdam', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2020-01-01'), max: Date.parse('2030-12-31') }), fc.constantFrom(...zones), (ms, zone) => {
        const at = new Date(ms);
        expect(localTime(at, zone).text).toBe(reference(at, zone));
      }),
      { numRuns: 3_000 },
    );
  });

  it('is exact right at a DST transition', () => {
    // Amsterdam: 2026-03-29 01:00 UTC, 02:00 local becomes 03:00.
    expect(localTime(new Date('2026-03-29T00:59:00Z'), 'Europe/Amsterdam').text).toBe('01:59');
    expect(localTime(new Date('2026-03-29T01:00:00Z'), 'Europe/Amsterdam').text).toBe('03:00');
  });
});

import { formatMoney } from './format.js';

describe('formatMoney', () => {
  it('writes amounts as people read them', () => {
    expect(formatMoney(1_000_000, 'IDR')).toBe('Rp 10.000');
    expect(formatMoney(250_000_000, 'IDR')).toBe('Rp 2.500.000');
    expect(formatMoney(5_000, 'IDR')).toBe('Rp 50');
    expect(formatMoney(123_456_789, 'USD')).toBe('USD 1,234,567.89');
    expect(formatMoney(5, 'USD')).toBe('USD 0.05');
    expect(formatMoney(1_500, 'JPY')).toBe('JPY 1,500');
    expect(formatMoney(-2_500, 'USD')).toBe('-USD 25.00');
  });
});
