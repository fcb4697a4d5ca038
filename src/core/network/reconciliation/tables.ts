import type { Selectable } from 'kysely';

/** Tables of migration 2026-11-26-12-network-reconciliation (nullable, never optional). */

/** A decision the network must learn after the fact: a stand-in (advice) or a counter authorization the network routed. */
export interface NetworkAdvicesTable {
  id: string;
  authorization_id: string;
  card_id: string;
  /** 'stand_in': decided while the network was unreachable; 'authorization': decided online, reported for the record. */
  kind: string;
  payload: string;
  /** pending | retrying | delivered | failed */
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  network_reference: string | null;
  rrn: string | null;
  network_response_code: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** Where the network's answer to an advice differs from Kartu's stand-in decision. */
export interface NetworkDiscrepanciesTable {
  id: string;
  advice_id: string;
  authorization_id: string;
  card_id: string;
  /** network_declined | network_approved | response_code_differs */
  kind: string;
  local_approved: number;
  local_response_code: string;
  network_approved: number;
  network_response_code: string;
  amount: number;
  currency: string;
  detail: string;
  /** open | resolved */
  status: string;
  resolution: string | null;
  resolution_note: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  created_at: string;
}

export interface SettlementImportsTable {
  id: string;
  file_id: string;
  /** sandbox | csv */
  format: string;
  network: string | null;
  settlement_date: string | null;
  records: number;
  matched: number;
  captured: number;
  exceptions: number;
  /** JSON {currency: minor units} */
  total_amount: string;
  imported_by: string;
  created_at: string;
}

export interface SettlementItemsTable {
  id: string;
  import_id: string;
  record_id: string;
  line: number;
  type: string;
  authorization_id: string | null;
  rrn: string | null;
  card_last4: string;
  amount: number;
  currency: string;
  merchant_id: string;
  settled_at: string;
  interchange_fee: number;
  /** captured | refunded | already_settled | exception */
  outcome: string;
  /** amount_differs | unknown_authorization | card_differs | already_reversed | declined_authorization | currency_differs | not_captured */
  problem: string | null;
  detail: string | null;
  transaction_id: string | null;
  /** matched (nothing to do) | open (a person must look) | resolved */
  status: string;
  resolution: string | null;
  resolution_note: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  created_at: string;
}

export type NetworkAdviceRow = Selectable<NetworkAdvicesTable>;
export type NetworkDiscrepancyRow = Selectable<NetworkDiscrepanciesTable>;
export type SettlementImportRow = Selectable<SettlementImportsTable>;
export type SettlementItemRow = Selectable<SettlementItemsTable>;

export interface NetworkReconciliationDatabase {
  network_advices: NetworkAdvicesTable;
  network_discrepancies: NetworkDiscrepanciesTable;
  settlement_imports: SettlementImportsTable;
  settlement_items: SettlementItemsTable;
}
