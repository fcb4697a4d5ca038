import { describe, expect, it } from 'vitest';
import { AuthThrottle } from './auth-throttle.js';

describe('AuthThrottle', () => {
  it('lets three failures through, then doubles the wait up to a cap, per source', () => {
    let now = 0;
    const throttle = new AuthThrottle({ now: () => now, maxDelayMs: 2000 });
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(() => throttle.fail('a'))).toEqual([0, 0, 0, 250, 500, 1000, 2000, 2000]);
    expect(throttle.waitMs('a')).toBe(2000);
    expect(throttle.waitMs('b')).toBe(0);
    now += 1500;
    expect(throttle.waitMs('a')).toBe(500);
  });

  it('forgets a source after a success or a quiet period', () => {
    let now = 0;
    const throttle = new AuthThrottle({ now: () => now, forgetAfterMs: 1000 });
    for (let i = 0; i < 5; i++) throttle.fail('a');
    throttle.succeed('a');
    expect(throttle.failures('a')).toBe(0);
    for (let i = 0; i < 5; i++) throttle.fail('b');
    now += 1001;
    expect(throttle.failures('b')).toBe(0);
    expect(throttle.fail('b')).toBe(0);
  });
});
