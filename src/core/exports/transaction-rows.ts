import type { Db } from '../db/database.js';
import { fromJson } from '../db/database.js';
import { invalid } from '../kernel/errors.js';
import { mccDescription } from '../reference/mcc.js';
import { localParts } from '../reports/zone-time.js';
import type { Scope } from '../reports/scope.js';
import { tableOf, type Table } from './table.js';

/**
 * The transactions (captures and refunds) of the purchases a report's filters select: the same
 * scope as the reports (purchases made on the local days from..to, program, branch, card, tier),
 * each with its own date and time, the merchant, the fees it posted, and the expense fields staff
 * filled in (transaction-annotate). Refunds are negative.
 */
export const MAX_EXPORT_ROWS = 100_000;

export interface TransactionRow {
  date: string;
  time: string;
  transaction: string;
  type: string;
  authorization: string;
  purchase_date: string;
  program: string;
  card: string;
  last4: string;
  cardholder: string;
  cardholder_name: string;
  company: string | null;
  company_name: string | null;
  branch: string;
  merchant: string;
  merchant_name: string;
  mcc: string;
  mcc_description: string;
  amount_minor: number;
  currency: string;
  merchant_amount_minor: number;
  merchant_currency: string;
  fee_minor: number;
  fx_fee_minor: number;
  expense_category: string | null;
  notes: string | null;
  receipt_ref: string | null;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export async function transactionRows(db: Db, scope: Scope): Promise<TransactionRow[]> {
  if (scope.programs.length === 0) return [];
  let q = db
    .selectFrom('report_facts as f')
    .innerJoin('transactions as t', 't.authorization_id', 'f.authorization_id')
    .innerJoin('programs as p', 'p.id', 'f.program_id')
    .innerJoin('cards as c', 'c.id', 't.card_id')
    .innerJoin('cardholders as h', 'h.id', 'f.cardholder_id')
    .leftJoin('cardholders as co', 'co.id', 'h.company_id')
    .leftJoin('transaction_annotations as n', 'n.transaction_id', 't.id')
    .select([
      't.id', 't.type', 't.authorization_id', 't.amount', 't.currency', 't.merchant_amount', 't.merchant_currency', 't.fees', 't.created_at',
      'f.day', 'f.program_id', 'f.place', 'f.merchant_key', 'f.merchant_name', 'f.mcc', 'p.timezone', 'c.last4', 't.card_id', 'f.cardholder_id',
      'h.name as holder_name', 'h.type as holder_type', 'h.company_id', 'co.name as company_name', 'n.category', 'n.notes', 'n.receipt_ref',
    ])
    .where('f.day', '>=', scope.from)
    .where('f.day', '<=', scope.to)
    .orderBy('t.created_at')
    .orderBy('t.id')
    .limit(MAX_EXPORT_ROWS + 1);
  q = scope.card ? q.where('f.card_id', '=', scope.card.id) : q.where('f.program_id', 'in', scope.programs.map((p) => p.id));
  if (scope.places) q = q.where('f.place', 'in', scope.places);
  if (scope.tier) q = q.where('f.tier', '=', scope.tier);
  const rows = await q.execute();
  if (rows.length > MAX_EXPORT_ROWS) throw invalid('range_too_large', `More than ${MAX_EXPORT_ROWS} transactions: export a shorter period or fewer cards.`, 'from');
  return rows.map((r) => {
    const ms = Date.parse(r.created_at);
    const local = localParts(ms, r.timezone);
    const fees = fromJson<{ transaction?: number; fx?: number }>(r.fees) ?? {};
    const sign = r.type === 'refund' ? -1 : 1;
    const company = r.holder_type === 'company' ? r.cardholder_id : r.company_id;
    return {
      date: local.day,
      time: `${pad(local.hour)}:${pad(local.minute)}`,
      transaction: r.id,
      type: r.type,
      authorization: r.authorization_id,
      purchase_date: r.day,
      program: r.program_id,
      card: r.card_id,
      last4: r.last4,
      cardholder: r.cardholder_id,
      cardholder_name: r.holder_name,
      company,
      company_name: r.holder_type === 'company' ? r.holder_name : r.company_name,
      branch: r.place,
      merchant: r.merchant_key,
      merchant_name: r.merchant_name,
      mcc: r.mcc,
      mcc_description: mccDescription(r.mcc) ?? `MCC ${r.mcc}`,
      amount_minor: sign * r.amount,
      currency: r.currency,
      merchant_amount_minor: sign * r.merchant_amount,
      merchant_currency: r.merchant_currency,
      fee_minor: fees.transaction ?? 0,
      fx_fee_minor: fees.fx ?? 0,
      expense_category: r.category,
      notes: r.notes,
      receipt_ref: r.receipt_ref,
    };
  });
}

export function transactionsTable(rows: readonly TransactionRow[]): Table {
  return tableOf('transactions', rows as unknown as Array<Record<string, unknown>>);
}

/** Expense software's view: per employee, the category staff chose (or the merchant's), notes, receipt. */
export const EXPENSE_COLUMNS = [
  'date', 'company_name', 'cardholder_name', 'last4', 'merchant_name', 'category', 'amount_minor', 'currency', 'merchant_amount_minor', 'merchant_currency',
  'fee_minor', 'fx_fee_minor', 'notes', 'receipt_ref', 'transaction', 'type', 'mcc', 'cardholder', 'card', 'company',
] as const;

export function expenseTable(rows: readonly TransactionRow[]): Table {
  const sorted = [...rows].sort((a, b) => (a.cardholder_name ?? '').localeCompare(b.cardholder_name ?? '') || a.date.localeCompare(b.date) || a.time.localeCompare(b.time));
  return tableOf(
    'expenses',
    sorted.map((r) => ({ ...r, category: r.expense_category ?? r.mcc_description })),
    [...EXPENSE_COLUMNS],
  );
}
