import { fired, quiet, type SignalContext } from './signal-context.js';
import type { RiskSignal } from '../risk-types.js';

/** First approved use in a country the card has never been approved in. */
export function newCountrySignal(ctx: SignalContext): RiskSignal {
  const country = ctx.facts.country;
  if (!country) return quiet('new_country', 'No merchant country given.');
  const { approvedCount } = ctx.facts.state;
  if (approvedCount === 0) return quiet('new_country', 'First approved use of this card: no usual country yet.', { country });
  if (ctx.facts.countrySeen) return quiet('new_country', `Card used in ${country} before.`, { country });
  return fired('new_country', ctx.policy.weights.new_country, `First use in ${country}: after ${approvedCount} approved purchases, never in this country.`, { country, approved_before: approvedCount });
}

const MIN_HISTORY_FOR_MERCHANT = 5;

/** First use at a merchant, on a card with enough history that a new merchant means something. */
export function newMerchantSignal(ctx: SignalContext): RiskSignal {
  const key = ctx.facts.merchantKey;
  const name = ctx.input.merchant.name ?? ctx.input.merchant.id ?? 'this merchant';
  if (!key) return quiet('new_merchant', 'No merchant id or name given.');
  const { approvedCount } = ctx.facts.state;
  if (approvedCount < MIN_HISTORY_FOR_MERCHANT) return quiet('new_merchant', `Card has ${approvedCount} approved purchases: too new to judge merchants.`, { merchant: name });
  if (ctx.facts.merchantSeen) return quiet('new_merchant', `Card used at ${name} before.`, { merchant: name });
  return fired('new_merchant', ctx.policy.weights.new_merchant, `First use at ${name}.`, { merchant: name, approved_before: approvedCount });
}
