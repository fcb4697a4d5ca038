import { describe, expect, it } from 'vitest';
import { classifyLookup, phoneQuery, toE164 } from './lookup.js';

describe('counter lookup', () => {
  it('opens a card from its QR payload, even with a prefix or trailing newline from the scanner', () => {
    expect(classifyLookup('card_01m22xtbd9000eje84bytw')).toEqual({ kind: 'card_id', id: 'card_01m22xtbd9000eje84bytw' });
    expect(classifyLookup('kartu:card_01m22xtbd9000eje84bytw\n')).toEqual({ kind: 'card_id', id: 'card_01m22xtbd9000eje84bytw' });
  });

  it('tells a card number, a last 4 and a phone apart', () => {
    expect(classifyLookup('4000 1234 5678 9010')).toEqual({ kind: 'number', number: '4000123456789010' });
    expect(classifyLookup('9010')).toEqual({ kind: 'last4', last4: '9010' });
    expect(classifyLookup('081234567890')).toEqual({ kind: 'text', query: '81234567890' });
    expect(classifyLookup('+6281234567890')).toEqual({ kind: 'text', query: '81234567890' });
    expect(classifyLookup('Siti')).toEqual({ kind: 'text', query: 'Siti' });
    expect(classifyLookup('   ')).toEqual({ kind: 'empty' });
  });

  it('writes Indonesian phones typed with 0 or 62 in E.164', () => {
    expect(toE164('0812-3456-7890')).toBe('+6281234567890');
    expect(toE164('6281234567890')).toBe('+6281234567890');
    expect(toE164('+6281234567890')).toBe('+6281234567890');
    expect(toE164('')).toBe('');
    expect(phoneQuery('Budi')).toBe('Budi');
  });
});
