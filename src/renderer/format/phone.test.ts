import { describe, expect, it } from 'vitest';
import { formatPhone } from './phone.js';

describe('phone numbers', () => {
  it('writes an Indonesian mobile number with the dashes Indonesians use, after +62', () => {
    expect(formatPhone('+6281210011063')).toBe('+62 812-1001-1063');
    expect(formatPhone('+6285712345678')).toBe('+62 857-1234-5678');
    // The demo's two shapes of number (src/core/demo/generate-demo.ts).
    expect(formatPhone('+628117000000')).toBe('+62 811-7000-000');
    expect(formatPhone('+6281210000037')).toBe('+62 812-1000-0037');
  });

  it('writes an Indonesian landline with its area code, without the national 0 or brackets', () => {
    expect(formatPhone('+62215551234')).toBe('+62 21 5551234');
  });

  it("groups other countries' numbers as they are written internationally", () => {
    expect(formatPhone('+6561234567')).toBe('+65 6123 4567');
    expect(formatPhone('+14155552671')).toBe('+1 415 555 2671');
    expect(formatPhone('+447911123456')).toBe('+44 7911 123456');
  });

  it('shows a value it cannot read as a real number as it was', () => {
    for (const raw of ['', 'abc', '0812-1001-1063', '+62812', '+6281210011063999999', '+999123456']) expect(formatPhone(raw)).toBe(raw);
  });
});
