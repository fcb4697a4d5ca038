import type { Ctx } from '../bus/context.js';
import { fromJson, type Db } from '../db/database.js';
import { notFound } from '../kernel/errors.js';
import { balanceFrom, companyOf, fundsSpecOf, type CardFunding } from '../ledger/funding.js';
import { Prepared } from '../ledger/prepared.js';
import type { Caps, Fees } from '../programs/program.js';
import { cardFromRow, type Card, type CardRowWithNames } from './card.js';
import { ledgerAccountById } from './card-statements.js';
import { selectCards } from './card-queries.js';
import { pickByNumber } from './card-repo.js';

/** A card row with its names and what decides which account funds it. */
export type CardViewRow = CardRowWithNames & { program_caps: string; holder_type: string; holder_company_id: string | null };

function selectCardViews(db: Db) {
  return selectCards(db).select(['programs.caps as program_caps', 'cardholders.type as holder_type', 'cardholders.company_id as holder_company_id']);
}

const cardViewById = new Prepared<[string], CardViewRow>(1, (db, id) => selectCardViews(db as Db).where('cards.id', '=', id));
const cardViewsByFingerprint = new Prepared<[string], CardViewRow>(1, (db, fingerprint) =>
  selectCardViews(db as Db).where('cards.fingerprint', '=', fingerprint).orderBy('cards.id', 'desc'),
);

const NO_FEES: Fees = { issuance: 0, monthly_admin: 0, per_transaction: 0, fx_bps: 0 };

/** The funding of a card: the same as attachBalances works out for a page of cards. */
export function fundingOfView(row: Pick<CardViewRow, 'id' | 'account_id' | 'program_kind' | 'currency' | 'cardholder_id' | 'holder_type' | 'holder_company_id'>, caps: Caps, fees: Fees = NO_FEES): CardFunding {
  return {
    card_id: row.id,
    account_id: row.account_id,
    kind: row.program_kind,
    currency: row.currency,
    caps,
    fees,
    company_id: companyOf(row.program_kind, row.holder_type, row.cardholder_id, row.holder_company_id),
  };
}

/** The card as the API shows it, with its balance from the one account that funds it. */
export async function cardWithBalance(ctx: Ctx, row: CardRowWithNames, funding: CardFunding): Promise<Card> {
  const card = cardFromRow(row, ctx.mode === 'live');
  const [funds] = await ledgerAccountById.execute(ctx.db, fundsSpecOf(funding).id);
  card.balance = balanceFrom(funding, funds);
  return card;
}

/**
 * One card with its balance in two prepared reads (the card with its names and funding facts, then
 * its funds account) rather than four built ones: every card command answers with this, and a
 * counter looks cards up by number all day.
 */
export async function loadCardView(ctx: Ctx, id: string, param = 'id'): Promise<Card> {
  const [row] = await cardViewById.execute(ctx.db, id);
  if (!row) throw notFound('card', id, param);
  return cardWithBalance(ctx, row, fundingOfView(row, fromJson<Caps>(row.program_caps)));
}

/** The card with this full number (through its keyed fingerprint), or undefined. */
export async function findCardViewByNumber(ctx: Ctx, number: string): Promise<Card | undefined> {
  const row = pickByNumber(await cardViewsByFingerprint.execute(ctx.db, ctx.vault.fingerprint(number)));
  return row ? cardWithBalance(ctx, row, fundingOfView(row, fromJson<Caps>(row.program_caps))) : undefined;
}
