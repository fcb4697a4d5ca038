import { tableOf, toCell, type Table } from './table.js';

/**
 * Any report result as tables: its chart rows first, then every other list it carries (declines by
 * reason, branches, tiers, visit frequency ...), then its totals and filters as name/value pairs.
 */
const ENVELOPE = new Set(['object', 'report', 'currency', 'timezone', 'filters', 'generated_at', 'rows', 'totals', 'notes']);

function flatten(prefix: string, value: unknown, out: Array<Record<string, unknown>>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(prefix ? `${prefix}.${k}` : k, v, out);
  } else {
    out.push({ name: prefix, value: toCell(value) });
  }
}

function isRowList(value: unknown): value is Array<Record<string, unknown>> {
  return Array.isArray(value) && value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
}

export function reportTables(result: Record<string, unknown>): Table[] {
  const tables: Table[] = [tableOf('rows', (result.rows as Array<Record<string, unknown>>) ?? [])];
  const pairs: Array<Record<string, unknown>> = [];
  for (const [key, value] of Object.entries(result)) {
    if (ENVELOPE.has(key)) continue;
    if (isRowList(value)) {
      tables.push(tableOf(key, value));
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (isRowList(v) && v.length > 0) tables.push(tableOf(`${key}.${k}`, v));
        else flatten(`${key}.${k}`, v, pairs);
      }
    } else {
      flatten(key, value, pairs);
    }
  }
  const totals: Array<Record<string, unknown>> = [];
  flatten('', result.totals ?? {}, totals);
  tables.push(tableOf('totals', [...totals, ...pairs], ['name', 'value']));
  const about: Array<Record<string, unknown>> = [];
  flatten('', { report: result.report, currency: result.currency, timezone: result.timezone, generated_at: result.generated_at, filters: result.filters }, about);
  ((result.notes as string[]) ?? []).forEach((n, i) => about.push({ name: `note.${i + 1}`, value: n }));
  tables.push(tableOf('about', about, ['name', 'value']));
  return tables;
}
