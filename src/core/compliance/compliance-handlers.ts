import { z } from 'zod';
import { command, query } from '../bus/define.js';
import { getRetentionPolicy, saveRetentionPolicy } from './retention-policy.js';
import { runRetention } from './retention-run.js';
import { pciChecklist } from './pci-checklist.js';

export const retentionPolicyGet = query({
  input: z.strictObject({}),
  permission: { scope: 'settings:write', role: 'manager' },
  handler: async (ctx) => ({ object: 'retention_policy' as const, ...(await getRetentionPolicy(ctx.db)) }),
});

export const retentionPolicyUpdate = command({
  input: z.strictObject({
    /** At least 30 days (disputes and refunds need the cardholder); null keeps personal data until changed. */
    erase_after_days: z.number().int().min(30).max(3_650).nullable(),
  }),
  permission: { scope: 'settings:write', role: 'owner' },
  audit: true,
  async handler(ctx, input) {
    const current = await getRetentionPolicy(ctx.db);
    const next = { ...current, erase_after_days: input.erase_after_days, updated_at: ctx.clock.now().toISOString(), updated_by: ctx.actor.id };
    await saveRetentionPolicy(ctx.db, next);
    await ctx.emit('retention_policy.updated', 'retention_policy', { erase_after_days: next.erase_after_days, previous_attributes: { erase_after_days: current.erase_after_days } });
    return { object: 'retention_policy' as const, ...next };
  },
});

/** The retention job (hosts run it daily); `dry_run` lists who would be erased without erasing. */
export const retentionRun = command({
  input: z.strictObject({ dry_run: z.boolean().optional() }),
  permission: { scope: 'settings:write', role: 'owner' },
  audit: true,
  handler: (ctx, input) => runRetention(ctx, input.dry_run ?? false),
});

export const pciChecklistQuery = query({
  input: z.strictObject({}),
  permission: { scope: 'audit:read', role: 'manager' },
  handler: (ctx) => pciChecklist(ctx),
});

export const complianceHandlers = {
  'retention-policy-get': retentionPolicyGet,
  'retention-policy-update': retentionPolicyUpdate,
  'retention-run': retentionRun,
  'pci-checklist': pciChecklistQuery,
};
