import type { Lang } from '../i18n/i18n.js';
import { dateTimeFormat, displayNames } from './intl-cache.js';

/**
 * A currency and a time zone as people say them: a program's heading read 'IDR · Asia/Jakarta'
 * (an ISO code and a tz-database name). Intl names them in the UI language; an unknown code or zone
 * falls back to itself.
 */
export function currencyName(code: string, lang: Lang): string {
  try {
    return displayNames(lang, 'currency').of(code) ?? code;
  } catch {
    return code;
  }
}

export function timeZoneName(zone: string, lang: Lang): string {
  try {
    const part = dateTimeFormat(lang, { timeZone: zone, timeZoneName: 'long' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName');
    return part?.value ?? zone;
  } catch {
    return zone;
  }
}
