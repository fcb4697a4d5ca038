import { z } from 'zod';
import { command } from '../bus/define.js';
import type { Ctx } from '../bus/context.js';
import { MANAGE } from './handler-common.js';
import { programRewardsOrDefaults } from './program-config.js';
import { runBirthdays, type BirthdayResult } from './birthday-job.js';
import { expirePoints, type ExpiryResult } from './expiry-job.js';
import { recomputeProgramTiers, type TierRecomputeResult } from './tier-job.js';

/**
 * Scheduled jobs (the job runner calls them with `{}`; staff may run them for one program). Each
 * catches up on its own and is idempotent, so running it late, twice, or after weeks closed is safe.
 */
const jobInput = z.strictObject({ program: z.string().min(1).optional() });

/**
 * Points, lots, members' tiers and their events: nothing an authorization decision reads (a
 * decision's report fact reads the member's tier afresh; a money credit would be journaled by the
 * ledger), so a kept authorization session survives the hourly jobs.
 */
const touchesNoCard = (): readonly string[] => [];

async function programsWithRewards(ctx: Ctx, program: string | undefined): Promise<string[]> {
  if (program) {
    await programRewardsOrDefaults(ctx, program);
    return [program];
  }
  const rows = await ctx.db.selectFrom('rewards_programs').select('program_id').orderBy('program_id').execute();
  return rows.map((r) => r.program_id);
}

export const rewardsRunBirthdayJob = command({
  input: jobInput,
  permission: MANAGE,
  async handler(ctx, input) {
    const results: BirthdayResult[] = [];
    for (const program of await programsWithRewards(ctx, input.program)) results.push(await runBirthdays(ctx, program));
    return { object: 'job_result' as const, job: 'rewards-run-birthday-job', programs: results, granted: results.reduce((s, r) => s + r.granted, 0) };
  },
  changesCards: touchesNoCard,
});

export const rewardsExpirePoints = command({
  input: jobInput,
  permission: MANAGE,
  async handler(ctx, input) {
    const results: ExpiryResult[] = [];
    for (const program of await programsWithRewards(ctx, input.program)) results.push(await expirePoints(ctx, program));
    return {
      object: 'job_result' as const,
      job: 'rewards-expire-points',
      programs: results,
      expired_points: results.reduce((s, r) => s + r.expired_points, 0),
      warned_members: results.reduce((s, r) => s + r.warned_members, 0),
    };
  },
  changesCards: touchesNoCard,
});

/**
 * Periodic: members whose tier may have run out (holds ended, manual tiers expired). `full`: every
 * member from history (what tier and settings changes do by themselves).
 */
export const rewardsRecomputeTiers = command({
  input: jobInput.extend({ full: z.boolean().optional() }),
  permission: MANAGE,
  async handler(ctx, input) {
    const results: TierRecomputeResult[] = [];
    for (const program of await programsWithRewards(ctx, input.program)) results.push(await recomputeProgramTiers(ctx, program, { full: input.full ?? false }));
    return { object: 'job_result' as const, job: 'rewards-recompute-tiers', programs: results, changed: results.reduce((s, r) => s + r.changed, 0) };
  },
  changesCards: touchesNoCard,
});

export const jobHandlers = {
  'rewards-run-birthday-job': rewardsRunBirthdayJob,
  'rewards-expire-points': rewardsExpirePoints,
  'rewards-recompute-tiers': rewardsRecomputeTiers,
};
