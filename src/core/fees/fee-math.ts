import { divideHalfUp } from '../fx/rate.js';
import type { Fees } from '../programs/program.js';

export interface AuthorizationFees {
  /** The program's flat fee per transaction, in the card's currency. */
  transaction: number;
  /** fx_bps of the converted amount, half up on the minor unit; only when currencies differ. */
  fx: number;
}

export const NO_AUTHORIZATION_FEES: AuthorizationFees = { transaction: 0, fx: 0 };

export function fxFee(amount: number, bps: number): number {
  if (bps <= 0 || amount <= 0) return 0;
  return Number(divideHalfUp(BigInt(amount) * BigInt(bps), 10_000n));
}

export function authorizationFees(fees: Fees, amount: number, crossCurrency: boolean): AuthorizationFees {
  return { transaction: amount > 0 ? fees.per_transaction ?? 0 : 0, fx: crossCurrency ? fxFee(amount, fees.fx_bps ?? 0) : 0 };
}

export function feeTotal(fees: AuthorizationFees): number {
  return fees.transaction + fees.fx;
}

/**
 * The largest amount whose amount + fees fits in `available` (partial approval). Fees grow with
 * the amount, so start from the closed form and step down while rounding makes it not fit.
 */
export function largestAffordable(fees: Fees, available: number, crossCurrency: boolean, ceiling: number): number {
  const flat = fees.per_transaction ?? 0;
  const bps = crossCurrency ? fees.fx_bps ?? 0 : 0;
  if (available <= flat) return 0;
  const fits = (amount: number): boolean => amount + feeTotal(authorizationFees(fees, amount, crossCurrency)) <= available;
  let amount = Math.min(ceiling, Math.floor(((available - flat) * 10_000) / (10_000 + bps)));
  // The fee rounds (half up), so the closed form can be a unit or two off either way.
  for (let step = 0; step < 4 && amount < ceiling && fits(amount + 1); step++) amount++;
  while (amount > 0 && !fits(amount)) amount--;
  return amount;
}
