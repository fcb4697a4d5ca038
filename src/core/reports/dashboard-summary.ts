import { z } from 'zod';
import { query } from '../bus/define.js';
import { authorizationReport } from './authorization-reports.js';
import { loyaltyReport } from './loyalty-reports.js';
import { REPORTS_READ } from './report-handlers.js';
import { localDateSchema, resolveScope } from './scope.js';
import { spendingSeries } from './spending-reports.js';
import { addDays } from './zone-time.js';

/** The dashboard's window: today and the 29 days before it. */
export const DASHBOARD_DAYS = 30;

const figuresOf = (row: { purchases: number; gross_minor: number } | undefined) => ({ purchases: row?.purchases ?? 0, gross_minor: row?.gross_minor ?? 0 });

/**
 * Everything the dashboard's figures and charts show, in ONE query: the host answers a browser's
 * requests one after another, so the six reports the screen used to ask for separately (today,
 * yesterday, today's decisions, the 30-day sales and decision series, loyalty) cost six round
 * trips, six scope resolutions and six renders before the first screen settled. Today and
 * yesterday are the last two days of the 30-day series (the same cells, read once), so the window
 * is read three times (spending, decisions, loyalty) instead of six.
 */
export const dashboardSummary = query({
  input: z.strictObject({
    program: z.string().min(1).max(64).optional(),
    /** The last day shown, local to the program (default: today there). */
    to: localDateSchema.optional(),
  }),
  permission: REPORTS_READ,
  async handler(ctx, input) {
    const now = ctx.clock.now();
    const program = input.program ? { program: input.program } : {};
    // "Today" in the program's zone when `to` is not given: resolveScope works it out.
    const day = (await resolveScope(ctx.db, { ...program, ...(input.to ? { from: input.to, to: input.to } : {}) }, now)).to;
    const scope = await resolveScope(ctx.db, { ...program, from: addDays(day, -(DASHBOARD_DAYS - 1)), to: day }, now);
    const [sales, decisions, loyalty] = [await spendingSeries(ctx.db, scope, 'day', now), await authorizationReport(ctx.db, scope, 'day', now), await loyaltyReport(ctx.db, scope, now)];
    const today = decisions.rows.at(-1);
    return {
      object: 'dashboard_summary' as const,
      day,
      currency: scope.currency,
      timezone: sales.timezone,
      stale: scope.stale,
      sales_today: figuresOf(sales.rows.at(-1)),
      sales_yesterday: figuresOf(sales.rows.at(-2)),
      decisions_today: { decisions: today?.decisions ?? 0, approved: today?.approved ?? 0, declined: today?.declined ?? 0 },
      /** Chart-ready, one row a day, oldest first. */
      sales: sales.rows.map((r) => ({ bucket: r.bucket, purchases: r.purchases, gross_minor: r.gross_minor })),
      decisions: decisions.rows.map((r) => ({ bucket: r.bucket, decisions: r.decisions, approved: r.approved, declined: r.declined })),
      declines_by_reason: decisions.declines.by_reason,
      loyalty: { totals: loyalty.totals, liability: loyalty.liability },
    };
  },
});

export const dashboardHandlers = { 'dashboard-summary': dashboardSummary };
