import type { Generated, Insertable, Selectable } from 'kysely';
import type { RewardsDatabase as RewardsTables } from '../rewards/rewards-tables.js';
import type * as Risk from '../risk/risk-tables.js';
import type { AuditAnchorTable } from '../audit/audit-tables.js';
import type * as Ledger from '../ledger/tables.js';
import type { ReportsDatabase as Reports } from '../reports/report-tables.js';
import type { NetworkReconciliationDatabase as NetRecon } from '../network/reconciliation/tables.js';

/** Nullable, not optional: every column is always present in a row. JSON columns are TEXT. */
export interface SettingsTable { key: string; value: string }

export interface ProgramsTable {
  id: string;
  name: string;
  kind: string;
  currency: string;
  timezone: string;
  week_starts_on: number;
  network: string;
  bin: string;
  pan_length: number;
  default_expiry_years: number;
  max_expiry_years: number;
  default_spending_controls: string;
  caps: string;
  fees: string;
  kyc_requirements: string;
  brand: string;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface CardDesignsTable {
  id: string;
  program_id: string;
  name: string;
  face: string;
  is_default: number;
  created_at: string;
  updated_at: string;
}

export interface LocationsTable {
  id: string;
  name: string;
  merchant_id: string;
  mcc: string;
  city: string;
  country: string;
  created_at: string;
}

export interface CardholdersTable {
  id: string;
  type: string;
  company_id: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  birth_date: string | null;
  national_id: string | null;
  address: string | null;
  preferred_language: string;
  status: string;
  verification_status: string;
  metadata: string;
  created_at: string;
  updated_at: string;
}

export interface CardsTable {
  id: string;
  program_id: string;
  cardholder_id: string;
  design_id: string | null;
  type: string;
  status: string;
  cancellation_reason: string | null;
  number_encrypted: string;
  /** Balance and points follow the account, so a replacement card keeps them. */
  account_id: string;
  fingerprint: string;
  first6: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  spending_controls: string;
  fulfilment_status: string | null;
  shipping: string | null;
  replacement_for: string | null;
  replacement_reason: string | null;
  replaced_by: string | null;
  metadata: string;
  created_at: string;
  updated_at: string;
  activated_at: string | null;
  canceled_at: string | null;
}

export interface EventsTable {
  id: string;
  type: string;
  object_id: string;
  data: string;
  created_at: string;
}

export interface AuditLogTable {
  seq: Generated<number>;
  id: string;
  at: string;
  actor_type: string;
  actor_id: string;
  action: string;
  object_id: string | null;
  outcome: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  mode: string;
  secret_hash: string;
  prefix: string;
  last4: string;
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface IdempotencyKeysTable {
  api_key_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: string;
  created_at: string;
}

export interface StaffTable {
  id: string;
  name: string;
  role: string;
  pin_hash: string;
  status: string;
  created_at: string;
}

export interface NetworkOutboxTable {
  id: string;
  card_id: string;
  kind: string;
  payload: string;
  idempotency_key: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface WebhookEndpointsTable {
  id: string;
  url: string;
  description: string | null;
  enabled_events: string;
  secret_encrypted: string;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  event_id: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface KartuMigrationsTable { name: string; applied_at: string }

/**
 * Later migrations add their table interfaces here (one line each), next to the domain that owns them.
 */
export interface Database {
  kartu_migrations: KartuMigrationsTable;
  settings: SettingsTable;
  programs: ProgramsTable;
  card_designs: CardDesignsTable;
  locations: LocationsTable;
  cardholders: CardholdersTable;
  cards: CardsTable;
  events: EventsTable;
  audit_log: AuditLogTable;
  audit_anchor: AuditAnchorTable;
  api_keys: ApiKeysTable;
  idempotency_keys: IdempotencyKeysTable;
  staff: StaffTable;
  network_outbox: NetworkOutboxTable;
  risk_policies: Risk.RiskPoliciesTable; risk_allow_list: Risk.RiskAllowListTable; risk_card_state: Risk.RiskCardStateTable; risk_card_seen: Risk.RiskCardSeenTable;
  risk_alerts: Risk.RiskAlertsTable; risk_alert_comments: Risk.RiskAlertCommentsTable; blocklists: Risk.BlocklistsTable; blocklist_entries: Risk.BlocklistEntriesTable; retention_erasures: Risk.RetentionErasuresTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  rewards_programs: RewardsTables['rewards_programs'];
  rewards_earning_rules: RewardsTables['rewards_earning_rules'];
  rewards_tiers: RewardsTables['rewards_tiers'];
  rewards_members: RewardsTables['rewards_members'];
  rewards_points_entries: RewardsTables['rewards_points_entries'];
  rewards_lots: RewardsTables['rewards_lots'];
  rewards_lot_allocations: RewardsTables['rewards_lot_allocations'];
  rewards_earnings: RewardsTables['rewards_earnings'];
  rewards_cashback_entries: RewardsTables['rewards_cashback_entries'];
  rewards_catalogue: RewardsTables['rewards_catalogue'];
  rewards_redemptions: RewardsTables['rewards_redemptions'];
  rewards_campaigns: RewardsTables['rewards_campaigns'];
  rewards_campaign_awards: RewardsTables['rewards_campaign_awards'];
  rewards_partners: RewardsTables['rewards_partners'];
  rewards_partner_exchanges: RewardsTables['rewards_partner_exchanges'];
  ledger_accounts: Ledger.LedgerAccountsTable; ledger_transfers: Ledger.LedgerTransfersTable; authorizations: Ledger.AuthorizationsTable; transactions: Ledger.TransactionsTable; funding_movements: Ledger.FundingMovementsTable; usage_counters: Ledger.UsageCountersTable; fx_rates: Ledger.FxRatesTable; fee_charges: Ledger.FeeChargesTable;
  report_facts: Reports['report_facts']; report_spend_cells: Reports['report_spend_cells']; report_heat_cells: Reports['report_heat_cells']; report_card_cells: Reports['report_card_cells']; report_day_cells: Reports['report_day_cells']; report_settings: Reports['report_settings']; accounting_settings: Reports['accounting_settings']; transaction_annotations: Reports['transaction_annotations']; export_schedules: Reports['export_schedules'];
  report_points_cells: Reports['report_points_cells']; report_points_members: Reports['report_points_members']; report_points_redeemers: Reports['report_points_redeemers'];
  report_campaigns: Reports['report_campaigns']; report_campaign_participants: Reports['report_campaign_participants']; report_campaign_days: Reports['report_campaign_days'];
  network_advices: NetRecon['network_advices']; network_discrepancies: NetRecon['network_discrepancies']; settlement_imports: NetRecon['settlement_imports']; settlement_items: NetRecon['settlement_items'];
}

export type ProgramRow = Selectable<ProgramsTable>;
export type CardRow = Selectable<CardsTable>;
export type NewCardRow = Insertable<CardsTable>;
export type CardholderRow = Selectable<CardholdersTable>;
export type LocationRow = Selectable<LocationsTable>;
export type CardDesignRow = Selectable<CardDesignsTable>;
export type EventRow = Selectable<EventsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type StaffRow = Selectable<StaffTable>;
