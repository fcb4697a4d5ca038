import type { Db } from '../db/database.js';
import { fromJson } from '../db/database.js';
import type { Caps } from '../programs/program.js';
import { cardFundsSpec, companyFundsSpec } from './accounts.js';
import { balanceFrom, companyOf, fundingModel, type CardFunding } from './funding.js';

interface CardLike {
  id: string;
  account: string;
  program: string;
  program_kind: string;
  currency: string;
  cardholder: string;
  balance?: { available: number; pending: number; currency: string };
}

/**
 * Fills `balance` on card views ({available, pending, currency}): for stored value and debit the
 * card account's funds, for credit the available credit, for corporate the company's funds.
 * Three queries for a whole page of cards, whatever its size.
 */
export async function attachBalances<T extends CardLike>(db: Db, cards: T[]): Promise<T[]> {
  if (cards.length === 0) return cards;
  const programs = new Map(
    (await db.selectFrom('programs').select(['id', 'caps']).where('id', 'in', [...new Set(cards.map((c) => c.program))]).execute()).map((p) => [p.id, fromJson<Caps>(p.caps)]),
  );
  const corporate = cards.filter((c) => fundingModel(c.program_kind) === 'company');
  const holders = new Map(
    corporate.length === 0
      ? []
      : (await db.selectFrom('cardholders').select(['id', 'type', 'company_id']).where('id', 'in', [...new Set(corporate.map((c) => c.cardholder))]).execute()).map((h) => [h.id, h]),
  );
  const fundings = cards.map((card): CardFunding => {
    const holder = holders.get(card.cardholder);
    const caps = programs.get(card.program)!;
    return {
      card_id: card.id,
      account_id: card.account,
      kind: card.program_kind,
      currency: card.currency,
      caps,
      fees: { issuance: 0, monthly_admin: 0, per_transaction: 0, fx_bps: 0 },
      company_id: holder ? companyOf(card.program_kind, holder.type, holder.id, holder.company_id) : null,
    };
  });
  const idOf = (f: CardFunding): string => (fundingModel(f.kind) === 'company' && f.company_id ? companyFundsSpec(f.company_id, f.currency).id : cardFundsSpec(f.account_id, f.currency).id);
  const rows = new Map(
    (await db.selectFrom('ledger_accounts').selectAll().where('id', 'in', [...new Set(fundings.map(idOf))]).execute()).map((r) => [r.id, r]),
  );
  cards.forEach((card, i) => {
    const funding = fundings[i]!;
    card.balance = balanceFrom(funding, rows.get(idOf(funding)));
  });
  return cards;
}
