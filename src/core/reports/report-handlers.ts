import { z } from 'zod';
import { command, query } from '../bus/define.js';
import { authorizationReport } from './authorization-reports.js';
import { rebuildReports } from './rebuild.js';
import { POINTS_REBUILD_NEEDED, rebuildPointsCells } from './points-rebuild.js';
import { loyaltyReport } from './loyalty-reports.js';
import { campaignReport } from './campaign-reports.js';
import { repairCampaignRollup } from './campaign-rollup.js';
import { corporateReport } from './corporate-reports.js';
import { notFound } from '../kernel/errors.js';
import { REBUILD_NEEDED, reportFilters, resolveScope } from './scope.js';
import { spendingByCard, spendingByCategory, spendingByMerchant, spendingHeatmap, spendingSeries, spendingSummary } from './spending-reports.js';

/** Reports are for the owner and managers (or an API key with reports:read). */
export const REPORTS_READ = { scope: 'reports:read', role: 'manager' } as const;

const period = z.enum(['day', 'week', 'month']).default('day');

export const reportSpending = query({
  input: z.strictObject({ ...reportFilters, period }),
  permission: REPORTS_READ,
  async handler(ctx, { period: p, ...filters }) {
    const now = ctx.clock.now();
    return spendingSeries(ctx.db, await resolveScope(ctx.db, filters, now), p, now);
  },
});

export const reportSpendingSummary = query({
  input: z.strictObject(reportFilters),
  permission: REPORTS_READ,
  async handler(ctx, filters) {
    const now = ctx.clock.now();
    return spendingSummary(ctx.db, await resolveScope(ctx.db, filters, now), now);
  },
});

export const reportSpendingHeatmap = query({
  input: z.strictObject(reportFilters),
  permission: REPORTS_READ,
  async handler(ctx, filters) {
    const now = ctx.clock.now();
    return spendingHeatmap(ctx.db, await resolveScope(ctx.db, filters, now), now);
  },
});

export const reportSpendingByCategory = query({
  input: z.strictObject(reportFilters),
  permission: REPORTS_READ,
  async handler(ctx, filters) {
    const now = ctx.clock.now();
    return spendingByCategory(ctx.db, await resolveScope(ctx.db, filters, now), now);
  },
});

export const reportSpendingByMerchant = query({
  input: z.strictObject(reportFilters),
  permission: REPORTS_READ,
  async handler(ctx, filters) {
    const now = ctx.clock.now();
    return spendingByMerchant(ctx.db, await resolveScope(ctx.db, filters, now), now);
  },
});

export const reportSpendingByCard = query({
  input: z.strictObject({ ...reportFilters, by: z.enum(['card', 'cardholder']).default('card'), limit: z.coerce.number().int().min(1).max(1_000).default(50) }),
  permission: REPORTS_READ,
  async handler(ctx, { by, limit, ...filters }) {
    const now = ctx.clock.now();
    return spendingByCard(ctx.db, await resolveScope(ctx.db, filters, now), by, limit, now);
  },
});

export const reportAuthorizations = query({
  input: z.strictObject({ ...reportFilters, period }),
  permission: REPORTS_READ,
  async handler(ctx, { period: p, ...filters }) {
    const now = ctx.clock.now();
    return authorizationReport(ctx.db, await resolveScope(ctx.db, filters, now), p, now);
  },
});

export const reportLoyalty = query({
  input: z.strictObject(reportFilters),
  permission: REPORTS_READ,
  async handler(ctx, filters) {
    const now = ctx.clock.now();
    return loyaltyReport(ctx.db, await resolveScope(ctx.db, filters, now), now);
  },
});

export const reportCampaigns = query({
  input: z.strictObject(reportFilters),
  permission: REPORTS_READ,
  async handler(ctx, filters) {
    const now = ctx.clock.now();
    return campaignReport(ctx.db, await resolveScope(ctx.db, filters, now), now);
  },
});

/** Without a program filter: every corporate program. */
export const reportCorporate = query({
  input: z.strictObject(reportFilters),
  permission: REPORTS_READ,
  async handler(ctx, filters) {
    const now = ctx.clock.now();
    return corporateReport(ctx.db, await resolveScope(ctx.db, filters, now, { kinds: ['corporate'] }), now);
  },
});

export const reportSettingsGet = query({
  input: z.strictObject({ program: z.string().min(1).max(64) }),
  permission: REPORTS_READ,
  async handler(ctx, input) {
    const program = await ctx.db.selectFrom('programs').select('id').where('id', '=', input.program).executeTakeFirst();
    if (!program) throw notFound('program', input.program, 'program');
    const row = await ctx.db.selectFrom('report_settings').selectAll().where('program_id', '=', input.program).executeTakeFirst();
    return { object: 'report_settings' as const, program: input.program, point_value_minor: row?.point_value_minor ?? null };
  },
});

/** What one point is worth in money (minor units), for the points liability; null: from the catalogue. */
export const reportSettingsUpdate = command({
  input: z.strictObject({ program: z.string().min(1).max(64), point_value_minor: z.number().int().min(0).max(1_000_000_000).nullable() }),
  permission: { scope: 'settings:write', role: 'owner' },
  audit: true,
  async handler(ctx, input) {
    const program = await ctx.db.selectFrom('programs').select('id').where('id', '=', input.program).executeTakeFirst();
    if (!program) throw notFound('program', input.program, 'program');
    const row = { program_id: input.program, point_value_minor: input.point_value_minor, updated_at: ctx.clock.now().toISOString() };
    await ctx.db.insertInto('report_settings').values(row).onConflict((oc) => oc.column('program_id').doUpdateSet(row)).execute();
    return { object: 'report_settings' as const, program: input.program, point_value_minor: input.point_value_minor };
  },
});

/** Recomputes the facts and rollups from the authorizations (after an import, or to check them). */
export const reportsRebuild = command({
  input: z.strictObject({ program: z.string().min(1).max(64).optional() }),
  permission: { scope: 'settings:write', role: 'owner' },
  audit: true,
  handler: (ctx, input) => rebuildReports(ctx.db, ctx.clock.now().toISOString(), input.program ?? null),
});

/**
 * The background job behind a migration that flags the reports as stale (settings
 * reports.rebuild_needed): rebuilds once, which clears the flag; otherwise does nothing. A
 * database flagged only for the points rollup (reports.points_rebuild_needed) has just that
 * rebuilt, from the points entries, without recomputing every fact. Otherwise it rebuilds the
 * campaigns the campaigns rollup no longer holds as they are (campaign-rollup.ts).
 */
export const reportsRebuildIfNeeded = command({
  input: z.strictObject({}),
  permission: { scope: 'settings:write', role: 'owner' },
  async handler(ctx) {
    const flags = new Set((await ctx.db.selectFrom('settings').select('key').where('key', 'in', [REBUILD_NEEDED, POINTS_REBUILD_NEEDED]).execute()).map((r) => r.key));
    if (flags.has(REBUILD_NEEDED)) {
      const result = await rebuildReports(ctx.db, ctx.clock.now().toISOString(), null);
      return { object: 'reports_rebuild_check' as const, rebuilt: true, result };
    }
    if (flags.has(POINTS_REBUILD_NEEDED)) {
      const points = await rebuildPointsCells(ctx.db, null);
      return { object: 'reports_rebuild_check' as const, rebuilt: true, points };
    }
    // Campaigns the purchase's write could not keep (dates changed, a member rewarded by hand).
    const campaigns = await repairCampaignRollup(ctx.db, ctx.clock.now());
    if (campaigns.length > 0) return { object: 'reports_rebuild_check' as const, rebuilt: true, campaigns };
    return { object: 'reports_rebuild_check' as const, rebuilt: false };
  },
});

export const reportHandlers = {
  'report-spending': reportSpending,
  'report-spending-summary': reportSpendingSummary,
  'report-spending-heatmap': reportSpendingHeatmap,
  'report-spending-by-category': reportSpendingByCategory,
  'report-spending-by-merchant': reportSpendingByMerchant,
  'report-spending-by-card': reportSpendingByCard,
  'report-authorizations': reportAuthorizations,
  'report-loyalty': reportLoyalty,
  'report-campaigns': reportCampaigns,
  'report-corporate': reportCorporate,
  'report-settings-get': reportSettingsGet,
  'report-settings-update': reportSettingsUpdate,
  'reports-rebuild': reportsRebuild,
  'reports-rebuild-if-needed': reportsRebuildIfNeeded,
};
