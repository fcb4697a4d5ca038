import { z } from 'zod';
import { command, query } from '../../bus/define.js';
import { fromJson } from '../../db/database.js';
import { invalid, notFound } from '../../kernel/errors.js';
import { listParams, pageById } from '../../kernel/pagination.js';
import type { NetworkOutboxTable } from '../../db/schema.js';

function view(row: NetworkOutboxTable) {
  return {
    id: row.id,
    object: 'network_message' as const,
    card: row.card_id,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    next_attempt_at: row.next_attempt_at,
    last_error: row.last_error,
    payload: fromJson<Record<string, unknown>>(row.payload),
    created_at: row.created_at,
    delivered_at: row.delivered_at,
  };
}

export const outboxList = query({
  input: z.strictObject({ ...listParams, status: z.enum(['pending', 'retrying', 'delivered', 'failed']).optional(), card: z.string().optional() }),
  permission: { scope: 'network:write', role: 'manager' },
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('network_outbox').selectAll();
    if (input.status) q = q.where('status', '=', input.status);
    if (input.card) q = q.where('card_id', '=', input.card);
    return pageById(q, 'id', input, view);
  },
});

export const outboxSummary = query({
  input: z.strictObject({}),
  permission: { scope: 'network:write', role: 'cashier' },
  async handler(ctx) {
    const rows = await ctx.db.selectFrom('network_outbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    const counts: Record<string, number> = { pending: 0, retrying: 0, delivered: 0, failed: 0 };
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  },
});

/** A person retries a failed message: it goes back in line for its card. */
export const outboxRetry = command({
  input: z.strictObject({ id: z.string().min(1) }),
  permission: { scope: 'network:write', role: 'manager' },
  audit: true,
  async handler(ctx, input) {
    const row = await ctx.db.selectFrom('network_outbox').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('network message', input.id, 'id');
    if (row.status === 'delivered') throw invalid('already_delivered', 'This message was already delivered.', 'id');
    const next = { status: 'pending', next_attempt_at: ctx.clock.now().toISOString(), last_error: row.last_error };
    await ctx.db.updateTable('network_outbox').set(next).where('id', '=', row.id).execute();
    return view({ ...row, ...next });
  },
});

export const outboxHandlers = {
  'outbox-list': outboxList,
  'outbox-summary': outboxSummary,
  'outbox-retry': outboxRetry,
};
