import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { idGenerator } from './ids.js';
import { manualClock } from './clock.js';
import { cryptoRandom, seededRandom } from './random.js';

const ID_SHAPE = /^card_[0-9a-hjkmnp-tv-z]{22}$/;

describe('ids', () => {
  it('sort by creation time as text, also when many share a millisecond or the clock steps back', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 300 }), (steps) => {
        const clock = manualClock(new Date('2026-11-26T00:00:00Z'));
        const ids = idGenerator(clock, seededRandom(7));
        const made: string[] = [];
        for (const step of steps) {
          clock.advance(step);
          made.push(ids.next('card'));
        }
        expect([...made].sort()).toEqual(made);
        expect(new Set(made).size).toBe(made.length);
        for (const id of made) expect(id).toMatch(ID_SHAPE);
      }),
    );
  });

  it('carry the millisecond they were made in, so a later millisecond sorts after', () => {
    const clock = manualClock(new Date('2026-11-26T00:00:00Z'));
    const ids = idGenerator(clock, cryptoRandom);
    const first = ids.next('card');
    const sameMs = ids.next('card');
    clock.advance(1);
    const later = ids.next('card');
    expect(sameMs.slice(5, 15)).toBe(first.slice(5, 15));
    expect(later.slice(5, 15)).not.toBe(first.slice(5, 15));
    expect(later > sameMs).toBe(true);
  });
});

describe('cryptoRandom', () => {
  it('gives the length asked for, from the pool and beyond it', () => {
    for (const length of [0, 1, 8, 255, 256, 257, 5000]) expect(cryptoRandom.bytes(length)).toHaveLength(length);
  });

  it('never hands out the same bytes twice across pool refills', () => {
    const seen = new Set<string>();
    // 4,000 x 16 bytes crosses the 4 KB pool many times; a repeat of 16 random bytes would mean reuse.
    for (let i = 0; i < 4000; i++) seen.add(Buffer.from(cryptoRandom.bytes(16)).toString('hex'));
    expect(seen.size).toBe(4000);
  });

  it('returns copies: changing what was handed out does not change what comes next', () => {
    const a = cryptoRandom.bytes(32);
    a.fill(0);
    const b = cryptoRandom.bytes(32);
    expect(b.some((byte) => byte !== 0)).toBe(true);
  });
});
