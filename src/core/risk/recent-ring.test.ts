import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APPROVED, pushRecent, RecentRing, RING_ENTRY_BYTES, RING_LIMIT, STRIDE, TINY, windowFigures, type Recent } from './recent-window.js';

/** A step of a card's life: an attempt `gap` seconds after the previous one (negative: out of order), then maybe a question at `ask` seconds later. */
const stepArb = fc.record({
  gap: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 5_400 }) }, { weight: 1, arbitrary: fc.integer({ min: -4_000, max: 0 }) }, { weight: 1, arbitrary: fc.integer({ min: 80_000, max: 100_000 }) }),
  amount: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 10_000_000_000 })),
  flags: fc.integer({ min: 0, max: APPROVED | TINY }),
  ask: fc.option(fc.integer({ min: -2_000, max: 90_000 }), { nil: undefined }),
});

const spans = (recent: Recent, now: number) => ({ m15: windowFigures(recent, now, 900), h1: windowFigures(recent, now, 3_600), h24: windowFigures(recent, now, 86_400) });

describe('RecentRing: windows kept as attempts come and go', () => {
  it('holds what pushRecent holds and answers what a recount of it answers, in and out of order', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 400 }), (steps) => {
        let t = 1_770_000_000;
        let flat: Recent = [];
        const ring = new RecentRing();
        for (const step of steps) {
          t += step.gap;
          flat = pushRecent(flat, t, step.amount, step.flags);
          ring.push(t, step.amount, step.flags);
          if (step.ask !== undefined) expect(ring.windows(t + step.ask)).toEqual(spans(flat, t + step.ask));
          expect(ring.size).toBeLessThanOrEqual(RING_LIMIT);
        }
        expect(ring.toFlat()).toEqual(flat);
        expect(ring.windows(t)).toEqual(spans(flat, t));
      }),
      { numRuns: 300 },
    );
  });

  it('a decision at every attempt (the authorization path) equals the recount, including bursts past the limit', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ gap: fc.integer({ min: 0, max: 400 }), amount: fc.integer({ min: 1, max: 5_000_000 }), flags: fc.integer({ min: 0, max: 3 }) }), { minLength: RING_LIMIT, maxLength: 700 }), (steps) => {
        let t = 1_770_000_000;
        let flat: Recent = [];
        const ring = new RecentRing();
        for (const step of steps) {
          t += step.gap;
          expect(ring.windows(t)).toEqual(spans(flat, t));
          flat = pushRecent(flat, t, step.amount, step.flags);
          ring.push(t, step.amount, step.flags);
        }
        expect(ring.toFlat()).toEqual(flat);
      }),
      { numRuns: 60 },
    );
  });

  it('stores a fixed layout that reads back as the same ring, and reads rows written as JSON', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 250 }), fc.integer({ min: 0, max: 100_000 }), (steps, ask) => {
        let t = 1_770_000_000;
        const ring = new RecentRing();
        for (const step of steps) ring.push((t += step.gap), step.amount, step.flags);
        const stored = ring.encode();
        expect(stored.byteLength).toBe(ring.size * RING_ENTRY_BYTES);
        const read = RecentRing.decode(stored);
        expect(read.toFlat()).toEqual(ring.toFlat());
        expect(read.windows(t + ask)).toEqual(spans(ring.toFlat(), t + ask));
        // A Buffer from SQLite is a view into a larger pool: decoding must respect its offset.
        const pooled = Buffer.concat([Buffer.from([9, 9, 9]), Buffer.from(stored)]).subarray(3);
        expect(RecentRing.decode(pooled).toFlat()).toEqual(ring.toFlat());
        expect(RecentRing.decode(JSON.stringify(ring.toFlat())).toFlat()).toEqual(ring.toFlat());
      }),
      { numRuns: 200 },
    );
  });

  it('reads an empty or missing ring as empty', () => {
    for (const stored of [null, undefined, '', '[]', new Uint8Array(0)]) {
      const ring = RecentRing.decode(stored);
      expect(ring.size).toBe(0);
      expect(ring.windows(1_770_000_000)).toEqual(spans([], 1_770_000_000));
    }
    expect(RecentRing.decode('[[1,2,3],[4,5,1]]').toFlat()).toEqual([1, 2, 3, 4, 5, 1]);
    expect(new RecentRing().encode().byteLength % STRIDE).toBe(0);
  });
});
