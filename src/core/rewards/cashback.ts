import { sql } from 'kysely';
import type { Ctx } from '../bus/context.js';
import type { Db } from '../db/database.js';

/**
 * The one seam through which rewards move money to a card: cashback earned on a purchase, taken
 * back on its refund, and stored-value rewards from the catalogue.
 *
 * Until the money ledger (src/core/ledger) offers a transfer into a card's funds account, the money
 * is kept here, in an append-only cashback ledger per member and card account: that balance is the
 * cashback liability the business owes. When the ledger lands, this function posts the same
 * amount from the rewards liability account to the card's funds account in the caller's
 * transaction, and the balance below becomes the ledger's figure.
 */
export type CashbackKind = 'earn' | 'reverse' | 'reward_credit' | 'reward_credit_reversed' | 'campaign';

export interface CashbackCredit {
  programId: string;
  memberId: string;
  cardId: string | null;
  accountId: string | null;
  /** Signed: a reversal is negative. */
  amountMinor: number;
  currency: string;
  kind: CashbackKind;
  authorizationId?: string | null;
  sourceId?: string | null;
  reason?: string | null;
  at: string;
}

export async function creditCashback(ctx: Pick<Ctx, 'db' | 'ids'>, credit: CashbackCredit): Promise<string | null> {
  if (credit.amountMinor === 0) return null;
  if (!Number.isSafeInteger(credit.amountMinor)) throw new RangeError(`cashback of ${credit.amountMinor}`);
  const id = ctx.ids.next('cbk');
  await ctx.db
    .insertInto('rewards_cashback_entries')
    .values({
      id,
      program_id: credit.programId,
      member_id: credit.memberId,
      card_id: credit.cardId,
      account_id: credit.accountId,
      kind: credit.kind,
      amount_minor: credit.amountMinor,
      currency: credit.currency,
      authorization_id: credit.authorizationId ?? null,
      source_id: credit.sourceId ?? null,
      reason: credit.reason ?? null,
      created_at: credit.at,
    })
    .execute();
  return id;
}

export async function cashbackBalance(db: Db, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('rewards_cashback_entries')
    .select(sql<number>`coalesce(sum(amount_minor), 0)`.as('n'))
    .where('member_id', '=', memberId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
