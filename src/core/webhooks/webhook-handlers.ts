import { z } from 'zod';
import { command, query } from '../bus/define.js';
import type { Ctx } from '../bus/context.js';
import { fromJson, toJson } from '../db/database.js';
import type { WebhookEndpointsTable } from '../db/schema.js';
import { invalid, notFound } from '../kernel/errors.js';
import { listParams, pageById } from '../kernel/pagination.js';
import { randomToken } from '../security/secrets.js';
import { webhookTargetProblem } from './target-check.js';
import { catchUpCursorIfIdle } from './event-cursor.js';

export const ALLOWED_HOSTS_SETTING = 'webhook_allowed_hosts';

async function allowedHosts(ctx: Ctx): Promise<string[]> {
  const row = await ctx.db.selectFrom('settings').select('value').where('key', '=', ALLOWED_HOSTS_SETTING).executeTakeFirst();
  return row ? fromJson<string[]>(row.value) : [];
}

async function assertTarget(ctx: Ctx, url: string): Promise<void> {
  const problem = webhookTargetProblem(url, await allowedHosts(ctx));
  if (problem) throw invalid('url_not_allowed', `The webhook URL ${problem}.`, 'url');
}

function view(row: WebhookEndpointsTable, secret?: string) {
  return {
    id: row.id,
    object: 'webhook_endpoint' as const,
    url: row.url,
    description: row.description,
    enabled_events: fromJson<string[]>(row.enabled_events),
    status: row.status as 'enabled' | 'disabled',
    created: Math.floor(Date.parse(row.created_at) / 1000),
    ...(secret ? { secret } : {}),
  };
}

const eventPattern = z.string().regex(/^(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?)$/, 'must be an event type such as card.created, card.* or *');
const write = { scope: 'webhooks:write', role: 'owner' } as const;

async function getEndpoint(ctx: Ctx, id: string): Promise<WebhookEndpointsTable> {
  const row = await ctx.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.status === 'deleted') throw notFound('webhook endpoint', id, 'id');
  return row;
}

export const webhookEndpointCreate = command({
  input: z.strictObject({ url: z.string().min(1).max(2048), enabled_events: z.array(eventPattern).min(1).max(100), description: z.string().max(200).optional() }),
  permission: write,
  audit: true,
  async handler(ctx, input) {
    await assertTarget(ctx, input.url);
    const secret = `whsec_${randomToken(24)}`;
    const now = ctx.clock.now().toISOString();
    const row: WebhookEndpointsTable = {
      id: ctx.ids.next('we'),
      url: input.url,
      description: input.description ?? null,
      enabled_events: toJson(input.enabled_events),
      // Kept encrypted (not hashed): Kartu signs with it on every delivery.
      secret_encrypted: ctx.vault.encrypt(secret),
      status: 'enabled',
      created_at: now,
      updated_at: now,
    };
    await catchUpCursorIfIdle(ctx.db, row.id);
    await ctx.db.insertInto('webhook_endpoints').values(row).execute();
    return view(row, secret);
  },
});

export const webhookEndpointUpdate = command({
  input: z.strictObject({
    id: z.string().min(1),
    url: z.string().min(1).max(2048).optional(),
    enabled_events: z.array(eventPattern).min(1).max(100).optional(),
    description: z.string().max(200).optional(),
    status: z.enum(['enabled', 'disabled']).optional(),
  }),
  permission: write,
  audit: true,
  async handler(ctx, input) {
    const row = await getEndpoint(ctx, input.id);
    if (input.url) await assertTarget(ctx, input.url);
    const next = {
      ...row,
      url: input.url ?? row.url,
      enabled_events: input.enabled_events ? toJson(input.enabled_events) : row.enabled_events,
      description: input.description ?? row.description,
      status: input.status ?? row.status,
      updated_at: ctx.clock.now().toISOString(),
    };
    if (next.status === 'enabled' && row.status !== 'enabled') await catchUpCursorIfIdle(ctx.db, row.id);
    await ctx.db.updateTable('webhook_endpoints').set(next).where('id', '=', row.id).execute();
    return view(next);
  },
});

export const webhookEndpointDelete = command({
  input: z.strictObject({ id: z.string().min(1) }),
  permission: write,
  audit: true,
  async handler(ctx, input) {
    const row = await getEndpoint(ctx, input.id);
    await ctx.db.updateTable('webhook_endpoints').set({ status: 'deleted', updated_at: ctx.clock.now().toISOString() }).where('id', '=', row.id).execute();
    await ctx.db.updateTable('webhook_deliveries').set({ status: 'canceled' }).where('endpoint_id', '=', row.id).where('status', 'in', ['pending', 'retrying']).execute();
    return { id: row.id, object: 'webhook_endpoint' as const, deleted: true };
  },
});

export const webhookEndpointGet = query({
  input: z.strictObject({ id: z.string().min(1) }),
  permission: { scope: 'webhooks:write', role: 'manager' },
  handler: async (ctx, input) => view(await getEndpoint(ctx, input.id)),
});

export const webhookEndpointList = query({
  input: z.strictObject({ ...listParams }),
  permission: { scope: 'webhooks:write', role: 'manager' },
  async handler(ctx, input) {
    return pageById(ctx.db.selectFrom('webhook_endpoints').selectAll().where('status', '!=', 'deleted'), 'id', input, (row) => view(row));
  },
});

export const webhookDeliveryList = query({
  input: z.strictObject({ ...listParams, endpoint: z.string().optional(), status: z.enum(['pending', 'retrying', 'delivered', 'failed', 'canceled']).optional() }),
  permission: { scope: 'webhooks:write', role: 'manager' },
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('webhook_deliveries').innerJoin('events', 'events.id', 'webhook_deliveries.event_id').selectAll('webhook_deliveries').select('events.type as event_type');
    if (input.endpoint) q = q.where('webhook_deliveries.endpoint_id', '=', input.endpoint);
    if (input.status) q = q.where('webhook_deliveries.status', '=', input.status);
    return pageById(q, 'webhook_deliveries.id', input, (row) => ({
      id: row.id,
      object: 'webhook_delivery' as const,
      endpoint: row.endpoint_id,
      event: row.event_id,
      event_type: row.event_type,
      status: row.status,
      attempts: row.attempts,
      next_attempt_at: row.next_attempt_at,
      last_status_code: row.last_status_code,
      last_error: row.last_error,
      created_at: row.created_at,
      delivered_at: row.delivered_at,
    }));
  },
});

/** Hosts beyond this machine that may receive webhooks, by exact name. */
export const webhookAllowedHostsSet = command({
  input: z.strictObject({ hosts: z.array(z.string().trim().min(1).max(253).regex(/^[a-zA-Z0-9.-]+$/, 'must be a host name')).max(50) }),
  permission: { scope: 'settings:write', role: 'owner' },
  audit: true,
  async handler(ctx, input) {
    const value = toJson(input.hosts);
    const exists = await ctx.db.selectFrom('settings').select('key').where('key', '=', ALLOWED_HOSTS_SETTING).executeTakeFirst();
    if (exists) await ctx.db.updateTable('settings').set({ value }).where('key', '=', ALLOWED_HOSTS_SETTING).execute();
    else await ctx.db.insertInto('settings').values({ key: ALLOWED_HOSTS_SETTING, value }).execute();
    return { object: 'webhook_allowed_hosts' as const, hosts: input.hosts };
  },
});

export const webhookHandlers = {
  'webhook-endpoint-create': webhookEndpointCreate,
  'webhook-endpoint-update': webhookEndpointUpdate,
  'webhook-endpoint-delete': webhookEndpointDelete,
  'webhook-endpoint-get': webhookEndpointGet,
  'webhook-endpoint-list': webhookEndpointList,
  'webhook-delivery-list': webhookDeliveryList,
  'webhook-allowed-hosts-set': webhookAllowedHostsSet,
};
