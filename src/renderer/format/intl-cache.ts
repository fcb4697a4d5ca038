/**
 * Intl formatters are costly to make (each loads locale data) and cheap to use: a list of a
 * hundred rows made one per cell, a visible share of a screen's first paint. One per locale and
 * options, kept for the page's life (a handful: two languages, a few zones and currencies).
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

const displayNamesByKey = new Map<string, Intl.DisplayNames>();

/** Names of regions, currencies… in a language (falling back to the code itself), one per locale and type. */
export function displayNames(locale: string, type: Intl.DisplayNamesType): Intl.DisplayNames {
  const key = `${locale}|${type}`;
  let names = displayNamesByKey.get(key);
  if (!names) displayNamesByKey.set(key, (names = new Intl.DisplayNames([locale], { type, fallback: 'code' })));
  return names;
}
