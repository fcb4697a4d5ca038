import type { Lang } from '../i18n/i18n.js';

const displayNames = new Map<Lang, Intl.DisplayNames>();

/** A two-letter country code in the reader's words ("ID" -> "Indonesia"); the code when Intl does not know it. */
export function countryName(code: string, lang: Lang): string {
  let names = displayNames.get(lang);
  if (!names) displayNames.set(lang, (names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' })));
  try {
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code; // not a well-formed region code
  }
}
