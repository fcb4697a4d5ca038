/**
 * The account mapping form's logic, apart from React: rows from the engine's view, the update
 * that sends only what changed, and which row an error of the engine (`accounts.3.account_code`)
 * belongs to.
 */
import type { AccountCode } from '../../../core/ledger/accounts.js';

export interface MappingViewRow {
  ledger_code: AccountCode;
  currency: string | null;
  account_code: string;
  account_name: string | null;
  mapped: boolean;
  description: string;
}

export interface MappingRow {
  /** ledger code and currency ('*' for every currency): one row each. */
  key: string;
  ledger_code: AccountCode;
  currency: string | null;
  description: string;
  mapped: boolean;
  code: string;
  name: string;
  savedCode: string;
  savedName: string;
}

export interface MappingChange {
  ledger_code: AccountCode;
  currency: string | null;
  account_code?: string;
  account_name?: string | null;
  remove?: true;
}

export const rowKey = (ledgerCode: string, currency: string | null) => `${ledgerCode}:${currency ?? '*'}`;

/** An unmapped account shows an empty code (its placeholder says the journal keeps Kartu's code). */
export function rowsFromView(accounts: readonly MappingViewRow[]): MappingRow[] {
  return accounts.map((a) => {
    const code = a.mapped ? a.account_code : '';
    const name = a.mapped ? (a.account_name ?? '') : '';
    return { key: rowKey(a.ledger_code, a.currency), ledger_code: a.ledger_code, currency: a.currency, description: a.description, mapped: a.mapped, code, name, savedCode: code, savedName: name };
  });
}

/** A new row for one currency, after the ledger account's other rows. */
export function addCurrencyRow(rows: readonly MappingRow[], ledgerCode: AccountCode, currency: string, description: string): MappingRow[] {
  if (rows.some((r) => r.key === rowKey(ledgerCode, currency))) return [...rows];
  const row: MappingRow = { key: rowKey(ledgerCode, currency), ledger_code: ledgerCode, currency, description, mapped: false, code: '', name: '', savedCode: '', savedName: '' };
  const last = rows.map((r) => r.ledger_code).lastIndexOf(ledgerCode);
  return last < 0 ? [...rows, row] : [...rows.slice(0, last + 1), row, ...rows.slice(last + 1)];
}

export function isDirty(row: MappingRow): boolean {
  return row.code.trim() !== row.savedCode || row.name.trim() !== row.savedName;
}

/**
 * What to send: a changed code or name is a mapping; an emptied code removes the mapping (the
 * journal goes back to Kartu's code). `keys[i]` is the row of `accounts[i]`, to place an error.
 */
export function mappingChanges(rows: readonly MappingRow[]): { accounts: MappingChange[]; keys: string[] } {
  const accounts: MappingChange[] = [];
  const keys: string[] = [];
  for (const r of rows) {
    if (!isDirty(r)) continue;
    const code = r.code.trim();
    if (code === '') {
      if (!r.mapped) continue;
      accounts.push({ ledger_code: r.ledger_code, currency: r.currency, remove: true });
    } else {
      accounts.push({ ledger_code: r.ledger_code, currency: r.currency, account_code: code, account_name: r.name.trim() || null });
    }
    keys.push(r.key);
  }
  return { accounts, keys };
}

/** `accounts.3.account_code` -> the row sent as the fourth change, and the field. */
export function errorRow(param: string | undefined, keys: readonly string[]): { key: string; field: string } | null {
  const match = /^accounts\.(\d+)\.?([a-z_]*)/.exec(param ?? '');
  if (!match) return null;
  const key = keys[Number(match[1])];
  return key ? { key, field: match[2] || 'account_code' } : null;
}
