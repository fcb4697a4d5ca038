import { z } from 'zod';
import { command } from '../bus/define.js';
import { notFound } from '../kernel/errors.js';
import { authorizationFromRow, type Authorization } from '../authorization/authorization.js';
import { reverse } from '../authorization/settlement.js';

/**
 * A reversal from the network (ISO 8583 0400/0420) names the original by the acquirer's
 * references, which Kartu kept as the original's client id. Reversals are retried by acquirers,
 * so a reversal of an authorization that is already reversed answers the same result again.
 */
export const networkReversal = command({
  input: z.strictObject({
    client_id: z.string().min(1).max(64),
    /** What the merchant finally takes (ISO field 95): the rest of the hold is released. Absent: all of it. */
    actual_amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  }),
  permission: { scope: 'authorizations:write', role: 'manager' },
  async handler(ctx, input): Promise<Authorization> {
    const row = await ctx.db.selectFrom('authorizations').selectAll().where('client_id', '=', input.client_id).executeTakeFirst();
    if (!row) throw notFound('authorization with reference', input.client_id, 'client_id');
    if (!row.approved || row.pending_amount === 0) return authorizationFromRow(row, ctx.mode === 'live');
    const release = input.actual_amount === undefined ? row.pending_amount : Math.max(0, row.pending_amount - input.actual_amount);
    if (release === 0) return authorizationFromRow(row, ctx.mode === 'live');
    return reverse(ctx, { id: row.id, amount: release });
  },
});

export const networkReversalHandlers = { 'network-reversal': networkReversal };
