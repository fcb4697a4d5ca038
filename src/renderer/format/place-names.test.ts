import { describe, expect, it } from 'vitest';
import { currencyName, timeZoneName } from './place-names.js';

describe('currencyName and timeZoneName', () => {
  it('say rupiah and Jakarta time in the UI language', () => {
    expect(currencyName('IDR', 'id')).toBe('Rupiah Indonesia');
    expect(currencyName('IDR', 'en')).toBe('Indonesian Rupiah');
    expect(timeZoneName('Asia/Jakarta', 'id')).toBe('Waktu Indonesia Barat');
    expect(timeZoneName('Asia/Jakarta', 'en')).toBe('Western Indonesia Time');
  });

  it('fall back to the code for what Intl does not know', () => {
    expect(currencyName('nope', 'en')).toBe('nope');
    expect(timeZoneName('Mars/Olympus', 'en')).toBe('Mars/Olympus');
  });
});
