import { describe, expect, it } from 'vitest';
import { minorToInput, parseMoneyInput } from './money-input.js';

describe('typed amounts', () => {
  it('reads rupiah typed the ways a cashier types them, in minor units (IDR exponent 2)', () => {
    for (const text of ['25000', '25.000', 'Rp 25.000', 'rp25.000', '25,000', ' 25 000 ', 'IDR 25.000']) {
      expect(parseMoneyInput(text, 'IDR'), text).toBe(2_500_000);
    }
    expect(parseMoneyInput('1.250.000', 'IDR')).toBe(125_000_000);
  });

  it('keeps decimals for currencies that have them', () => {
    expect(parseMoneyInput('12.50', 'USD')).toBe(1250);
    expect(parseMoneyInput('12,5', 'EUR')).toBe(1250);
    expect(parseMoneyInput('1,234.56', 'USD')).toBe(123_456);
    expect(parseMoneyInput('1.234', 'KWD')).toBe(1234);
    expect(parseMoneyInput('2500', 'JPY')).toBe(2500);
  });

  it('refuses what is not an amount', () => {
    for (const text of ['', '   ', 'abc', '12a', 'Rp', '99999999999999999']) expect(parseMoneyInput(text, 'IDR'), text).toBeNull();
  });

  it('writes minor units back as whole units for an input', () => {
    expect(minorToInput(2_500_000, 'IDR')).toBe('25000');
    expect(minorToInput(1250, 'USD')).toBe('12.5');
  });
});
