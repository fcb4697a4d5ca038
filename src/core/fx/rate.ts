import { currencyExponent } from '../kernel/money.js';

/**
 * An exchange rate as an exact fraction (no floats): 1 unit of `base` = num/den units of `quote`,
 * in major units (e.g. 1 USD = 16250.5 IDR is num 162505, den 10).
 */
export interface Rate {
  num: bigint;
  den: bigint;
}

const RATE_TEXT = /^(\d{1,12})(?:\.(\d{1,12}))?$/;

/** Parses a decimal rate such as "16250.5"; refuses zero, signs, exponents and > 12 decimals. */
export function parseRate(text: string): Rate | null {
  const match = RATE_TEXT.exec(text.trim());
  if (!match) return null;
  const fraction = match[2] ?? '';
  const num = BigInt((match[1] ?? '0') + fraction);
  if (num === 0n) return null;
  return { num, den: 10n ** BigInt(fraction.length) };
}

export function invertRate(rate: Rate): Rate {
  return { num: rate.den, den: rate.num };
}

export function formatRate(rate: Rate, decimals = 8): string {
  const scaled = divideHalfUp(rate.num * 10n ** BigInt(decimals), rate.den);
  const text = scaled.toString().padStart(decimals + 1, '0');
  const whole = text.slice(0, text.length - decimals);
  const fraction = text.slice(text.length - decimals).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** n / d rounded half up (half away from zero for the non-negative amounts used here). */
export function divideHalfUp(n: bigint, d: bigint): bigint {
  if (d <= 0n) throw new RangeError('divisor must be positive');
  if (n < 0n) return -divideHalfUp(-n, d);
  return (2n * n + d) / (2n * d);
}

/**
 * Converts an amount in the minor unit of `from` into the minor unit of `to` at `rate` (1 from =
 * rate to), rounding half up on the target's minor unit: Rp 0,5 sen and up rounds up. The exponents
 * differ by currency (JPY 0, IDR 2, BHD 3), so the conversion scales by 10^(e_to - e_from).
 */
export function convertMinor(amountMinor: number, from: string, to: string, rate: Rate): number {
  const shift = currencyExponent(to) - currencyExponent(from);
  let n = BigInt(amountMinor) * rate.num;
  let d = rate.den;
  if (shift > 0) n *= 10n ** BigInt(shift);
  else if (shift < 0) d *= 10n ** BigInt(-shift);
  const out = divideHalfUp(n, d);
  if (out > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('converted amount is too large');
  return Number(out);
}

/** part/whole of a total, half up: a partial capture's share of an amount in another currency. */
export function shareHalfUp(total: number, part: number, whole: number): number {
  if (whole === 0) return 0;
  return Number(divideHalfUp(BigInt(total) * BigInt(part), BigInt(whole)));
}
