import type { Lang } from '../i18n/i18n.js';
import { numberLocale } from './money.js';
import { numberFormat } from './intl-cache.js';

/** Whole numbers (points, counts) grouped as the money is: 1.250 (Indonesian conventions in both languages). */
export function formatPoints(points: number, lang: Lang): string {
  return numberFormat(numberLocale(lang)).format(points);
}
