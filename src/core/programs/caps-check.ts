import { invalid } from '../kernel/errors.js';
import type { SpendingControls } from '../controls/spending-controls.js';
import type { Caps } from './program.js';

/** A limit may be set only within the program's cap for the same interval. */
export function assertControlsWithinCaps(controls: SpendingControls, caps: Caps, param: string): void {
  controls.spending_limits.forEach((limit, index) => {
    const cap = caps[limit.interval];
    if (cap !== null && cap !== undefined && limit.amount > cap) {
      throw invalid(
        'limit_above_cap',
        `The ${limit.interval} limit ${limit.amount} is above the program's cap of ${cap}.`,
        `${param}.spending_limits.${index}.amount`,
        { interval: limit.interval, cap, requested: limit.amount },
      );
    }
  });
}
