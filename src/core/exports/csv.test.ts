import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { csvCell, toCsv } from './csv.js';
import type { Cell } from './table.js';

/** The CSV writer gives papaparse's bytes (escapeFormulae, CRLF), and reads back to the same cells. */
const tricky = fc.constantFrom('', ' ', 'a,b', 'say "hi"', '=SUM(A1)', '+62812', '-5', '@x', '\tx', '\rx', 'line\nbreak', '=1\n2', ' lead', 'trail ', '\ufeffbom', "'quoted", 'Kopi Nusantara 1', 'ü ñ 漢字');
const text = fc.oneof(tricky, fc.string(), fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', '=', '-', '+', '@', '\t', 'x', '\ufeff', '\u2028', '\u2029') }));
const cell: fc.Arbitrary<Cell> = fc.oneof(text, fc.integer(), fc.double({ noNaN: true }), fc.constant(null), fc.boolean(), fc.integer({ min: -1_000_000_000_000, max: 0 }));

function papa(columns: string[], rows: Cell[][]): string {
  return Papa.unparse({ fields: columns, data: rows.map((r) => r.map((c) => (c === null ? '' : c))) }, { escapeFormulae: true, newline: '\r\n' });
}

describe('CSV writer', () => {
  it('writes the same bytes as papaparse for any table', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }).chain((w) => fc.tuple(fc.array(text, { minLength: w, maxLength: w }), fc.array(fc.array(cell, { minLength: w, maxLength: w }), { maxLength: 8 }))), ([columns, rows]) => {
        expect(toCsv({ name: 't', columns, rows })).toBe(papa(columns, rows));
      }),
      { numRuns: 500 },
    );
  });

  it('quotes what needs it, guards formulas, and parses back', () => {
    expect(csvCell('=SUM(A1)')).toBe(`"'=SUM(A1)"`);
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('-5')).toBe(`"'-5"`);
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(null)).toBe('');
    const rows: Cell[][] = [['2026-11-01', 'tr_1', 1, 'card_funds', 'Kopi, Nusantara', 1_000_000, 0, 'IDR', 'auth_1', 'purchase: "Kopi"\nSudirman']];
    const parsed = Papa.parse<string[]>(toCsv({ name: 't', columns: ['date', 'entry', 'line', 'account', 'name', 'debit', 'credit', 'currency', 'reference', 'description'], rows }), { newline: '\r\n' });
    expect(parsed.data[1]).toEqual(rows[0]!.map(String));
    expect(toCsv({ name: 'empty', columns: ['a', 'b'], rows: [] })).toBe('a,b\r\n');
  });
});
