import { CURRENCY_NUMERIC } from '../../kernel/money.js';
import { luhnCheckDigit } from '../../kernel/luhn.js';
import {
  digitsToNumber,
  formatAdditionalAmounts,
  formatAmount,
  isAllDigits,
  isValidExpiry,
  isValidMonthDay,
  isValidTime,
  isValidTransmissionDateTime,
  padText,
  parseMerchantNameLocation,
  parseOriginalData,
  type AdditionalAmount,
  type MerchantNameLocation,
  type OriginalData,
} from './field-formats.js';
import { CHAR_CLASS, C_ALPHA, C_DIGIT, C_SPACE } from './field-table.js';
import { Iso8583Error } from './iso8583-error.js';
import type { Iso8583Fields, Iso8583Message } from './message.js';
import { isRepeatMti, requestKindOf, responseMtiFor } from './mti.js';
import { RESPONSE_CODES, type IsoResponseCode } from './response-codes.js';

/**
 * The seam between the wire and the engine. An ISO request becomes a plain object the engine can
 * decide on without knowing ISO 8583; the engine's decision becomes the response an acquirer
 * expects (the echo it matches on, plus 38/39). What the message alone shows to be wrong is
 * answered here, before the engine is asked: 12 unsupported transaction, 13 bad amount or
 * currency, 14 a number that fails Luhn, 30 a missing or malformed field.
 */

export type IsoTransactionKind = 'authorization' | 'financial' | 'reversal' | 'advice_reversal';

/** From the first two digits of the processing code (field 3): 00, 20, 30 / 31. */
export type IsoTransactionType = 'purchase' | 'refund' | 'balance_inquiry';

export interface IsoTransactionRequest {
  kind: IsoTransactionKind;
  mti: string;
  /** An xxx1 MTI: the acquirer got no answer and sends the same request again. */
  repeat: boolean;
  /** The full card number: keep it in memory only, never log it. */
  pan: string;
  processingCode: string;
  transactionType: IsoTransactionType;
  /** Field 4 in the minor unit of `currency`. */
  amountMinor: number;
  currencyNumeric: string;
  /** ISO 4217 alpha code of `currencyNumeric`. */
  currency: string;
  stan: string;
  transmissionDateTime?: string | undefined;
  localTime?: string | undefined;
  localDate?: string | undefined;
  /** YYMM */
  expiry?: string | undefined;
  mcc?: string | undefined;
  posEntryMode?: string | undefined;
  acquirerId?: string | undefined;
  forwardingId?: string | undefined;
  rrn?: string | undefined;
  terminalId?: string | undefined;
  merchantId?: string | undefined;
  merchantNameLocation?: string | undefined;
  /** Field 43 read as name (1-25), city (26-38), country alpha-2 (39-40). */
  merchant?: MerchantNameLocation | undefined;
  accountId?: string | undefined;
  /** Field 90 of a reversal: which request it undoes. */
  originalData?: OriginalData | undefined;
  /** First 12 digits of field 95 on a partial reversal: the amount that actually stands. */
  replacementAmountMinor?: number | undefined;
}

export interface IsoNetworkManagementRequest {
  kind: 'network_management';
  mti: string;
  repeat: boolean;
  stan: string;
  transmissionDateTime?: string | undefined;
  /** Field 70: 001 sign-on, 002 sign-off, 201 cutover, 301 echo test. */
  networkManagementCode: string;
}

export type IsoRequest = IsoTransactionRequest | IsoNetworkManagementRequest;

export interface IsoDecision {
  /** Field 39, two characters, e.g. '00' or '51'. */
  responseCode: string;
  /** Field 38, up to 6 characters (padded with spaces); sent only with an approval. */
  approvalCode?: string | undefined;
  /** An approved amount that differs from the request's (partial approval, code 10): goes in field 4. */
  amountMinor?: number | undefined;
  /** Balances for field 54, e.g. to answer a balance inquiry. */
  balances?: readonly AdditionalAmount[] | undefined;
}

/** What the port injects to have a transaction decided; the host wires it to the command bus. */
export type IsoAuthorizationHandler = (request: IsoTransactionRequest) => Promise<IsoDecision>;

export type IsoParseResult =
  | { ok: true; request: IsoRequest }
  | { ok: false; responseCode: IsoResponseCode; field: number | undefined; reason: string };

export const NETWORK_MANAGEMENT_CODES: ReadonlySet<string> = new Set(['001', '002', '201', '301']);

const TRANSACTION_TYPES: ReadonlyMap<string, IsoTransactionType> = new Map([
  ['00', 'purchase'],
  ['20', 'refund'],
  ['30', 'balance_inquiry'],
  // 31 is the balance inquiry most acquirers send (30 is "available funds inquiry" in some specs).
  ['31', 'balance_inquiry'],
]);

/** Account types in digits 3-4 (from) and 5-6 (to): default, savings, checking, credit. */
const ACCOUNT_TYPES: ReadonlySet<string> = new Set(['00', '10', '20', '30']);

const ORIGINAL_MTIS: ReadonlySet<string> = new Set(['0100', '0101', '0200', '0201']);

const CURRENCY_BY_NUMERIC: ReadonlyMap<string, string> = new Map(Object.entries(CURRENCY_NUMERIC).map(([alpha, numeric]) => [numeric, alpha]));

const TRANSACTION_REQUIRED = [2, 3, 4, 11, 49] as const;

function refuse(responseCode: IsoResponseCode, field: number | undefined, reason: string): IsoParseResult {
  return { ok: false, responseCode, field, reason };
}

/** Reads a request the codec already unpacked (so every present field has its declared format). */
export function parseIsoRequest(message: Iso8583Message): IsoParseResult {
  const { mti, fields } = message;
  const kind = requestKindOf(mti);
  if (kind === undefined) return refuse(RESPONSE_CODES.invalidTransaction, 0, `MTI ${mti} is not served by this port`);
  const stan = fields[11];
  if (stan === undefined) return refuse(RESPONSE_CODES.formatError, 11, 'system trace audit number (11) is required');
  const transmissionDateTime = fields[7];
  if (transmissionDateTime !== undefined && !isValidTransmissionDateTime(transmissionDateTime)) {
    return refuse(RESPONSE_CODES.formatError, 7, 'transmission date and time (7) is not a valid MMDDhhmmss');
  }
  const repeat = isRepeatMti(mti);
  if (kind === 'network_management') {
    const code = fields[70];
    if (code === undefined) return refuse(RESPONSE_CODES.formatError, 70, 'network management information code (70) is required');
    if (!NETWORK_MANAGEMENT_CODES.has(code)) return refuse(RESPONSE_CODES.invalidTransaction, 70, `network management code ${code} is not supported`);
    return { ok: true, request: { kind, mti, repeat, stan, transmissionDateTime, networkManagementCode: code } };
  }

  for (const field of TRANSACTION_REQUIRED) {
    if (fields[field] === undefined) return refuse(RESPONSE_CODES.formatError, field, `field ${field} is required in a ${mti}`);
  }
  const localTime = fields[12];
  if (localTime !== undefined && !isValidTime(localTime)) return refuse(RESPONSE_CODES.formatError, 12, 'local transaction time (12) is not a valid hhmmss');
  const localDate = fields[13];
  if (localDate !== undefined && !isValidMonthDay(localDate)) return refuse(RESPONSE_CODES.formatError, 13, 'local transaction date (13) is not a valid MMDD');
  const expiry = fields[14];
  if (expiry !== undefined && !isValidExpiry(expiry)) return refuse(RESPONSE_CODES.formatError, 14, 'expiration date (14) is not a valid YYMM');

  const pan = fields[2]!;
  if (pan.length < 12 || luhnCheckDigit(pan.slice(0, -1)) !== pan.charCodeAt(pan.length - 1) - 48) {
    return refuse(RESPONSE_CODES.invalidCardNumber, 2, 'card number fails the Luhn check or is shorter than 12 digits');
  }

  const processingCode = fields[3]!;
  const transactionType = TRANSACTION_TYPES.get(processingCode.slice(0, 2));
  if (transactionType === undefined) return refuse(RESPONSE_CODES.invalidTransaction, 3, `transaction type ${processingCode.slice(0, 2)} is not supported (00 purchase, 20 refund, 30/31 balance inquiry)`);
  if (!ACCOUNT_TYPES.has(processingCode.slice(2, 4)) || !ACCOUNT_TYPES.has(processingCode.slice(4, 6))) {
    return refuse(RESPONSE_CODES.invalidTransaction, 3, 'account types in the processing code must be 00, 10, 20 or 30');
  }
  if (transactionType === 'balance_inquiry' && (kind === 'reversal' || kind === 'advice_reversal')) {
    return refuse(RESPONSE_CODES.invalidTransaction, 3, 'a balance inquiry cannot be reversed');
  }

  const amountMinor = digitsToNumber(fields[4]!);
  if (amountMinor === 0 && transactionType !== 'balance_inquiry') return refuse(RESPONSE_CODES.invalidAmount, 4, 'amount must be greater than zero');
  const currencyNumeric = fields[49]!;
  const currency = CURRENCY_BY_NUMERIC.get(currencyNumeric);
  if (currency === undefined) return refuse(RESPONSE_CODES.invalidAmount, 49, `currency ${currencyNumeric} is not supported`);

  let originalData: OriginalData | undefined;
  let replacementAmountMinor: number | undefined;
  const rrn = fields[37];
  if (kind === 'reversal' || kind === 'advice_reversal') {
    const field90 = fields[90];
    if (field90 !== undefined) {
      originalData = parseOriginalData(field90);
      if (!ORIGINAL_MTIS.has(originalData.mti)) return refuse(RESPONSE_CODES.invalidTransaction, 90, `original MTI ${originalData.mti} cannot be reversed`);
    } else if (rrn === undefined || rrn.trim() === '') {
      return refuse(RESPONSE_CODES.formatError, 90, 'a reversal needs original data elements (90) or a retrieval reference number (37)');
    }
    const field95 = fields[95];
    if (field95 !== undefined) {
      const actual = field95.slice(0, 12);
      if (!isAllDigits(actual)) return refuse(RESPONSE_CODES.formatError, 95, 'replacement amounts (95) must start with the 12-digit actual amount');
      replacementAmountMinor = digitsToNumber(actual);
      if (replacementAmountMinor > amountMinor) return refuse(RESPONSE_CODES.invalidAmount, 95, 'replacement amount is above the original amount');
    }
  }

  if (transactionType === 'refund' && originalData === undefined && fields[90] !== undefined) {
    // A refund names the purchase it gives money back for by the same original data elements.
    originalData = parseOriginalData(fields[90]);
    if (!ORIGINAL_MTIS.has(originalData.mti)) return refuse(RESPONSE_CODES.invalidTransaction, 90, `original MTI ${originalData.mti} cannot be refunded`);
  }

  const merchantNameLocation = fields[43];
  const request: IsoTransactionRequest = {
    kind,
    mti,
    repeat,
    pan,
    processingCode,
    transactionType,
    amountMinor,
    currencyNumeric,
    currency,
    stan,
    transmissionDateTime,
    localTime,
    localDate,
    expiry,
    mcc: fields[18],
    posEntryMode: fields[22],
    acquirerId: fields[32],
    forwardingId: fields[33],
    rrn,
    terminalId: fields[41],
    merchantId: fields[42],
    merchantNameLocation,
    merchant: merchantNameLocation === undefined ? undefined : parseMerchantNameLocation(merchantNameLocation),
    accountId: fields[102],
    originalData,
    replacementAmountMinor,
  };
  return { ok: true, request };
}

/** What an acquirer matches a response on and expects back unchanged. */
const TRANSACTION_ECHO = [2, 3, 4, 7, 11, 12, 13, 32, 33, 37, 41, 42, 49] as const;
const REVERSAL_ECHO = [2, 3, 4, 7, 11, 12, 13, 32, 33, 37, 41, 42, 49, 90, 95] as const;
const NETWORK_ECHO = [7, 11, 70] as const;

/**
 * The response to `request` carrying `decision`. Throws Iso8583Error (naming field 39, 38, 4 or
 * 54) when the decision cannot be put on the wire: the caller then answers 96 instead.
 */
export function buildIsoResponse(request: Iso8583Message, decision: IsoDecision): Iso8583Message {
  const mti = responseMtiFor(request.mti);
  if (mti === undefined) throw new Iso8583Error('bad_mti', 0, `${request.mti} is not a request that can be answered`);
  const from = request.fields;
  const fields: Iso8583Fields = {};
  const echo = mti.charCodeAt(1) === 56 /* 08xx */ ? NETWORK_ECHO : mti.charCodeAt(1) === 52 /* 04xx */ ? REVERSAL_ECHO : TRANSACTION_ECHO;
  for (const field of echo) {
    const value = from[field];
    if (value !== undefined) fields[field] = value;
  }
  const responseCode = decision.responseCode;
  if (typeof responseCode !== 'string' || responseCode.length !== 2 || !isAlphanumeric(responseCode, false)) {
    throw new Iso8583Error('bad_character', 39, 'response code must be 2 letters or digits');
  }
  if (decision.amountMinor !== undefined) {
    try {
      fields[4] = formatAmount(decision.amountMinor);
    } catch {
      throw new Iso8583Error('bad_length', 4, `approved amount ${decision.amountMinor} does not fit in n12`);
    }
  }
  const approvalCode = decision.approvalCode;
  if (approvalCode !== undefined && (responseCode === '00' || responseCode === '10')) {
    if (typeof approvalCode !== 'string' || approvalCode.length === 0 || approvalCode.length > 6 || !isAlphanumeric(approvalCode, true)) {
      throw new Iso8583Error('bad_character', 38, 'approval code must be 1 to 6 letters, digits or spaces');
    }
    fields[38] = padText(approvalCode, 6);
  }
  fields[39] = responseCode;
  if (decision.balances !== undefined && decision.balances.length > 0) {
    try {
      fields[54] = formatAdditionalAmounts(decision.balances);
    } catch (error) {
      throw new Iso8583Error('bad_length', 54, `balances cannot be encoded: ${(error as Error).message}`);
    }
  }
  return { mti, fields };
}

/**
 * The answer to a message that could not be read whole: the MTI and whatever fields came before
 * the fault are echoed, so the acquirer can still match it (by STAN, RRN, terminal).
 */
export function buildErrorResponse(mti: string, partialFields: Iso8583Fields | undefined, responseCode: IsoResponseCode): Iso8583Message | undefined {
  if (responseMtiFor(mti) === undefined) return undefined;
  return buildIsoResponse({ mti, fields: partialFields ?? {} }, { responseCode });
}

function isAlphanumeric(s: string, spaces: boolean): boolean {
  const allowed = C_DIGIT | C_ALPHA | (spaces ? C_SPACE : 0);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff || (CHAR_CLASS[c]! & allowed) === 0) return false;
  }
  return true;
}
