import { describe, expect, it } from 'vitest';
import { formatTraceDetail } from './trace.js';

const nbsp = (s: string) => s.replace(/\u00a0/g, ' ');

describe('trace details', () => {
  it('writes the amounts of money rules as money', () => {
    expect(nbsp(formatTraceDetail('funds', '800000 available, 1800000 needed', 'IDR', 'id'))).toBe('Rp 8.000 available, Rp 18.000 needed');
    expect(nbsp(formatTraceDetail('program_cap', 'per_authorization cap 100000000: fits', 'IDR', 'en'))).toBe('per_authorization cap Rp 1.000.000: fits');
  });

  it('keeps category codes of a limit as codes', () => {
    const text = nbsp(formatTraceDetail('spending_limit', 'daily limit 500000 on 5814, restaurants: 0 used, 100000 fits', 'IDR', 'id'));
    expect(text).toBe('daily limit Rp 5.000 on 5814, restaurants: Rp 0 used, Rp 1.000 fits');
  });

  it('leaves other rules alone (MCCs, countries, counts)', () => {
    expect(formatTraceDetail('allowed_categories', 'category 5814 is allowed', 'IDR', 'id')).toBe('category 5814 is allowed');
    expect(formatTraceDetail('velocity_limit', 'daily: 3 of 5 used', 'IDR', 'id')).toBe('daily: 3 of 5 used');
  });
});
