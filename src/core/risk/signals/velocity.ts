import { formatMoney } from '../format.js';
import { fired, quiet, type SignalContext } from './signal-context.js';
import type { RiskSignal } from '../risk-types.js';

/** How many attempts, and how much approved, in the last 15 minutes, hour and day (this one included). */
export function velocitySignal(ctx: SignalContext): RiskSignal {
  const { m15, h1, h24 } = ctx.windows;
  const v = ctx.policy.velocity;
  const current = ctx.amount ?? 0;
  const counts = { count_15m: m15.count + 1, count_1h: h1.count + 1, count_24h: h24.count + 1 };
  const amount1h = h1.approvedAmount + current;
  const amount24h = h24.approvedAmount + current;
  const { stats } = ctx.facts.state;
  // Without absolute limits, amounts are judged against the card's own typical purchase.
  const limit1h = v.amount_1h_minor ?? (stats.n >= 5 ? Math.round(stats.mean * 10) : null);
  const limit24h = v.amount_24h_minor ?? (stats.n >= 5 ? Math.round(stats.mean * 20) : null);
  // Spelled out rather than spread (this runs on every decision); the same fields in the same order.
  const limits = { count_15m: v.count_15m, count_1h: v.count_1h, count_24h: v.count_24h, amount_1h_minor: limit1h, amount_24h_minor: limit24h };
  const value = { count_15m: counts.count_15m, count_1h: counts.count_1h, count_24h: counts.count_24h, amount_1h_minor: amount1h, amount_24h_minor: amount24h, limits };
  const currency = ctx.facts.programCurrency;
  const quietPace = counts.count_15m < v.count_15m && counts.count_1h < v.count_1h && counts.count_24h < v.count_24h && (limit1h === null || amount1h <= limit1h) && (limit24h === null || amount24h <= limit24h);
  if (quietPace) return quiet('velocity', `${counts.count_15m} in 15 minutes, ${counts.count_1h} in an hour, ${counts.count_24h} in 24 hours: usual pace.`, value);
  const reasons: Array<[number, string]> = [];
  if (counts.count_15m >= v.count_15m) reasons.push([1, `${counts.count_15m} authorizations in 15 minutes (limit ${v.count_15m})`]);
  if (counts.count_1h >= v.count_1h) reasons.push([0.8, `${counts.count_1h} in an hour (limit ${v.count_1h})`]);
  if (counts.count_24h >= v.count_24h) reasons.push([0.6, `${counts.count_24h} in 24 hours (limit ${v.count_24h})`]);
  if (limit1h !== null && amount1h > limit1h) reasons.push([0.7, `${formatMoney(amount1h, currency)} in an hour (limit ${formatMoney(limit1h, currency)})`]);
  if (limit24h !== null && amount24h > limit24h) reasons.push([0.6, `${formatMoney(amount24h, currency)} in 24 hours (limit ${formatMoney(limit24h, currency)})`]);
  if (reasons.length === 0) {
    return quiet('velocity', `${counts.count_15m} in 15 minutes, ${counts.count_1h} in an hour, ${counts.count_24h} in 24 hours: usual pace.`, value);
  }
  const factor = Math.max(...reasons.map(([f]) => f));
  return fired('velocity', ctx.policy.weights.velocity * factor, `High velocity: ${reasons.map(([, text]) => text).join('; ')}.`, value);
}
