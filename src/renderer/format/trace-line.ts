import type { TFunction } from 'i18next';
import type { TraceEntry } from '../../core/authorization/rules.js';
import { MONEY_VALUES } from '../../core/authorization/trace-texts.js';
import type { Lang } from '../i18n/i18n.js';
import { textOf } from '../i18n/text-of.js';
import { countryName } from './countries.js';
import { formatMoney } from './money.js';
import { formatTraceDetail } from './trace.js';

/** A limit's window in the person's words ("day", "hari"); the engine's word when the UI has none. */
function intervalText(t: TFunction, interval: string): string {
  const hourly = textOf(t('rules.editor.velocityIntervals', { returnObjects: true }), interval);
  return hourly !== interval ? hourly : textOf(t('rules.editor.intervals', { returnObjects: true }), interval);
}

/**
 * What a trace line says, in the person's language, amounts as money and branches by name. Lines
 * from decisions made before the engine recorded keys (or with a key this UI does not know) show
 * the engine's English detail, with its amounts written as money.
 */
export function traceLineText(t: TFunction, entry: TraceEntry, currency: string, lang: Lang, branchName: (id: string) => string): string {
  const lines = t('decisions.lines', { returnObjects: true }) as Record<string, string>;
  const template = entry.key !== undefined && Object.hasOwn(lines, entry.key) ? lines[entry.key] : undefined;
  if (template === undefined) return formatTraceDetail(entry.rule, entry.detail, currency, lang).replace(/\bloc_[0-9a-z]+\b/g, branchName);
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(entry.values ?? {})) {
    if (MONEY_VALUES.has(name) && typeof value === 'number') values[name] = formatMoney(value, currency, lang);
    else if (name === 'interval') values[name] = intervalText(t, String(value));
    else if (name === 'location' || name === 'merchant') values[name] = String(value).replace(/\bloc_[0-9a-z]+\b/g, branchName);
    else if (name === 'signals') values[name] = String(value).split(',').filter(Boolean).map((signal) => textOf(t('dash.signals', { returnObjects: true }), signal)).join(', ');
    else if (name === 'country') values[name] = countryName(String(value), lang);
    else if (name === 'kind') values[name] = textOf(t('decisions.blockListKinds', { returnObjects: true }), String(value));
    else if (name === 'policy') values[name] = textOf(t('decisions.riskPolicies', { returnObjects: true }), String(value));
    else values[name] = String(value);
  }
  values.scope = values.categories ? fill(lines.scope ?? '', values) : '';
  values.why = values.signals ? fill(lines.why ?? '', values) : '';
  values.reason ??= '–';
  return fill(template, values);
}

/** The texts' {{name}} placeholders, filled (the values are already in the person's words). */
function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
}
