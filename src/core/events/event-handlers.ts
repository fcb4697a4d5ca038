import { z } from 'zod';
import { query } from '../bus/define.js';
import { notFound } from '../kernel/errors.js';
import { listParams, pageById } from '../kernel/pagination.js';
import { eventFromRow } from './event-store.js';

export const eventList = query({
  input: z.strictObject({ ...listParams, type: z.string().max(100).optional(), object_id: z.string().max(64).optional() }),
  permission: { scope: 'events:read', role: 'manager' },
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('events').selectAll();
    if (input.type) q = input.type.endsWith('.*') ? q.where('type', 'like', `${input.type.slice(0, -1)}%`) : q.where('type', '=', input.type);
    if (input.object_id) q = q.where('object_id', '=', input.object_id);
    return pageById(q, 'id', input, eventFromRow);
  },
});

export const eventGet = query({
  input: z.strictObject({ id: z.string().min(1) }),
  permission: { scope: 'events:read', role: 'manager' },
  async handler(ctx, input) {
    const row = await ctx.db.selectFrom('events').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('event', input.id, 'id');
    return eventFromRow(row);
  },
});

export const eventHandlers = { 'event-list': eventList, 'event-get': eventGet };
