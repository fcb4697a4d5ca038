import { z } from 'zod';
import { query } from '../bus/define.js';
import { fromJson } from '../db/database.js';
import { listParams } from '../kernel/pagination.js';
import { verifyAuditChain } from './audit-log.js';

export const auditList = query({
  input: z.strictObject({ ...listParams, object_id: z.string().max(64).optional() }),
  permission: { scope: 'audit:read', role: 'manager' },
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('audit_log').selectAll();
    if (input.object_id) q = q.where('object_id', '=', input.object_id);
    if (input.starting_after) q = q.where('id', '<', input.starting_after);
    const rows = await q.orderBy('seq', 'desc').limit(input.limit + 1).execute();
    return {
      object: 'list' as const,
      has_more: rows.length > input.limit,
      data: rows.slice(0, input.limit).map((row) => ({
        id: row.id, object: 'audit_entry' as const, at: row.at, actor: { type: row.actor_type, id: row.actor_id },
        action: row.action, object_id: row.object_id, outcome: row.outcome, detail: fromJson<unknown>(row.detail),
      })),
    };
  },
});

export const auditVerify = query({
  input: z.strictObject({}),
  permission: { scope: 'audit:read', role: 'manager' },
  handler: (ctx) => verifyAuditChain(ctx.db),
});

export const auditHandlers = { 'audit-list': auditList, 'audit-verify': auditVerify };
