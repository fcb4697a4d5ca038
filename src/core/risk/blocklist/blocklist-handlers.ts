import { z } from 'zod';
import { command, query } from '../../bus/define.js';
import { invalid, notFound } from '../../kernel/errors.js';
import { listParams, pageById } from '../../kernel/pagination.js';
import { BLOCKLIST_KINDS } from './blocklist-kinds.js';
import { blocklistImportSchema } from './blocklist-schema.js';
import { importBlocklist } from './blocklist-import.js';

const read = { scope: 'risk:read', role: 'manager' } as const;
const write = { scope: 'risk:write', role: 'manager' } as const;
const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

export const blocklistImport = command({
  input: blocklistImportSchema,
  permission: write,
  // Not `audit: true`: the bus would store the input, and the file holds card numbers. The import
  // writes its own audit entry with counts only.
  handler: (ctx, input) => importBlocklist(ctx, input),
});

export const blocklistList = query({
  input: z.strictObject({ ...listParams, status: z.enum(['active', 'archived']).optional() }),
  permission: read,
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('blocklists').selectAll();
    if (input.status) q = q.where('status', '=', input.status);
    const page = await pageById(q, 'id', input, (row) => row);
    const ids = page.data.map((l) => l.id);
    const counts = ids.length
      ? await ctx.db
          .selectFrom('blocklist_entries')
          .select(['list_id', 'kind', (eb) => eb.fn.count<number>('id').as('n')])
          .where('list_id', 'in', ids)
          .where('removed_at', 'is', null)
          .groupBy(['list_id', 'kind'])
          .execute()
      : [];
    return {
      ...page,
      data: page.data.map((row) => {
        const byKind: Record<string, number> = {};
        for (const c of counts) if (c.list_id === row.id) byKind[c.kind] = Number(c.n);
        return {
          id: row.id,
          object: 'blocklist' as const,
          name: row.name,
          source: row.source,
          source_date: row.source_date,
          policy: row.policy as 'decline' | 'flag',
          status: row.status as 'active' | 'archived',
          entries: Object.values(byKind).reduce((a, b) => a + b, 0),
          by_kind: byKind,
          created: seconds(row.created_at),
          updated: seconds(row.updated_at),
        };
      }),
    };
  },
});

export const blocklistEntryList = query({
  input: z.strictObject({ ...listParams, list: z.string().min(1), kind: z.enum(BLOCKLIST_KINDS).optional(), include_removed: z.boolean().optional() }),
  permission: read,
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('blocklist_entries').selectAll().where('list_id', '=', input.list);
    if (input.kind) q = q.where('kind', '=', input.kind);
    if (!input.include_removed) q = q.where('removed_at', 'is', null);
    // The stored value of a card entry is a fingerprint: only its label (first 6 / last 4) is shown.
    return pageById(q, 'id', input, (row) => ({
      id: row.id,
      object: 'blocklist_entry' as const,
      list: row.list_id,
      kind: row.kind,
      label: row.label,
      note: row.note,
      created: seconds(row.created_at),
      removed: row.removed_at ? seconds(row.removed_at) : null,
    }));
  },
});

export const blocklistEntryRemove = command({
  input: z.strictObject({ id: z.string().min(1), reason: z.string().trim().max(500).optional() }),
  permission: write,
  audit: true,
  async handler(ctx, input) {
    const entry = await ctx.db.selectFrom('blocklist_entries').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!entry) throw notFound('block-list entry', input.id, 'id');
    if (entry.removed_at) throw invalid('already_removed', 'This entry was already removed.', 'id');
    const at = ctx.clock.now().toISOString();
    await ctx.db.updateTable('blocklist_entries').set({ removed_at: at, removed_by: ctx.actor.id }).where('id', '=', entry.id).execute();
    await ctx.emit('blocklist.entry.removed', entry.id, { id: entry.id, list: entry.list_id, kind: entry.kind, label: entry.label, reason: input.reason ?? null });
    return { id: entry.id, object: 'blocklist_entry' as const, list: entry.list_id, kind: entry.kind, label: entry.label, removed: seconds(at) };
  },
});

export const blocklistUpdate = command({
  input: z.strictObject({ id: z.string().min(1), name: z.string().trim().min(1).max(100).optional(), policy: z.enum(['decline', 'flag']).optional(), status: z.enum(['active', 'archived']).optional() }),
  permission: write,
  audit: true,
  async handler(ctx, input) {
    const list = await ctx.db.selectFrom('blocklists').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!list) throw notFound('block list', input.id, 'id');
    const next = { name: input.name ?? list.name, policy: input.policy ?? list.policy, status: input.status ?? list.status, updated_at: ctx.clock.now().toISOString() };
    await ctx.db.updateTable('blocklists').set(next).where('id', '=', list.id).execute();
    await ctx.emit('blocklist.updated', list.id, { id: list.id, ...next, previous_attributes: { name: list.name, policy: list.policy, status: list.status } });
    return { id: list.id, object: 'blocklist' as const, name: next.name, source: list.source, source_date: list.source_date, policy: next.policy, status: next.status };
  },
});

export const blocklistHandlers = {
  'blocklist-import': blocklistImport,
  'blocklist-list': blocklistList,
  'blocklist-entry-list': blocklistEntryList,
  'blocklist-entry-remove': blocklistEntryRemove,
  'blocklist-update': blocklistUpdate,
};
