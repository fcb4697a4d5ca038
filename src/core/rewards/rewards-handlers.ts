import { settingsHandlers } from './settings-handlers.js';
import { earningRuleHandlers } from './earning-rule-handlers.js';
import { tierHandlers } from './tier-handlers.js';
import { rewardHandlers } from './reward-handlers.js';
import { redemptionHandlers } from './redemption-handlers.js';
import { campaignHandlers } from './campaign-handlers.js';
import { partnerHandlers } from './partner-handlers.js';
import { accountHandlers } from './account-handlers.js';
import { jobHandlers } from './job-handlers.js';

/** Every rewards command and query on the bus (the purchase path uses purchase-hooks.ts directly). */
export const rewardsHandlers = {
  ...settingsHandlers,
  ...earningRuleHandlers,
  ...tierHandlers,
  ...rewardHandlers,
  ...redemptionHandlers,
  ...campaignHandlers,
  ...partnerHandlers,
  ...accountHandlers,
  ...jobHandlers,
};
