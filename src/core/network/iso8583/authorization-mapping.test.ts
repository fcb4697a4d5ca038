import { describe, expect, it } from 'vitest';
import { buildNetworkManagementRequest, buildTransactionRequest, originalDataOf, retrievalReferenceNumber } from './acquirer-messages.js';
import { buildErrorResponse, buildIsoResponse, parseIsoRequest, type IsoParseResult, type IsoTransactionRequest } from './authorization-mapping.js';
import { packMessage, unpackMessage } from './codec.js';
import { parseAdditionalAmounts } from './field-formats.js';
import { Iso8583Error } from './iso8583-error.js';
import type { Iso8583Fields, Iso8583Message } from './message.js';
import { responseMtiFor } from './mti.js';
import { SAMPLE_0100 } from './testing/sample-messages.js';

const PAN = '6037991234567893';

function parsed(message: Iso8583Message): IsoTransactionRequest {
  // Through the codec, as on the wire: the mapping relies on the codec's format checks.
  const result = parseIsoRequest(unpackMessage(packMessage(message)));
  if (!result.ok) throw new Error(`refused: ${result.responseCode} ${result.reason}`);
  if (result.request.kind === 'network_management') throw new Error('not a transaction');
  return result.request;
}

function refusedWith(message: Iso8583Message): Extract<IsoParseResult, { ok: false }> {
  const result = parseIsoRequest(unpackMessage(packMessage(message)));
  if (result.ok) throw new Error('expected a refusal');
  return result;
}

function with0100(fields: Iso8583Fields, drop: number[] = []): Iso8583Message {
  const merged: Iso8583Fields = { ...SAMPLE_0100.fields, ...fields };
  for (const field of drop) delete merged[field];
  return { mti: '0100', fields: merged };
}

describe('parseIsoRequest: ISO request -> plain request', () => {
  it('reads processing code 31 (and 30) as a balance inquiry, and field 90 of a refund as the purchase it refunds', () => {
    expect(parsed(with0100({ 3: '311000', 4: '000000000000' }))).toMatchObject({ transactionType: 'balance_inquiry', processingCode: '311000', amountMinor: 0 });
    expect(parsed(with0100({ 3: '300000' })).transactionType).toBe('balance_inquiry');
    const refund = parsed({ mti: '0200', fields: { ...SAMPLE_0100.fields, 3: '200000', 90: formatOriginal() } });
    expect(refund).toMatchObject({ kind: 'financial', transactionType: 'refund', originalData: { mti: '0100', stan: '004211' } });
    expect(refusedWith({ mti: '0200', fields: { ...SAMPLE_0100.fields, 3: '200000', 90: '0800' + '0'.repeat(38) } })).toMatchObject({ responseCode: '12', field: 90 });
  });

  it('reads a 0100 into the request the engine decides on', () => {
    expect(parsed(SAMPLE_0100)).toEqual({
      kind: 'authorization',
      mti: '0100',
      repeat: false,
      pan: PAN,
      processingCode: '000000',
      transactionType: 'purchase',
      amountMinor: 5_000_000,
      currencyNumeric: '360',
      currency: 'IDR',
      stan: '004211',
      transmissionDateTime: '1125093015',
      localTime: '163015',
      localDate: '1125',
      expiry: '2811',
      mcc: '5814',
      posEntryMode: '051',
      acquirerId: '60379912',
      forwardingId: undefined,
      rrn: '533009004211',
      terminalId: 'BDG00017',
      merchantId: 'KOPINUSANTARA01',
      merchantNameLocation: 'Kopi Nusantara Braga     Bandung      ID',
      merchant: { name: 'Kopi Nusantara Braga', city: 'Bandung', country: 'ID' },
      accountId: undefined,
      originalData: undefined,
      replacementAmountMinor: undefined,
    });
  });

  it('knows each served MTI and the repeats', () => {
    expect(parsed({ ...SAMPLE_0100, mti: '0101' })).toMatchObject({ kind: 'authorization', repeat: true });
    expect(parsed({ ...SAMPLE_0100, mti: '0200' })).toMatchObject({ kind: 'financial', repeat: false });
    const original = { mti: '0100', stan: '004211', transmissionDateTime: '1125093015', acquirerId: '60379912', forwardingId: '0' };
    const reversal = buildTransactionRequest({ kind: 'reversal', pan: PAN, amountMinor: 5_000_000, currencyNumeric: '360', stan: 4212, original });
    expect(parsed(reversal)).toMatchObject({ kind: 'reversal', originalData: { ...original, acquirerId: '00060379912', forwardingId: '00000000000' } });
    expect(parsed({ ...reversal, mti: '0420' })).toMatchObject({ kind: 'advice_reversal' });
    expect(parsed({ ...reversal, mti: '0421' })).toMatchObject({ kind: 'advice_reversal', repeat: true });
  });

  it('reads 0800 network management', () => {
    const result = parseIsoRequest(buildNetworkManagementRequest({ stan: 9, code: '001', at: new Date('2026-11-25T09:00:00Z') }));
    expect(result).toEqual({ ok: true, request: { kind: 'network_management', mti: '0800', repeat: false, stan: '000009', transmissionDateTime: '1125090000', networkManagementCode: '001' } });
  });

  it('reads refunds, balance inquiries (amount may be zero) and a partial reversal amount', () => {
    expect(parsed(with0100({ 3: '200000' })).transactionType).toBe('refund');
    expect(parsed(with0100({ 3: '300000', 4: '000000000000' }))).toMatchObject({ transactionType: 'balance_inquiry', amountMinor: 0 });
    const partial = { mti: '0400', fields: { ...SAMPLE_0100.fields, 90: '0100004211112509301500060379912' + '00000000000', 95: '000002000000' + '0'.repeat(30) } };
    expect(parsed(partial).replacementAmountMinor).toBe(2_000_000);
  });
});

describe('parseIsoRequest: field-level validation answers the right code', () => {
  it('12 for an MTI the port does not serve', () => {
    expect(refusedWith({ ...SAMPLE_0100, mti: '0300' })).toMatchObject({ responseCode: '12', field: 0 });
    expect(refusedWith({ ...SAMPLE_0100, mti: '0120' })).toMatchObject({ responseCode: '12', field: 0 });
  });

  it('30 for a missing mandatory field, naming it', () => {
    for (const field of [2, 3, 4, 11, 49]) {
      expect(refusedWith(with0100({}, [field]))).toMatchObject({ responseCode: '30', field });
    }
    expect(refusedWith({ mti: '0800', fields: { 7: '1125090000', 70: '301' } })).toMatchObject({ responseCode: '30', field: 11 });
    expect(refusedWith({ mti: '0800', fields: { 11: '000001' } })).toMatchObject({ responseCode: '30', field: 70 });
  });

  it('30 for impossible dates and times', () => {
    expect(refusedWith(with0100({ 7: '1332093015' }))).toMatchObject({ responseCode: '30', field: 7 });
    expect(refusedWith(with0100({ 7: '1125246015' }))).toMatchObject({ responseCode: '30', field: 7 });
    expect(refusedWith(with0100({ 12: '166015' }))).toMatchObject({ responseCode: '30', field: 12 });
    expect(refusedWith(with0100({ 13: '0230' }))).toMatchObject({ responseCode: '30', field: 13 });
    expect(refusedWith(with0100({ 14: '2813' }))).toMatchObject({ responseCode: '30', field: 14 });
    expect(refusedWith(with0100({ 14: '2800' }))).toMatchObject({ responseCode: '30', field: 14 });
    expect(parsed(with0100({ 13: '0229' })).localDate).toBe('0229');
  });

  it('14 for a card number that fails Luhn or is too short', () => {
    expect(refusedWith(with0100({ 2: '6037991234567897' }))).toMatchObject({ responseCode: '14', field: 2 });
    expect(refusedWith(with0100({ 2: '42' }))).toMatchObject({ responseCode: '14', field: 2 });
  });

  it('12 for an unsupported processing code', () => {
    expect(refusedWith(with0100({ 3: '010000' }))).toMatchObject({ responseCode: '12', field: 3 });
    expect(refusedWith(with0100({ 3: '004000' }))).toMatchObject({ responseCode: '12', field: 3 });
    expect(refusedWith({ ...with0100({ 3: '300000', 90: '0100004211112509301500060379912' + '00000000000' }), mti: '0400' })).toMatchObject({ responseCode: '12', field: 3 });
  });

  it('13 for a zero amount or a currency Kartu does not know', () => {
    expect(refusedWith(with0100({ 4: '000000000000' }))).toMatchObject({ responseCode: '13', field: 4 });
    expect(refusedWith(with0100({ 49: '999' }))).toMatchObject({ responseCode: '13', field: 49 });
  });

  it('reversals must say what they reverse', () => {
    const bare = { mti: '0400', fields: { ...SAMPLE_0100.fields } };
    delete bare.fields[37];
    expect(refusedWith(bare)).toMatchObject({ responseCode: '30', field: 90 });
    expect(parsed({ mti: '0400', fields: { ...SAMPLE_0100.fields } }).rrn).toBe('533009004211'); // the RRN alone will do
    expect(refusedWith({ mti: '0400', fields: { ...SAMPLE_0100.fields, 90: '0800' + '0'.repeat(38) } })).toMatchObject({ responseCode: '12', field: 90 });
    expect(refusedWith({ mti: '0400', fields: { ...SAMPLE_0100.fields, 95: '000009000000' + '0'.repeat(30) } })).toMatchObject({ responseCode: '13', field: 95 });
    expect(refusedWith({ mti: '0400', fields: { ...SAMPLE_0100.fields, 95: 'ABC' + '0'.repeat(39) } })).toMatchObject({ responseCode: '30', field: 95 });
  });

  it('12 for a network management code it does not know', () => {
    expect(refusedWith({ mti: '0800', fields: { 11: '000001', 70: '999' } })).toMatchObject({ responseCode: '12', field: 70 });
  });
});

describe('buildIsoResponse: decision -> response', () => {
  it('echoes what the acquirer matches on and sets 38 and 39 for an approval', () => {
    const response = buildIsoResponse(SAMPLE_0100, { responseCode: '00', approvalCode: 'A1B2C3' });
    expect(response).toEqual({
      mti: '0110',
      fields: {
        2: PAN, 3: '000000', 4: '000005000000', 7: '1125093015', 11: '004211', 12: '163015', 13: '1125', 32: '60379912',
        37: '533009004211', 38: 'A1B2C3', 39: '00', 41: 'BDG00017', 42: 'KOPINUSANTARA01', 49: '360',
      },
    });
    expect(unpackMessage(packMessage(response))).toEqual(response);
  });

  it('sends no approval code with a decline', () => {
    const response = buildIsoResponse(SAMPLE_0100, { responseCode: '51', approvalCode: 'A1B2C3' });
    expect(response.fields[39]).toBe('51');
    expect(response.fields[38]).toBeUndefined();
  });

  it('pads a short approval code, puts a partially approved amount in 4 and balances in 54', () => {
    const response = buildIsoResponse(SAMPLE_0100, {
      responseCode: '10',
      approvalCode: '77',
      amountMinor: 3_000_000,
      balances: [{ accountType: '00', amountType: '02', currencyNumeric: '360', amountMinor: 0 }, { accountType: '00', amountType: '01', currencyNumeric: '360', amountMinor: -1500 }],
    });
    expect(response.fields[38]).toBe('77    ');
    expect(response.fields[4]).toBe('000003000000');
    expect(response.fields[54]).toBe('0002360C000000000000' + '0001360D000000001500');
    expect(parseAdditionalAmounts(response.fields[54]!)).toEqual([
      { accountType: '00', amountType: '02', currencyNumeric: '360', amountMinor: 0 },
      { accountType: '00', amountType: '01', currencyNumeric: '360', amountMinor: -1500 },
    ]);
  });

  it('answers each served MTI with its response MTI, echoing 90 on reversals and 70 on network management', () => {
    expect(['0100', '0101', '0200', '0201', '0400', '0401', '0420', '0421', '0800', '0801'].map((mti) => responseMtiFor(mti))).toEqual([
      '0110', '0110', '0210', '0210', '0410', '0410', '0430', '0430', '0810', '0810',
    ]);
    const reversal = { mti: '0420', fields: { ...SAMPLE_0100.fields, 90: '0100004211112509301500060379912' + '00000000000' } };
    expect(buildIsoResponse(reversal, { responseCode: '00' }).fields[90]).toBe(reversal.fields[90]);
    expect(buildIsoResponse(buildNetworkManagementRequest({ stan: 5, at: new Date('2026-11-25T09:00:00Z') }), { responseCode: '00' })).toEqual({
      mti: '0810',
      fields: { 7: '1125090000', 11: '000005', 39: '00', 70: '301' },
    });
  });

  it('refuses a decision that cannot go on the wire, naming the field (the server then answers 96)', () => {
    const bad = (decision: object): Iso8583Error => {
      try {
        buildIsoResponse(SAMPLE_0100, decision as never);
      } catch (error) {
        expect(error).toBeInstanceOf(Iso8583Error);
        return error as Iso8583Error;
      }
      throw new Error('accepted');
    };
    expect(bad({ responseCode: '5' }).field).toBe(39);
    expect(bad({ responseCode: '0!' }).field).toBe(39);
    expect(bad({ responseCode: '00', approvalCode: 'TOOLONG1' }).field).toBe(38);
    expect(bad({ responseCode: '00', amountMinor: -1 }).field).toBe(4);
    expect(bad({ responseCode: '00', amountMinor: 1.5 }).field).toBe(4);
    expect(bad({ responseCode: '00', balances: new Array(7).fill({ accountType: '00', amountType: '02', currencyNumeric: '360', amountMinor: 1 }) }).field).toBe(54);
  });

  it('buildErrorResponse answers what could be read, and nothing to a non-request', () => {
    expect(buildErrorResponse('0100', { 2: PAN, 11: '000042' }, '30')).toEqual({ mti: '0110', fields: { 2: PAN, 11: '000042', 39: '30' } });
    expect(buildErrorResponse('0300', undefined, '30')).toEqual({ mti: '0310', fields: { 39: '30' } });
    expect(buildErrorResponse('0110', {}, '30')).toBeUndefined();
    expect(buildErrorResponse('0102', {}, '30')).toBeUndefined();
  });
});

describe('acquirer-side builders', () => {
  it('build a request the port reads back, with a network-style RRN', () => {
    const at = new Date('2026-11-25T09:30:15Z');
    const message = buildTransactionRequest({
      pan: PAN, amountMinor: 12_345, currencyNumeric: '360', stan: 42, at, utcOffsetMinutes: 420, expiry: '2811', mcc: '5814',
      terminalId: 'T1', merchantId: 'M1', merchant: { name: 'Kopi Nusantara Dago Café', city: 'Bandung', country: 'id' },
    });
    expect(message.fields[12]).toBe('163015');
    expect(message.fields[41]).toBe('T1      ');
    expect(message.fields[43]).toBe('Kopi Nusantara Dago Cafe Bandung      ID');
    expect(message.fields[37]).toBe(retrievalReferenceNumber(at, '000042'));
    expect(message.fields[37]).toBe('632909000042');
    const request = parsed(message);
    expect(request).toMatchObject({ amountMinor: 12_345, stan: '000042', merchant: { name: 'Kopi Nusantara Dago Cafe', city: 'Bandung', country: 'ID' } });
    expect(originalDataOf(message)).toEqual({ mti: '0100', stan: '000042', transmissionDateTime: '1125093015', acquirerId: '0', forwardingId: '0' });
  });
});

function formatOriginal(): string {
  return '0100004211112509301500060379912' + '00000000000';
}
