import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoToMs } from './local-time.js';

describe('isoToMs', () => {
  it('reads every instant toISOString writes exactly as Date.parse does', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), (ms) => {
        expect(isoToMs(new Date(ms).toISOString())).toBe(ms);
      }),
      { numRuns: 2_000 },
    );
  });

  it('leaves any other text to Date.parse', () => {
    for (const text of ['2026-03-02', '2026-03-02T03:00:00Z', '2026-03-02T10:00:00.000+07:00', '+012026-03-02T03:00:00.000Z', 'not a date', '']) {
      expect(Object.is(isoToMs(text), Date.parse(text))).toBe(true);
    }
  });
});
