import { describe, expect, it } from 'vitest';
import { HEAT_STEPS, heatColour, heatInk, heatStep } from './heatmap-scale.js';

describe('the heat map scale', () => {
  it('keeps empty slots apart from any activity, and gives the busiest slot the top step', () => {
    expect(heatStep(0, 10)).toBe(0);
    expect(heatStep(5, 0)).toBe(0);
    expect(heatStep(1, 1_000)).toBe(1);
    expect(heatStep(1_000, 1_000)).toBe(HEAT_STEPS);
    expect(heatStep(500, 1_000)).toBe(3);
    expect(heatColour(0)).toContain('--c-surface-2');
  });

  it('never goes down as the value grows, and puts white text only on the dark steps', () => {
    let previous = 0;
    for (let v = 0; v <= 200; v++) {
      const step = heatStep(v, 200);
      expect(step).toBeGreaterThanOrEqual(previous);
      previous = step;
    }
    expect([0, 1, 2, 3].map(heatInk)).not.toContain('#ffffff');
    expect([4, 5].map(heatInk)).toEqual(['#ffffff', '#ffffff']);
  });
});
