import { z } from 'zod';
import { command, query } from '../../bus/define.js';
import { fromJson } from '../../db/database.js';
import { invalid, notFound } from '../../kernel/errors.js';
import { listParams, pageById } from '../../kernel/pagination.js';
import { actorLabel } from '../../bus/actor.js';
import { authorizationCreateSchema, decideOne } from '../../authorization/authorization-handlers.js';
import { reverse } from '../../authorization/settlement.js';
import type { Authorization } from '../../authorization/authorization.js';
import { echoWithin, networkOf, STAND_IN_ECHO_DEADLINE_MS } from '../network-registry.js';
import type { NetworkAdviceRow, NetworkDiscrepancyRow } from '../reconciliation/tables.js';
import { enqueueAdvice } from './advice-queue.js';

/**
 * A purchase at the merchant's own counter, through the card network. The network is asked first
 * (an echo under a short deadline); when it answers, Kartu decides and the network is told of the
 * decision for the record. When it does not (an outage, a timeout), Kartu decides alone from the
 * same rules: STAND-IN. The decision is marked `stand_in` and an advice is queued in the same
 * write; the outbox worker sends it once the network is back, and differences are recorded in
 * `network_discrepancies` for a person to resolve.
 *
 * With no network configured at all (a live data set before any adapter is attached: only the
 * sandbox network ships), the merchant's cards can only be used at its own counters, so Kartu is
 * the only authority: it decides as `authorization-create` does, neither stand-in nor advised,
 * because there is no network to stand in for or to tell. The counter screen always calls this.
 *
 * The echo happens before the command's transaction opens (`before`): a slow or absent network
 * costs the counter its deadline, never the other writers their database.
 */
export const networkAuthorize = command({
  input: authorizationCreateSchema,
  permission: { scope: 'authorizations:write', role: 'cashier' },
  before: async (services): Promise<'online' | 'unreachable' | 'none'> => {
    const network = networkOf(services);
    if (!network) return 'none';
    return (await echoWithin(network, STAND_IN_ECHO_DEADLINE_MS)) ? 'online' : 'unreachable';
  },
  async handler(ctx, input, network): Promise<Authorization> {
    if (network === 'none') return decideOne(ctx, { ...input, stand_in: false });
    const authorization = await decideOne(ctx, { ...input, stand_in: network === 'unreachable' });
    await enqueueAdvice(ctx, authorization, authorization.stand_in ? 'stand_in' : 'authorization');
    return authorization;
  },
});

function adviceView(row: NetworkAdviceRow) {
  return {
    id: row.id,
    object: 'network_advice' as const,
    kind: row.kind,
    authorization: row.authorization_id,
    card: row.card_id,
    status: row.status,
    attempts: row.attempts,
    next_attempt_at: row.next_attempt_at,
    last_error: row.last_error,
    network_reference: row.network_reference,
    rrn: row.rrn,
    network_response_code: row.network_response_code,
    decision: fromJson<{ approved: boolean; responseCode: string; amount: number; currency: string }>(row.payload),
    created_at: row.created_at,
    delivered_at: row.delivered_at,
  };
}

export const networkAdviceList = query({
  input: z.strictObject({
    ...listParams,
    status: z.enum(['pending', 'retrying', 'delivered', 'failed']).optional(),
    kind: z.enum(['stand_in', 'authorization']).optional(),
    card: z.string().min(1).max(64).optional(),
  }),
  permission: { scope: 'network:write', role: 'manager' },
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('network_advices').selectAll();
    if (input.status) q = q.where('status', '=', input.status);
    if (input.kind) q = q.where('kind', '=', input.kind);
    if (input.card) q = q.where('card_id', '=', input.card);
    return pageById(q, 'id', input, adviceView);
  },
});

/** A person sends a failed advice again (it keeps its place: advices go out in decision order). */
export const networkAdviceRetry = command({
  input: z.strictObject({ id: z.string().min(1).max(64) }),
  permission: { scope: 'network:write', role: 'manager' },
  audit: true,
  async handler(ctx, input) {
    const row = await ctx.db.selectFrom('network_advices').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('network advice', input.id, 'id');
    if (row.status === 'delivered') throw invalid('already_delivered', 'This advice was already delivered.', 'id');
    const next = { status: 'pending', next_attempt_at: ctx.clock.now().toISOString() };
    await ctx.db.updateTable('network_advices').set(next).where('id', '=', row.id).execute();
    return adviceView({ ...row, ...next });
  },
});

function discrepancyView(row: NetworkDiscrepancyRow) {
  return {
    id: row.id,
    object: 'network_discrepancy' as const,
    kind: row.kind,
    authorization: row.authorization_id,
    card: row.card_id,
    advice: row.advice_id,
    local: { approved: row.local_approved === 1, response_code: row.local_response_code },
    network: { approved: row.network_approved === 1, response_code: row.network_response_code },
    amount: row.amount,
    currency: row.currency,
    detail: row.detail,
    status: row.status,
    resolution: row.resolution,
    resolution_note: row.resolution_note,
    resolved_by: row.resolved_by,
    resolved_at: row.resolved_at,
    created_at: row.created_at,
  };
}

/** Where the network disagreed with a stand-in decision: the open ones are a person's to-do list. */
export const networkDiscrepancyList = query({
  input: z.strictObject({ ...listParams, status: z.enum(['open', 'resolved']).optional(), card: z.string().min(1).max(64).optional() }),
  permission: { scope: 'network:write', role: 'manager' },
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('network_discrepancies').selectAll();
    if (input.status) q = q.where('status', '=', input.status);
    if (input.card) q = q.where('card_id', '=', input.card);
    return pageById(q, 'id', input, discrepancyView);
  },
});

export const networkDiscrepancyGet = query({
  input: z.strictObject({ id: z.string().min(1).max(64) }),
  permission: { scope: 'network:write', role: 'manager' },
  async handler(ctx, input) {
    const row = await ctx.db.selectFrom('network_discrepancies').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('network discrepancy', input.id, 'id');
    return discrepancyView(row);
  },
});

export const DISCREPANCY_RESOLUTIONS = ['keep', 'reverse_authorization', 'written_off'] as const;

/**
 * Closes a difference: `keep` (Kartu's decision stands, e.g. the network's block came later),
 * `reverse_authorization` (release what is still held, through the normal reversal), or
 * `written_off` (the money is gone; recorded for the books). Resolving twice is refused.
 */
export const networkDiscrepancyResolve = command({
  input: z.strictObject({ id: z.string().min(1).max(64), resolution: z.enum(DISCREPANCY_RESOLUTIONS), note: z.string().trim().max(500).optional() }),
  permission: { scope: 'network:write', role: 'manager' },
  audit: true,
  async handler(ctx, input) {
    const row = await ctx.db.selectFrom('network_discrepancies').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('network discrepancy', input.id, 'id');
    if (row.status === 'resolved') throw invalid('already_resolved', `This discrepancy was already resolved (${row.resolution}).`, 'id');
    if (input.resolution === 'reverse_authorization') {
      const auth = await ctx.db.selectFrom('authorizations').select(['status', 'pending_amount']).where('id', '=', row.authorization_id).executeTakeFirst();
      if (!auth || auth.status !== 'pending' || auth.pending_amount === 0) {
        throw invalid('authorization_not_pending', 'Nothing of this authorization is still held; choose keep or written_off.', 'resolution');
      }
      await reverse(ctx, { id: row.authorization_id });
    }
    const resolved = {
      status: 'resolved',
      resolution: input.resolution,
      resolution_note: input.note ?? null,
      resolved_by: actorLabel(ctx.actor),
      resolved_at: ctx.clock.now().toISOString(),
    };
    await ctx.db.updateTable('network_discrepancies').set(resolved).where('id', '=', row.id).execute();
    const view = discrepancyView({ ...row, ...resolved });
    await ctx.emit('network.discrepancy.resolved', row.id, { id: row.id, authorization: row.authorization_id, resolution: input.resolution });
    return view;
  },
});

export const standInHandlers = {
  'network-authorize': networkAuthorize,
  'network-advice-list': networkAdviceList,
  'network-advice-retry': networkAdviceRetry,
  'network-discrepancy-list': networkDiscrepancyList,
  'network-discrepancy-get': networkDiscrepancyGet,
  'network-discrepancy-resolve': networkDiscrepancyResolve,
};
