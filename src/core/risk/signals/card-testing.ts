import { formatMoney } from '../format.js';
import { fired, quiet, type SignalContext } from './signal-context.js';
import type { RiskSignal } from '../risk-types.js';

/**
 * Card testing: someone with a stolen number probes it with tiny amounts, or keeps getting declined,
 * in a burst. Counts tiny-or-declined attempts in the last 15 minutes and hour (this one included if tiny).
 */
export function cardTestingSignal(ctx: SignalContext): RiskSignal {
  const { burst_15m, burst_1h } = ctx.policy.card_testing;
  const self = ctx.tiny ? 1 : 0;
  const probes15 = ctx.windows.m15.probes + self;
  const probes1h = ctx.windows.h1.probes + self;
  const tinyText = formatMoney(ctx.tinyMinor, ctx.facts.programCurrency);
  const value = { probes_15m: probes15, probes_1h: probes1h, tiny_amount_minor: ctx.tinyMinor, this_one_tiny: ctx.tiny };
  if (probes15 >= burst_15m) {
    return fired('card_testing', ctx.policy.weights.card_testing, `Card testing: ${probes15} tiny (up to ${tinyText}) or declined attempts in 15 minutes (burst at ${burst_15m}).`, value);
  }
  if (probes1h >= burst_1h) {
    return fired('card_testing', ctx.policy.weights.card_testing * 0.8, `Card testing: ${probes1h} tiny (up to ${tinyText}) or declined attempts in an hour (burst at ${burst_1h}).`, value);
  }
  return quiet('card_testing', `${probes15} tiny or declined attempts in 15 minutes, ${probes1h} in an hour: no burst.`, value);
}
