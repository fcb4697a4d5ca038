import Papa from 'papaparse';
import { kindFromText } from './blocklist-kinds.js';

/** One row of a block-list file before validation; `line` is the file line (CSV) or item number (JSON). */
export interface RawRow {
  line: number;
  kind: string | null;
  value: string;
  note: string | null;
}

export interface ParsedFile {
  rows: RawRow[];
  /** Rows the parser itself could not read (an unterminated quote, an item that is not a string or object). */
  broken: Array<{ line: number; error: string }>;
  numberedBy: 'line' | 'item';
}

export const MAX_ROWS = 50_000;

const VALUE_HEADERS = new Set(['value', 'entry', 'item']);
const KIND_HEADERS = new Set(['kind', 'type']);
const NOTE_HEADERS = new Set(['note', 'notes', 'comment', 'reason', 'description']);

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** 1-based line of a character offset. */
function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

interface Columns {
  kind: number | null;
  value: number;
  note: number | null;
  /** A one-column file whose header names the kind ("card_number"). */
  headerKind: string | null;
}

function headerColumns(cells: string[]): Columns | null {
  const names = cells.map((c) => c.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const value = names.findIndex((n) => VALUE_HEADERS.has(n));
  if (value >= 0) {
    const kind = names.findIndex((n) => KIND_HEADERS.has(n));
    const note = names.findIndex((n) => NOTE_HEADERS.has(n));
    return { kind: kind >= 0 ? kind : null, value, note: note >= 0 ? note : null, headerKind: null };
  }
  const first = names[0] ?? '';
  if (kindFromText(first) && (names.length === 1 || NOTE_HEADERS.has(names[1] ?? ''))) {
    return { kind: null, value: 0, note: names.length > 1 ? 1 : null, headerKind: first };
  }
  return null;
}

/**
 * CSV: a header `kind,value,note` (or `type`, or one column named by its kind: `card_number`), or
 * no header with `kind,value[,note]` per row, or one value per row when the import names the kind.
 * Lines starting with # are comments. Line numbers are the file's, even with quoted line breaks.
 */
export function parseCsv(text: string): ParsedFile {
  const starts = lineStarts(text);
  const rows: RawRow[] = [];
  const broken: ParsedFile['broken'] = [];
  let columns: Columns | null | undefined;
  let previousCursor = 0;
  let count = 0;
  Papa.parse<string[]>(text, {
    header: false,
    delimitersToGuess: [',', ';', '\t', '|'],
    step: (result, parser) => {
      const line = lineAt(starts, previousCursor);
      previousCursor = result.meta.cursor;
      const cells = result.data.map((c) => (typeof c === 'string' ? c : String(c)));
      const problem = result.errors.find((e) => e.type !== 'Delimiter');
      if (cells.every((c) => c.trim() === '') || (cells[0] ?? '').trimStart().startsWith('#')) return;
      if (problem) {
        broken.push({ line, error: `unreadable CSV: ${problem.message}` });
        return;
      }
      if (columns === undefined) {
        columns = headerColumns(cells);
        if (columns) return;
      }
      if (++count > MAX_ROWS) {
        broken.push({ line, error: `more than ${MAX_ROWS.toLocaleString('en-US')} rows: split the file` });
        parser.abort();
        return;
      }
      const c = columns ?? (cells.length >= 2 ? { kind: 0, value: 1, note: cells.length >= 3 ? 2 : null, headerKind: null } : { kind: null, value: 0, note: null, headerKind: null });
      rows.push({
        line,
        kind: c.headerKind ?? (c.kind !== null ? (cells[c.kind] ?? '').trim() || null : null),
        value: cells[c.value] ?? '',
        note: c.note !== null ? (cells[c.note] ?? '').trim() || null : null,
      });
    },
  });
  return { rows, broken, numberedBy: 'line' };
}

/** JSON: an array (or `{entries: [...]}`) of values, or of objects `{kind, value, note?}`. Numbered by item. */
export function parseJson(text: string): ParsedFile | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { error: `The content is not valid JSON: ${(error as Error).message}` };
  }
  const items = Array.isArray(parsed) ? parsed : parsed && typeof parsed === 'object' && Array.isArray((parsed as { entries?: unknown }).entries) ? (parsed as { entries: unknown[] }).entries : null;
  if (!items) return { error: 'The JSON must be an array of entries, or an object with an "entries" array.' };
  if (items.length > MAX_ROWS) return { error: `More than ${MAX_ROWS.toLocaleString('en-US')} entries: split the file.` };
  const rows: RawRow[] = [];
  const broken: ParsedFile['broken'] = [];
  items.forEach((item, index) => {
    const line = index + 1;
    if (typeof item === 'string' || typeof item === 'number') {
      rows.push({ line, kind: null, value: String(item), note: null });
      return;
    }
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      const o = item as Record<string, unknown>;
      const value = o.value ?? o.entry;
      if (typeof value !== 'string' && typeof value !== 'number') {
        broken.push({ line, error: 'the entry has no "value"' });
        return;
      }
      const kind = o.kind ?? o.type;
      rows.push({ line, kind: typeof kind === 'string' ? kind : null, value: String(value), note: typeof o.note === 'string' ? o.note : null });
      return;
    }
    broken.push({ line, error: 'an entry must be a string or an object {kind, value, note}' });
  });
  return { rows, broken, numberedBy: 'item' };
}

/** Bad rows are echoed back, but never a full card number: long digit runs keep their last 4. */
export function maskForReport(value: string): string {
  const short = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return short.replace(/\d[\d\s-]{10,}\d/g, (run) => {
    const digits = run.replace(/\D/g, '');
    return digits.length >= 12 ? `••••${digits.slice(-4)}` : run;
  });
}
