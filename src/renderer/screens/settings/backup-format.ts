import { numberLocale } from '../../format/money.js';
import type { Lang } from '../../i18n/i18n.js';
import { DEFAULT_TIME_ZONE, formatDateTime } from '../../format/dates.js';

/** A file size in the reader's units (kB, MB, GB), one decimal at most. */
export function formatBytes(bytes: number, lang: Lang): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(numberLocale(lang), { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
}

/** Backup times are ISO strings (the manifest's); shown like every other time on screen. */
export function formatIso(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatDateTime(ms / 1000, DEFAULT_TIME_ZONE, lang);
}

export function totalBytes(files: ReadonlyArray<{ size_bytes: number }>): number {
  return files.reduce((sum, file) => sum + file.size_bytes, 0);
}
