import Papa from 'papaparse';
import { isValidDay } from '../reports/zone-time.js';

/**
 * Reads the generic journal CSV back (what an accountant re-imports, or a test checks): every row
 * validated, every problem reported with its line number, and the totals per account and per
 * currency that the file carries. Re-importing an export reproduces the ledger's totals.
 */
export interface ParsedLine {
  date: string;
  entry: string;
  account: string;
  ledger_account: string | null;
  debit: number;
  credit: number;
  currency: string;
  reference: string;
}

export interface JournalTotals {
  lines: ParsedLine[];
  /** Per account as written (the mapped code) and currency. */
  accounts: Array<{ account: string; currency: string; debit: number; credit: number }>;
  currencies: Array<{ currency: string; debit: number; credit: number; balanced: boolean }>;
  errors: Array<{ line: number; column: string | null; message: string }>;
}

const REQUIRED = ['date', 'account', 'debit', 'credit', 'currency'] as const;
const MINOR = /^\d{1,16}$/;

/** Undoes the CSV writer's guard against formulas (a quote before =, +, -, @). */
function unguard(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

export function parseJournalCsv(text: string): JournalTotals {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  const errors: JournalTotals['errors'] = [];
  const fields = parsed.meta.fields ?? [];
  for (const column of REQUIRED) if (!fields.includes(column)) errors.push({ line: 1, column, message: `missing column "${column}"` });
  for (const e of parsed.errors) errors.push({ line: (e.row ?? 0) + 2, column: null, message: e.message });
  const lines: ParsedLine[] = [];
  if (errors.some((e) => e.line === 1)) return { lines, accounts: [], currencies: [], errors };
  parsed.data.forEach((row, i) => {
    const line = i + 2;
    const bad = (column: string, message: string) => errors.push({ line, column, message });
    const date = unguard(row.date ?? '');
    const debitText = (row.debit ?? '').trim();
    const creditText = (row.credit ?? '').trim();
    const currency = (row.currency ?? '').trim();
    const account = unguard(row.account ?? '').trim();
    if (!isValidDay(date)) bad('date', `"${date}" is not a date YYYY-MM-DD`);
    if (!account) bad('account', 'account is empty');
    if (!/^[A-Z]{3}$/.test(currency)) bad('currency', `"${currency}" is not an ISO 4217 code`);
    const debit = debitText === '' ? 0 : MINOR.test(debitText) ? Number(debitText) : NaN;
    const credit = creditText === '' ? 0 : MINOR.test(creditText) ? Number(creditText) : NaN;
    if (Number.isNaN(debit)) bad('debit', `"${debitText}" is not a whole number of minor units`);
    if (Number.isNaN(credit)) bad('credit', `"${creditText}" is not a whole number of minor units`);
    if (!Number.isNaN(debit) && !Number.isNaN(credit) && (debit > 0) === (credit > 0)) bad('debit', 'a line has either a debit or a credit');
    lines.push({ date, entry: unguard(row.entry ?? ''), account, ledger_account: row.ledger_account ? unguard(row.ledger_account) : null, debit: debit || 0, credit: credit || 0, currency, reference: unguard(row.reference ?? '') });
  });
  const accounts = new Map<string, { account: string; currency: string; debit: number; credit: number }>();
  const currencies = new Map<string, { currency: string; debit: number; credit: number }>();
  for (const l of lines) {
    const key = `${l.account}\u0000${l.currency}`;
    const a = accounts.get(key) ?? { account: l.account, currency: l.currency, debit: 0, credit: 0 };
    a.debit += l.debit;
    a.credit += l.credit;
    accounts.set(key, a);
    const c = currencies.get(l.currency) ?? { currency: l.currency, debit: 0, credit: 0 };
    c.debit += l.debit;
    c.credit += l.credit;
    currencies.set(l.currency, c);
  }
  return {
    lines,
    accounts: [...accounts.values()].sort((a, b) => a.account.localeCompare(b.account) || a.currency.localeCompare(b.currency)),
    currencies: [...currencies.values()].map((c) => ({ ...c, balanced: c.debit === c.credit })).sort((a, b) => a.currency.localeCompare(b.currency)),
    errors,
  };
}
