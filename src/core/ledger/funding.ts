import type { Db } from '../db/database.js';
import { fromJson } from '../db/database.js';
import { notFound } from '../kernel/errors.js';
import type { ProgramKind } from '../programs/program-kinds.js';
import { STORED_VALUE_KINDS } from '../programs/program-kinds.js';
import type { Caps, Fees } from '../programs/program.js';
import { availableOf, cardFundsSpec, companyFundsSpec, systemSpec, type AccountSpec } from './accounts.js';
import type { LedgerBatch } from './ledger-batch.js';
import type { LedgerAccountRow } from './tables.js';

/**
 * Where a card's money comes from:
 * - stored_value (loyalty, prepaid, debit, co_branded): the card account's own funds, filled by
 *   top-ups (for debit, deposits into its funding account); loyalty and prepaid respect caps.balance.
 * - credit_line (credit): the card account is granted the program's caps.credit_limit as credit
 *   when it opens; purchases use it, payments (top-ups) restore it.
 * - company (corporate): the company cardholder's funding account, shared by its employees' cards.
 */
export type FundingModel = 'stored_value' | 'credit_line' | 'company';

export function fundingModel(kind: ProgramKind | string): FundingModel {
  if (kind === 'credit') return 'credit_line';
  if (kind === 'corporate') return 'company';
  return 'stored_value';
}

export function hasBalanceCap(kind: string): boolean {
  return (STORED_VALUE_KINDS as readonly string[]).includes(kind);
}

/** What the ledger needs to know about a card: joined in one read. */
export interface CardFunding {
  card_id: string;
  account_id: string;
  kind: string;
  currency: string;
  caps: Caps;
  fees: Fees;
  /** The company whose account funds a corporate card (or null). */
  company_id: string | null;
}

export function fundsSpecOf(card: CardFunding): AccountSpec {
  const model = fundingModel(card.kind);
  if (model === 'company' && card.company_id) return companyFundsSpec(card.company_id, card.currency);
  return cardFundsSpec(card.account_id, card.currency, model === 'credit_line' ? (card.caps.credit_limit ?? 0) : null);
}

/**
 * Opens (stages) the account that funds the card. A credit card's account is granted its credit
 * line when it opens: credits from the issuer's credit facility, so that "available" means the same
 * thing for every kind and the database's no-overdraft check covers credit too.
 */
export async function openFunds(batch: LedgerBatch, card: CardFunding): Promise<LedgerAccountRow> {
  const spec = fundsSpecOf(card);
  const { row, created } = await batch.open(spec);
  if (created && spec.credit_limit && spec.credit_limit > 0) {
    await batch.open(systemSpec('credit_facility', card.currency));
    batch.transfer({ debit: `credit_facility:${card.currency}`, credit: spec.id, amount: spec.credit_limit, code: 'credit_grant' });
  }
  return row;
}

/** Balance as a card shows it; for an account not yet opened, what it would hold when opened. */
export function balanceFrom(card: CardFunding, row: LedgerAccountRow | undefined): { available: number; pending: number; currency: string } {
  if (!row) {
    const credit = fundingModel(card.kind) === 'credit_line' ? (card.caps.credit_limit ?? 0) : 0;
    return { available: credit, pending: 0, currency: card.currency };
  }
  return { available: availableOf(row), pending: row.debits_pending, currency: card.currency };
}

export async function loadCardFunding(db: Db, cardId: string, param = 'card'): Promise<CardFunding> {
  const row = await db
    .selectFrom('cards')
    .innerJoin('programs', 'programs.id', 'cards.program_id')
    .innerJoin('cardholders', 'cardholders.id', 'cards.cardholder_id')
    .select(['cards.id', 'cards.account_id', 'programs.kind', 'programs.currency', 'programs.caps', 'programs.fees', 'cardholders.type as holder_type', 'cardholders.company_id', 'cardholders.id as holder_id'])
    .where('cards.id', '=', cardId)
    .executeTakeFirst();
  if (!row) throw notFound('card', cardId, param);
  return {
    card_id: row.id,
    account_id: row.account_id,
    kind: row.kind,
    currency: row.currency,
    caps: fromJson(row.caps),
    fees: fromJson(row.fees),
    company_id: companyOf(row.kind, row.holder_type, row.holder_id, row.company_id),
  };
}

export function companyOf(kind: string, holderType: string, holderId: string, companyId: string | null): string | null {
  if (kind !== 'corporate') return null;
  return holderType === 'company' ? holderId : companyId;
}
