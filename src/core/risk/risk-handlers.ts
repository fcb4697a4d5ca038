import { z } from 'zod';
import { command, query } from '../bus/define.js';
import { countrySchema, mccSchema } from '../controls/spending-controls.js';
import { riskPolicyHandlers } from './risk-policy-handlers.js';
import { blocklistHandlers } from './blocklist/blocklist-handlers.js';
import { alertHandlers } from './alerts/alert-handlers.js';
import { scoreAuthorization } from './score.js';
import { DEFAULT_ACTIVITY_THRESHOLDS, scanAuditForUnusualActivity } from './activity-scan.js';
import { installRiskHook } from './risk-hook-adapter.js';

// The engine loads this map at start-up: from then on every authorization is scored here.
installRiskHook();

/** What an authorization would score now, without recording anything: for the rule editor and the sandbox. */
export const riskScore = query({
  input: z.strictObject({
    card: z.string().min(1),
    amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
    merchant: z.strictObject({
      id: z.string().trim().min(1).max(64).optional(),
      name: z.string().trim().min(1).max(100).optional(),
      mcc: mccSchema.optional(),
      country: countrySchema.optional(),
      city: z.string().trim().min(1).max(60).optional(),
    }),
    at: z.iso.datetime({ offset: true }).optional(),
  }),
  permission: { scope: 'risk:read', role: 'manager' },
  async handler(ctx, input) {
    const card = await ctx.db.selectFrom('cards').innerJoin('programs', 'programs.id', 'cards.program_id').select(['programs.currency']).where('cards.id', '=', input.card).executeTakeFirst();
    const assessment = await scoreAuthorization(ctx, {
      cardId: input.card,
      amountMinor: input.amount,
      currency: input.currency ?? card?.currency ?? 'IDR',
      merchant: input.merchant,
      at: input.at ? new Date(input.at) : ctx.clock.now(),
    });
    return { object: 'risk_assessment' as const, card: input.card, ...assessment };
  },
});

/** The job that reads the audit log for unusual events (hosts run it every minute or so). */
export const riskActivityScan = command({
  input: z.strictObject({
    reveals_per_hour: z.number().int().min(2).max(10_000).optional(),
    refusals_per_hour: z.number().int().min(2).max(100_000).optional(),
  }),
  permission: { scope: 'risk:write', role: 'manager' },
  async handler(ctx, input) {
    const result = await scanAuditForUnusualActivity(ctx, { ...DEFAULT_ACTIVITY_THRESHOLDS, ...input });
    return { object: 'risk_activity_scan' as const, ...result };
  },
});

export const riskHandlers = {
  ...riskPolicyHandlers,
  ...blocklistHandlers,
  ...alertHandlers,
  'risk-score': riskScore,
  'risk-activity-scan': riskActivityScan,
};
