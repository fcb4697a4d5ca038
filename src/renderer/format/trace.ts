import type { Lang } from '../i18n/i18n.js';
import { formatMoney } from './money.js';

/** Trace lines whose numbers are amounts in minor units (the engine writes them raw). */
const MONEY_RULES = new Set(['amount', 'funds', 'program_cap', 'spending_limit']);

/**
 * The engine's trace detail with its amounts written as money ("800000 available" -> "Rp 8.000
 * available"). Category lists ("on 5814, restaurants") are codes, not money, and stay as they are.
 */
export function formatTraceDetail(rule: string, detail: string, currency: string, lang: Lang): string {
  if (!MONEY_RULES.has(rule)) return detail;
  const kept: string[] = [];
  const guarded = detail.replace(/ on ([\w, ]+?)(?=:|$)/g, (segment) => {
    kept.push(segment);
    return `\u0000${String.fromCharCode(65 + kept.length - 1)}\u0000`;
  });
  const formatted = guarded.replace(/\b\d+\b/g, (digits) => formatMoney(Number(digits), currency, lang));
  return formatted.replace(/\u0000([A-Z])\u0000/g, (_, letter: string) => kept[letter.charCodeAt(0) - 65] ?? '');
}
