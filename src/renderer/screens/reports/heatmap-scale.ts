/**
 * The heat map's colour scale: the brand blue with an opacity that grows with the value, on a
 * light grey for an empty slot. Five steps rather than a continuous ramp, so the legend can name
 * each step and two slots that look alike are alike.
 */
export const HEAT_STEPS = 5;

/** 0 for nothing, else 1..HEAT_STEPS by the value's share of the largest (always 1 step for any activity). */
export function heatStep(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.min(HEAT_STEPS, Math.max(1, Math.ceil((value / max) * HEAT_STEPS)));
}

// Steps 1-3 stay light (dark text 6:1 or more), 4-5 dark (white text 4.8:1 or more) on white.
const ALPHA = [0, 0.14, 0.3, 0.5, 0.85, 1];

export function heatColour(step: number): string {
  if (step <= 0) return 'var(--c-surface-2)';
  return `rgb(31 95 139 / ${ALPHA[Math.min(step, HEAT_STEPS)]})`;
}

/** White text on the darker steps, the usual text colour on the lighter ones (WCAG AA either way). */
export function heatInk(step: number): string {
  return step >= 4 ? '#ffffff' : 'var(--c-text)';
}
