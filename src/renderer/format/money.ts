import { CURRENCY_EXPONENTS } from '../../core/kernel/money.js';
import type { Lang } from '../i18n/i18n.js';
import { numberFormat } from './intl-cache.js';

/**
 * Amounts arrive in minor units of their currency (ISO 4217 exponent, the engine's table: IDR has
 * 2). Shown with Intl in the merchant's conventions: `Rp 25.000`. IDR is shown without decimals,
 * as people read rupiah; other currencies with their usual digits.
 */
const WHOLE_UNITS_ONLY = new Set(['IDR']);

export function numberLocale(lang: Lang): string {
  // en-ID: English words with Indonesian number conventions (Rp 25.000), as an Indonesian shop expects.
  return lang === 'id' ? 'id-ID' : 'en-ID';
}

export function formatMoney(amountMinor: number, currency: string, lang: Lang): string {
  const exponent = CURRENCY_EXPONENTS[currency] ?? 2;
  const major = amountMinor / 10 ** exponent;
  const digits = WHOLE_UNITS_ONLY.has(currency) ? 0 : exponent;
  return numberFormat(numberLocale(lang), {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(major);
}

export const SUPPORTED_CURRENCIES: readonly string[] = Object.keys(CURRENCY_EXPONENTS);
