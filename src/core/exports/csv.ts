import type { Cell, Table } from './table.js';

/**
 * CSV with a header row, comma separated, CRLF line ends (RFC 4180), UTF-8. Text that a
 * spreadsheet would run as a formula (=, +, -, @, tab or CR first) is prefixed with a quote; numbers
 * are written as they are, so negative amounts stay numbers.
 *
 * The same bytes as papaparse's `unparse` with `escapeFormulae: true` (csv.test.ts compares them on
 * random tables), written directly: a month of the journal is hundreds of thousands of lines, and
 * papaparse's general path (a regular expression, a replace and five searches per cell, a string
 * grown cell by cell) cost as much as reading the ledger.
 */
const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;
const SPACE = 32;
const BOM = 0xfeff;
const SPECIAL = /[,"\r\n\ufeff\u2028\u2029]/;

/** =, +, -, @, tab or CR first: what a spreadsheet would run as a formula. */
function formulaFirst(c: number): boolean {
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === CR;
}

export function csvCell(value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  // A number or a boolean never has a character that needs quoting, and is never a formula.
  if (typeof value !== 'string') return String(value);
  const n = value.length;
  if (n === 0) return '';
  // Most cells (ids, codes, dates, names) need nothing: one native search says so.
  if (!formulaFirst(value.charCodeAt(0)) && value.charCodeAt(0) !== SPACE && value.charCodeAt(n - 1) !== SPACE && !SPECIAL.test(value)) return value;
  let quotes = false;
  let special = false;
  let lineBreak = false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === QUOTE) quotes = true;
    else if (c === COMMA || c === BOM) special = true;
    else if (c === 0x2028 || c === 0x2029) {
      if (i > 0) lineBreak = true;
    } else if (c === CR || c === LF) {
      special = true;
      // papaparse's test (/^[=+\-@\t\r].*$/, no m flag): a line terminator after the first
      // character (CR, LF, U+2028, U+2029) means no formula prefix.
      if (i > 0) lineBreak = true;
    }
  }
  const formula = formulaFirst(value.charCodeAt(0)) && !lineBreak;
  const text = quotes ? value.replace(/"/g, '""') : value;
  if (formula) return `"'${text}"`;
  return special || quotes || value.charCodeAt(0) === SPACE || value.charCodeAt(n - 1) === SPACE ? `"${text}"` : text;
}

/** One line per row (no line break at the end); with `columns`, the header line first. */
export function csvLines(columns: readonly string[] | null, rows: ReadonlyArray<ReadonlyArray<Cell>>): string {
  const out: string[] = [];
  const width = columns?.length ?? 0;
  if (columns && width > 0) out.push(columns.map(csvCell).join(','));
  // No rows: papaparse writes one empty row (the header, then a line break).
  for (const row of rows.length > 0 ? rows : [[]]) {
    // A row without any cell is an empty line (as papaparse writes it).
    if (row.length === 0) {
      out.push('');
      continue;
    }
    // Cells joined by the engine (a string grown cell by cell costs several times more).
    const cells = width > 0 && row.length !== width ? Array.from({ length: width }, (_, i) => row[i]) : row;
    out.push(cells.map(csvCell).join(','));
  }
  return out.join('\r\n');
}

export function toCsv(table: Table): string {
  return csvLines(table.columns, table.rows);
}
