import { formatMoney } from '../format.js';
import { standardDeviation, zScore } from '../welford.js';
import { fired, quiet, type SignalContext } from './signal-context.js';
import type { RiskSignal } from '../risk-types.js';

/** How unusual the amount is for THIS card: deviations above its running mean of approved amounts. */
export function amountZScoreSignal(ctx: SignalContext): RiskSignal {
  const { stats } = ctx.facts.state;
  const { min_history, threshold } = ctx.policy.zscore;
  if (ctx.amount === null) return quiet('amount_zscore', `Amount in ${ctx.input.currency}, not the card's ${ctx.facts.programCurrency}: not compared.`);
  if (stats.n < min_history) {
    return quiet('amount_zscore', `Only ${stats.n} approved amounts so far; ${min_history} are needed to know what is usual.`, { n: stats.n });
  }
  const z = zScore(stats, ctx.amount);
  const currency = ctx.facts.programCurrency;
  const value = { z: Math.round(z * 100) / 100, mean_minor: Math.round(stats.mean), sd_minor: Math.round(standardDeviation(stats)), n: stats.n };
  const about = `${formatMoney(ctx.amount, currency)} against a usual ${formatMoney(Math.round(stats.mean), currency)} (${stats.n} purchases)`;
  if (z < threshold) return quiet('amount_zscore', `${about}: ${value.z} deviations, within ${threshold}.`, value);
  const factor = Math.min(1, 0.5 + (z - threshold) / (2 * threshold));
  return fired('amount_zscore', ctx.policy.weights.amount_zscore * factor, `Unusual amount: ${about}, ${value.z} standard deviations above the mean.`, value);
}
