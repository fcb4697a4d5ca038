import type { IsoTransactionKind } from './authorization-mapping.js';
import {
  formatAmount,
  formatLocalTimeAndDate,
  formatMerchantNameLocation,
  formatOriginalData,
  formatTransmissionDateTime,
  padNumeric,
  padText,
  type MerchantNameLocation,
  type OriginalData,
} from './field-formats.js';
import type { Iso8583Fields, Iso8583Message } from './message.js';

/**
 * The acquirer's side: requests as a terminal or acquirer host would send them to Kartu. Used by
 * the terminal simulator (`kartu simulate-terminal`), the demo and the tests.
 */

export interface AcquirerRequestInput {
  kind?: IsoTransactionKind;
  /** Send as a repeat (xxx1 MTI). */
  repeat?: boolean;
  pan: string;
  amountMinor: number;
  /** ISO 4217 numeric, e.g. '360' for IDR. */
  currencyNumeric: string;
  stan: number | string;
  /** Default '000000' (purchase); '200000' refund, '300000' balance inquiry. */
  processingCode?: string;
  /** When the terminal sends it; default now. */
  at?: Date;
  /** The terminal's offset from UTC for fields 12 and 13 (Jakarta: 420). */
  utcOffsetMinutes?: number;
  /** YYMM */
  expiry?: string;
  mcc?: string;
  /** Field 22; default '051' (chip, PIN). */
  posEntryMode?: string;
  acquirerId?: string;
  /** Default derived as networks do: last digit of the year, day of year, hour, STAN. */
  rrn?: string;
  terminalId?: string;
  merchantId?: string;
  merchant?: MerchantNameLocation;
  /** Reversals: what is being reversed (field 90). */
  original?: OriginalData;
}

const MTI_BY_KIND: Record<IsoTransactionKind, string> = {
  authorization: '0100',
  financial: '0200',
  reversal: '0400',
  advice_reversal: '0420',
};

export function buildTransactionRequest(input: AcquirerRequestInput): Iso8583Message {
  const at = input.at ?? new Date();
  const stan = padNumeric(input.stan, 6);
  const local = formatLocalTimeAndDate(at, input.utcOffsetMinutes ?? 0);
  const mti = MTI_BY_KIND[input.kind ?? 'authorization'];
  const fields: Iso8583Fields = {
    2: input.pan,
    3: input.processingCode ?? '000000',
    4: formatAmount(input.amountMinor),
    7: formatTransmissionDateTime(at),
    11: stan,
    12: local.time,
    13: local.date,
  };
  if (input.expiry !== undefined) fields[14] = input.expiry;
  if (input.mcc !== undefined) fields[18] = input.mcc;
  fields[22] = input.posEntryMode ?? '051';
  if (input.acquirerId !== undefined) fields[32] = input.acquirerId;
  fields[37] = input.rrn ?? retrievalReferenceNumber(at, stan);
  if (input.terminalId !== undefined) fields[41] = padText(input.terminalId, 8);
  if (input.merchantId !== undefined) fields[42] = padText(input.merchantId, 15);
  if (input.merchant !== undefined) fields[43] = formatMerchantNameLocation(input.merchant);
  fields[49] = input.currencyNumeric;
  if (input.original !== undefined) fields[90] = formatOriginalData(input.original);
  return { mti: input.repeat === true ? `${mti.slice(0, 3)}1` : mti, fields };
}

/** The original data elements (field 90) that point a reversal at `request`. */
export function originalDataOf(request: Iso8583Message): OriginalData {
  return {
    mti: request.mti,
    stan: request.fields[11] ?? '000000',
    transmissionDateTime: request.fields[7] ?? '0000000000',
    acquirerId: request.fields[32] ?? '0',
    forwardingId: request.fields[33] ?? '0',
  };
}

/** 0800: 301 echo test (default), 001 sign-on, 002 sign-off. */
export function buildNetworkManagementRequest(input: { stan: number | string; code?: string; at?: Date }): Iso8583Message {
  return {
    mti: '0800',
    fields: { 7: formatTransmissionDateTime(input.at ?? new Date()), 11: padNumeric(input.stan, 6), 70: input.code ?? '301' },
  };
}

/** YDDDhh + STAN: unique per acquirer for a day and a STAN cycle, as networks derive it. */
export function retrievalReferenceNumber(at: Date, stan: string): string {
  const startOfYear = Date.UTC(at.getUTCFullYear(), 0, 1);
  const dayOfYear = Math.floor((at.getTime() - startOfYear) / 86_400_000) + 1;
  return String(at.getUTCFullYear() % 10) + padNumeric(dayOfYear, 3) + padNumeric(at.getUTCHours(), 2) + padNumeric(stan, 6);
}
