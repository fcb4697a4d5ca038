import type { Lang } from '../i18n/i18n.js';
import { displayNames } from './intl-cache.js';

/** A two-letter country code in the reader's words ("ID" -> "Indonesia"); the code when Intl does not know it. */
export function countryName(code: string, lang: Lang): string {
  try {
    return displayNames(lang, 'region').of(code.toUpperCase()) ?? code;
  } catch {
    return code; // not a well-formed region code
  }
}
