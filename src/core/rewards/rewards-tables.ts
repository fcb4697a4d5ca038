/**
 * The rewards domain's tables (migration 2026-11-25-05-rewards). Nullable rather than optional;
 * JSON columns are TEXT. Registered in the engine's `Database` interface one line each.
 */

/** One row per program that has rewards: its settings and a token that changes with any rule. */
export interface RewardsProgramsTable {
  program_id: string;
  settings: string;
  /** A fresh id on every configuration change, so a cache of compiled rules knows it is stale. */
  config_token: string;
  created_at: string;
  updated_at: string;
}

export interface RewardsEarningRulesTable {
  id: string;
  program_id: string;
  type: string;
  name: string;
  status: string;
  params: string;
  /** Local dates (YYYY-MM-DD) in the program's time zone, inclusive; null = open. */
  valid_from: string | null;
  valid_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface RewardsTiersTable {
  id: string;
  program_id: string;
  name: string;
  /** The qualifying figure (points, or spend in minor units) from which the tier is reached. */
  threshold: number;
  benefits: string;
  status: string;
  created_at: string;
  updated_at: string;
}

/** A rewards member is a cardholder within a program: points and tier survive card replacement. */
export interface RewardsMembersTable {
  id: string;
  program_id: string;
  cardholder_id: string;
  tier_id: string | null;
  tier_since: string | null;
  /** The computed tier is kept at least until then (end of the qualification period + grace). */
  tier_held_until: string | null;
  computed_tier_id: string | null;
  manual_tier_id: string | null;
  manual_tier_until: string | null;
  manual_tier_reason: string | null;
  /** Points taken back that were no longer there (programs that allow a negative balance). */
  owed_points: number;
  first_purchase_at: string | null;
  /** Not maintained: derived from rewards_earnings when needed (kept so the frozen schema matches). */
  last_visit_at: string | null;
  /** Not maintained: derived from rewards_earnings / qualifying entries when needed. */
  last_qualifying_at: string | null;
  referred_by: string | null;
  referral_rewarded: number;
  created_at: string;
  updated_at: string;
}

/** Append-only. `account_id` is a member (mbr_) or a partner account (ptnr_). */
export interface RewardsPointsEntriesTable {
  id: string;
  program_id: string;
  account_id: string;
  cardholder_id: string | null;
  kind: string;
  points: number;
  /** When the entry counts toward tier qualification (a reversal counts at its purchase's time). */
  qualifying_at: string | null;
  authorization_id: string | null;
  source_type: string | null;
  source_id: string | null;
  /** Makes once-only grants (a birthday per year) a constraint, not a hope. */
  dedupe_key: string | null;
  reason: string | null;
  actor: string | null;
  details: string;
  created_at: string;
}

export interface RewardsLotsTable {
  id: string;
  member_id: string;
  entry_id: string;
  authorization_id: string | null;
  points: number;
  /** points minus everything allocated from the lot; kept in step with rewards_lot_allocations. */
  remaining: number;
  earned_at: string;
  available_at: string;
  /** NEVER_EXPIRES for lots that do not expire, so that "soonest first" sorts the same everywhere. */
  expires_at: string;
  warned_at: string | null;
  created_at: string;
}

/** Append-only: which entry took (points > 0) or gave back (points < 0) how much of which lot. */
export interface RewardsLotAllocationsTable {
  entry_id: string;
  lot_id: string;
  points: number;
  created_at: string;
}

/** What one purchase earned, so that a refund takes back its share and tiers can count spend. */
export interface RewardsEarningsTable {
  authorization_id: string;
  program_id: string;
  member_id: string;
  card_id: string;
  account_id: string;
  amount_minor: number;
  amount_reversed_minor: number;
  currency: string;
  points_earned: number;
  points_reversed: number;
  /** The part of points_earned subject to the program's daily/monthly caps (purchase points). */
  purchase_points: number;
  cashback_minor: number;
  cashback_reversed_minor: number;
  merchant_id: string | null;
  mcc: string | null;
  location_id: string | null;
  breakdown: string;
  at: string;
  created_at: string;
  updated_at: string;
}

export interface RewardsCashbackEntriesTable {
  id: string;
  program_id: string;
  member_id: string;
  card_id: string | null;
  account_id: string | null;
  kind: string;
  amount_minor: number;
  currency: string;
  authorization_id: string | null;
  source_id: string | null;
  reason: string | null;
  created_at: string;
}

export interface RewardsCatalogueTable {
  id: string;
  program_id: string;
  name: string;
  description: string | null;
  kind: string;
  points_cost: number;
  value: string;
  tier_ids: string | null;
  stock_total: number | null;
  stock_redeemed: number;
  per_member_limit: number | null;
  per_member_period: string;
  valid_from: string | null;
  valid_until: string | null;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface RewardsRedemptionsTable {
  id: string;
  program_id: string;
  member_id: string;
  cardholder_id: string;
  reward_id: string;
  points: number;
  status: string;
  authorization_id: string | null;
  entry_id: string;
  voucher_code: string | null;
  credit_minor: number | null;
  cancelable_until: string;
  actor: string;
  created_at: string;
  closed_at: string | null;
  close_reason: string | null;
}

export interface RewardsCampaignsTable {
  id: string;
  program_id: string;
  name: string;
  status: string;
  starts_on: string;
  ends_on: string;
  targeting: string;
  effect: string;
  budget_points: number | null;
  budget_minor: number | null;
  used_points: number;
  used_minor: number;
  per_member_limit: number | null;
  exhausted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RewardsCampaignAwardsTable {
  campaign_id: string;
  member_id: string;
  source_id: string;
  points: number;
  cashback_minor: number;
  created_at: string;
}

export interface RewardsPartnersTable {
  id: string;
  program_id: string;
  name: string;
  code: string;
  rate_points: number;
  rate_partner_points: number;
  directions: string;
  min_points: number;
  max_points_per_exchange: number | null;
  monthly_limit_points: number | null;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface RewardsPartnerExchangesTable {
  id: string;
  partner_id: string;
  program_id: string;
  member_id: string;
  cardholder_id: string;
  direction: string;
  points: number;
  partner_points: number;
  member_entry_id: string;
  partner_entry_id: string;
  reference: string | null;
  actor: string;
  created_at: string;
}

export interface RewardsDatabase {
  rewards_programs: RewardsProgramsTable;
  rewards_earning_rules: RewardsEarningRulesTable;
  rewards_tiers: RewardsTiersTable;
  rewards_members: RewardsMembersTable;
  rewards_points_entries: RewardsPointsEntriesTable;
  rewards_lots: RewardsLotsTable;
  rewards_lot_allocations: RewardsLotAllocationsTable;
  rewards_earnings: RewardsEarningsTable;
  rewards_cashback_entries: RewardsCashbackEntriesTable;
  rewards_catalogue: RewardsCatalogueTable;
  rewards_redemptions: RewardsRedemptionsTable;
  rewards_campaigns: RewardsCampaignsTable;
  rewards_campaign_awards: RewardsCampaignAwardsTable;
  rewards_partners: RewardsPartnersTable;
  rewards_partner_exchanges: RewardsPartnerExchangesTable;
}
