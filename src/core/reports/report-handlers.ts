import { z } from 'zod';
import { command, query } from '../bus/define.js';
import { authorizationReport } from './authorization-reports.js';
import { rebuildReports } from './rebuild.js';
import { reportFilters, resolveScope } from './scope.js';
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
  input: z.strictObject({ ...reportFilters, by: z.enum(['card', 'cardholder']).default('card'), limit: z.number().int().min(1).max(1_000).default(50) }),
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

/** Recomputes the facts and rollups from the authorizations (after an import, or to check them). */
export const reportsRebuild = command({
  input: z.strictObject({ program: z.string().min(1).max(64).optional() }),
  permission: { scope: 'settings:write', role: 'owner' },
  audit: true,
  handler: (ctx, input) => rebuildReports(ctx.db, ctx.clock.now().toISOString(), input.program ?? null),
});

export const reportHandlers = {
  'report-spending': reportSpending,
  'report-spending-summary': reportSpendingSummary,
  'report-spending-heatmap': reportSpendingHeatmap,
  'report-spending-by-category': reportSpendingByCategory,
  'report-spending-by-merchant': reportSpendingByMerchant,
  'report-spending-by-card': reportSpendingByCard,
  'report-authorizations': reportAuthorizations,
  'reports-rebuild': reportsRebuild,
};
