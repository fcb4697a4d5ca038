import Papa from 'papaparse';
import { isSupportedCurrency } from '../../kernel/money.js';

/**
 * Kartu's settlement (clearing) file: one CSV row per cleared item, with a header row.
 *
 *   record_id        the network's unique id of the record (re-importing a file skips known ids)
 *   type             capture | refund
 *   authorization    Kartu's authorization id (auth_...), or empty when only network refs are known
 *   rrn              retrieval reference number (ISO 8583 field 37), used when authorization is empty
 *   card_last4       last 4 digits of the card (never the full number)
 *   amount           integer, minor units of `currency`
 *   currency         ISO 4217 code, upper case
 *   merchant_id      the acquirer's merchant id (ISO 8583 field 42)
 *   settled_at       ISO 8601 timestamp
 *   interchange_fee  integer minor units (may be 0)
 *
 * The sandbox network writes this format; a real network's file is converted to it by its adapter.
 */
export const SETTLEMENT_COLUMNS = [
  'record_id', 'type', 'authorization', 'rrn', 'card_last4', 'amount', 'currency', 'merchant_id', 'settled_at', 'interchange_fee',
] as const;

export interface SettlementRecord {
  line: number;
  record_id: string;
  type: 'capture' | 'refund';
  authorization: string | null;
  rrn: string | null;
  card_last4: string;
  amount: number;
  currency: string;
  merchant_id: string;
  settled_at: string;
  interchange_fee: number;
}

export interface SettlementProblem {
  line: number;
  column: string | null;
  message: string;
}

export interface ParsedSettlement {
  records: SettlementRecord[];
  problems: SettlementProblem[];
}

export const MAX_SETTLEMENT_ROWS = 100_000;

/** Parses and checks every row; a file with any problem is reported whole and imported not at all. */
export function parseSettlementFile(text: string): ParsedSettlement {
  const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true, skipEmptyLines: true });
  const header = parsed.meta.fields ?? [];
  const missing = SETTLEMENT_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) return { records: [], problems: [{ line: 1, column: missing[0] ?? null, message: `missing column(s): ${missing.join(', ')}` }] };
  return checkSettlementRows(parsed.data, (index) => index + 2);
}

/**
 * The checks every settlement row passes, whatever file it came in (CSV rows, the sandbox
 * network's JSON records); `lineOf` names the row as the person will find it in their file.
 */
export function checkSettlementRows(rows: ReadonlyArray<Record<string, unknown>>, lineOf: (index: number) => number): ParsedSettlement {
  if (rows.length > MAX_SETTLEMENT_ROWS) return { records: [], problems: [{ line: 1, column: null, message: `more than ${MAX_SETTLEMENT_ROWS} rows` }] };
  const problems: SettlementProblem[] = [];
  const records: SettlementRecord[] = [];
  const seen = new Set<string>();
  rows.forEach((raw, index) => {
    const line = lineOf(index);
    const row = (key: string): string => {
      const value = raw[key];
      return value === undefined || value === null ? '' : String(value).trim();
    };
    const fail = (column: string, message: string) => problems.push({ line, column, message });
    const recordId = row('record_id');
    if (!recordId) return fail('record_id', 'is empty');
    if (recordId.length > 64) return fail('record_id', 'is longer than 64 characters');
    if (seen.has(recordId)) return fail('record_id', `repeats ${recordId}`);
    seen.add(recordId);
    const type = row('type');
    if (type !== 'capture' && type !== 'refund') return fail('type', 'must be capture or refund');
    const authorization = row('authorization') || null;
    const rrn = row('rrn') || null;
    if (!authorization && !rrn) return fail('authorization', 'give the authorization id or the rrn');
    if (authorization && authorization.length > 64) return fail('authorization', 'is longer than 64 characters');
    if (rrn && !/^[0-9A-Za-z ]{1,12}$/.test(rrn)) return fail('rrn', 'must be up to 12 letters or digits (ISO 8583 field 37)');
    const last4 = row('card_last4');
    if (!/^\d{4}$/.test(last4)) return fail('card_last4', 'must be 4 digits');
    const amountText = row('amount');
    const amount = Number(amountText);
    if (!/^\d+$/.test(amountText) || !Number.isSafeInteger(amount) || amount <= 0) return fail('amount', 'must be a positive integer in minor units');
    const currency = row('currency');
    if (!isSupportedCurrency(currency)) return fail('currency', 'must be a supported ISO 4217 code');
    const settledAt = row('settled_at');
    if (!settledAt || Number.isNaN(Date.parse(settledAt))) return fail('settled_at', 'must be an ISO 8601 timestamp');
    const feeText = row('interchange_fee');
    const fee = feeText ? Number(feeText) : 0;
    if ((feeText && !/^\d+$/.test(feeText)) || !Number.isSafeInteger(fee) || fee < 0) return fail('interchange_fee', 'must be a non-negative integer');
    records.push({
      line, record_id: recordId, type, authorization, rrn, card_last4: last4, amount, currency,
      merchant_id: row('merchant_id'), settled_at: new Date(settledAt).toISOString(), interchange_fee: fee,
    });
  });
  return { records: problems.length ? [] : records, problems };
}

export function formatSettlementFile(records: Array<Omit<SettlementRecord, 'line'>>): string {
  return Papa.unparse({ fields: [...SETTLEMENT_COLUMNS], data: records.map((r) => SETTLEMENT_COLUMNS.map((c) => r[c] ?? '')) }, { newline: '\n' });
}
