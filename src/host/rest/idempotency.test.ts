import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, requestHash, validIdempotencyKey, withoutCardNumbers } from './idempotency.js';

describe('idempotency helpers', () => {
  it('hash the same request the same, whatever the key order', () => {
    expect(requestHash('POST', '/v1/programs', { a: 1, b: { c: [1, 2], d: 'x' } })).toBe(requestHash('POST', '/v1/programs', { b: { d: 'x', c: [1, 2] }, a: 1 }));
    expect(requestHash('POST', '/v1/programs', { a: 1 })).not.toBe(requestHash('POST', '/v1/programs/x', { a: 1 }));
    expect(requestHash('POST', '/v1/programs', { a: 1 })).not.toBe(requestHash('POST', '/v1/programs', { a: '1' }));
    fc.assert(fc.property(fc.jsonValue(), (value) => canonicalJson(JSON.parse(JSON.stringify(value))) === canonicalJson(JSON.parse(canonicalJson(value)))));
  });

  it('never store a full card number', () => {
    const answer = JSON.stringify({ number: '4242424242424242', amount: 4242424242424242, phone: '+4242424242424242', note: 'x4242424242424242' });
    const stored = withoutCardNumbers(answer);
    expect(stored).toContain('"number":"424242******4242"');
    // A JSON number, a phone number and digits inside other text are not card numbers.
    expect(stored).toContain('"amount":4242424242424242');
    expect(stored).toContain('"phone":"+4242424242424242"');
    expect(stored).toContain('"note":"x4242424242424242"');
    expect(withoutCardNumbers('{"id":"1234567890123"}')).toBe('{"id":"1234567890123"}');
  });

  it('accept 1-255 visible ASCII characters as a key', () => {
    expect(validIdempotencyKey(undefined)).toBeUndefined();
    expect(validIdempotencyKey('8c1f6a52-0f4e-4b9c-9d6e-1a2b3c4d5e6f')).toBe('8c1f6a52-0f4e-4b9c-9d6e-1a2b3c4d5e6f');
    for (const bad of ['', 'with space', 'k'.repeat(256), 'ümlaut']) expect(() => validIdempotencyKey(bad)).toThrow(/Idempotency-Key/);
  });
});
