import { mccDescription } from '../../reference/mcc.js';
import { hourInRange, localTime } from '../local-time.js';
import { fired, quiet, type SignalContext } from './signal-context.js';
import type { RiskSignal } from '../risk-types.js';

/** A purchase in the middle of the night (program time zone) at a merchant that trades by day. */
export function nightTimeSignal(ctx: SignalContext): RiskSignal {
  const { from_hour, to_hour, daytime_mccs } = ctx.policy.night;
  const local = localTime(ctx.input.at, ctx.facts.timezone);
  const value = { local_time: local.text, timezone: ctx.facts.timezone, mcc: ctx.mcc };
  if (!hourInRange(local.hour, from_hour, to_hour)) return quiet('night_time', `${local.text} local time: daytime.`, value);
  if (!ctx.mcc || !daytime_mccs.includes(ctx.mcc)) return quiet('night_time', `${local.text} local time, at a merchant that may trade at night.`, value);
  const kind = mccDescription(ctx.mcc) ?? `MCC ${ctx.mcc}`;
  return fired('night_time', ctx.policy.weights.night_time, `Night-time use: ${local.text} (${ctx.facts.timezone}) at a daytime merchant (${kind}, MCC ${ctx.mcc}).`, value);
}
