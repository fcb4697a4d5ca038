import type { Ctx } from '../../bus/context.js';
import { toJson } from '../../db/database.js';
import type { NetworkOutboxTable } from '../../db/schema.js';
import { PreparedInsert } from '../../ledger/prepared.js';
import type { NetworkCardMessage } from '../adapter.js';

/** Every issuance and status change writes one: compiled once (bulk issuance writes thousands). */
const insertMessage = new PreparedInsert<NetworkOutboxTable & Record<string, unknown>>('network_outbox', [
  'id', 'card_id', 'kind', 'payload', 'idempotency_key', 'status', 'attempts', 'next_attempt_at', 'last_error', 'created_at', 'delivered_at',
]);

/**
 * Records a change the network must learn, in the SAME transaction as the change itself: if the
 * change commits, the message will be delivered (after a crash, too); if it rolls back, it is gone.
 */
export async function enqueueNetworkChange(
  ctx: Ctx,
  cardId: string,
  kind: NetworkCardMessage['kind'],
  payload: Record<string, unknown>,
): Promise<void> {
  const id = ctx.ids.next('obx');
  const at = ctx.clock.now().toISOString();
  await insertMessage.execute(ctx.db, {
    id,
    card_id: cardId,
    kind,
    payload: toJson(payload),
    idempotency_key: id,
    status: 'pending',
    attempts: 0,
    next_attempt_at: at,
    last_error: null,
    created_at: at,
    delivered_at: null,
  });
}
