import type { LedgerAccountRow } from './tables.js';

/**
 * Ledger accounts. Ids are natural keys, so a writer knows an account's id without a look-up and
 * two writers creating the same account collide on the primary key instead of making two.
 *
 * Normal sides (which side grows the balance):
 * - card_funds, company_funds: credit-normal (money the issuer holds for the cardholder or the
 *   company; a credit line is granted as credits from credit_facility). Flagged
 *   debits_must_not_exceed_credits: the database refuses an overdraft.
 * - merchant_settlement, fees_income, rewards_liability: credit-normal (owed to acquirers; earned).
 * - issuer_cash, credit_facility: debit-normal (cash received for top-ups; credit extended).
 * - fx: one position account per currency; a cross-currency purchase credits fx in the card's
 *   currency and debits fx in the merchant's currency.
 */
export const ACCOUNT_CODES = [
  'card_funds', 'company_funds', 'merchant_settlement', 'fees_income', 'fx', 'issuer_cash', 'credit_facility', 'rewards_liability',
] as const;
export type AccountCode = (typeof ACCOUNT_CODES)[number];

export const FLAG_DEBITS_MUST_NOT_EXCEED_CREDITS = 1;

export interface AccountSpec {
  id: string;
  code: AccountCode;
  owner_id: string | null;
  currency: string;
  flags: number;
  credit_limit: number | null;
}

/** The funds of a card's account (`cards.account_id`): a replacement card keeps them. */
export function cardFundsSpec(accountId: string, currency: string, creditLimit: number | null = null): AccountSpec {
  return { id: `card:${accountId}`, code: 'card_funds', owner_id: accountId, currency, flags: FLAG_DEBITS_MUST_NOT_EXCEED_CREDITS, credit_limit: creditLimit };
}

/** A company's funding account for its employees' corporate cards, one per currency. */
export function companyFundsSpec(companyId: string, currency: string): AccountSpec {
  return { id: `company:${companyId}:${currency}`, code: 'company_funds', owner_id: companyId, currency, flags: FLAG_DEBITS_MUST_NOT_EXCEED_CREDITS, credit_limit: null };
}

export type SystemAccountCode = Exclude<AccountCode, 'card_funds' | 'company_funds'>;

export function systemSpec(code: SystemAccountCode, currency: string): AccountSpec {
  return { id: `${code}:${currency}`, code, owner_id: null, currency, flags: 0, credit_limit: null };
}

/** Available to spend from a credit-normal funds account: posted credits less every debit, held or posted. */
export function availableOf(row: Pick<LedgerAccountRow, 'credits_posted' | 'debits_posted' | 'debits_pending'>): number {
  return row.credits_posted - row.debits_posted - row.debits_pending;
}

export interface AccountView {
  id: string;
  object: 'ledger_account';
  code: string;
  owner: string | null;
  currency: string;
  debits_pending: number;
  debits_posted: number;
  credits_pending: number;
  credits_posted: number;
  credit_limit: number | null;
}

export function accountView(row: LedgerAccountRow): AccountView {
  return {
    id: row.id,
    object: 'ledger_account',
    code: row.code,
    owner: row.owner_id,
    currency: row.currency,
    debits_pending: row.debits_pending,
    debits_posted: row.debits_posted,
    credits_pending: row.credits_pending,
    credits_posted: row.credits_posted,
    credit_limit: row.credit_limit,
  };
}
