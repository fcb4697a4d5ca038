import { z } from 'zod';
import { command, query } from '../bus/define.js';
import { listParams, pageById } from '../kernel/pagination.js';
import { feeChargeFromRow, postMonthlyFees } from './fee-charges.js';

/** The scheduled job (see jobs/job-runner.ts): idempotent by (account, month). */
export const feesPostMonthly = command({
  input: z.strictObject({}),
  permission: { scope: 'transactions:write', role: 'manager' },
  async handler(ctx) {
    const run = await postMonthlyFees(ctx);
    if (run.charged > 0) await ctx.emit('fees.posted', 'fees', { charged: run.charged, collected: run.collected, periods: run.periods });
    return run;
  },
});

export const feeList = query({
  input: z.strictObject({ ...listParams, card: z.string().optional(), kind: z.enum(['issuance', 'monthly_admin']).optional() }),
  permission: { scope: 'transactions:read', role: 'cashier' },
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('fee_charges').selectAll();
    if (input.card) q = q.where('card_id', '=', input.card);
    if (input.kind) q = q.where('kind', '=', input.kind);
    return pageById(q, 'id', input, feeChargeFromRow);
  },
});

export const feeHandlers = {
  'fees-post-monthly': feesPostMonthly,
  'fee-list': feeList,
};
