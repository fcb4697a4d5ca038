import type { RiskFacts } from '../risk-facts.js';
import type { RiskPolicy } from '../risk-policy.js';
import type { RiskInput, RiskSignal, SignalName } from '../risk-types.js';
import type { WindowFigures } from '../recent-window.js';

/** What every signal function sees: the authorization, the card's facts and the program's policy. */
export interface SignalContext {
  input: RiskInput;
  facts: RiskFacts;
  policy: RiskPolicy;
  nowS: number;
  /** The amount in the program's currency, or null when the authorization is in another one. */
  amount: number | null;
  tiny: boolean;
  tinyMinor: number;
  windows: { m15: WindowFigures; h1: WindowFigures; h24: WindowFigures };
  /** The merchant's city, MCC and country, filled from the branch record when the merchant is one. */
  city: string | null;
  mcc: string | null;
}

export type SignalFn = (ctx: SignalContext) => RiskSignal;

export function quiet(name: SignalName, explanation: string, value: Record<string, unknown> = {}): RiskSignal {
  return { name, value, weight: 0, explanation };
}

export function fired(name: SignalName, weight: number, explanation: string, value: Record<string, unknown>): RiskSignal {
  return { name, value, weight: Math.max(0, Math.round(weight)), explanation };
}
