import { describe, expect, it } from 'vitest';
import { calculateEarn, mulDiv, type CampaignAllowance, type MemberFacts, type PurchaseFacts } from './earn-calculator.js';
import { compileRule, type CompiledRule, type ProgramRewards } from './program-config.js';
import { DEFAULT_SETTINGS, type RewardsSettings } from './rewards-settings.js';
import type { EarningRule, RuleParams, RuleType } from './earning-rule.js';
import type { Tier } from './tier.js';
import type { CampaignDef } from './campaign.js';
import { localParts } from './local-time.js';

const ZONE = 'Asia/Jakarta';
let serial = 0;

function rule(type: RuleType, params: RuleParams, extra: Partial<EarningRule> = {}): CompiledRule {
  return compileRule({ id: `rule_${++serial}`, program_id: 'prog_1', type, name: type, status: 'active', valid_from: null, valid_until: null, params, ...extra });
}

function config(rules: CompiledRule[], settings: Partial<RewardsSettings> = {}, tiers: Tier[] = []): ProgramRewards {
  const rulesByType: ProgramRewards['rulesByType'] = {};
  for (const r of rules) (rulesByType[r.type] ??= []).push(r);
  return { programId: 'prog_1', token: 't', kind: 'loyalty', currency: 'IDR', timezone: ZONE, settings: { ...DEFAULT_SETTINGS, ...settings }, rules, rulesByType, tiers, campaigns: [] };
}

/** Monday 2 March 2026, 15:30 in Jakarta (08:30 UTC). */
const MONDAY_1530 = Date.parse('2026-03-02T08:30:00Z');
const SATURDAY_1530 = Date.parse('2026-03-07T08:30:00Z');

function buy(amountMinor: number, atMs = MONDAY_1530, extra: Partial<PurchaseFacts> = {}): PurchaseFacts {
  return { amountMinor, mcc: '5814', merchantId: 'KN-JKT-SDR01', locationId: 'loc_1', atMs, local: localParts(atMs, ZONE), ...extra };
}

const member = (extra: Partial<MemberFacts> = {}): MemberFacts => ({ tier: null, isFirstPurchase: false, lastVisitMs: null, referred: false, ...extra });
const RP = (n: number) => n * 100;
const perTenThousand = () => rule('spend', { points: 1, unit_minor: RP(10_000) });

describe('mulDiv', () => {
  it('rounds down, to nearest and up as stated, exactly beyond 2^53', () => {
    expect(mulDiv(RP(55_000), 1, RP(10_000))).toBe(5);
    expect(mulDiv(RP(55_000), 1, RP(10_000), 'nearest')).toBe(6);
    expect(mulDiv(RP(54_999), 1, RP(10_000), 'nearest')).toBe(5);
    expect(mulDiv(RP(50_001), 1, RP(10_000), 'up')).toBe(6);
    expect(mulDiv(9_007_199_254_740_991, 3, 7)).toBe(Number((9_007_199_254_740_991n * 3n) / 7n));
  });
});

describe('base points', () => {
  it('gives 1 point per Rp 10.000, rounded down', () => {
    const c = calculateEarn(config([perTenThousand()]), buy(RP(99_999)), member(), [], null);
    expect(c.points).toBe(9);
    expect(c.contributions).toEqual([expect.objectContaining({ type: 'spend', points: 9 })]);
  });

  it('uses the stated rounding', () => {
    const nearest = rule('spend', { points: 1, unit_minor: RP(10_000), rounding: 'nearest' });
    expect(calculateEarn(config([nearest]), buy(RP(95_000)), member(), [], null).points).toBe(10);
  });

  it('gives nothing below the minimum spend of a spend rule', () => {
    const r = rule('spend', { points: 1, unit_minor: RP(10_000), min_spend_minor: RP(20_000) });
    expect(calculateEarn(config([r]), buy(RP(19_000)), member(), [], null).points).toBe(0);
  });

  it('adds per-visit points from a minimum spend', () => {
    const visit = rule('visit', { points: 3, min_spend_minor: RP(25_000) });
    expect(calculateEarn(config([perTenThousand(), visit]), buy(RP(25_000)), member(), [], null).points).toBe(2 + 3);
    expect(calculateEarn(config([perTenThousand(), visit]), buy(RP(24_000)), member(), [], null).points).toBe(2);
  });

  it('ignores rules outside their dates (local dates, inclusive)', () => {
    const later = rule('spend', { points: 1, unit_minor: RP(10_000) }, { valid_from: '2026-03-03' });
    const ended = rule('visit', { points: 5 }, { valid_until: '2026-03-01' });
    const today = rule('visit', { points: 2 }, { valid_from: '2026-03-02', valid_until: '2026-03-02' });
    expect(calculateEarn(config([later, ended, today]), buy(RP(50_000)), member(), [], null).points).toBe(2);
  });
});

describe('multipliers and promotions', () => {
  it('multiplies at a category (an MCC or a group)', () => {
    const byMcc = rule('category_multiplier', { multiplier_x100: 150, categories: ['5814'] });
    const byGroup = rule('category_multiplier', { multiplier_x100: 300, categories: ['groceries'] });
    const cfg = config([perTenThousand(), byMcc, byGroup]);
    expect(calculateEarn(cfg, buy(RP(100_000)), member(), [], null).points).toBe(15);
    expect(calculateEarn(cfg, buy(RP(100_000), MONDAY_1530, { mcc: '5411' }), member(), [], null).points).toBe(30);
    expect(calculateEarn(cfg, buy(RP(100_000), MONDAY_1530, { mcc: '5999' }), member(), [], null).points).toBe(10);
  });

  it('multiplies at a branch named by merchant id or location id', () => {
    const braga = rule('branch_multiplier', { multiplier_x100: 200, locations: ['KN-BDG-BRG03'] });
    const byLoc = rule('branch_multiplier', { multiplier_x100: 300, locations: ['loc_9'] });
    const cfg = config([perTenThousand(), braga, byLoc]);
    expect(calculateEarn(cfg, buy(RP(50_000)), member(), [], null).points).toBe(5);
    expect(calculateEarn(cfg, buy(RP(50_000), MONDAY_1530, { merchantId: 'KN-BDG-BRG03', locationId: null }), member(), [], null).points).toBe(10);
    expect(calculateEarn(cfg, buy(RP(50_000), MONDAY_1530, { merchantId: 'X', locationId: 'loc_9' }), member(), [], null).points).toBe(15);
  });

  it('doubles points on weekday afternoons in the program time zone', () => {
    const happy = rule('time_window', { days: [1, 2, 3, 4, 5], start: '14:00', end: '17:00', multiplier_x100: 200 });
    const cfg = config([perTenThousand(), happy]);
    expect(calculateEarn(cfg, buy(RP(50_000), MONDAY_1530), member(), [], null).points).toBe(10);
    // 13:59 and 17:00 local are outside; Saturday is outside.
    expect(calculateEarn(cfg, buy(RP(50_000), Date.parse('2026-03-02T06:59:00Z')), member(), [], null).points).toBe(5);
    expect(calculateEarn(cfg, buy(RP(50_000), Date.parse('2026-03-02T10:00:00Z')), member(), [], null).points).toBe(5);
    expect(calculateEarn(cfg, buy(RP(50_000), SATURDAY_1530), member(), [], null).points).toBe(5);
    // 14:00 local = 07:00 UTC: inside.
    expect(calculateEarn(cfg, buy(RP(50_000), Date.parse('2026-03-02T07:00:00Z')), member(), [], null).points).toBe(10);
  });

  it('adds flat bonus points and cashback from a time window', () => {
    const w = rule('time_window', { days: [1], start: '15:00', end: '16:00', bonus_points: 7, cashback_bps: 500 });
    const c = calculateEarn(config([perTenThousand(), w]), buy(RP(40_000)), member(), [], null);
    expect(c.points).toBe(4 + 7);
    expect(c.cashback_minor).toBe(RP(2_000));
  });

  it('stacks every promotion in sum mode and keeps only the best in best mode', () => {
    const cat = rule('category_multiplier', { multiplier_x100: 150, categories: ['5814'] });
    const happy = rule('time_window', { days: [1], start: '14:00', end: '17:00', multiplier_x100: 200 });
    const rules = [perTenThousand(), cat, happy];
    expect(calculateEarn(config(rules, { stacking_mode: 'sum' }), buy(RP(100_000)), member(), [], null).points).toBe(10 + 5 + 10);
    const best = calculateEarn(config(rules, { stacking_mode: 'best' }), buy(RP(100_000)), member(), [], null);
    expect(best.points).toBe(20);
    expect(best.contributions.find((c) => c.id === cat.id)?.note).toMatch(/best/);
  });
});

describe('tiers, caps and one-off bonuses', () => {
  const gold: Tier = { id: 'tier_gold', program_id: 'prog_1', name: 'Gold', threshold: 100, benefits: { earn_multiplier_x100: 150, cashback_bps: 200, extra_rewards: [] }, status: 'active' };

  it('applies the tier multiplier to base points and the tier cashback rate', () => {
    const c = calculateEarn(config([perTenThousand()]), buy(RP(100_000)), member({ tier: gold }), [], null);
    expect(c.points).toBe(15);
    expect(c.cashback_minor).toBe(RP(2_000)); // 2% of Rp 100.000
  });

  it('adds category cashback to the tier rate in sum mode', () => {
    const cb = rule('cashback', { rate_bps: 100, categories: ['restaurants'] });
    expect(calculateEarn(config([cb]), buy(RP(100_000)), member({ tier: gold }), [], null).cashback_minor).toBe(RP(3_000));
    expect(calculateEarn(config([cb], { caps: { ...DEFAULT_SETTINGS.caps, cashback_per_transaction_minor: RP(2_500) } }), buy(RP(100_000)), member({ tier: gold }), [], null).cashback_minor).toBe(RP(2_500));
  });

  it('caps purchase points, promotions giving way first', () => {
    const happy = rule('time_window', { days: [1], start: '14:00', end: '17:00', multiplier_x100: 300 });
    const c = calculateEarn(config([perTenThousand(), happy]), buy(RP(100_000)), member(), [], 12);
    expect(c.points).toBe(12);
    expect(c.capped_points).toBe(18);
    expect(c.base_points).toBe(10);
    expect(c.contributions.find((x) => x.id === happy.id)?.points).toBe(2);
  });

  it('gives the first-purchase bonus once and uncapped, and a referral to both sides', () => {
    const first = rule('first_purchase', { points: 25 });
    const referral = rule('referral', { points: 50, referee_points: 10 });
    const cfg = config([perTenThousand(), first, referral]);
    const c = calculateEarn(cfg, buy(RP(30_000)), member({ isFirstPurchase: true, referred: true }), [], 0);
    expect(c.purchase_points).toBe(0);
    expect(c.points).toBe(35);
    expect(c.referral).toEqual({ rule_id: referral.id, referrer_points: 50, referee_points: 10 });
    expect(calculateEarn(cfg, buy(RP(30_000)), member(), [], null).points).toBe(3);
  });

  it('clips a campaign to what is left of its budget', () => {
    const campaign: CampaignDef = {
      id: 'camp_1', name: 'Ramadan', status: 'active', starts_on: '2026-03-01', ends_on: '2026-03-31', targeting: {},
      effect: { bonus_points: 50, cashback_bps: 1000 }, budget_points: 100, budget_minor: RP(5_000), per_member_limit: null,
    };
    const allowance: CampaignAllowance = { campaign, pointsLeft: 20, minorLeft: RP(1_000) };
    const c = calculateEarn(config([perTenThousand()]), buy(RP(100_000)), member(), [allowance], null);
    expect(c.points).toBe(10 + 20);
    expect(c.cashback_minor).toBe(RP(1_000));
    expect(c.campaign_awards).toEqual([{ campaign_id: 'camp_1', points: 20, cashback_minor: RP(1_000) }]);
  });
});
