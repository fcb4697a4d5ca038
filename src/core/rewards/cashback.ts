import { sql } from 'kysely';
import type { Ctx } from '../bus/context.js';
import type { Db } from '../db/database.js';
import { systemSpec } from '../ledger/accounts.js';
import { LedgerBatch, type TransferCode } from '../ledger/ledger-batch.js';
import { fundingModel, loadCardFunding, openFunds, type CardFunding } from '../ledger/funding.js';
import { NO_CAPS, NO_FEES } from '../programs/program.js';
import { PreparedInsert } from '../ledger/prepared.js';
import type { RewardsCashbackEntriesTable } from './rewards-tables.js';

const insertEntryRow = new PreparedInsert<RewardsCashbackEntriesTable & Record<string, unknown>>('rewards_cashback_entries', [
  'id', 'program_id', 'member_id', 'card_id', 'account_id', 'kind', 'amount_minor', 'currency', 'authorization_id', 'source_id', 'reason', 'created_at',
]);

/**
 * The one seam through which rewards move money to a card: cashback earned on a purchase, taken
 * back on its refund, and stored-value rewards from the catalogue.
 *
 * The money goes through the double-entry ledger, in the caller's transaction: a credit is a
 * transfer from the program currency's `rewards_liability` account (the cost of rewards) to the
 * funds behind the card (its account's stored value, a credit line, a company's funds), usable at
 * the next payment; a take-back moves it back, never more than the funds still hold (a card never
 * overdraws for a refund's cashback). Each movement is also recorded in rewards' own append-only
 * cashback entries, per member, which the rewards account and the summary read; the ledger
 * transfer's reference is that entry's id. A credit with no card to land on (a member without a
 * usable card) stays in the cashback entries only, as a liability the business still owes.
 */
export type CashbackKind = 'earn' | 'reverse' | 'reward_credit' | 'reward_credit_reversed' | 'campaign';

/** Transfer codes for statements. Not yet in the ledger's TransferCode list: see the report. */
const LEDGER_CODE: Record<CashbackKind, string> = {
  earn: 'cashback',
  reverse: 'cashback',
  campaign: 'cashback',
  reward_credit: 'reward_credit',
  reward_credit_reversed: 'reward_credit',
};

export interface CashbackCredit {
  programId: string;
  memberId: string;
  cardId: string | null;
  accountId: string | null;
  /** Signed: a take-back is negative. */
  amountMinor: number;
  currency: string;
  kind: CashbackKind;
  authorizationId?: string | null;
  sourceId?: string | null;
  reason?: string | null;
  at: string;
  /** A take-back with no card may leave the member's cashback negative (programs allowing debt). */
  allowNegative?: boolean;
  /** The program's kind, when the caller knows it: a stored-value card's funds need no look-up. */
  programKind?: string;
  /**
   * The caller's open ledger batch (a capture's): the cashback is staged in it and written by the
   * caller's flush, with the card's funds already loaded and their balance updated once for both
   * the purchase and its cashback. Without one, the credit opens and flushes its own batch.
   */
  ledger?: LedgerBatch;
  /** The funds behind the card, when the caller already knows them (a capture does). */
  funding?: CardFunding;
}

/** The funds behind the card: for stored value they follow from the card's account alone. */
async function fundingOf(ctx: Pick<Ctx, 'db'>, credit: CashbackCredit): Promise<CardFunding | null> {
  if (!credit.cardId) return null;
  if (credit.funding) return credit.funding;
  if (credit.programKind && credit.accountId && fundingModel(credit.programKind) === 'stored_value') {
    return { card_id: credit.cardId, account_id: credit.accountId, kind: credit.programKind, currency: credit.currency, caps: NO_CAPS, fees: NO_FEES, company_id: null };
  }
  return loadCardFunding(ctx.db, credit.cardId);
}

export interface CashbackMoved {
  id: string | null;
  /** What actually moved (a take-back is limited to what is there). */
  amountMinor: number;
  transferId: string | null;
}

export async function creditCashback(ctx: Pick<Ctx, 'db' | 'ids' | 'clock'>, credit: CashbackCredit): Promise<CashbackMoved> {
  if (!Number.isSafeInteger(credit.amountMinor)) throw new RangeError(`cashback of ${credit.amountMinor}`);
  if (credit.amountMinor === 0) return { id: null, amountMinor: 0, transferId: null };
  const id = ctx.ids.next('cbk');
  let amount = credit.amountMinor;
  let transferId: string | null = null;
  const funding = await fundingOf(ctx, credit);
  if (funding && funding.currency === credit.currency) {
    const batch = credit.ledger ?? new LedgerBatch(ctx.db, ctx.ids, ctx.clock);
    const funds = await openFunds(batch, funding);
    const liability = systemSpec('rewards_liability', credit.currency);
    await batch.open(liability);
    const code = LEDGER_CODE[credit.kind] as TransferCode;
    if (amount > 0) {
      transferId = batch.transfer({ debit: liability.id, credit: funds.id, amount, code, authorizationId: credit.authorizationId ?? null, referenceId: id }).id;
    } else {
      const take = Math.min(-amount, Math.max(0, batch.available(funds.id)));
      amount = -take;
      if (take > 0) transferId = batch.transfer({ debit: funds.id, credit: liability.id, amount: take, code, authorizationId: credit.authorizationId ?? null, referenceId: id }).id;
    }
    if (!credit.ledger) await batch.flush();
  } else if (amount < 0 && !credit.allowNegative) {
    amount = -Math.min(-amount, Math.max(0, await cashbackBalance(ctx.db, credit.memberId)));
  }
  if (amount === 0) return { id: null, amountMinor: 0, transferId: null };
  await insertEntryRow.execute(ctx.db, {
      id,
      program_id: credit.programId,
      member_id: credit.memberId,
      card_id: credit.cardId,
      account_id: credit.accountId,
      kind: credit.kind,
      amount_minor: amount,
      currency: credit.currency,
      authorization_id: credit.authorizationId ?? null,
      source_id: credit.sourceId ?? null,
      reason: credit.reason ?? null,
      created_at: credit.at,
    });
  return { id, amountMinor: amount, transferId };
}

/** Net cashback and stored-value credit given to the member (on its cards' funds, or still owed). */
export async function cashbackBalance(db: Db, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('rewards_cashback_entries')
    .select(sql<number>`coalesce(sum(amount_minor), 0)`.as('n'))
    .where('member_id', '=', memberId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
