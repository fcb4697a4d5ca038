import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASHIER, MANAGER, testEngine } from '../testing/test-engine.js';
import { KartuError } from '../kernel/errors.js';
import { actionArb, runActions, setupWorld } from './testing/report-world.js';
import { addDays, localParts } from './zone-time.js';

/** The dashboard's one query tells what the six reports it replaces tell, for any history. */
describe('dashboard-summary', () => {
  it('equals the separate reports (today, yesterday, decisions, 30-day series, loyalty), for every program and all', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 5, maxLength: 40 }), async (actions) => {
        const engine = await testEngine();
        const world = await setupWorld(engine);
        await runActions(engine, world, actions);
        const ask = (name: string, input: unknown) => engine.bus.execute(name, input, MANAGER) as Promise<any>;
        for (const scope of [{}, { program: world.program }, { program: world.prepaid }]) {
          const summary = await ask('dashboard-summary', scope);
          const today = localParts(engine.clock.now().getTime(), 'Asia/Jakarta').day;
          expect(summary.day).toBe(today);
          const yesterday = addDays(today, -1);
          const month = { ...scope, from: addDays(today, -29), to: today };
          const salesToday = await ask('report-spending-summary', { ...scope, from: today, to: today });
          const salesYesterday = await ask('report-spending-summary', { ...scope, from: yesterday, to: yesterday });
          const decisionsToday = await ask('report-authorizations', { ...scope, from: today, to: today, period: 'day' });
          const sales30 = await ask('report-spending', { ...month, period: 'day' });
          const decisions30 = await ask('report-authorizations', { ...month, period: 'day' });
          const loyalty = await ask('report-loyalty', month);
          expect(summary.sales_today).toEqual({ purchases: salesToday.totals.purchases, gross_minor: salesToday.totals.gross_minor });
          expect(summary.sales_yesterday).toEqual({ purchases: salesYesterday.totals.purchases, gross_minor: salesYesterday.totals.gross_minor });
          expect(summary.decisions_today).toEqual({ decisions: decisionsToday.totals.decisions, approved: decisionsToday.totals.approved, declined: decisionsToday.totals.declined });
          expect(summary.sales).toEqual(sales30.rows.map((r: any) => ({ bucket: r.bucket, purchases: r.purchases, gross_minor: r.gross_minor })));
          expect(summary.decisions).toEqual(decisions30.rows.map((r: any) => ({ bucket: r.bucket, decisions: r.decisions, approved: r.approved, declined: r.declined })));
          expect(summary.declines_by_reason).toEqual(decisions30.declines.by_reason);
          expect(summary.loyalty).toEqual({ totals: loyalty.totals, liability: loyalty.liability });
          expect(summary.currency).toBe(sales30.currency);
        }
        await engine.close();
      }),
      { numRuns: 8 },
    );
  }, 120_000);

  it('shows a chosen day, and refuses a bad day, an unknown program and a cashier by name', async () => {
    const engine = await testEngine();
    const world = await setupWorld(engine, 2);
    const summary = (await engine.bus.execute('dashboard-summary', { to: '2026-02-10' }, MANAGER)) as { day: string; sales: Array<{ bucket: string }> };
    expect(summary.day).toBe('2026-02-10');
    expect(summary.sales).toHaveLength(30);
    expect(summary.sales.at(0)!.bucket).toBe('2026-01-12');
    const refusal = async (input: unknown, actor = MANAGER) => {
      try {
        await engine.bus.execute('dashboard-summary', input, actor);
      } catch (error) {
        return error instanceof KartuError ? { code: error.code, param: error.param } : error;
      }
      throw new Error('not refused');
    };
    expect(await refusal({ to: '2026-02-30' })).toMatchObject({ param: 'to' });
    expect(await refusal({ program: 'prog_nope' })).toMatchObject({ code: 'resource_missing', param: 'program' });
    expect(await refusal({ days: 7 })).toMatchObject({ param: 'days' });
    expect(await refusal({ program: world.program }, CASHIER)).toMatchObject({ code: 'insufficient_permissions' });
    await engine.close();
  });
});
