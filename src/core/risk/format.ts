import { currencyExponent } from '../kernel/money.js';

const EXPONENTS = new Map<string, number>();

function exponentOf(currency: string): number {
  let exponent = EXPONENTS.get(currency);
  if (exponent === undefined) {
    try {
      exponent = currencyExponent(currency);
    } catch {
      exponent = 2; // An unknown currency still gets a readable figure.
    }
    EXPONENTS.set(currency, exponent);
  }
  return exponent;
}

/** Digits grouped by three (explanations are written on every decision: no Intl formatter on this path). */
function group(digits: string, separator: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += separator;
    out += digits[i];
  }
  return out;
}

/** Amounts in explanations, as a person reads them: Rp 25.000 (whole rupiah), USD 1,234.50. */
export function formatMoney(amountMinor: number, currency: string): string {
  const exponent = exponentOf(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const abs = Math.abs(amountMinor);
  if (currency === 'IDR') return `${sign}Rp ${group(String(Math.round(abs / 10 ** exponent)), '.')}`;
  const whole = Math.floor(abs / 10 ** exponent);
  const fraction = exponent > 0 ? `.${String(abs % 10 ** exponent).padStart(exponent, '0')}` : '';
  return `${sign}${currency} ${group(String(whole), ',')}${fraction}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function minutesText(seconds: number): string {
  const minutes = Math.max(0, Math.round(seconds / 60));
  if (minutes < 90) return plural(minutes, 'minute');
  return plural(Math.round(minutes / 60), 'hour');
}
