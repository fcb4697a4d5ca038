import { describe, expect, it } from 'vitest';
import { addCurrencyRow, errorRow, mappingChanges, rowsFromView, type MappingViewRow } from './mapping-form.js';

const view: MappingViewRow[] = [
  { ledger_code: 'card_funds', currency: null, account_code: '2100', account_name: 'Card balances', mapped: true, description: 'Money held' },
  { ledger_code: 'fees_income', currency: null, account_code: 'fees_income', account_name: null, mapped: false, description: 'Fees' },
  { ledger_code: 'issuer_cash', currency: null, account_code: 'issuer_cash', account_name: null, mapped: false, description: 'Cash' },
];

describe('the account mapping form', () => {
  it('shows an unmapped account empty and sends nothing when nothing changed', () => {
    const rows = rowsFromView(view);
    expect(rows.map((r) => r.code)).toEqual(['2100', '', '']);
    expect(mappingChanges(rows)).toEqual({ accounts: [], keys: [] });
  });

  it('sends a new code as a mapping, an emptied code as a removal, and names the rows in order', () => {
    const rows = rowsFromView(view).map((r) => (r.ledger_code === 'card_funds' ? { ...r, code: ' ' } : r.ledger_code === 'fees_income' ? { ...r, code: ' 4-100 ', name: 'Fee income' } : r));
    const out = mappingChanges(rows);
    expect(out.accounts).toEqual([
      { ledger_code: 'card_funds', currency: null, remove: true },
      { ledger_code: 'fees_income', currency: null, account_code: '4-100', account_name: 'Fee income' },
    ]);
    expect(out.keys).toEqual(['card_funds:*', 'fees_income:*']);
    expect(errorRow('accounts.1.account_code', out.keys)).toEqual({ key: 'fees_income:*', field: 'account_code' });
    expect(errorRow('timezone', out.keys)).toBeNull();
    expect(errorRow('accounts.7.account_code', out.keys)).toBeNull();
  });

  it('adds a row for one currency after the ledger account, once', () => {
    const rows = addCurrencyRow(rowsFromView(view), 'card_funds', 'USD', 'Money held');
    expect(rows.map((r) => r.key)).toEqual(['card_funds:*', 'card_funds:USD', 'fees_income:*', 'issuer_cash:*']);
    expect(addCurrencyRow(rows, 'card_funds', 'USD', 'Money held')).toHaveLength(4);
    const filled = rows.map((r) => (r.key === 'card_funds:USD' ? { ...r, code: '2110' } : r));
    expect(mappingChanges(filled).accounts).toEqual([{ ledger_code: 'card_funds', currency: 'USD', account_code: '2110', account_name: null }]);
  });
});
