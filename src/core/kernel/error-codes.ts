/**
 * Every error `code` that can reach a person, in one place. The engine still throws with
 * `invalid('code', …)` where the rule lives; this list is what the UI translates (its resources
 * are typed `Record<ErrorCode, string>`), and error-codes.test.ts reads the source's syntax tree
 * to prove the list is exactly what is thrown, so it cannot drift silently either way.
 */
export const ENGINE_ERROR_CODES = [
  // Any command: input, permissions, lookups, the bus itself.
  'parameter_invalid',
  'parameter_missing',
  'parameter_unknown',
  'resource_missing',
  'insufficient_permissions',
  'unknown_command',
  'internal_error',
  'sandbox_only',
  // Staff and sign-in.
  'invalid_pin',
  'no_staff',
  'pin_in_use',
  'last_owner',
  'too_many_staff',
  'host_only',
  'staff_installation_wide',
  // Programs, designs, branches, webhooks.
  'program_archived',
  'design_of_other_program',
  'limit_above_cap',
  'expiry_out_of_range',
  'merchant_id_taken',
  'unknown_location',
  'url_not_allowed',
  // Cardholders and issuing.
  'cardholder_inactive',
  'cardholder_is_company',
  'cardholder_verification_rejected',
  'company_required',
  'kyc_requirements_missing',
  'currency_mismatch',
  'network_refused',
  'network_bin_unknown',
  'network_card_limit',
  'network_name_not_embossable',
  // Card status and shipping.
  'card_canceled',
  'card_not_delivered',
  'invalid_status_transition',
  'invalid_shipping_transition',
  'not_physical',
  'already_replaced',
  // Money: funding, purchases, refunds, holds.
  'balance_cap_exceeded',
  'insufficient_funds',
  'payment_exceeds_balance',
  'not_stored_value',
  'not_a_company',
  'fx_rate_missing',
  'amount_too_large',
  'already_refunded',
  'not_a_capture',
  'not_captured',
  'authorization_declined',
  'authorization_not_pending',
  'transfer_already_resolved',
  'exists_with_different_amount',
  'exists_with_different_parameters',
  // Rewards: members, tiers, rewards, campaigns, partners, earning rules.
  'not_a_member',
  'already_enrolled',
  'insufficient_points',
  'tier_name_taken',
  'tier_threshold_taken',
  'tier_not_allowed',
  'unknown_tier',
  'unknown_reward',
  'reward_unavailable',
  'reward_not_started',
  'reward_expired',
  'out_of_stock',
  'redemption_limit_reached',
  'redemption_closed',
  'cancel_window_passed',
  'campaign_inactive',
  'campaign_budget_exhausted',
  'campaign_limit_reached',
  'not_targeted',
  'invalid_date_range',
  'invalid_time_range',
  'rule_conflict',
  'partner_code_taken',
  'partner_inactive',
  'partner_limit_exceeded',
  'direction_not_allowed',
  // Card network: advices, settlement files, discrepancies.
  'network_not_configured',
  'network_unreachable',
  'already_delivered',
  'already_resolved',
  'not_open',
  'nothing_to_capture',
  'settlement_file_invalid',
  // Risk.
  'alert_resolved',
  'already_removed',
  'blocklist_empty',
  'blocklist_rows_invalid',
  'blocklist_unreadable',
  // Reports, exports, rates.
  'card_not_in_program',
  'tier_not_in_program',
  'mixed_currencies',
  'range_too_long',
  'range_too_large',
  'too_many_rows',
  'folder_missing',
  'folder_not_writable',
  // Backup and restore.
  'backup_unavailable',
  'backup_folder_unusable',
  'backup_folder_not_empty',
  'backup_source_missing',
  'backup_key_missing',
  'backup_manifest_missing',
  'backup_damaged',
  'backup_checksum_mismatch',
  'backup_newer_version',
  'data_dir_in_use',
  'restore_failed',
  'restore_not_scheduled',
] as const;

/**
 * Codes the hosts (HTTP, REST, IPC) and the renderer's clients add in the same shape. `http_*`
 * stands for `http_<status>`: a host that answered with a status and no error body.
 */
export const HOST_ERROR_CODES = [
  'not_signed_in',
  'sign_in_failed',
  'too_many_attempts',
  'connection_failed',
  'client_error',
  'not_available_on_desktop',
  'untrusted_sender',
  'starting',
  'http_*',
  'host_not_allowed',
  'origin_not_allowed',
  'cross_site_request',
  'body_too_large',
  'unsupported_media_type',
  'invalid_json',
  'invalid_body',
  'route_not_found',
  'method_not_allowed',
  'parameter_duplicated',
  'rate_limit',
  'idempotency_key_invalid',
  'idempotency_key_reused',
  'idempotency_key_in_use',
] as const;

export type ErrorCode = (typeof ENGINE_ERROR_CODES)[number] | (typeof HOST_ERROR_CODES)[number];

/** The catalogue's name for a code: `http_502` is `http_*`; any other code is itself. */
export function catalogueCode(code: string): string {
  return /^http_\d+$/.test(code) ? 'http_*' : code;
}
