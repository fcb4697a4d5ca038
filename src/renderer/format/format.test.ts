import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatClock, formatDateTime, formatExpiry } from './dates.js';
import { formatMoney } from './money.js';
import { countryName } from './countries.js';

const nbsp = (s: string) => s.replace(/\u00a0/g, ' ');

describe('money', () => {
  it('shows rupiah from minor units (exponent 2) without decimals: Rp 25.000', () => {
    expect(nbsp(formatMoney(2_500_000, 'IDR', 'id'))).toBe('Rp 25.000');
    expect(nbsp(formatMoney(2_500_050, 'IDR', 'en'))).toBe('Rp 25.001');
    expect(nbsp(formatMoney(0, 'IDR', 'id'))).toBe('Rp 0');
  });

  it('keeps the usual digits for other currencies, and 0 or 3 where ISO says so', () => {
    expect(nbsp(formatMoney(1250, 'USD', 'en'))).toMatch(/12,50$/);
    expect(nbsp(formatMoney(2500, 'JPY', 'id'))).toMatch(/2\.500$/);
    expect(nbsp(formatMoney(1234, 'KWD', 'id'))).toMatch(/1,234$/);
  });
});

describe('dates', () => {
  it("shows an instant in the program's time zone, not the computer's", () => {
    // 2026-03-01T20:30Z is already 2 March in Jakarta (UTC+7) and still 1 March in UTC.
    const t = Date.UTC(2026, 2, 1, 20, 30) / 1000;
    expect(formatDateTime(t, 'Asia/Jakarta', 'id')).toMatch(/^2 Mar 2026/);
    expect(formatDateTime(t, 'UTC', 'id')).toMatch(/^1 Mar 2026/);
  });

  it('shows a birthday as written, whatever the zone', () => {
    expect(formatCalendarDate('1990-04-17', 'en')).toMatch(/17 Apr 1990/);
    expect(formatCalendarDate('not-a-date', 'en')).toBe('not-a-date');
  });

  it('writes a time of day as the reader does: 14.00 in Indonesian, 14:00 in English', () => {
    expect(formatClock('14:00', 'id')).toBe('14.00');
    expect(formatClock('14:00', 'en')).toBe('14:00');
  });

  it('writes expiry as MM/YY', () => {
    expect(formatExpiry(3, 2031)).toBe('03/31');
  });
});

describe('countryName', () => {
  it('names a country code in the reader\'s language, and keeps a code Intl does not know', () => {
    expect(countryName('ID', 'id')).toBe('Indonesia');
    expect(countryName('sg', 'en')).toBe('Singapore');
    expect(countryName('NL', 'id')).toBe('Belanda');
    expect(countryName('??', 'id')).toBe('??');
  });
});
