/**
 * A table to export: named columns and rows of plain values. Every export (a report, the
 * transactions, the journal) becomes one or more tables, then CSV or XLSX.
 */
export type Cell = string | number | boolean | null;

export interface Table {
  name: string;
  columns: string[];
  rows: Cell[][];
}

/** A value as a cell: nested objects and arrays become JSON text (a CSV has no nesting). */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** Rows of objects as a table, columns in first-seen order. */
export function tableOf(name: string, rows: ReadonlyArray<Record<string, unknown>>, columns?: string[]): Table {
  const cols = columns ?? [];
  if (!columns) {
    const seen = new Set<string>();
    for (const row of rows) for (const key of Object.keys(row)) if (!seen.has(key)) {
      seen.add(key);
      cols.push(key);
    }
  }
  return { name, columns: cols, rows: rows.map((row) => cols.map((c) => toCell(row[c]))) };
}
