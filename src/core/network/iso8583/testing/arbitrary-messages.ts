import fc from 'fast-check';
import { FIELD_TABLE, type FieldSpec } from '../field-table.js';
import type { Iso8583Fields, Iso8583Message } from '../message.js';

/** fast-check generators of valid messages over the whole field table, for property tests. */

const DIGITS = '0123456789';
const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
const HEX = '0123456789ABCDEF';

function stringOf(alphabet: string, minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
}

export function arbitraryFieldValue(spec: FieldSpec): fc.Arbitrary<string> {
  const fixed = spec.prefixDigits === 0;
  const min = fixed ? spec.length : spec.minLength;
  const max = spec.length;
  switch (spec.content) {
    case 'n':
      return stringOf(DIGITS, min, max);
    case 'an':
      return stringOf(DIGITS + ALPHA, min, max);
    case 'anp':
      return stringOf(DIGITS + ALPHA + ' ', min, max);
    case 'ans':
      return stringOf(PRINTABLE, min, max);
    case 'z':
      return stringOf(DIGITS + '=D', min, max);
    case 'x+n':
      return fc.tuple(fc.constantFrom('C', 'D'), stringOf(DIGITS, min - 1, max - 1)).map(([sign, digits]) => sign + digits);
    case 'b':
      return fc.array(fc.constantFrom(...HEX.split('')), { minLength: min * 2, maxLength: max * 2 }).map((chars) => {
        const even = chars.length % 2 === 0 ? chars : chars.slice(1);
        return even.join('');
      });
  }
}

export const TABLE_FIELDS: readonly number[] = FIELD_TABLE.flatMap((spec) => (spec === undefined ? [] : [spec.field]));

export function arbitraryMessage(fieldNumbers: readonly number[] = TABLE_FIELDS): fc.Arbitrary<Iso8583Message> {
  const mti = stringOf(DIGITS, 4, 4);
  const fieldEntries = fc.subarray([...fieldNumbers]).chain((chosen) =>
    fc.tuple(...chosen.map((field) => arbitraryFieldValue(FIELD_TABLE[field]!).map((value) => [field, value] as const))),
  );
  return fc.record({ mti, entries: fieldEntries }).map(({ mti: m, entries }) => {
    const fields: Iso8583Fields = {};
    for (const [field, value] of entries) fields[field] = value;
    return { mti: m, fields };
  });
}
