import { toCsv } from './csv.js';
import { toXlsx } from './xlsx.js';
import type { Table } from './table.js';

/** A file an export produced, ready to save, send over IPC/HTTP, or write to a folder. */
export interface ExportFile {
  object: 'export';
  filename: string;
  content_type: string;
  /** utf8 for CSV, base64 for XLSX and PDF. */
  encoding: 'utf8' | 'base64';
  content: string;
  rows: number;
}

export type ExportFormat = 'csv' | 'xlsx';

export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
} as const;

/** A file name from parts: lower case, safe on every file system. */
export function fileName(parts: ReadonlyArray<string | null | undefined>, ext: string): string {
  const base = parts
    .filter((p): p is string => Boolean(p))
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return `${base.slice(0, 120) || 'export'}.${ext}`;
}

/** CSV carries one table (the first unless named); XLSX carries them all, one sheet each. */
export function exportFile(tables: readonly Table[], format: ExportFormat, name: ReadonlyArray<string | null | undefined>, table?: string): ExportFile {
  if (format === 'xlsx') {
    return { object: 'export', filename: fileName(name, 'xlsx'), content_type: CONTENT_TYPES.xlsx, encoding: 'base64', content: toXlsx(tables).toString('base64'), rows: tables[0]?.rows.length ?? 0 };
  }
  const chosen = (table ? tables.find((t) => t.name === table) : tables[0]) ?? { name: 'empty', columns: [], rows: [] };
  return { object: 'export', filename: fileName([...name, table ?? null], 'csv'), content_type: CONTENT_TYPES.csv, encoding: 'utf8', content: toCsv(chosen), rows: chosen.rows.length };
}

export function contentBytes(file: Pick<ExportFile, 'encoding' | 'content'>): Buffer {
  return Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8');
}
