import type { Selectable } from 'kysely';

/**
 * Table interfaces of migration 2026-11-25-10-reports. Dimension columns of the rollups are NOT
 * NULL with '' for "none" (a NULL would make each such row distinct in a primary key).
 */

/** Money and counts shared by facts and spend cells; amounts in the program's minor unit. */
export interface SpendMeasures {
  decisions: number;
  requested_minor: number;
  approved_minor: number;
  /** Authorizations with something captured: the "tickets". */
  purchases: number;
  /** Captured. */
  gross_minor: number;
  refunds_minor: number;
  /** Captured on purchases in another currency than the card's. */
  foreign_minor: number;
  fx_fee_minor: number;
  /** Per-transaction fees. */
  fee_minor: number;
  points_earned: number;
  points_reversed: number;
  /** Cashback earned net of cashback taken back. */
  cashback_minor: number;
}

export const SPEND_MEASURES = [
  'decisions', 'requested_minor', 'approved_minor', 'purchases', 'gross_minor', 'refunds_minor', 'foreign_minor',
  'fx_fee_minor', 'fee_minor', 'points_earned', 'points_reversed', 'cashback_minor',
] as const satisfies ReadonlyArray<keyof SpendMeasures>;

export interface ReportFactsTable extends SpendMeasures {
  authorization_id: string;
  program_id: string;
  currency: string;
  card_id: string;
  cardholder_id: string;
  tier: string;
  /** The branch: the location id for the business's own branches, else the merchant key. */
  place: string;
  location_id: string | null;
  /** merchant id, or `name:<merchant name>` when the acquirer sent none. */
  merchant_key: string;
  merchant_name: string;
  mcc: string;
  /** Local to the program's time zone. */
  day: string;
  hour: number;
  /** 0 Sunday .. 6 Saturday. */
  weekday: number;
  is_foreign: number;
  approved: number;
  response_code: string;
  decline_reason: string;
  stand_in: number;
  risk_flag: number;
  risk_score: number | null;
  /** The authorization's time (UTC ISO). */
  at: string;
  updated_at: string;
}

export interface ReportSpendCellsTable extends SpendMeasures {
  program_id: string;
  /** 'D' (bucket YYYY-MM-DD) or 'M' (bucket YYYY-MM). */
  grain: string;
  bucket: string;
  place: string;
  merchant_key: string;
  mcc: string;
  tier: string;
  is_foreign: number;
  approved: number;
  decline_reason: string;
  stand_in: number;
  risk_flag: number;
  merchant_name: string;
}

/** Each fact in its branch's cell and in the total cell (place = '*', place.ts). */
export interface ReportHeatCellsTable {
  program_id: string;
  grain: string;
  bucket: string;
  place: string;
  tier: string;
  weekday: number;
  hour: number;
  purchases: number;
  gross_minor: number;
  refunds_minor: number;
}

/** Each fact in its branch and category's cell and in the card's total cell (place = mcc = '*', place.ts). */
export interface ReportCardCellsTable {
  program_id: string;
  /** 'W' (the Monday, YYYY-MM-DD), 'M' (YYYY-MM), 'Q' (YYYY-Qn) or 'Y' (YYYY). */
  grain: string;
  bucket: string;
  card_id: string;
  place: string;
  tier: string;
  mcc: string;
  cardholder_id: string;
  purchases: number;
  gross_minor: number;
  refunds_minor: number;
}

/** The timeline: per program and day (D) or month (M), by outcome; no branch, merchant or tier. */
export interface ReportDayCellsTable extends SpendMeasures {
  program_id: string;
  grain: string;
  bucket: string;
  is_foreign: number;
  approved: number;
  decline_reason: string;
  stand_in: number;
  risk_flag: number;
}

/**
 * The points ledger's movements other than a purchase's own points (those are in the facts), per
 * program, local day (D, bucket YYYY-MM-DD) or month (M, YYYY-MM), kind, and the member's tier when
 * the entry was written (migration 2026-11-26-17).
 */
export interface ReportPointsCellsTable {
  program_id: string;
  grain: string;
  bucket: string;
  kind: string;
  tier: string;
  /** Signed, as in the entries. */
  points: number;
  entries: number;
}

/**
 * Who redeemed (spend entries): per program, member, local day and the member's tier then
 * (migration 2026-11-26-17b). Keyed by member, so "members who redeemed in a period" is one seek
 * per member.
 */
export interface ReportPointsMembersTable {
  program_id: string;
  member_id: string;
  day: string;
  tier: string;
  spends: number;
}

/** Each member's last redemption day, per tier and over every tier (tier '*'; 2026-11-26-17c). */
export interface ReportPointsRedeemersTable {
  program_id: string;
  tier: string;
  member_id: string;
  last_day: string;
}

/**
 * The campaigns rollup (2026-11-26-31): each campaign's rewarded members' own spend per day, over
 * the campaign's window (the days the report can compare: its dates and a previous period as
 * long), kept in the purchase's write. `participants` counts the members in
 * report_campaign_participants; the window is the one the rows were summed over, so a campaign
 * whose dates changed since (or with a member the write path did not see) is recognised as stale.
 */
export interface ReportCampaignsTable {
  campaign_id: string;
  program_id: string;
  window_from: string;
  window_to: string;
  participants: number;
}

/** A rewarded member (as cardholder) of a campaign, keyed by cardholder for the purchase's write. */
export interface ReportCampaignParticipantsTable {
  cardholder_id: string;
  campaign_id: string;
  program_id: string;
  window_from: string;
  window_to: string;
}

/** The rewarded members' spend on one local day of the campaign's window. */
export interface ReportCampaignDaysTable {
  campaign_id: string;
  day: string;
  purchases: number;
  gross_minor: number;
  refunds_minor: number;
}

export interface ReportSettingsTable {
  program_id: string;
  point_value_minor: number | null;
  updated_at: string;
}

export interface AccountingSettingsTable {
  id: string;
  timezone: string | null;
  /** JSON: AccountMappingEntry[] */
  mapping: string;
  updated_at: string;
}

export interface TransactionAnnotationsTable {
  transaction_id: string;
  authorization_id: string;
  card_id: string;
  category: string | null;
  notes: string | null;
  receipt_ref: string | null;
  updated_by: string;
  created_at: string;
  updated_at: string;
}

export interface ExportSchedulesTable {
  id: string;
  report: string;
  format: string;
  folder: string;
  every: string;
  filters: string;
  status: string;
  next_run_at: string;
  last_run_at: string | null;
  last_file: string | null;
  last_error: string | null;
  runs: number;
  created_at: string;
  updated_at: string;
}

export interface ReportsDatabase {
  report_facts: ReportFactsTable;
  report_spend_cells: ReportSpendCellsTable;
  report_heat_cells: ReportHeatCellsTable;
  report_card_cells: ReportCardCellsTable;
  report_day_cells: ReportDayCellsTable;
  report_points_cells: ReportPointsCellsTable;
  report_points_members: ReportPointsMembersTable;
  report_points_redeemers: ReportPointsRedeemersTable;
  report_campaigns: ReportCampaignsTable;
  report_campaign_participants: ReportCampaignParticipantsTable;
  report_campaign_days: ReportCampaignDaysTable;
  report_settings: ReportSettingsTable;
  accounting_settings: AccountingSettingsTable;
  transaction_annotations: TransactionAnnotationsTable;
  export_schedules: ExportSchedulesTable;
}

export type ReportFactRow = Selectable<ReportFactsTable>;
export type ExportScheduleRow = Selectable<ExportSchedulesTable>;
