import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packFrame, packMessage, unpackMessage } from './codec.js';
import { Iso8583Error, type Iso8583ErrorCode } from './iso8583-error.js';
import type { Iso8583Message } from './message.js';
import { arbitraryMessage } from './testing/arbitrary-messages.js';
import { SAMPLE_0100, SAMPLE_0110 } from './testing/sample-messages.js';

/** `npm run test:long` runs the properties twenty times longer. */
const RUNS = process.env.KARTU_LONG !== undefined && process.env.KARTU_LONG !== '' && process.env.KARTU_LONG !== '0' ? 20 : 1;

function refusal(run: () => unknown): Iso8583Error {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(Iso8583Error);
    return error as Iso8583Error;
  }
  throw new Error('expected an Iso8583Error, nothing was thrown');
}

function expectRefused(run: () => unknown, code: Iso8583ErrorCode, field: number | undefined): Iso8583Error {
  const error = refusal(run);
  expect({ code: error.code, field: error.field }).toEqual({ code, field });
  if (field !== undefined) expect(error.message).toContain(`field ${field}`);
  return error;
}

/** Builds raw bytes: MTI, a bitmap over `fieldNumbers`, then `body` as given (for malformed cases). */
function raw(mti: string, fieldNumbers: number[], body: string | Buffer): Buffer {
  const secondary = fieldNumbers.some((f) => f > 64);
  const bitmap = Buffer.alloc(secondary ? 16 : 8);
  if (secondary) bitmap[0]! |= 0x80;
  for (const f of fieldNumbers) bitmap[(f - 1) >> 3]! |= 0x80 >> ((f - 1) & 7);
  return Buffer.concat([Buffer.from(mti, 'latin1'), bitmap, typeof body === 'string' ? Buffer.from(body, 'latin1') : body]);
}

describe('packMessage / unpackMessage', () => {
  it('lays out a 0100 as the contract says: ASCII MTI, binary bitmap, LL prefix before the PAN', () => {
    const bytes = packMessage({ mti: '0100', fields: { 2: '4111111111111111', 3: '000000', 4: '000000001000', 11: '000001', 49: '360' } });
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('0100');
    // bits 2, 3, 4, 11 in the first 8 bytes; 49 in byte 7
    expect(bytes.subarray(4, 12).toString('hex')).toBe('7020000000008000');
    expect(bytes.subarray(12).toString('latin1')).toBe('164111111111111111' + '000000' + '000000001000' + '000001' + '360');
  });

  it('adds the secondary bitmap only when a field above 64 is present', () => {
    const primaryOnly = packMessage({ mti: '0800', fields: { 11: '000001' } });
    expect(primaryOnly.length).toBe(4 + 8 + 6);
    expect(primaryOnly[4]! & 0x80).toBe(0);
    const withSecondary = packMessage({ mti: '0800', fields: { 11: '000001', 70: '301' } });
    expect(withSecondary.length).toBe(4 + 16 + 6 + 3);
    expect(withSecondary[4]! & 0x80).toBe(0x80);
    expect(withSecondary.subarray(12, 20).toString('hex')).toBe('0400000000000000'); // bit 70 = bit 6 of the secondary
    expect(unpackMessage(withSecondary)).toEqual({ mti: '0800', fields: { 11: '000001', 70: '301' } });
  });

  it('frames with a 2-byte big-endian length', () => {
    const frame = packFrame(SAMPLE_0100);
    expect(frame.readUInt16BE(0)).toBe(frame.length - 2);
    expect(frame.subarray(2)).toEqual(packMessage(SAMPLE_0100));
  });

  it('round-trips the sample 0100 and 0110', () => {
    expect(unpackMessage(packMessage(SAMPLE_0100))).toEqual(SAMPLE_0100);
    expect(unpackMessage(packMessage(SAMPLE_0110))).toEqual(SAMPLE_0110);
  });

  it('carries binary fields as upper-case hex', () => {
    const message: Iso8583Message = { mti: '0200', fields: { 11: '000002', 52: '0123456789ABCDEF', 55: '9F2608AABBCCDDEEFF0011', 128: 'FFEEDDCCBBAA9988' } };
    const bytes = packMessage(message);
    expect(bytes.includes(Buffer.from('0123456789abcdef', 'hex'))).toBe(true);
    expect(bytes.includes(Buffer.from('011', 'latin1'))).toBe(true); // LLL of field 55 counts bytes: 11
    expect(unpackMessage(bytes)).toEqual(message);
    expect(unpackMessage(packMessage({ mti: '0200', fields: { 52: 'abcdef0123456789' } })).fields[52]).toBe('ABCDEF0123456789');
  });

  it('property: any valid message packs and unpacks to itself, and repacks to the same bytes', () => {
    fc.assert(
      fc.property(arbitraryMessage(), (message) => {
        const bytes = packMessage(message);
        const back = unpackMessage(bytes);
        expect(back).toEqual(message);
        expect(packMessage(back)).toEqual(bytes);
      }),
      { numRuns: 400 * RUNS },
    );
  });

  it('property: any bytes either unpack or are refused with an Iso8583Error, never another error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('0100', '0200', '0800', ''), (bytes, prefix) => {
        const buf = Buffer.concat([Buffer.from(prefix, 'latin1'), bytes]);
        try {
          unpackMessage(buf);
        } catch (error) {
          expect(error).toBeInstanceOf(Iso8583Error);
        }
      }),
      { numRuns: 2000 * RUNS },
    );
  });

  it('property: every truncation of a valid message is refused, naming a field', () => {
    fc.assert(
      fc.property(arbitraryMessage(), fc.nat(), (message, cut) => {
        const bytes = packMessage(message);
        const truncated = bytes.subarray(0, cut % bytes.length);
        const error = refusal(() => unpackMessage(truncated));
        expect(error.code === 'truncated' || error.code === 'bad_mti' || error.code === 'bad_length' || error.code === 'not_numeric' || error.code === 'bad_character' || error.code === 'oversized' || error.code === 'trailing_bytes').toBe(true);
        expect(error.field).toBeDefined();
      }),
      { numRuns: 300 * RUNS },
    );
  });
});

describe('unpackMessage refuses malformed messages, naming the field', () => {
  it('an empty buffer or one shorter than the MTI', () => {
    expectRefused(() => unpackMessage(Buffer.alloc(0)), 'truncated', 0);
    expectRefused(() => unpackMessage(Buffer.from('010', 'latin1')), 'truncated', 0);
  });

  it('an MTI that is not 4 ASCII digits', () => {
    const error = expectRefused(() => unpackMessage(raw('01A0', [11], '000001')), 'bad_mti', 0);
    expect(error.mti).toBeUndefined();
  });

  it('a message that ends inside the primary or the secondary bitmap, keeping the MTI for the answer', () => {
    const error = expectRefused(() => unpackMessage(Buffer.from('0100\x70\x20', 'latin1')), 'truncated', 1);
    expect(error.mti).toBe('0100');
    expectRefused(() => unpackMessage(raw('0800', [70], '').subarray(0, 15)), 'truncated', 1);
  });

  it('a variable field whose length prefix is not digits, too long, or too short', () => {
    expectRefused(() => unpackMessage(raw('0100', [2], '1X4111111111111111')), 'bad_length', 2);
    expectRefused(() => unpackMessage(raw('0100', [2], '2041111111111111111111')), 'oversized', 2);
    expectRefused(() => unpackMessage(raw('0100', [2], '00')), 'bad_length', 2);
    expectRefused(() => unpackMessage(raw('0110', [54], '121' + 'x'.repeat(121))), 'oversized', 54);
  });

  it('a non-numeric character in an n field, keeping what was read before it', () => {
    const error = expectRefused(() => unpackMessage(raw('0100', [2, 3, 11], '164111111111111111' + '00A000' + '000001')), 'not_numeric', 3);
    expect(error.mti).toBe('0100');
    expect(error.partialFields).toEqual({ 2: '4111111111111111' });
  });

  it('a character outside the field type: control bytes and non-ASCII in ans, punctuation in an', () => {
    expectRefused(() => unpackMessage(raw('0100', [43], 'Kopi\x01' + ' '.repeat(35))), 'bad_character', 43);
    expectRefused(() => unpackMessage(raw('0100', [43], Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' '.repeat(36))]))), 'bad_character', 43);
    expectRefused(() => unpackMessage(raw('0110', [39], '0!')), 'bad_character', 39);
    expectRefused(() => unpackMessage(raw('0100', [28], 'X00000100')), 'bad_character', 28);
  });

  it('a message that ends inside a fixed or variable field', () => {
    const error = expectRefused(() => unpackMessage(raw('0100', [3, 4, 11], '000000' + '0000000010')), 'truncated', 4);
    expect(error.partialFields).toEqual({ 3: '000000' });
    expectRefused(() => unpackMessage(raw('0100', [2], '16411111')), 'truncated', 2);
    expectRefused(() => unpackMessage(raw('0100', [2], '1')), 'truncated', 2);
  });

  it('a bit for a field with no table entry (its length cannot be known)', () => {
    expectRefused(() => unpackMessage(raw('0100', [3, 8], '000000' + '12345678')), 'unknown_field', 8);
    expectRefused(() => unpackMessage(raw('0100', [3, 65], '000000')), 'unknown_field', 65);
    const error = expectRefused(() => unpackMessage(raw('0100', [3, 11, 56], '000000' + '000042' + 'x')), 'unknown_field', 56);
    expect(error.partialFields).toEqual({ 3: '000000', 11: '000042' });
  });

  it('bytes left after the last field', () => {
    expectRefused(() => unpackMessage(raw('0100', [3, 11], '000000' + '000001' + 'junk')), 'trailing_bytes', 11);
  });

  it('leaves no placeholder for the highest field in the partial fields', () => {
    const error = expectRefused(() => unpackMessage(raw('0100', [3, 49], '00A000' + '360')), 'not_numeric', 3);
    expect(error.partialFields).toEqual({});
  });
});

describe('packMessage refuses what it cannot put on the wire, naming the field', () => {
  const base = SAMPLE_0100.fields;
  it('a bad MTI', () => {
    expectRefused(() => packMessage({ mti: '100', fields: {} }), 'bad_mti', 0);
    expectRefused(() => packMessage({ mti: 'A100', fields: {} }), 'bad_mti', 0);
  });

  it('a field with no table entry, or a key that is not a field number', () => {
    expectRefused(() => packMessage({ mti: '0100', fields: { ...base, 8: '12345678' } }), 'unknown_field', 8);
    expectRefused(() => packMessage({ mti: '0100', fields: { ...base, 129: 'x' } }), 'unknown_field', 129);
    expectRefused(() => packMessage({ mti: '0100', fields: { ...base, 1: 'x' } }), 'unknown_field', 1);
    expectRefused(() => packMessage({ mti: '0100', fields: { ...base, ['02' as unknown as number]: 'x' } }), 'unknown_field', undefined);
    expectRefused(() => packMessage({ mti: '0100', fields: { ...base, ['pan' as unknown as number]: 'x' } }), 'unknown_field', undefined);
  });

  it('a wrong length for a fixed field, or too long for a variable one', () => {
    expectRefused(() => packMessage({ mti: '0100', fields: { ...base, 3: '00000' } }), 'bad_length', 3);
    expectRefused(() => packMessage({ mti: '0100', fields: { ...base, 2: '41111111111111111111' } }), 'oversized', 2);
    expectRefused(() => packMessage({ mti: '0100', fields: { ...base, 2: '' } }), 'bad_length', 2);
    expectRefused(() => packMessage({ mti: '0100', fields: { ...base, 52: '0123' } }), 'bad_length', 52);
    expectRefused(() => packMessage({ mti: '0100', fields: { ...base, 52: '0123456789ABCDE' } }), 'bad_length', 52);
  });

  it('characters outside the field type', () => {
    expectRefused(() => packMessage({ mti: '0100', fields: { ...base, 4: '00000000500A' } }), 'not_numeric', 4);
    expectRefused(() => packMessage({ mti: '0100', fields: { ...base, 43: 'Café Nusantara'.padEnd(40) } }), 'bad_character', 43);
    expectRefused(() => packMessage({ mti: '0100', fields: { ...base, 52: '0123456789ABCDEG' } }), 'bad_character', 52);
    expectRefused(() => packMessage({ mti: '0100', fields: { ...base, 28: 'X00000100' } }), 'bad_character', 28);
  });

  it('a value that is not a string; undefined values are simply absent', () => {
    expectRefused(() => packMessage({ mti: '0100', fields: { ...base, 11: 42 as unknown as string } }), 'missing_value', 11);
    const withUndefined = { ...base, 14: undefined as unknown as string };
    const { 14: _dropped, ...without } = base;
    expect(packMessage({ mti: '0100', fields: withUndefined })).toEqual(packMessage({ mti: '0100', fields: without }));
  });

  it('keeps no value from a refused message for the next one', () => {
    expectRefused(() => packMessage({ mti: '0100', fields: { 2: '4111111111111111', 3: 'bad' } }), 'bad_length', 3);
    expect(unpackMessage(packMessage({ mti: '0800', fields: { 11: '000001' } }))).toEqual({ mti: '0800', fields: { 11: '000001' } });
  });
});
