import type { Ctx } from '../../bus/context.js';
import { toJson } from '../../db/database.js';
import type { Authorization } from '../../authorization/authorization.js';
import type { NetworkAdvice } from '../adapter.js';

export type AdvicePayload = Omit<NetworkAdvice, 'idempotencyKey'>;

export function advicePayloadOf(authorization: Authorization, kind: NetworkAdvice['kind']): AdvicePayload {
  return {
    kind,
    authorizationId: authorization.id,
    cardId: authorization.card!,
    cardLast4: authorization.card_last4,
    approved: authorization.approved,
    responseCode: authorization.response_code,
    amount: authorization.amount,
    currency: authorization.currency,
    merchant: { id: authorization.merchant.id, name: authorization.merchant.name, mcc: authorization.merchant.mcc, country: authorization.merchant.country },
    decidedAt: new Date(authorization.created * 1000).toISOString(),
  };
}

/**
 * Queues the advice in the SAME transaction as the decision: a stand-in decision that commits is
 * reported to the network eventually (after a crash too); one that rolls back never is. One advice
 * per authorization (a replayed request with the same client id queues nothing new).
 */
export async function enqueueAdvice(ctx: Ctx, authorization: Authorization, kind: NetworkAdvice['kind']): Promise<void> {
  if (!authorization.card) return; // a number Kartu did not issue: nothing the network could reconcile
  const at = ctx.clock.now().toISOString();
  await ctx.db
    .insertInto('network_advices')
    .values({
      id: ctx.ids.next('adv'),
      authorization_id: authorization.id,
      card_id: authorization.card,
      kind,
      payload: toJson(advicePayloadOf(authorization, kind)),
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      last_error: null,
      network_reference: null,
      rrn: null,
      network_response_code: null,
      created_at: at,
      delivered_at: null,
    })
    .onConflict((oc) => oc.column('authorization_id').doNothing())
    .execute();
}
