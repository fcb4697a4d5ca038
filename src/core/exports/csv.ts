import Papa from 'papaparse';
import type { Table } from './table.js';

/**
 * CSV with a header row, comma separated, CRLF line ends (RFC 4180), UTF-8. Text that a
 * spreadsheet would run as a formula (=, +, -, @ first) is prefixed with a quote; numbers are
 * written as they are, so negative amounts stay numbers.
 */
export function toCsv(table: Table): string {
  return Papa.unparse({ fields: table.columns, data: table.rows.map((r) => r.map((c) => (c === null ? '' : c))) }, { escapeFormulae: true, newline: '\r\n' });
}
