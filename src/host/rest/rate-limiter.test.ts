import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RateLimiter, rateFromEnv } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('allows a second of burst, then refills at the rate', () => {
    let now = 0;
    const limiter = new RateLimiter(10, () => now);
    for (let i = 0; i < 10; i++) expect(limiter.take('k').ok).toBe(true);
    const refused = limiter.take('k');
    expect(refused).toEqual({ ok: false, retryAfterMs: 100 });
    now += 100;
    expect(limiter.take('k').ok).toBe(true);
    expect(limiter.take('other').ok).toBe(true);
  });

  it('never lets more than burst + rate x time through', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 300 }), (rate, gaps) => {
        let now = 0;
        const limiter = new RateLimiter(rate, () => now);
        let allowed = 0;
        for (const gap of gaps) {
          now += gap;
          if (limiter.take('k').ok) allowed++;
        }
        return allowed <= Math.max(1, rate) + (now / 1000) * rate + 1e-9;
      }),
    );
  });

  it('reads KARTU_API_RATE_LIMIT and refuses nonsense', () => {
    expect(rateFromEnv({})).toBeUndefined();
    expect(rateFromEnv({ KARTU_API_RATE_LIMIT: '5000' })).toBe(5000);
    expect(() => rateFromEnv({ KARTU_API_RATE_LIMIT: 'fast' })).toThrow(/positive number/);
    expect(() => new RateLimiter(0)).toThrow();
  });
});
