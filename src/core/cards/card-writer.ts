import type { Ctx } from '../bus/context.js';
import { toJson } from '../db/database.js';
import type { CardRow } from '../db/schema.js';
import type { SpendingControls } from '../controls/spending-controls.js';
import type { Program } from '../programs/program.js';
import type { Expiry } from './expiry.js';
import { insertCardRow } from './card-statements.js';
import { uniqueNumber, type FreshNumber } from './number-pool.js';

export interface NewCard {
  program: Program;
  cardholderId: string;
  type: 'virtual' | 'physical';
  designId: string | null;
  controls: SpendingControls;
  expiry: Expiry;
  accountId: string;
  /** A replacement for a damaged or expired card keeps its number. */
  keepNumber?: string;
  /** A fresh number already drawn (and checked unused) by the caller; otherwise one is drawn here. */
  number?: FreshNumber;
  replacementFor?: string;
  replacementReason?: string;
  shipping?: Record<string, unknown> | null;
  metadata?: Record<string, string>;
  status?: 'active' | 'inactive';
}

export async function insertCard(ctx: Ctx, card: NewCard): Promise<CardRow> {
  const { number, fingerprint } = card.keepNumber
    ? { number: card.keepNumber, fingerprint: ctx.vault.fingerprint(card.keepNumber) }
    : (card.number ?? (await uniqueNumber(ctx, card.program)));
  const now = ctx.clock.now().toISOString();
  const physical = card.type === 'physical';
  const status = card.status ?? (physical ? 'inactive' : 'active');
  const row: CardRow = {
    id: ctx.ids.next('card'),
    program_id: card.program.id,
    cardholder_id: card.cardholderId,
    design_id: card.designId,
    type: card.type,
    status,
    cancellation_reason: null,
    number_encrypted: ctx.vault.encrypt(number),
    account_id: card.accountId,
    fingerprint,
    first6: number.slice(0, 6),
    last4: number.slice(-4),
    exp_month: card.expiry.month,
    exp_year: card.expiry.year,
    spending_controls: toJson(card.controls),
    fulfilment_status: physical ? 'pending' : null,
    shipping: physical ? toJson(card.shipping ?? {}) : null,
    replacement_for: card.replacementFor ?? null,
    replacement_reason: card.replacementReason ?? null,
    replaced_by: null,
    metadata: toJson(card.metadata ?? {}),
    created_at: now,
    updated_at: now,
    activated_at: status === 'active' ? now : null,
    canceled_at: null,
  };
  await insertCardRow.execute(ctx.db, row);
  return row;
}
