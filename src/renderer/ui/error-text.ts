import type { TFunction } from 'i18next';
import type { ClientError } from '../client/kartu-client.js';
import { catalogueCode } from '../../core/kernel/error-codes.js';
import { formatMoney } from '../format/money.js';
import { formatPoints } from '../format/points.js';
import type { Lang } from '../i18n/i18n.js';
import type { Translation } from '../i18n/en.js';

type ErrorTexts = Translation['errors'];
type FieldKey = keyof ErrorTexts['fields'];
type DetailedCode = keyof ErrorTexts['detailed'];

export interface ErrorTextOptions {
  /** The program's currency when the screen knows it: limits and balances are then said with their amount (Rp 25.000). */
  currency?: string | undefined;
}

function langOf(t: TFunction): Lang {
  return t('errors.lang') === 'id' ? 'id' : 'en';
}

/**
 * The field the engine named in `param`, in the reader's words: the last name of its path that
 * is not an index (`spending_controls.spending_limits.0.amount` → "amount"), or the name itself.
 */
export function fieldText(t: TFunction, param: string | undefined): string {
  if (!param) return t('errors.fields.any');
  const name = param.split('.').filter((part) => !/^\d+$/.test(part)).pop() ?? param;
  const fields = t('errors.fields', { returnObjects: true }) as Record<string, string>;
  return Object.hasOwn(fields, name) ? t(`errors.fields.${name as FieldKey}`) : name.replaceAll('_', ' ');
}

/**
 * Limits the engine writes only into its (English) message, not into `details`: read back so the
 * reader's sentence can say them. A message that does not match (a reworded engine, or another
 * throw of the same code without the number) gets the plain sentence. error-texts.test.ts checks
 * each pattern against the engine's source.
 */
export const MESSAGE_VALUES = {
  too_many_staff: /At most (?<count>\d+) active staff/,
  expiry_out_of_range: /at most (?<years>\d+) years ahead/,
  range_too_long: /at most (?<days>\d+) days/,
  too_many_rows: /At most (?<count>\d+) rates/,
} as const satisfies Partial<Record<DetailedCode, RegExp>>;

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * The values a detailed sentence needs, from the error's `details`; undefined when one is missing
 * (or money needs a currency the screen did not give), so the plain sentence is used instead.
 */
function detailValues(t: TFunction, code: DetailedCode, details: Record<string, unknown>, message: string, options: ErrorTextOptions, lang: Lang): Record<string, string> | undefined {
  const money = (value: unknown): string | undefined => {
    const n = num(value);
    return n === undefined || !options.currency ? undefined : formatMoney(n, options.currency, lang);
  };
  const all = (values: Record<string, string | undefined>): Record<string, string> | undefined =>
    Object.values(values).every((v) => v !== undefined) ? (values as Record<string, string>) : undefined;
  switch (code) {
    case 'limit_above_cap': {
      const interval = typeof details.interval === 'string' ? details.interval : undefined;
      const intervals = t('errors.intervals', { returnObjects: true }) as Record<string, string>;
      return all({ cap: money(details.cap), requested: money(details.requested), interval: interval && Object.hasOwn(intervals, interval) ? intervals[interval] : interval });
    }
    case 'balance_cap_exceeded': {
      const cap = num(details.cap);
      const balance = num(details.balance);
      return all({ cap: money(cap), room: cap === undefined || balance === undefined ? undefined : money(Math.max(0, cap - balance)) });
    }
    case 'insufficient_funds':
      return all({ available: money(details.available) });
    case 'payment_exceeds_balance':
      return all({ owed: money(details.owed) });
    case 'insufficient_points': {
      const cost = num(details.points_cost);
      const available = num(details.available);
      return all({ cost: cost === undefined ? undefined : formatPoints(cost, lang), available: available === undefined ? undefined : formatPoints(available, lang) });
    }
    case 'too_many_staff':
    case 'expiry_out_of_range':
    case 'range_too_long':
    case 'too_many_rows': {
      const groups = MESSAGE_VALUES[code].exec(message)?.groups;
      return groups ? Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, formatPoints(Number(v), lang)])) : undefined;
    }
    case 'kyc_requirements_missing': {
      const missing = Array.isArray(details.past_due) ? details.past_due.filter((f): f is string => typeof f === 'string') : [];
      return missing.length ? { missing: missing.map((f) => fieldText(t, f)).join(', ') } : undefined;
    }
  }
}

/**
 * A required text left empty reaches the engine as "" and is refused by the schema's minimum length
 * (parameter_invalid, "Too small: expected string to have >=1 characters"): for the person it is a
 * field to fill in, said as such instead of the schema's words (English) or "not valid" (Indonesian).
 */
const EMPTY_TEXT = /expected string to have >=1 characters?/;
function emptyRequiredText(error: Pick<ClientError, 'code' | 'message' | 'param'>): boolean {
  return error.code === 'parameter_invalid' && Boolean(error.param) && EMPTY_TEXT.test(error.message);
}

/**
 * The error in the user's language: every code of the engine's catalogue has a sentence (what went
 * wrong, what to do), with the field's name and, where the error carries them, its limits and
 * amounts. A code the UI does not know (a newer engine) keeps the engine's own words.
 */
export function errorText(t: TFunction, error: Pick<ClientError, 'code' | 'message' | 'param' | 'details'>, options: ErrorTextOptions = {}): string {
  const code = emptyRequiredText(error) ? 'parameter_missing' : catalogueCode(error.code);
  const codes = (t('errors.codes', { returnObjects: true }) ?? {}) as Record<string, string>;
  if (!Object.hasOwn(codes, code)) return error.message;
  const values = { field: fieldText(t, error.param), message: error.message };
  const detailed = t('errors.detailed', { returnObjects: true }) as unknown as Record<string, string>;
  // The keys are checked by the catalogue's types; the values each sentence uses vary, so one loose signature.
  const say = t as unknown as (key: string, values: Record<string, string>) => string;
  if (Object.hasOwn(detailed, code)) {
    const details = error.details && typeof error.details === 'object' ? (error.details as Record<string, unknown>) : {};
    const extra = detailValues(t, code as DetailedCode, details, error.message, options, langOf(t));
    if (extra) return say(`errors.detailed.${code}`, { ...values, ...extra });
  }
  return say(`errors.codes.${code}`, values);
}
