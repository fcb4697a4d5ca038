import { CHAR_CLASS, C_DIGIT, FIELD_TABLE, type FieldSpec } from './field-table.js';
import { BITMAP_FIELD, Iso8583Error, MTI_FIELD } from './iso8583-error.js';
import type { Iso8583Fields, Iso8583Message } from './message.js';

/**
 * ISO 8583:1987 as the port contract spells it: MTI as 4 ASCII digits, an 8-byte binary primary
 * bitmap (a secondary one when bit 1 is set), then the present fields in ascending order, ASCII,
 * variable ones behind an ASCII LL/LLL length. Pure: no I/O, no clock.
 *
 * Speed matters (the port must carry thousands of authorizations a second), so packing sizes the
 * message first and writes into one buffer, and unpacking walks the bitmap with clz32 and checks
 * characters against a byte-class table instead of regular expressions.
 */

/** The 2-byte length prefix can carry no more. */
export const MAX_MESSAGE_BYTES = 0xffff;

const MTI_BYTES = 4;
const BITMAP_BYTES = 8;

// Scratch for packing: packing is synchronous, so one set per process is safe and saves an
// allocation per message. Values are cleared after use so no card number lingers here.
const scratchValues: (string | undefined)[] = new Array<string | undefined>(129).fill(undefined);
const scratchWords = new Int32Array(4);

/** The message without the length prefix. */
export function packMessage(message: Iso8583Message): Buffer {
  return pack(message, 0);
}

/** The message behind its 2-byte big-endian length: ready for the socket. */
export function packFrame(message: Iso8583Message): Buffer {
  return pack(message, 2);
}

function pack(message: Iso8583Message, headerBytes: number): Buffer {
  const mti = message.mti;
  if (typeof mti !== 'string' || mti.length !== MTI_BYTES || !allDigits(mti)) {
    throw new Iso8583Error('bad_mti', MTI_FIELD, `MTI must be 4 digits, got ${describe(mti)}`);
  }
  const words = scratchWords;
  words[0] = 0;
  words[1] = 0;
  words[2] = 0;
  words[3] = 0;
  let bodyBytes = 0;
  const fields = message.fields;
  try {
    for (const key in fields) {
      const value = fields[key as unknown as number];
      if (value === undefined) continue;
      const field = fieldNumberOf(key);
      const spec = field > BITMAP_FIELD ? FIELD_TABLE[field] : undefined;
      if (spec === undefined) {
        throw new Iso8583Error('unknown_field', field >= 0 ? field : undefined, `no 1987 field table entry for field '${key}'`);
      }
      if (typeof value !== 'string') {
        throw new Iso8583Error('missing_value', field, `${spec.name} must be a string, got ${typeof value}`);
      }
      bodyBytes += spec.prefixDigits + dataBytesOf(spec, value);
      const index = field - 1;
      words[index >>> 5]! |= 1 << (31 - (index & 31));
      scratchValues[field] = value;
    }
  } catch (error) {
    scratchValues.fill(undefined);
    throw error;
  }
  const secondary = words[2] !== 0 || words[3] !== 0;
  if (secondary) words[0]! |= 1 << 31;
  const messageBytes = MTI_BYTES + BITMAP_BYTES * (secondary ? 2 : 1) + bodyBytes;
  if (messageBytes > MAX_MESSAGE_BYTES) {
    scratchValues.fill(undefined);
    throw new Iso8583Error('oversized', undefined, `message of ${messageBytes} bytes exceeds ${MAX_MESSAGE_BYTES}`);
  }

  const buf = Buffer.allocUnsafe(headerBytes + messageBytes);
  let offset = 0;
  if (headerBytes === 2) {
    buf[0] = messageBytes >>> 8;
    buf[1] = messageBytes & 0xff;
    offset = 2;
  }
  for (let i = 0; i < MTI_BYTES; i++) buf[offset++] = mti.charCodeAt(i);
  const wordCount = secondary ? 4 : 2;
  for (let w = 0; w < wordCount; w++) {
    const word = words[w]!;
    buf[offset++] = word >>> 24;
    buf[offset++] = (word >>> 16) & 0xff;
    buf[offset++] = (word >>> 8) & 0xff;
    buf[offset++] = word & 0xff;
  }
  try {
    for (let w = 0; w < wordCount; w++) {
      let word = words[w]!;
      while (word !== 0) {
        const bit = Math.clz32(word);
        word ^= 1 << (31 - bit);
        const field = (w << 5) + bit + 1;
        if (field === BITMAP_FIELD) continue;
        const value = scratchValues[field]!;
        scratchValues[field] = undefined;
        offset = writeField(buf, offset, FIELD_TABLE[field]!, value);
      }
    }
  } catch (error) {
    scratchValues.fill(undefined);
    throw error;
  }
  return buf;
}

/** Size in bytes of the field's data (without prefix), after checking its length. */
function dataBytesOf(spec: FieldSpec, value: string): number {
  let bytes = value.length;
  if (spec.content === 'b') {
    if ((bytes & 1) !== 0) throw new Iso8583Error('bad_length', spec.field, `${spec.name} is binary and must be given as an even number of hex digits`);
    bytes >>>= 1;
  }
  if (spec.prefixDigits === 0) {
    if (bytes !== spec.length) {
      throw new Iso8583Error('bad_length', spec.field, `${spec.name} must be exactly ${spec.length} ${unit(spec)}, got ${bytes}`);
    }
  } else if (bytes > spec.length) {
    throw new Iso8583Error('oversized', spec.field, `${spec.name} is at most ${spec.length} ${unit(spec)}, got ${bytes}`);
  } else if (bytes < spec.minLength) {
    throw new Iso8583Error('bad_length', spec.field, `${spec.name} is at least ${spec.minLength} ${unit(spec)}, got ${bytes}`);
  }
  return bytes;
}

function writeField(buf: Buffer, start: number, spec: FieldSpec, value: string): number {
  let offset = start;
  const content = spec.content;
  const length = content === 'b' ? value.length >>> 1 : value.length;
  if (spec.prefixDigits === 3) {
    buf[offset++] = 48 + ((length / 100) | 0);
    buf[offset++] = 48 + (((length / 10) | 0) % 10);
    buf[offset++] = 48 + (length % 10);
  } else if (spec.prefixDigits === 2) {
    buf[offset++] = 48 + ((length / 10) | 0);
    buf[offset++] = 48 + (length % 10);
  }
  if (content === 'b') {
    for (let i = 0; i < value.length; i += 2) {
      const high = hexValue(value.charCodeAt(i));
      const low = hexValue(value.charCodeAt(i + 1));
      if (high < 0 || low < 0) throw new Iso8583Error('bad_character', spec.field, `${spec.name} must be hex digits`);
      buf[offset++] = (high << 4) | low;
    }
    return offset;
  }
  let i = 0;
  if (content === 'x+n') {
    const sign = value.charCodeAt(0);
    if (sign !== 0x43 && sign !== 0x44) throw new Iso8583Error('bad_character', spec.field, `${spec.name} must start with C or D`);
    buf[offset++] = sign;
    i = 1;
  }
  const allowed = spec.allowed;
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0xff || (CHAR_CLASS[c]! & allowed) === 0) throw badCharacter(spec, i);
    buf[offset++] = c;
  }
  return offset;
}

/** Reads one message (without its length prefix). Throws Iso8583Error naming the field at fault. */
export function unpackMessage(buf: Buffer): Iso8583Message {
  const end = buf.length;
  if (end < MTI_BYTES) throw new Iso8583Error('truncated', MTI_FIELD, `message of ${end} bytes is too short for an MTI`);
  const b0 = buf[0]!;
  const b1 = buf[1]!;
  const b2 = buf[2]!;
  const b3 = buf[3]!;
  if (CHAR_CLASS[b0] !== C_DIGIT || CHAR_CLASS[b1] !== C_DIGIT || CHAR_CLASS[b2] !== C_DIGIT || CHAR_CLASS[b3] !== C_DIGIT) {
    throw new Iso8583Error('bad_mti', MTI_FIELD, 'MTI must be 4 ASCII digits');
  }
  const mti = String.fromCharCode(b0, b1, b2, b3);
  const fields: Iso8583Fields = {};
  try {
    unpackFields(buf, fields);
  } catch (error) {
    if (error instanceof Iso8583Error) {
      error.mti = mti;
      error.partialFields = fields;
    }
    throw error;
  }
  return { mti, fields };
}

function unpackFields(buf: Buffer, fields: Iso8583Fields): void {
  const end = buf.length;
  let offset = MTI_BYTES;
  if (end < offset + BITMAP_BYTES) throw new Iso8583Error('truncated', BITMAP_FIELD, 'message ends inside the primary bitmap');
  const w0 = readWord(buf, offset);
  const w1 = readWord(buf, offset + 4);
  offset += BITMAP_BYTES;
  let w2 = 0;
  let w3 = 0;
  if ((w0 & 0x80000000) !== 0) {
    if (end < offset + BITMAP_BYTES) throw new Iso8583Error('truncated', BITMAP_FIELD, 'message ends inside the secondary bitmap');
    w2 = readWord(buf, offset);
    w3 = readWord(buf, offset + 4);
    offset += BITMAP_BYTES;
  }
  // Writing the highest field first sizes the object's element store once instead of growing it
  // field by field (measurably cheaper); the placeholder is overwritten when its turn comes.
  const highest = w3 !== 0 ? lastFieldOf(w3, 3) : w2 !== 0 ? lastFieldOf(w2, 2) : w1 !== 0 ? lastFieldOf(w1, 1) : lastFieldOf(w0, 0);
  if (highest > BITMAP_FIELD) fields[highest] = '';
  let last = BITMAP_FIELD;
  try {
    for (let w = 0; w < 4; w++) {
      let word = w === 0 ? w0 : w === 1 ? w1 : w === 2 ? w2 : w3;
      while (word !== 0) {
        const bit = Math.clz32(word);
        word ^= 1 << (31 - bit);
        const field = (w << 5) + bit + 1;
        if (field === BITMAP_FIELD) continue;
        const spec = FIELD_TABLE[field];
        if (spec === undefined) throw new Iso8583Error('unknown_field', field, 'present in the bitmap but has no 1987 field table entry, so its length is unknown');
        offset = readField(buf, offset, spec, fields);
        last = field;
      }
    }
  } catch (error) {
    // The highest field is read last: after any fault on the way it holds only the placeholder.
    if (highest > BITMAP_FIELD) delete fields[highest];
    throw error;
  }
  if (offset !== end) {
    throw new Iso8583Error('trailing_bytes', last, `${end - offset} bytes left after the last field in the bitmap`);
  }
}

/** The highest field number whose bit is set in `word` (the `index`th 32-bit word of the bitmap). */
function lastFieldOf(word: number, index: number): number {
  return word === 0 ? 0 : (index << 5) + Math.clz32(word & -word) + 1;
}

function readField(buf: Buffer, start: number, spec: FieldSpec, fields: Iso8583Fields): number {
  const end = buf.length;
  let offset = start;
  let length = spec.length;
  if (spec.prefixDigits !== 0) {
    if (end < offset + spec.prefixDigits) throw new Iso8583Error('truncated', spec.field, `message ends inside the length of ${spec.name}`);
    length = 0;
    for (let i = 0; i < spec.prefixDigits; i++) {
      const c = buf[offset++]!;
      if (CHAR_CLASS[c] !== C_DIGIT) throw new Iso8583Error('bad_length', spec.field, `length prefix of ${spec.name} is not ASCII digits`);
      length = length * 10 + (c - 48);
    }
    if (length > spec.length) throw new Iso8583Error('oversized', spec.field, `${spec.name} is at most ${spec.length} ${unit(spec)}, length prefix says ${length}`);
    if (length < spec.minLength) throw new Iso8583Error('bad_length', spec.field, `${spec.name} is at least ${spec.minLength} ${unit(spec)}, length prefix says ${length}`);
  }
  const stop = offset + length;
  if (stop > end) throw new Iso8583Error('truncated', spec.field, `message ends inside ${spec.name} (${length} ${unit(spec)} expected, ${end - offset} left)`);
  if (spec.content === 'b') {
    fields[spec.field] = hexOf(buf, offset, stop);
    return stop;
  }
  let i = offset;
  if (spec.content === 'x+n' && length > 0) {
    const sign = buf[i]!;
    if (sign !== 0x43 && sign !== 0x44) throw new Iso8583Error('bad_character', spec.field, `${spec.name} must start with C or D`);
    i++;
  }
  const allowed = spec.allowed;
  for (; i < stop; i++) {
    if ((CHAR_CLASS[buf[i]!]! & allowed) === 0) throw badCharacter(spec, i - offset);
  }
  fields[spec.field] = asciiOf(buf, offset, stop);
  return stop;
}

/**
 * Strings from checked printable-ASCII bytes. Most fields are short, and for those
 * String.fromCharCode with the bytes as arguments is several times faster than a native
 * Buffer#toString call; long fields go native.
 */
function asciiOf(buf: Buffer, start: number, stop: number): string {
  const length = stop - start;
  if (length <= 8) return upTo8(buf, start, length);
  if (length <= 16) return upTo8(buf, start, 8) + upTo8(buf, start + 8, length - 8);
  return HAS_LATIN1_SLICE ? (buf as WithLatin1Slice).latin1Slice(start, stop) : buf.toString('latin1', start, stop);
}

/** Node's binding behind toString('latin1'), without its argument handling; used when present. */
type WithLatin1Slice = Buffer & { latin1Slice(start: number, end: number): string };
const HAS_LATIN1_SLICE = typeof (Buffer.prototype as Partial<WithLatin1Slice>).latin1Slice === 'function';

function upTo8(b: Buffer, i: number, length: number): string {
  switch (length) {
    case 0: return '';
    case 1: return String.fromCharCode(b[i]!);
    case 2: return String.fromCharCode(b[i]!, b[i + 1]!);
    case 3: return String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!);
    case 4: return String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!);
    case 5: return String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!);
    case 6: return String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!);
    case 7: return String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!);
    default: return String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
  }
}

const HEX_DIGITS = '0123456789ABCDEF';

function hexOf(buf: Uint8Array, start: number, stop: number): string {
  let s = '';
  for (let i = start; i < stop; i++) {
    const b = buf[i]!;
    s += HEX_DIGITS[b >>> 4]! + HEX_DIGITS[b & 15]!;
  }
  return s;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function readWord(buf: Uint8Array, offset: number): number {
  return ((buf[offset]! << 24) | (buf[offset + 1]! << 16) | (buf[offset + 2]! << 8) | buf[offset + 3]!) | 0;
}

function badCharacter(spec: FieldSpec, position: number): Iso8583Error {
  if (spec.content === 'n' || spec.content === 'x+n') {
    return new Iso8583Error('not_numeric', spec.field, `${spec.name} must be numeric (character ${position + 1} is not a digit)`);
  }
  return new Iso8583Error('bad_character', spec.field, `${spec.name} (${spec.content}) has a character not allowed at position ${position + 1}`);
}

/** Field keys must be canonical decimal integers ('2', not '02'); anything else is -1. */
function fieldNumberOf(key: string): number {
  const length = key.length;
  if (length === 0 || length > 3 || (length > 1 && key.charCodeAt(0) === 48)) return -1;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const c = key.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function allDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function unit(spec: FieldSpec): string {
  return spec.content === 'b' ? 'bytes' : 'characters';
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value.slice(0, 8)}'` : typeof value;
}

