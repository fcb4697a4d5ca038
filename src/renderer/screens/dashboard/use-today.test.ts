import { describe, expect, it } from 'vitest';
import { localDay } from './use-today.js';

describe('local days for reports', () => {
  it('is the day in the program’s zone, not the computer’s', () => {
    const at = Date.UTC(2026, 2, 1, 20, 30); // already 2 March in Jakarta
    expect(localDay('Asia/Jakarta', 0, at)).toBe('2026-03-02');
    expect(localDay('UTC', 0, at)).toBe('2026-03-01');
    expect(localDay('Asia/Jakarta', 29, at)).toBe('2026-02-01');
  });
});
