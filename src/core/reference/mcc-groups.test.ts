import { describe, expect, it } from 'vitest';
import { MCC_GROUPS, mccGroupOf, mccInGroup } from './mcc-groups.js';

const EVERY_CODE = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, '0'));

describe('merchant category groups', () => {
  it('put each code in one group at most, and mccGroupOf names that group', () => {
    for (const mcc of EVERY_CODE) {
      const groups = Object.keys(MCC_GROUPS).filter((g) => mccInGroup(mcc, g));
      expect(groups.length, mcc).toBeLessThanOrEqual(1);
      expect(mccGroupOf(mcc), mcc).toBe(groups[0] ?? null);
    }
  });

  it('name the codes people know', () => {
    expect(mccGroupOf('5814')).toBe('restaurants');
    expect(mccGroupOf('5411')).toBe('groceries');
    expect(mccGroupOf('5149')).toBe('suppliers');
    expect(mccGroupOf('6011')).toBe('cash');
    expect(mccGroupOf('5999')).toBeNull();
    expect(mccInGroup('5814', 'no-such-group')).toBe(false);
  });
});
