/**
 * The ISO 8583:1987 data elements Kartu reads and writes, in the ASCII encoding of the port
 * contract (ARCHITECTURE.md): every field is ASCII characters, variable fields carry an ASCII
 * LL/LLL length prefix. Built once at load into an array indexed by field number so the codec's
 * hot path is one array read per field. A field missing here is refused by name: guessing the
 * length of an unknown element would misread every field after it.
 */

/** n digits; an alphanumeric; anp alphanumeric and space; ans printable ASCII; z track-2 (digits, `=`/`D`); x+n a `C`/`D` sign then digits; b binary (hex in the message object). */
export type FieldContent = 'n' | 'an' | 'anp' | 'ans' | 'z' | 'x+n' | 'b';

export interface FieldSpec {
  readonly field: number;
  readonly name: string;
  readonly content: FieldContent;
  /** 0 for a fixed field, 2 for LLVAR, 3 for LLLVAR. */
  readonly prefixDigits: 0 | 2 | 3;
  /** Fixed fields: the exact length; variable fields: the maximum. Characters, or bytes for `b`. */
  readonly length: number;
  readonly minLength: number;
  /** Mask over CHAR_CLASS: a byte is allowed when `CHAR_CLASS[byte] & allowed` is non-zero. */
  readonly allowed: number;
}

export const C_DIGIT = 1;
export const C_ALPHA = 2;
export const C_SPACE = 4;
export const C_SPECIAL = 8;
export const C_TRACK2_SEPARATOR = 16;

/** One lookup per byte instead of a regular expression per character. */
export const CHAR_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let b = 0x21; b <= 0x7e; b++) table[b] = C_SPECIAL;
  for (let b = 0x30; b <= 0x39; b++) table[b] = C_DIGIT;
  for (let b = 0x41; b <= 0x5a; b++) table[b] = C_ALPHA;
  for (let b = 0x61; b <= 0x7a; b++) table[b] = C_ALPHA;
  table[0x20] = C_SPACE;
  table[0x3d] = C_SPECIAL | C_TRACK2_SEPARATOR; // '='
  table[0x44] = C_ALPHA | C_TRACK2_SEPARATOR; // 'D'
  table[0x64] = C_ALPHA | C_TRACK2_SEPARATOR; // 'd'
  return table;
})();

const ALLOWED: Record<FieldContent, number> = {
  n: C_DIGIT,
  an: C_DIGIT | C_ALPHA,
  anp: C_DIGIT | C_ALPHA | C_SPACE,
  ans: C_DIGIT | C_ALPHA | C_SPACE | C_SPECIAL,
  z: C_DIGIT | C_TRACK2_SEPARATOR,
  'x+n': C_DIGIT, // the sign character is checked on its own
  b: 0, // binary fields are not character-checked
};

type Row = [field: number, name: string, content: FieldContent, prefixDigits: 0 | 2 | 3, length: number, minLength?: number];

/** Sizes from ISO 8583:1987. 37 and 38 accept spaces (`anp`): acquirers pad them so. */
const ROWS: readonly Row[] = [
  [2, 'primary account number', 'n', 2, 19, 1],
  [3, 'processing code', 'n', 0, 6],
  [4, 'amount, transaction', 'n', 0, 12],
  [5, 'amount, settlement', 'n', 0, 12],
  [6, 'amount, cardholder billing', 'n', 0, 12],
  [7, 'transmission date and time', 'n', 0, 10],
  [9, 'conversion rate, settlement', 'n', 0, 8],
  [10, 'conversion rate, cardholder billing', 'n', 0, 8],
  [11, 'system trace audit number', 'n', 0, 6],
  [12, 'time, local transaction', 'n', 0, 6],
  [13, 'date, local transaction', 'n', 0, 4],
  [14, 'date, expiration', 'n', 0, 4],
  [15, 'date, settlement', 'n', 0, 4],
  [16, 'date, conversion', 'n', 0, 4],
  [18, 'merchant type', 'n', 0, 4],
  [19, 'acquiring institution country code', 'n', 0, 3],
  [22, 'point of service entry mode', 'n', 0, 3],
  [23, 'card sequence number', 'n', 0, 3],
  [25, 'point of service condition code', 'n', 0, 2],
  [26, 'point of service PIN capture code', 'n', 0, 2],
  [28, 'amount, transaction fee', 'x+n', 0, 9],
  [32, 'acquiring institution identification code', 'n', 2, 11],
  [33, 'forwarding institution identification code', 'n', 2, 11],
  [35, 'track 2 data', 'z', 2, 37],
  [37, 'retrieval reference number', 'anp', 0, 12],
  [38, 'authorization identification response', 'anp', 0, 6],
  [39, 'response code', 'an', 0, 2],
  [41, 'card acceptor terminal identification', 'ans', 0, 8],
  [42, 'card acceptor identification code', 'ans', 0, 15],
  [43, 'card acceptor name/location', 'ans', 0, 40],
  [44, 'additional response data', 'ans', 2, 25],
  [45, 'track 1 data', 'ans', 2, 76],
  [48, 'additional data, private', 'ans', 3, 999],
  [49, 'currency code, transaction', 'n', 0, 3],
  [50, 'currency code, settlement', 'n', 0, 3],
  [51, 'currency code, cardholder billing', 'n', 0, 3],
  [52, 'PIN data', 'b', 0, 8],
  [53, 'security related control information', 'n', 0, 16],
  [54, 'additional amounts', 'ans', 3, 120],
  [55, 'ICC data', 'b', 3, 255],
  [60, 'reserved national', 'ans', 3, 999],
  [61, 'reserved private', 'ans', 3, 999],
  [62, 'reserved private', 'ans', 3, 999],
  [63, 'reserved private', 'ans', 3, 999],
  [64, 'message authentication code', 'b', 0, 8],
  [70, 'network management information code', 'n', 0, 3],
  [90, 'original data elements', 'n', 0, 42],
  [95, 'replacement amounts', 'ans', 0, 42],
  [100, 'receiving institution identification code', 'n', 2, 11],
  [102, 'account identification 1', 'ans', 2, 28],
  [103, 'account identification 2', 'ans', 2, 28],
  [120, 'reserved private', 'ans', 3, 999],
  [121, 'reserved private', 'ans', 3, 999],
  [122, 'reserved private', 'ans', 3, 999],
  [123, 'reserved private', 'ans', 3, 999],
  [124, 'reserved private', 'ans', 3, 999],
  [125, 'reserved private', 'ans', 3, 999],
  [126, 'reserved private', 'ans', 3, 999],
  [128, 'message authentication code', 'b', 0, 8],
];

/** Index = field number (0..128); undefined = not supported. */
export const FIELD_TABLE: ReadonlyArray<FieldSpec | undefined> = (() => {
  const table: (FieldSpec | undefined)[] = new Array<FieldSpec | undefined>(129).fill(undefined);
  for (const [field, name, content, prefixDigits, length, minLength] of ROWS) {
    if (prefixDigits === 2 && length > 99) throw new Error(`field ${field}: LLVAR cannot exceed 99`);
    table[field] = {
      field,
      name,
      content,
      prefixDigits,
      length,
      minLength: prefixDigits === 0 ? length : (minLength ?? 0),
      allowed: ALLOWED[content],
    };
  }
  return table;
})();

export function fieldSpec(field: number): FieldSpec | undefined {
  return FIELD_TABLE[field];
}
