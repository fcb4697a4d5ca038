import { z } from 'zod';
import { command, query } from '../bus/define.js';
import { MANAGE, READ } from './handler-common.js';
import { assertProgramExists, programRewardsOrDefaults, touchProgramRewards } from './program-config.js';
import { mergeSettings, settingsPatchSchema, type RewardsSettings } from './rewards-settings.js';
import { recomputeProgramTiers } from './tier-job.js';

function view(programId: string, settings: RewardsSettings) {
  return { object: 'rewards_settings' as const, program: programId, ...settings };
}

export const rewardsSettingsGet = query({
  input: z.strictObject({ program: z.string().min(1) }),
  permission: READ,
  async handler(ctx, input) {
    await assertProgramExists(ctx.db, input.program);
    return view(input.program, (await programRewardsOrDefaults(ctx, input.program)).settings);
  },
});

/** Program-wide rewards settings; a change to tier qualification recomputes every member's tier. */
export const rewardsSettingsUpdate = command({
  input: settingsPatchSchema.extend({ program: z.string().min(1) }),
  permission: MANAGE,
  audit: true,
  async handler(ctx, input) {
    await assertProgramExists(ctx.db, input.program);
    const { program, ...patch } = input;
    const current = (await programRewardsOrDefaults(ctx, program)).settings;
    const next = mergeSettings(current, patch);
    await touchProgramRewards(ctx, program, next);
    await ctx.emit('rewards.settings.updated', program, { program, ...next });
    if (JSON.stringify(current.tier_qualification) !== JSON.stringify(next.tier_qualification)) {
      await recomputeProgramTiers(ctx, program, { full: true, down: 'tiers_changed' });
    }
    return view(program, next);
  },
});

export const settingsHandlers = {
  'rewards-settings-get': rewardsSettingsGet,
  'rewards-settings-update': rewardsSettingsUpdate,
};
