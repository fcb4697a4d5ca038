import { currencyExponent } from '../kernel/money.js';

/** Amounts in explanations, as a person reads them: Rp 25.000, USD 12.50. */
export function formatMoney(amountMinor: number, currency: string): string {
  let exponent = 2;
  try {
    exponent = currencyExponent(currency);
  } catch {
    // An unknown currency still gets a readable figure.
  }
  const major = amountMinor / 10 ** exponent;
  if (currency === 'IDR') return `Rp ${Math.round(major).toLocaleString('id-ID')}`;
  return `${currency} ${major.toLocaleString('en-US', { minimumFractionDigits: exponent, maximumFractionDigits: exponent })}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function minutesText(seconds: number): string {
  const minutes = Math.max(0, Math.round(seconds / 60));
  if (minutes < 90) return plural(minutes, 'minute');
  return plural(Math.round(minutes / 60), 'hour');
}
