import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTransactionRequest } from './acquirer-messages.js';
import { buildIsoResponse, parseIsoRequest } from './authorization-mapping.js';
import { packFrame, unpackMessage } from './codec.js';
import type { Iso8583Message } from './message.js';
import { packWithIsoPackage, unpackWithIsoPackage } from './testing/iso8583-package.js';
import { SAMPLE_0100, SAMPLE_0110 } from './testing/sample-messages.js';

/**
 * Interop with an independent implementation, the `iso_8583` npm package: what it packs we read,
 * what we pack it reads. It always sends a secondary bitmap (bit 1 set, all zero), which a 1987
 * reader must accept.
 */
describe('interop with the iso_8583 package', () => {
  for (const sample of [SAMPLE_0100, SAMPLE_0110]) {
    it(`reads a ${sample.mti} the package packed`, () => {
      const frame = packWithIsoPackage(sample);
      expect(frame.readUInt16BE(0)).toBe(frame.length - 2);
      expect(unpackMessage(frame.subarray(2))).toEqual(sample);
    });

    it(`packs a ${sample.mti} the package reads`, () => {
      expect(unpackWithIsoPackage(packFrame(sample))).toEqual(sample);
    });
  }

  it('the package reads the 0110 our mapping builds for its own 0100', () => {
    const request = unpackMessage(packWithIsoPackage(SAMPLE_0100).subarray(2));
    const parsed = parseIsoRequest(request);
    expect(parsed.ok).toBe(true);
    const response = buildIsoResponse(request, { responseCode: '00', approvalCode: 'K7' });
    const read = unpackWithIsoPackage(packFrame(response));
    expect(read.mti).toBe('0110');
    expect(read.fields[39]).toBe('00');
    expect(read.fields[38]).toBe('K7    ');
    expect(read.fields[11]).toBe(SAMPLE_0100.fields[11]);
    expect(read.fields[37]).toBe(SAMPLE_0100.fields[37]);
  });

  const digits = (n: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
  const text = (n: number): fc.Arbitrary<string> =>
    fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '), minLength: n, maxLength: n });
  const arbitrary0100: fc.Arbitrary<Iso8583Message> = fc
    .record({
      pan: fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 12, maxLength: 19 }),
      amount: digits(12),
      stan: digits(6),
      time: digits(6),
      rrn: text(12),
      terminal: text(8),
      merchant: text(15),
      location: text(40),
      acquirer: fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 11 }),
    })
    .map((r) => ({
      mti: '0100',
      fields: { 2: r.pan, 3: '000000', 4: r.amount, 7: '1125093015', 11: r.stan, 12: r.time, 13: '1125', 14: '2811', 18: '5814', 22: '051', 32: r.acquirer, 37: r.rrn, 41: r.terminal, 42: r.merchant, 43: r.location, 49: '360' },
    }));

  it('property: both ways agree on any 0100 of the shape acquirers send', () => {
    fc.assert(
      fc.property(arbitrary0100, (message) => {
        expect(unpackMessage(packWithIsoPackage(message).subarray(2))).toEqual(message);
        expect(unpackWithIsoPackage(packFrame(message))).toEqual(message);
      }),
      { numRuns: 100 },
    );
  });

  it('the package reads a request built by our acquirer side', () => {
    const request = buildTransactionRequest({
      pan: '6037991234567893',
      amountMinor: 2_500_000,
      currencyNumeric: '360',
      stan: 77,
      at: new Date('2026-11-25T09:30:15Z'),
      terminalId: 'BDG00017',
      merchantId: 'KOPINUSANTARA01',
      merchant: { name: 'Kopi Nusantara Braga', city: 'Bandung', country: 'ID' },
      mcc: '5814',
      acquirerId: '60379912',
    });
    expect(unpackWithIsoPackage(packFrame(request))).toEqual(request);
  });
});
