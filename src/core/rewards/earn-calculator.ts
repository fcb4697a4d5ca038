import type { CampaignDef } from './campaign.js';
import type { CompiledRule, ProgramRewards } from './program-config.js';
import type { Tier } from './tier.js';
import { ruleValidOn } from './bonus.js';
import { DAY_MS, hhmmToMinutes, type LocalParts } from './local-time.js';

/**
 * What a purchase earns, as a pure function (the purchase path feeds it facts it read; tests feed
 * it directly). The order, which the trace repeats:
 *
 * 1. Base points: `spend` rules (points per unit, stated rounding, minimum spend) plus `visit` points.
 * 2. The tier's earning multiplier on the base (a benefit: always applies).
 * 3. Promotions, each worth an extra on the base: category and branch multipliers, time windows
 *    (multiplier and/or flat bonus), campaigns (clipped to their remaining budget). The program's
 *    stacking mode decides: `sum` adds every extra; `best` keeps only the largest. Cashback rates
 *    of promotions (cashback rules, time windows, campaigns) stack the same way, separately.
 * 4. Caps (per transaction, the member's day and month) cut purchase points, promotions first.
 * 5. One-off bonuses ride along uncapped: first purchase, and a referral's rewards.
 * Cashback = the tier's rate + the promotions' rates, each floor(amount x bps / 10,000), capped per
 * transaction when the program says so. Multipliers round down to whole points.
 */
export interface PurchaseFacts {
  amountMinor: number;
  mcc: string | null;
  merchantId: string | null;
  locationId: string | null;
  atMs: number;
  local: LocalParts;
}

export interface MemberFacts {
  tier: Tier | null;
  isFirstPurchase: boolean;
  lastVisitMs: number | null;
  referred: boolean;
}

export interface CampaignAllowance {
  campaign: CampaignDef;
  pointsLeft: number | null;
  minorLeft: number | null;
}

export interface Contribution {
  source: 'rule' | 'tier' | 'campaign' | 'cap';
  id: string | null;
  type: string;
  points: number;
  cashback_minor: number;
  note?: string;
}

export interface EarnCalculation {
  base_points: number;
  /** Points from the purchase itself (base, tier, promotions), after caps. */
  purchase_points: number;
  /** First-purchase bonus for this member (uncapped). */
  bonus_points: number;
  points: number;
  cashback_minor: number;
  capped_points: number;
  contributions: Contribution[];
  campaign_awards: Array<{ campaign_id: string; points: number; cashback_minor: number }>;
  referral: { rule_id: string; referrer_points: number; referee_points: number } | null;
}

/** a * b / c with the stated rounding, exact beyond 2^53. */
export function mulDiv(a: number, b: number, c: number, rounding: 'down' | 'nearest' | 'up' = 'down'): number {
  const product = a * b;
  if (Number.isSafeInteger(product)) {
    if (rounding === 'down') return Math.floor(product / c);
    if (rounding === 'up') return Math.ceil(product / c);
    return Math.floor((2 * product + c) / (2 * c));
  }
  const p = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  if (rounding === 'down') return Number(p / d);
  if (rounding === 'up') return Number((p + d - 1n) / d);
  return Number((2n * p + d) / (2n * d));
}

export function scopeMatches(rule: Pick<CompiledRule, 'categoryRanges' | 'locationSet'>, purchase: PurchaseFacts): boolean {
  if (rule.categoryRanges) {
    const mcc = purchase.mcc;
    if (!mcc || !rule.categoryRanges.some(([from, to]) => mcc >= from && mcc <= to)) return false;
  }
  if (rule.locationSet) {
    const inSet = (purchase.merchantId !== null && rule.locationSet.has(purchase.merchantId)) || (purchase.locationId !== null && rule.locationSet.has(purchase.locationId));
    if (!inSet) return false;
  }
  return true;
}

export function windowMatches(params: { days?: number[]; start?: string; end?: string }, local: LocalParts): boolean {
  if (!params.days || !params.start || !params.end) return true;
  if (!params.days.includes(local.weekday)) return false;
  return local.minutes >= hhmmToMinutes(params.start) && local.minutes < hhmmToMinutes(params.end);
}

/** Whether a campaign applies to this purchase and member (budget and per-member use aside). */
export function campaignMatches(campaign: CampaignDef, purchase: PurchaseFacts, member: MemberFacts): boolean {
  if (campaign.status !== 'active') return false;
  if (purchase.local.date < campaign.starts_on || purchase.local.date > campaign.ends_on) return false;
  const t = campaign.targeting;
  if (t.tiers && (!member.tier || !t.tiers.includes(member.tier.id))) return false;
  if (t.locations && !t.locations.some((l) => l === purchase.merchantId || l === purchase.locationId)) return false;
  if (t.inactive_days !== undefined) {
    if (member.lastVisitMs === null || purchase.atMs - member.lastVisitMs < t.inactive_days * DAY_MS) return false;
  }
  if (campaign.effect.min_spend_minor !== undefined && purchase.amountMinor < campaign.effect.min_spend_minor) return false;
  return true;
}

const extraOf = (base: number, multiplierX100: number | undefined): number =>
  multiplierX100 === undefined || multiplierX100 <= 100 ? 0 : mulDiv(base, multiplierX100 - 100, 100);

interface Promotion extends Contribution {
  campaignId?: string;
}

const NO_RULES: CompiledRule[] = [];

/** The program's rules of a type valid on a local date (no closures: this runs on every purchase). */
function rulesOn(config: ProgramRewards, type: CompiledRule['type'], date: string): CompiledRule[] {
  const all = config.rulesByType[type];
  if (!all || all.length === 0) return NO_RULES;
  let out: CompiledRule[] | null = null;
  for (let i = 0; i < all.length; i++) {
    if (ruleValidOn(all[i]!, date)) {
      if (out === null) out = [];
      out.push(all[i]!);
    }
  }
  return out ?? NO_RULES;
}

function sumPoints(parts: readonly Contribution[]): number {
  let sum = 0;
  for (let i = 0; i < parts.length; i++) sum += parts[i]!.points;
  return sum;
}

function sumCashback(parts: readonly Contribution[]): number {
  let sum = 0;
  for (let i = 0; i < parts.length; i++) sum += parts[i]!.cashback_minor;
  return sum;
}

export function calculateEarn(config: ProgramRewards, purchase: PurchaseFacts, member: MemberFacts, campaigns: readonly CampaignAllowance[], capRoom: number | null): EarnCalculation {
  const amount = purchase.amountMinor;
  const date = purchase.local.date;
  const contributions: Contribution[] = [];

  let base = 0;
  for (const rule of rulesOn(config, 'spend', date)) {
    const p = rule.params;
    if (amount < (p.min_spend_minor ?? 0)) continue;
    const points = mulDiv(amount, p.points!, p.unit_minor!, p.rounding ?? 'down');
    base += points;
    contributions.push({ source: 'rule', id: rule.id, type: 'spend', points, cashback_minor: 0 });
  }
  for (const rule of rulesOn(config, 'visit', date)) {
    if (amount < (rule.params.min_spend_minor ?? 0)) continue;
    base += rule.params.points!;
    contributions.push({ source: 'rule', id: rule.id, type: 'visit', points: rule.params.points!, cashback_minor: 0 });
  }

  const tier = member.tier;
  const tierContribution: Contribution = {
    source: 'tier',
    id: tier?.id ?? null,
    type: 'tier',
    points: tier ? extraOf(base, tier.benefits.earn_multiplier_x100) : 0,
    cashback_minor: tier ? mulDiv(amount, tier.benefits.cashback_bps, 10_000) : 0,
  };

  const promotions: Promotion[] = [];
  for (const rule of rulesOn(config, 'category_multiplier', date)) {
    if (scopeMatches(rule, purchase)) promotions.push({ source: 'rule', id: rule.id, type: rule.type, points: extraOf(base, rule.params.multiplier_x100), cashback_minor: 0 });
  }
  for (const rule of rulesOn(config, 'branch_multiplier', date)) {
    if (scopeMatches(rule, purchase)) promotions.push({ source: 'rule', id: rule.id, type: rule.type, points: extraOf(base, rule.params.multiplier_x100), cashback_minor: 0 });
  }
  for (const rule of rulesOn(config, 'time_window', date)) {
    if (!scopeMatches(rule, purchase) || !windowMatches(rule.params, purchase.local)) continue;
    promotions.push({
      source: 'rule',
      id: rule.id,
      type: rule.type,
      points: extraOf(base, rule.params.multiplier_x100) + (rule.params.bonus_points ?? 0),
      cashback_minor: mulDiv(amount, rule.params.cashback_bps ?? 0, 10_000),
    });
  }
  for (const rule of rulesOn(config, 'cashback', date)) {
    if (amount < (rule.params.min_spend_minor ?? 0) || !scopeMatches(rule, purchase)) continue;
    promotions.push({ source: 'rule', id: rule.id, type: rule.type, points: 0, cashback_minor: mulDiv(amount, rule.params.rate_bps!, 10_000) });
  }
  for (const allowance of campaigns) {
    const effect = allowance.campaign.effect;
    let points = extraOf(base, effect.multiplier_x100) + (effect.bonus_points ?? 0);
    let cashback = mulDiv(amount, effect.cashback_bps ?? 0, 10_000);
    if (allowance.pointsLeft !== null) points = Math.min(points, allowance.pointsLeft);
    if (allowance.minorLeft !== null) cashback = Math.min(cashback, allowance.minorLeft);
    promotions.push({ source: 'campaign', id: allowance.campaign.id, campaignId: allowance.campaign.id, type: 'campaign', points, cashback_minor: cashback });
  }

  if (config.settings.stacking_mode === 'best') {
    const bestPoints = promotions.reduce<Promotion | null>((best, p) => (p.points > (best?.points ?? 0) ? p : best), null);
    const bestCash = promotions.reduce<Promotion | null>((best, p) => (p.cashback_minor > (best?.cashback_minor ?? 0) ? p : best), null);
    for (const p of promotions) {
      if (p !== bestPoints && p.points > 0) {
        p.note = 'not applied: stacking mode best';
        p.points = 0;
      }
      if (p !== bestCash) p.cashback_minor = 0;
    }
  }

  let purchasePoints = base + tierContribution.points + sumPoints(promotions);
  let capped = 0;
  if (capRoom !== null && purchasePoints > capRoom) {
    capped = purchasePoints - capRoom;
    let excess = capped;
    // Promotions give way first (last added first), then the tier's extra, then the base.
    const baseParts = contributions.filter((c) => c.type === 'spend' || c.type === 'visit');
    for (const part of [...promotions].reverse().concat([tierContribution as Promotion], [...baseParts].reverse() as Promotion[])) {
      const cut = Math.min(excess, part.points);
      part.points -= cut;
      excess -= cut;
      if (excess === 0) break;
    }
    purchasePoints = capRoom;
    base = baseParts.reduce((s, c) => s + c.points, 0);
  }

  let cashback = tierContribution.cashback_minor + sumCashback(promotions);
  const cashCap = config.settings.caps.cashback_per_transaction_minor;
  if (cashCap !== null && cashback > cashCap) {
    let excess = cashback - cashCap;
    for (const part of [...promotions].reverse().concat([tierContribution as Promotion])) {
      const cut = Math.min(excess, part.cashback_minor);
      part.cashback_minor -= cut;
      excess -= cut;
      if (excess === 0) break;
    }
    cashback = cashCap;
  }

  if (tierContribution.points > 0 || tierContribution.cashback_minor > 0) contributions.push(tierContribution);
  for (const p of promotions) {
    // A campaign's promotion is copied without its campaignId (the trace names it by id); a rule's
    // has none and goes in as it is (a rest copy of each was a visible share of earning's time).
    if (p.campaignId === undefined) {
      contributions.push(p);
      continue;
    }
    const { campaignId: _unused, ...rest } = p;
    contributions.push(rest);
  }
  if (capped > 0) contributions.push({ source: 'cap', id: null, type: 'cap', points: -capped, cashback_minor: 0, note: 'program earning cap' });

  let bonus = 0;
  let referral: EarnCalculation['referral'] = null;
  if (member.isFirstPurchase) {
    const first = rulesOn(config, 'first_purchase', date)[0];
    if (first && amount >= (first.params.min_spend_minor ?? 0)) {
      bonus += first.params.points!;
      contributions.push({ source: 'rule', id: first.id, type: 'first_purchase', points: first.params.points!, cashback_minor: 0 });
    }
    const ref = member.referred ? rulesOn(config, 'referral', date)[0] : undefined;
    if (ref) {
      referral = { rule_id: ref.id, referrer_points: ref.params.points ?? 0, referee_points: ref.params.referee_points ?? 0 };
      if (referral.referee_points > 0) {
        bonus += referral.referee_points;
        contributions.push({ source: 'rule', id: ref.id, type: 'referral', points: referral.referee_points, cashback_minor: 0, note: 'referred member' });
      }
    }
  }

  const campaignAwards: EarnCalculation['campaign_awards'] = [];
  for (const p of promotions) {
    if (p.campaignId && (p.points > 0 || p.cashback_minor > 0)) campaignAwards.push({ campaign_id: p.campaignId, points: p.points, cashback_minor: p.cashback_minor });
  }

  return {
    base_points: base,
    purchase_points: purchasePoints,
    bonus_points: bonus,
    points: purchasePoints + bonus,
    cashback_minor: cashback,
    capped_points: capped,
    contributions,
    campaign_awards: campaignAwards,
    referral,
  };
}
