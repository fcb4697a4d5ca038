import { CURRENCY_EXPONENTS } from '../../core/kernel/money.js';

/**
 * What a cashier types as an amount, in minor units of the currency: "25000", "25.000",
 * "Rp 25.000" and "25,000" are all twenty-five thousand rupiah. Rupiah is typed in whole units (no
 * sen), so every separator is a thousands separator. For currencies with decimals, a final "," or
 * "." followed by one or two digits (three for exponent 3) is the decimal mark.
 * Null: not an amount (empty, letters, zero digits).
 */
export function parseMoneyInput(text: string, currency: string): number | null {
  const exponent = CURRENCY_EXPONENTS[currency] ?? 2;
  // A leading currency sign or code ("Rp", "IDR", "$") is allowed; any other letter is not an amount.
  const body = text.trim().replace(/^(rp|[a-z]{3}|[$€£¥])\.?\s*/i, '');
  if (!/^[\d.,\s]*$/.test(body)) return null;
  const cleaned = body.replace(/\s+/g, '');
  if (!/\d/.test(cleaned)) return null;
  let whole = cleaned;
  let fraction = '';
  if (currency !== 'IDR' && exponent > 0) {
    const match = new RegExp(`^(.*)[.,](\\d{1,${exponent}})$`).exec(cleaned);
    if (match) {
      whole = match[1] ?? '';
      fraction = match[2] ?? '';
    }
  }
  const wholeDigits = whole.replace(/[.,]/g, '') || '0';
  if (wholeDigits.length > 13) return null;
  const minor = Number(wholeDigits) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Minor units to whole units for an input's starting value (no currency sign, no separators). */
export function minorToInput(amountMinor: number, currency: string): string {
  const exponent = CURRENCY_EXPONENTS[currency] ?? 2;
  const major = amountMinor / 10 ** exponent;
  return currency === 'IDR' ? String(Math.round(major)) : String(major);
}
