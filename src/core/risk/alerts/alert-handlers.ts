import { z } from 'zod';
import { command, query } from '../../bus/define.js';
import type { Ctx } from '../../bus/context.js';
import { invalid, notFound } from '../../kernel/errors.js';
import { listParams, pageById } from '../../kernel/pagination.js';
import { ALERT_KINDS, alertFromRow, RESOLUTIONS, SEVERITIES, type Alert, type AlertComment } from './alert.js';
import { resolveAlert } from './resolve-alert.js';
import { findPanLike } from '../../compliance/pan-scan.js';

const read = { scope: 'risk:read', role: 'manager' } as const;
const write = { scope: 'risk:write', role: 'manager' } as const;

function selectAlerts(ctx: Ctx) {
  return ctx.db
    .selectFrom('risk_alerts')
    .leftJoin('cards', 'cards.id', 'risk_alerts.card_id')
    .leftJoin('cardholders', 'cardholders.id', 'risk_alerts.cardholder_id')
    .selectAll('risk_alerts')
    .select(['cards.last4 as card_last4', 'cardholders.name as cardholder_name']);
}

async function loadAlert(ctx: Ctx, id: string): Promise<Alert> {
  const row = await selectAlerts(ctx).where('risk_alerts.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('alert', id, 'id');
  const comments = await ctx.db.selectFrom('risk_alert_comments').selectAll().where('alert_id', '=', id).orderBy('id', 'asc').execute();
  return {
    ...alertFromRow(row),
    comments: comments.map((c): AlertComment => ({ id: c.id, object: 'alert_comment', author: { type: c.author_type, id: c.author_id }, body: c.body, created: Math.floor(Date.parse(c.created_at) / 1000) })),
  };
}

export const alertList = query({
  input: z.strictObject({
    ...listParams,
    status: z.enum(['open', 'resolved']).optional(),
    severity: z.enum(SEVERITIES).optional(),
    kind: z.enum(ALERT_KINDS).optional(),
    card: z.string().min(1).optional(),
    assignee: z.string().min(1).optional(),
  }),
  permission: read,
  async handler(ctx, input) {
    let q = selectAlerts(ctx);
    if (input.status) q = q.where('risk_alerts.status', '=', input.status);
    if (input.severity) q = q.where('risk_alerts.severity', '=', input.severity);
    if (input.kind) q = q.where('risk_alerts.kind', '=', input.kind);
    if (input.card) q = q.where('risk_alerts.card_id', '=', input.card);
    if (input.assignee) q = q.where('risk_alerts.assignee', '=', input.assignee);
    return pageById(q, 'risk_alerts.id', input, alertFromRow);
  },
});

export const alertGet = query({
  input: z.strictObject({ id: z.string().min(1) }),
  permission: read,
  handler: (ctx, input) => loadAlert(ctx, input.id),
});

export const alertAssign = command({
  input: z.strictObject({ id: z.string().min(1), assignee: z.string().trim().min(1).max(64).nullable() }),
  permission: write,
  audit: true,
  async handler(ctx, input): Promise<Alert> {
    const current = await loadAlert(ctx, input.id);
    await ctx.db.updateTable('risk_alerts').set({ assignee: input.assignee, updated_at: ctx.clock.now().toISOString() }).where('id', '=', input.id).execute();
    await ctx.emit('alert.updated', input.id, { id: input.id, object: 'alert', assignee: input.assignee, previous_attributes: { assignee: current.assignee } });
    return loadAlert(ctx, input.id);
  },
});

export const alertComment = command({
  input: z.strictObject({ id: z.string().min(1), body: z.string().trim().min(1).max(2_000) }),
  permission: write,
  audit: true,
  async handler(ctx, input): Promise<AlertComment> {
    await loadAlert(ctx, input.id);
    if (findPanLike(input.body).length > 0) {
      throw invalid('parameter_invalid', 'A comment must not contain a card number; refer to the card by its last 4 digits.', 'body');
    }
    const now = ctx.clock.now().toISOString();
    const comment = { id: ctx.ids.next('alc'), alert_id: input.id, author_type: ctx.actor.type, author_id: ctx.actor.id, body: input.body, created_at: now };
    await ctx.db.insertInto('risk_alert_comments').values(comment).execute();
    await ctx.db.updateTable('risk_alerts').set({ updated_at: now }).where('id', '=', input.id).execute();
    await ctx.emit('alert.commented', input.id, { id: input.id, object: 'alert', comment: comment.id });
    return { id: comment.id, object: 'alert_comment', author: { type: comment.author_type, id: comment.author_id }, body: comment.body, created: Math.floor(Date.parse(now) / 1000) };
  },
});

export const alertResolve = command({
  input: z.strictObject({
    id: z.string().min(1),
    resolution: z.enum(RESOLUTIONS),
    note: z.string().trim().max(2_000).optional(),
    freeze_card: z.boolean().optional(),
    cancel_card: z.boolean().optional(),
    mark_merchant: z.boolean().optional(),
  }),
  permission: write,
  audit: true,
  async handler(ctx, input): Promise<Alert> {
    await resolveAlert(ctx, input);
    return loadAlert(ctx, input.id);
  },
});

export const alertHandlers = {
  'alert-list': alertList,
  'alert-get': alertGet,
  'alert-assign': alertAssign,
  'alert-comment': alertComment,
  'alert-resolve': alertResolve,
};
