import { fromJson } from '../db/database.js';
import type { CardRow } from '../db/schema.js';
import type { SpendingControls } from '../controls/spending-controls.js';
import { maskNumber } from '../security/card-vault.js';
import type { CancellationReason, CardStatus, FulfilmentStatus } from './card-status.js';

/** A card row with the names a person needs to read it. */
export type CardRowWithNames = CardRow & { cardholder_name: string; currency: string; program_kind: string };

export interface Card {
  id: string;
  object: 'card';
  type: 'virtual' | 'physical';
  status: CardStatus;
  cancellation_reason: CancellationReason | null;
  brand: string;
  last4: string;
  masked_number: string;
  exp_month: number;
  exp_year: number;
  currency: string;
  program: string;
  program_kind: string;
  cardholder: string;
  cardholder_name: string;
  account: string;
  design: string | null;
  spending_controls: SpendingControls;
  shipping: { status: FulfilmentStatus; [key: string]: unknown } | null;
  replacement_for: string | null;
  replacement_reason: string | null;
  replaced_by: string | null;
  metadata: Record<string, string>;
  created: number;
  livemode: boolean;
  /** Stored-value kinds: filled by the ledger. */
  balance?: { available: number; pending: number; currency: string };
}

export function cardFromRow(row: CardRowWithNames, livemode: boolean): Card {
  const shipping = fromJson<Record<string, unknown> | null>(row.shipping);
  return {
    id: row.id,
    object: 'card',
    type: row.type as Card['type'],
    status: row.status as CardStatus,
    cancellation_reason: row.cancellation_reason as CancellationReason | null,
    brand: row.first6.startsWith('4') ? 'visa' : 'private_label',
    last4: row.last4,
    masked_number: maskNumber(row.last4),
    exp_month: row.exp_month,
    exp_year: row.exp_year,
    currency: row.currency,
    program: row.program_id,
    program_kind: row.program_kind,
    cardholder: row.cardholder_id,
    cardholder_name: row.cardholder_name,
    account: row.account_id,
    design: row.design_id,
    spending_controls: fromJson(row.spending_controls),
    shipping: row.fulfilment_status ? { ...(shipping ?? {}), status: row.fulfilment_status as FulfilmentStatus } : null,
    replacement_for: row.replacement_for,
    replacement_reason: row.replacement_reason,
    replaced_by: row.replaced_by,
    metadata: fromJson(row.metadata),
    created: Math.floor(Date.parse(row.created_at) / 1000),
    livemode,
  };
}

/** What events and audit entries say about a card: never more than the last 4 digits. */
export function cardSummary(card: Card): Record<string, unknown> {
  return {
    id: card.id,
    object: 'card',
    type: card.type,
    status: card.status,
    cancellation_reason: card.cancellation_reason,
    last4: card.last4,
    masked_number: card.masked_number,
    exp_month: card.exp_month,
    exp_year: card.exp_year,
    program: card.program,
    cardholder: card.cardholder,
    cardholder_name: card.cardholder_name,
    shipping: card.shipping,
    replacement_for: card.replacement_for,
  };
}
