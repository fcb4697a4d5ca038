import type { Ctx } from '../../bus/context.js';
import type { AuthorizationRow } from '../../ledger/tables.js';
import { capture, refund } from '../../authorization/settlement.js';
import type { SettlementRecord } from './settlement-file.js';

export type ItemOutcome = 'captured' | 'refunded' | 'already_settled' | 'exception';
export const ITEM_PROBLEMS = ['amount_differs', 'unknown_authorization', 'card_differs', 'already_reversed', 'declined_authorization', 'currency_differs', 'not_captured'] as const;
export type ItemProblem = (typeof ITEM_PROBLEMS)[number];

export interface MatchResult {
  authorizationId: string | null;
  outcome: ItemOutcome;
  problem: ItemProblem | null;
  detail: string | null;
  transactionId: string | null;
}

/** The capture's client id: a record is posted at most once, whichever import carries it. */
export function settlementClientId(recordId: string): string {
  return `stl:${recordId}`.slice(0, 64);
}

/** By Kartu's authorization id when the record names it, else by the RRN the network gave the advice. */
async function findAuthorization(ctx: Ctx, record: SettlementRecord): Promise<AuthorizationRow | undefined> {
  if (record.authorization) {
    const row = await ctx.db.selectFrom('authorizations').selectAll().where('id', '=', record.authorization).executeTakeFirst();
    if (row) return row;
  }
  if (record.rrn) {
    const advice = await ctx.db.selectFrom('network_advices').select('authorization_id').where('rrn', '=', record.rrn).executeTakeFirst();
    if (advice) return ctx.db.selectFrom('authorizations').selectAll().where('id', '=', advice.authorization_id).executeTakeFirst();
  }
  return undefined;
}

const exception = (authorizationId: string | null, problem: ItemProblem, detail: string): MatchResult => ({ authorizationId, outcome: 'exception', problem, detail, transactionId: null });

/**
 * Matches one cleared record and posts what is certain: a capture whose amount is exactly what is
 * still held, through the engine's capture path (ledger, rewards, events in this same write), or a
 * refund of a capture. Anything else is kept as an exception for a person: the network cleared an
 * amount Kartu did not hold, an authorization Kartu does not know or already released.
 */
export async function matchRecord(ctx: Ctx, record: SettlementRecord): Promise<MatchResult> {
  const auth = await findAuthorization(ctx, record);
  if (!auth) return exception(null, 'unknown_authorization', `No authorization ${record.authorization ?? ''}${record.authorization && record.rrn ? ' / ' : ''}${record.rrn ? `RRN ${record.rrn}` : ''} is known.`);
  // The record's card must be the authorization's: another card's last 4 means the reference points
  // at the wrong purchase (a typo, a reused RRN, a file for another issuer), and posting it would
  // take one cardholder's money for another's purchase. A person decides.
  if (auth.card_last4 !== record.card_last4) {
    return exception(auth.id, 'card_differs', `Cleared for the card ending ${record.card_last4}; the authorization is for the card ending ${auth.card_last4 ?? '(unknown)'}.`);
  }
  if (auth.approved !== 1) return exception(auth.id, 'declined_authorization', `Kartu declined this authorization (${auth.response_code}); the network cleared ${record.amount} ${record.currency}.`);
  if (auth.currency !== record.currency) return exception(auth.id, 'currency_differs', `Cleared in ${record.currency}; the authorization is in ${auth.currency}.`);
  if (record.type === 'refund') return matchRefund(ctx, record, auth);
  if (auth.status === 'pending' && auth.pending_amount > 0) {
    if (record.amount !== auth.pending_amount) {
      return exception(auth.id, 'amount_differs', `Cleared ${record.amount}; ${auth.pending_amount} is held.`);
    }
    const txn = await capture(ctx, { id: auth.id, amount: record.amount, client_id: settlementClientId(record.record_id) });
    return { authorizationId: auth.id, outcome: 'captured', problem: null, detail: null, transactionId: txn.id };
  }
  if (auth.captured_amount > 0) {
    if (auth.captured_amount === record.amount) {
      return { authorizationId: auth.id, outcome: 'already_settled', problem: null, detail: 'Already captured for this amount (e.g. by the API).', transactionId: null };
    }
    return exception(auth.id, 'amount_differs', `Cleared ${record.amount}; ${auth.captured_amount} was already captured.`);
  }
  return exception(auth.id, 'already_reversed', `The authorization is ${auth.status}: its hold was released, but the network cleared ${record.amount} ${record.currency}.`);
}

async function matchRefund(ctx: Ctx, record: SettlementRecord, auth: AuthorizationRow): Promise<MatchResult> {
  const captures = await ctx.db
    .selectFrom('transactions')
    .select(['id', 'amount', 'refunded_amount'])
    .where('authorization_id', '=', auth.id)
    .where('type', '=', 'capture')
    .orderBy('id')
    .execute();
  if (captures.length === 0) return exception(auth.id, 'not_captured', 'A refund was cleared for an authorization that has no capture.');
  const target = captures.find((c) => c.amount - c.refunded_amount >= record.amount);
  if (!target) return exception(auth.id, 'amount_differs', `Refund of ${record.amount} is more than any capture still has to refund.`);
  const txn = await refund(ctx, { id: target.id, amount: record.amount, client_id: settlementClientId(record.record_id) });
  return { authorizationId: auth.id, outcome: 'refunded', problem: null, detail: null, transactionId: txn.id };
}
