import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { invalid } from '../kernel/errors.js';
import { currencyExponent } from '../kernel/money.js';
import { addDays, daysBetween, localParts, startOfLocalDay } from '../reports/zone-time.js';
import { loadMapping, mapAccount, LEDGER_CODE_DESCRIPTIONS } from './account-mapping.js';
import type { Table } from './table.js';

/**
 * The ledger as journal lines for accounting software. Every posted transfer (and every posted
 * part of a hold) is one journal entry of two lines: the debited account and the credited one, for
 * the same amount and currency, so any period's debits equal its credits. Holds that are only
 * pending, and voided holds, moved no money yet and are not in the books.
 *
 * Generic CSV (Kartu's own, re-importable): a header row, then
 *   date        local day of the books' time zone (account-mapping), YYYY-MM-DD
 *   entry       the ledger transfer id (one journal entry); line 1 = debit, 2 = credit
 *   account     the merchant's account code (account mapping), else Kartu's ledger code
 *   account_name, ledger_account (Kartu's account id), ledger_code
 *   debit, credit   integers in the currency's minor unit (IDR 2 decimals: Rp 10.000 = 1000000)
 *   currency    ISO 4217
 *   reference   the authorization (auth_...), top-up, fee or other source id
 *   description why the money moved (purchase, refund, fee_fx, top_up, ...) and the merchant
 */
export const GENERIC_COLUMNS = ['date', 'entry', 'line', 'account', 'account_name', 'ledger_account', 'ledger_code', 'debit', 'credit', 'currency', 'reference', 'description'] as const;

export interface JournalLine {
  date: string;
  entry: string;
  line: number;
  account: string;
  account_name: string;
  ledger_account: string;
  ledger_code: string;
  debit: number;
  credit: number;
  currency: string;
  reference: string;
  description: string;
}

export interface JournalRange {
  from: string;
  to: string;
}

/** An export reads at most this many transfers: a longer period is refused with a clear error. */
export const MAX_TRANSFERS = 1_000_000;
const PAGE = 5_000;

/**
 * The local day of instants in a zone, remembering the current day's bounds: the lines come in
 * time order, so almost every line falls in the day of the line before it.
 */
function dayOfInstant(timezone: string): (iso: string) => string {
  let start = 0;
  let end = -1;
  let day = '';
  return (iso) => {
    const ms = Date.parse(iso);
    if (ms >= start && ms < end) return day;
    day = localParts(ms, timezone).day;
    start = startOfLocalDay(day, timezone);
    end = startOfLocalDay(addDays(day, 1), timezone);
    return day;
  };
}

/** Pages of journal lines for the period, in time order (bounded memory for any period). */
export async function* journalPages(db: Db, range: JournalRange): AsyncGenerator<JournalLine[]> {
  if (range.from > range.to) throw invalid('parameter_invalid', `from (${range.from}) is after to (${range.to}).`, 'from');
  if (daysBetween(range.from, range.to) > 3_660) throw invalid('range_too_long', 'A journal export covers at most ten years.', 'from');
  const { timezone, entries } = await loadMapping(db);
  const fromIso = new Date(startOfLocalDay(range.from, timezone)).toISOString();
  const toIso = new Date(startOfLocalDay(addDays(range.to, 1), timezone)).toISOString();
  const count = await db
    .selectFrom('ledger_transfers')
    .select(sql<number>`count(*)`.as('n'))
    .where('created_at', '>=', fromIso)
    .where('created_at', '<', toIso)
    .executeTakeFirstOrThrow();
  if (Number(count.n) > MAX_TRANSFERS) {
    throw invalid('range_too_large', `The period has ${count.n} ledger transfers; export at most ${MAX_TRANSFERS} at a time (a shorter period).`, 'to');
  }
  const dayOf = dayOfInstant(timezone);
  // Each (ledger code, currency) is mapped once, not twice per line.
  const accounts = new Map<string, { code: string; name: string }>();
  const account = (ledgerCode: string, currency: string): { code: string; name: string } => {
    const key = `${ledgerCode}\u0001${currency}`;
    let a = accounts.get(key);
    if (!a) {
      const m = mapAccount(entries, ledgerCode, currency);
      a = { code: m.code, name: m.name ?? LEDGER_CODE_DESCRIPTIONS[ledgerCode as keyof typeof LEDGER_CODE_DESCRIPTIONS] ?? ledgerCode };
      accounts.set(key, a);
    }
    return a;
  };
  const codes = accountCodes(db);
  let after: { created_at: string; id: string } | null = null;
  for (;;) {
    let q = db
      .selectFrom('ledger_transfers as t')
      .select(['t.id', 't.code', 't.amount', 't.currency', 't.created_at', 't.authorization_id', 't.reference_id', 't.debit_account_id', 't.credit_account_id'])
      .where('t.created_at', '>=', fromIso)
      .where('t.created_at', '<', toIso)
      .where('t.kind', 'in', ['posted', 'post_pending'])
      .where('t.amount', '>', 0)
      .orderBy('t.created_at')
      .orderBy('t.id')
      .limit(PAGE);
    if (after) {
      const a = after;
      // `created_at >=` on its own is what the index seeks to: without it every page re-read the
      // period from its start (a month took 19.6 s at 10M ledger entries); the rest skips the
      // lines of that instant already written.
      q = q.where('t.created_at', '>=', a.created_at).where((eb) => eb.or([eb('t.created_at', '>', a.created_at), eb('t.id', '>', a.id)]));
    }
    const rows = await q.execute();
    if (rows.length === 0) return;
    await codes.load(rows.flatMap((r) => [r.debit_account_id, r.credit_account_id]));
    const merchants = await merchantNames(db, rows);
    const lines: JournalLine[] = [];
    for (const r of rows) {
      const merchant = r.authorization_id ? merchants.get(r.authorization_id) : undefined;
      const debitCode = codes.get(r.debit_account_id);
      const creditCode = codes.get(r.credit_account_id);
      const date = dayOf(r.created_at);
      const reference = r.authorization_id ?? r.reference_id ?? r.id;
      const description = merchant ? `${r.code}: ${merchant}` : r.code;
      const debit = account(debitCode, r.currency);
      const credit = account(creditCode, r.currency);
      lines.push(
        { date, entry: r.id, line: 1, account: debit.code, account_name: debit.name, ledger_account: r.debit_account_id, ledger_code: debitCode, debit: r.amount, credit: 0, currency: r.currency, reference, description },
        { date, entry: r.id, line: 2, account: credit.code, account_name: credit.name, ledger_account: r.credit_account_id, ledger_code: creditCode, debit: 0, credit: r.amount, currency: r.currency, reference, description },
      );
    }
    yield lines;
    const last = rows[rows.length - 1]!;
    after = { created_at: last.created_at, id: last.id };
    if (rows.length < PAGE) return;
  }
}

const IN_CHUNK = 500;

/**
 * The ledger code of each account, read once per export: a month's transfers touch a few
 * thousand accounts (the cards) many times each; joining them cost two look-ups per transfer.
 */
function accountCodes(db: Db): { load(ids: readonly string[]): Promise<void>; get(id: string): string } {
  const known = new Map<string, string>();
  return {
    async load(ids) {
      const missing = [...new Set(ids.filter((id) => !known.has(id)))];
      for (let i = 0; i < missing.length; i += IN_CHUNK) {
        for (const a of await db.selectFrom('ledger_accounts').select(['id', 'code']).where('id', 'in', missing.slice(i, i + IN_CHUNK)).execute()) known.set(a.id, a.code);
      }
    },
    get(id) {
      const code = known.get(id);
      if (code === undefined) throw new Error(`ledger account ${id} is missing`);
      return code;
    },
  };
}

/** The merchant of each authorization of a page (its purchase, capture, refund and fee lines). */
async function merchantNames(db: Db, rows: ReadonlyArray<{ authorization_id: string | null }>): Promise<Map<string, string | null>> {
  const ids = [...new Set(rows.map((r) => r.authorization_id).filter((id): id is string => id !== null))];
  const out = new Map<string, string | null>();
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    for (const a of await db.selectFrom('authorizations').select(['id', 'merchant_name']).where('id', 'in', ids.slice(i, i + IN_CHUNK)).execute()) out.set(a.id, a.merchant_name);
  }
  return out;
}

export async function journalLines(db: Db, range: JournalRange): Promise<JournalLine[]> {
  const out: JournalLine[] = [];
  for await (const page of journalPages(db, range)) out.push(...page);
  return out;
}

/** A line's cells in the generic CSV's column order. */
export function journalRow(l: JournalLine): Array<string | number> {
  return [l.date, l.entry, l.line, l.account, l.account_name, l.ledger_account, l.ledger_code, l.debit, l.credit, l.currency, l.reference, l.description];
}

export function journalTable(lines: readonly JournalLine[]): Table {
  return { name: 'Journal', columns: [...GENERIC_COLUMNS], rows: lines.map(journalRow) };
}

/**
 * Xero's bank statement CSV (its import template: `*Date,*Amount,Payee,Description,Reference,
 * Check Number`; dates DD/MM/YYYY; one signed amount in major units with a decimal point, money
 * into the account positive; at most 1,000 lines per file, so longer statements come in parts).
 * One statement is one Kartu account kind in one currency: by default issuer_cash, the money
 * received for top-ups and paid out for withdrawals, which is what a bank account sees.
 */
export const XERO_COLUMNS = ['*Date', '*Amount', 'Payee', 'Description', 'Reference', 'Check Number'] as const;
export const XERO_MAX_LINES = 1_000;
/** Accounts whose balance grows with debits (an asset, a cost); the others grow with credits. */
const DEBIT_NORMAL = new Set(['issuer_cash', 'credit_facility', 'rewards_liability']);

export function formatMajor(minor: number, currency: string): string {
  const e = currencyExponent(currency);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(e + 1, '0');
  return e === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -e)}.${digits.slice(-e)}`;
}

export function xeroTables(lines: readonly JournalLine[], ledgerCode: string, currency: string): Table[] {
  const rows: Array<Array<string | number | null>> = [];
  const debitNormal = DEBIT_NORMAL.has(ledgerCode);
  const byEntry = new Map<string, JournalLine[]>();
  for (const l of lines) byEntry.set(l.entry, [...(byEntry.get(l.entry) ?? []), l]);
  for (const l of lines) {
    if (l.ledger_code !== ledgerCode || l.currency !== currency) continue;
    const grows = debitNormal ? l.debit - l.credit : l.credit - l.debit;
    const other = byEntry.get(l.entry)!.find((o) => o !== l);
    const [y, m, d] = l.date.split('-');
    // Payee: the merchant when there is one, else the other side of the entry (Kartu's ledger code).
    const merchant = l.description.includes(': ') ? l.description.slice(l.description.indexOf(': ') + 2) : null;
    rows.push([`${d}/${m}/${y}`, formatMajor(grows, currency), merchant ?? (other ? `Kartu ${other.ledger_code}` : 'Kartu'), l.description, l.reference, null]);
  }
  const tables: Table[] = [];
  for (let i = 0; i < Math.max(1, rows.length); i += XERO_MAX_LINES) {
    tables.push({ name: `Xero ${ledgerCode} ${currency} ${tables.length + 1}`, columns: [...XERO_COLUMNS], rows: rows.slice(i, i + XERO_MAX_LINES) });
  }
  return tables;
}
