/**
 * Values inside fields: how amounts, dates, merchant name/location (43), original data elements
 * (90) and additional amounts (54) are laid out in ISO 8583:1987, both ways. Loops, not regular
 * expressions: these run for every message.
 */

/** Left-pads with zeros to `length`; refuses a value that does not fit. */
export function padNumeric(value: number | string, length: number): string {
  const s = typeof value === 'number' ? String(value) : value;
  if (s.length > length) throw new RangeError(`${s.length} digits do not fit in n${length}`);
  return s.length === length ? s : '0'.repeat(length - s.length) + s;
}

/** Right-pads with spaces or cuts to `length`; characters outside printable ASCII become '?'. */
export function padText(value: string, length: number): string {
  const ascii = toPrintableAscii(value);
  return ascii.length >= length ? ascii.slice(0, length) : ascii + ' '.repeat(length - ascii.length);
}

/** Fields of type `ans` carry printable ASCII only: accents are dropped, anything else is '?'. */
export function toPrintableAscii(value: string): string {
  let plain = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      plain = false;
      break;
    }
  }
  if (plain) return value;
  let out = '';
  for (const ch of value.normalize('NFD')) {
    const c = ch.charCodeAt(0);
    if (c >= 0x20 && c <= 0x7e) out += ch;
    else if (c < 0x300 || c > 0x36f) out += '?'; // combining accents (U+0300..U+036F) are dropped
  }
  return out;
}

/** The digits of an `n` field as a number. Only for fields the codec already checked are digits. */
export function digitsToNumber(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

export const MAX_AMOUNT_MINOR = 999_999_999_999;

export function formatAmount(amountMinor: number): string {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0 || amountMinor > MAX_AMOUNT_MINOR) {
    throw new RangeError(`amount ${amountMinor} does not fit in n12`);
  }
  return padNumeric(amountMinor, 12);
}

function twoDigits(s: string, at: number): number {
  return (s.charCodeAt(at) - 48) * 10 + (s.charCodeAt(at + 1) - 48);
}

const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** MMDD (field 13, and the first half of field 7). Feb 29 is allowed: no year is given. */
export function isValidMonthDay(s: string, at = 0): boolean {
  const month = twoDigits(s, at);
  const day = twoDigits(s, at + 2);
  return month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month]!;
}

/** hhmmss (field 12, and the second half of field 7). */
export function isValidTime(s: string, at = 0): boolean {
  return twoDigits(s, at) <= 23 && twoDigits(s, at + 2) <= 59 && twoDigits(s, at + 4) <= 59;
}

/** MMDDhhmmss (field 7). */
export function isValidTransmissionDateTime(s: string): boolean {
  return isValidMonthDay(s, 0) && isValidTime(s, 4);
}

/** YYMM (field 14). */
export function isValidExpiry(s: string): boolean {
  const month = twoDigits(s, 2);
  return month >= 1 && month <= 12;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Field 7, in UTC as networks use it. */
export function formatTransmissionDateTime(at: Date): string {
  return pad2(at.getUTCMonth() + 1) + pad2(at.getUTCDate()) + pad2(at.getUTCHours()) + pad2(at.getUTCMinutes()) + pad2(at.getUTCSeconds());
}

/** Fields 12 (hhmmss) and 13 (MMDD) as the terminal's wall clock shows them, given its offset from UTC. */
export function formatLocalTimeAndDate(at: Date, utcOffsetMinutes = 0): { time: string; date: string } {
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000);
  return {
    time: pad2(local.getUTCHours()) + pad2(local.getUTCMinutes()) + pad2(local.getUTCSeconds()),
    date: pad2(local.getUTCMonth() + 1) + pad2(local.getUTCDate()),
  };
}

/**
 * Field 43 has no single layout in the 1987 standard; Kartu reads and writes the common one
 * (Visa's): name in positions 1-25, city in 26-38, country as ISO 3166 alpha-2 in 39-40.
 */
export interface MerchantNameLocation {
  name: string;
  city: string;
  country: string;
}

export function formatMerchantNameLocation(merchant: MerchantNameLocation): string {
  return padText(merchant.name, 25) + padText(merchant.city, 13) + padText(merchant.country.toUpperCase(), 2);
}

export function parseMerchantNameLocation(field43: string): MerchantNameLocation {
  return {
    name: field43.slice(0, 25).trim(),
    city: field43.slice(25, 38).trim(),
    country: field43.slice(38, 40).trim().toUpperCase(),
  };
}

/**
 * Field 90, original data elements (n42), as a reversal identifies what it reverses: original
 * MTI (4), STAN (6), transmission date and time (10), acquiring institution id (11) and
 * forwarding institution id (11), the ids right-aligned with zeros.
 */
export interface OriginalData {
  mti: string;
  stan: string;
  transmissionDateTime: string;
  acquirerId: string;
  forwardingId: string;
}

export function formatOriginalData(original: OriginalData): string {
  return (
    padNumeric(original.mti, 4) +
    padNumeric(original.stan, 6) +
    padNumeric(original.transmissionDateTime, 10) +
    padNumeric(original.acquirerId, 11) +
    padNumeric(original.forwardingId, 11)
  );
}

export function parseOriginalData(field90: string): OriginalData {
  return {
    mti: field90.slice(0, 4),
    stan: field90.slice(4, 10),
    transmissionDateTime: field90.slice(10, 20),
    acquirerId: field90.slice(20, 31),
    forwardingId: field90.slice(31, 42),
  };
}

/**
 * Field 54, additional amounts: up to six 20-character entries, each account type (n2), amount
 * type (n2: 01 ledger balance, 02 available balance), currency (n3), sign (C credit / D debit)
 * and amount (n12). Balances are answered this way to a balance inquiry.
 */
export interface AdditionalAmount {
  accountType: string;
  amountType: string;
  currencyNumeric: string;
  /** Negative for a debit balance. */
  amountMinor: number;
}

export const AMOUNT_TYPE_LEDGER_BALANCE = '01';
export const AMOUNT_TYPE_AVAILABLE_BALANCE = '02';

export function formatAdditionalAmounts(amounts: readonly AdditionalAmount[]): string {
  if (amounts.length > 6) throw new RangeError('field 54 holds at most 6 additional amounts');
  let out = '';
  for (const a of amounts) {
    out += padNumeric(a.accountType, 2) + padNumeric(a.amountType, 2) + padNumeric(a.currencyNumeric, 3);
    out += (a.amountMinor < 0 ? 'D' : 'C') + formatAmount(Math.abs(a.amountMinor));
  }
  return out;
}

/** Undefined when the field is not in the 20-character layout. */
export function parseAdditionalAmounts(field54: string): AdditionalAmount[] | undefined {
  if (field54.length % 20 !== 0) return undefined;
  const out: AdditionalAmount[] = [];
  for (let at = 0; at < field54.length; at += 20) {
    const entry = field54.slice(at, at + 20);
    const sign = entry[7];
    const digits = entry.slice(0, 7) + entry.slice(8);
    if ((sign !== 'C' && sign !== 'D') || !isAllDigits(digits)) return undefined;
    const amount = digitsToNumber(entry.slice(8));
    out.push({
      accountType: entry.slice(0, 2),
      amountType: entry.slice(2, 4),
      currencyNumeric: entry.slice(4, 7),
      amountMinor: sign === 'D' && amount !== 0 ? -amount : amount,
    });
  }
  return out;
}

export function isAllDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
