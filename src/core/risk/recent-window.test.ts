import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APPROVED, pushRecent, RING_LIMIT, RING_SPAN_S, STRIDE, TINY, windowFigures, type Recent } from './recent-window.js';
import { addSample, standardDeviation } from './welford.js';

interface Attempt {
  t: number;
  amount: number;
  flags: number;
}

/** The model: every attempt kept, windows counted by filtering. */
function modelFigures(all: Attempt[], now: number, span: number) {
  const inWindow = all.filter((a) => a.t > now - span && a.t <= now);
  return {
    count: inWindow.length,
    approvedAmount: inWindow.filter((a) => a.flags & APPROVED && a.amount > 0).reduce((s, a) => s + a.amount, 0),
    probes: inWindow.filter((a) => a.flags & TINY || !(a.flags & APPROVED)).length,
  };
}

describe('recent ring', () => {
  it('matches a model that keeps every attempt, for windows up to 24 h, while under the limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 7_200 }), amount: fc.integer({ min: -1, max: 10_000_000 }), flags: fc.integer({ min: 0, max: 3 }) }), { maxLength: 150 }),
        fc.constantFrom(900, 3_600, 86_400),
        (steps, span) => {
          let t = 1_700_000_000;
          let ring: Recent = [];
          const all: Attempt[] = [];
          for (const step of steps) {
            t += step.gap;
            ring = pushRecent(ring, t, step.amount, step.flags);
            all.push({ t, amount: step.amount, flags: step.flags });
            expect(ring.length % STRIDE).toBe(0);
            expect(ring.length / STRIDE).toBeLessThanOrEqual(RING_LIMIT);
          }
          expect(windowFigures(ring, t, span)).toEqual(modelFigures(all, t, span));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps at most RING_LIMIT attempts and nothing older than a day', () => {
    let ring: Recent = [];
    for (let i = 0; i < 1_000; i++) ring = pushRecent(ring, 1_000 + i * 10, 100, APPROVED);
    expect(ring.length / STRIDE).toBe(RING_LIMIT);
    ring = pushRecent(ring, 1_000 + 999 * 10 + RING_SPAN_S + 1, 5, 0);
    expect(ring).toEqual([1_000 + 999 * 10 + RING_SPAN_S + 1, 5, 0]);
  });
});

describe('Welford running statistics', () => {
  it('agree with the two-pass mean and sample deviation', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: 2, maxLength: 300 }), (xs) => {
        let stats = { n: 0, mean: 0, m2: 0 };
        for (const x of xs) stats = addSample(stats, x);
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
        expect(stats.n).toBe(xs.length);
        expect(Math.abs(stats.mean - mean)).toBeLessThanOrEqual(Math.max(1e-6, mean * 1e-9));
        expect(Math.abs(standardDeviation(stats) - sd)).toBeLessThanOrEqual(Math.max(1e-3, sd * 1e-6));
      }),
    );
  });
});
