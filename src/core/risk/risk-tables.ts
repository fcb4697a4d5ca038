/**
 * Tables of the risk and compliance domain (migration 2026-11-25-07-risk). Nullable, not optional,
 * like every table interface in db/schema.ts; JSON columns are TEXT.
 */

/** Per-program risk policy; a program without a row uses the defaults (score and flag, never decline). */
export interface RiskPoliciesTable {
  program_id: string;
  policy: string;
  updated_at: string;
}

/** Cards exempt from score-based actions (a traveller the owner vouches for), optionally until a time. */
export interface RiskAllowListTable {
  card_id: string;
  program_id: string;
  reason: string;
  until: string | null;
  created_by: string;
  created_at: string;
}

/**
 * Per-card signal state, updated in the authorization's own write: counters, the running mean and
 * variance of approved amounts (Welford), the last place seen, and a bounded ring of the last 24 h
 * of attempts for the velocity and card-testing windows. Scoring reads one row, never history (and
 * in the authorization queue, not even that: the risk memo keeps it between decisions).
 */
export interface RiskCardStateTable {
  card_id: string;
  program_id: string;
  auth_count: number;
  approved_count: number;
  declined_count: number;
  decline_streak: number;
  /** Welford: count, mean and sum of squared deviations of approved amounts (program currency). */
  amount_n: number;
  amount_mean: number;
  amount_m2: number;
  last_at: string | null;
  last_city: string | null;
  last_country: string | null;
  last_merchant_id: string | null;
  /**
   * The attempts of the last 24 h (at most RING_LIMIT), oldest first, as a BLOB of little-endian
   * float64 triples (epoch_s, amount_minor, flags): see recent-window.ts RecentRing. Rows written
   * before migration 2026-11-26-30-risk-recent-binary held the same triples as JSON text.
   */
  recent: Uint8Array;
  /** JSON {signal: times dismissed as a false positive} for this card. */
  dismissed: string;
  updated_at: string;
}

/**
 * Countries and merchants a card has been approved at, for the "first time here" signals. Written
 * once, at the first approval there (no write per decision): last_at and count describe that first
 * sighting and are not maintained afterwards.
 */
export interface RiskCardSeenTable {
  card_id: string;
  kind: string;
  value: string;
  first_at: string;
  last_at: string;
  count: number;
}

export interface RiskAlertsTable {
  id: string;
  kind: string;
  severity: string;
  status: string;
  title: string;
  card_id: string | null;
  cardholder_id: string | null;
  program_id: string | null;
  authorization_id: string | null;
  merchant: string | null;
  score: number | null;
  action: string | null;
  signals: string;
  detail: string;
  /** Unusual events raised repeatedly (same actor, same pattern) bump one open alert instead of piling up. */
  dedupe_key: string | null;
  occurrences: number;
  assignee: string | null;
  resolution: string | null;
  resolution_note: string | null;
  resolution_actions: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RiskAlertCommentsTable {
  id: string;
  alert_id: string;
  author_type: string;
  author_id: string;
  body: string;
  created_at: string;
}

export interface BlocklistsTable {
  id: string;
  name: string;
  source: string;
  source_date: string;
  policy: string;
  status: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** Card numbers are stored only as the vault's keyed fingerprint (the same one cards use), never the number. */
export interface BlocklistEntriesTable {
  id: string;
  list_id: string;
  kind: string;
  value: string;
  label: string;
  note: string | null;
  created_at: string;
  removed_at: string | null;
  removed_by: string | null;
}

/** One row per cardholder whose personal data the retention job erased: the marker and the record. */
export interface RetentionErasuresTable {
  cardholder_id: string;
  erased_at: string;
  policy_days: number;
  fields: string;
  cards: string;
}
