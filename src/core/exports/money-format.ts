import { currencyExponent } from '../kernel/money.js';

/**
 * Money for people to read, exactly (no floats): Rp 1.250.000,00 in Indonesian, IDR 1,250,000.00
 * in English. Exports for machines keep integer minor units instead.
 */
export function formatMoney(minor: number, currency: string, language = 'en'): string {
  const e = currencyExponent(currency);
  const digits = String(Math.abs(minor)).padStart(e + 1, '0');
  const whole = e === 0 ? digits : digits.slice(0, -e);
  const fraction = e === 0 ? '' : digits.slice(-e);
  const id = language === 'id';
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, id ? '.' : ',');
  const number = fraction ? `${grouped}${id ? ',' : '.'}${fraction}` : grouped;
  const symbol = currency === 'IDR' && id ? 'Rp' : currency;
  return `${minor < 0 ? '-' : ''}${symbol} ${number}`;
}
