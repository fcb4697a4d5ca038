/** Machine reasons of a decision and the ISO 8583 response code (DE39) each answers with. */
export const DECLINE_CODES = {
  card_unknown: '14',
  card_inactive: '05',
  card_canceled: '05',
  card_lost: '41',
  card_stolen: '43',
  cardholder_inactive: '05',
  /** The cardholder failed identity verification (staff rejected it): their cards stop until verified again. */
  cardholder_verification_required: '05',
  card_expired: '54',
  expiry_mismatch: '54',
  invalid_amount: '13',
  merchant_not_allowed: '57',
  location_not_allowed: '57',
  category_not_allowed: '57',
  time_not_allowed: '57',
  country_not_allowed: '62',
  spending_limit: '61',
  velocity_limit: '65',
  single_use_exhausted: '65',
  insufficient_funds: '51',
  suspected_fraud: '59',
} as const;

export type DeclineReason = keyof typeof DECLINE_CODES;

export const APPROVED = '00';
/** Approved for less than asked (the merchant supports partial approval and funds were short). */
export const PARTIALLY_APPROVED = '10';
