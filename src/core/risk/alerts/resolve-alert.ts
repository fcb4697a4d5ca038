import type { Ctx } from '../../bus/context.js';
import { fromJson, toJson } from '../../db/database.js';
import { invalid, notFound } from '../../kernel/errors.js';
import { appendAudit } from '../../audit/audit-log.js';
import { cardUpdate } from '../../cards/card-handlers.js';
import { cardUpdateSchema } from '../../cards/card-schema.js';
import type { RiskSignal } from '../risk-types.js';
import { alertFromRow, type Alert, type AlertRow, type Resolution } from './alert.js';

export interface ResolveInput {
  id: string;
  resolution: Resolution;
  note?: string | undefined;
  freeze_card?: boolean | undefined;
  cancel_card?: boolean | undefined;
  mark_merchant?: boolean | undefined;
}

/** Merchants staff confirm as fraudulent go on this list (flag), so their next authorizations stand out. */
export const REVIEW_MERCHANT_LIST = { name: 'Merchants confirmed in review', source: 'Kartu alert review', policy: 'flag' } as const;

const MAX_DISMISSALS_KEPT = 10;

export async function resolveAlert(ctx: Ctx, input: ResolveInput): Promise<Alert> {
  const row = await ctx.db.selectFrom('risk_alerts').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!row) throw notFound('alert', input.id, 'id');
  if (row.status === 'resolved') throw invalid('alert_resolved', `This alert was already resolved (${row.resolution}).`, 'id');
  const fraud = input.resolution === 'fraud_confirmed';
  for (const option of ['freeze_card', 'cancel_card', 'mark_merchant'] as const) {
    if (input[option] && !fraud) throw invalid('parameter_invalid', `${option} goes with the resolution "fraud_confirmed".`, option);
  }
  if (input.freeze_card && input.cancel_card) throw invalid('parameter_invalid', 'Choose freeze_card or cancel_card, not both.', 'cancel_card');
  if ((input.freeze_card || input.cancel_card) && !row.card_id) {
    throw invalid('parameter_invalid', 'This alert is not about a card.', input.freeze_card ? 'freeze_card' : 'cancel_card');
  }
  const merchant = fromJson<{ id?: string | null; name?: string | null } | null>(row.merchant);
  if (input.mark_merchant && !merchant?.id) throw invalid('parameter_invalid', 'This alert names no merchant id to mark.', 'mark_merchant');

  const actions: Record<string, unknown> = {};
  if (input.freeze_card || input.cancel_card) actions.card = await changeCard(ctx, row, input.cancel_card ? 'cancel' : 'freeze');
  if (input.mark_merchant && merchant?.id) actions.merchant = await markMerchant(ctx, row, merchant.id);
  if (!fraud && row.card_id) actions.discounted_signals = await rememberDismissal(ctx, row);

  const now = ctx.clock.now().toISOString();
  const resolved: AlertRow = {
    ...row,
    status: 'resolved',
    resolution: input.resolution,
    resolution_note: input.note ?? null,
    resolution_actions: toJson(actions),
    resolved_by: ctx.actor.id,
    resolved_at: now,
    updated_at: now,
  };
  await ctx.db.updateTable('risk_alerts').set(resolved).where('id', '=', row.id).execute();
  await ctx.emit('alert.resolved', row.id, { id: row.id, object: 'alert', resolution: input.resolution, actions, card: row.card_id });
  return alertFromRow(resolved);
}

/** Through the card-update command's own rules (allowed moves, network outbox, events), canceled as fraud. */
async function changeCard(ctx: Ctx, alert: AlertRow, change: 'freeze' | 'cancel'): Promise<Record<string, unknown>> {
  const cardId = alert.card_id as string;
  const card = await ctx.db.selectFrom('cards').select(['id', 'status']).where('id', '=', cardId).executeTakeFirst();
  if (!card) throw notFound('card', cardId, 'id');
  if (card.status === 'canceled') return { id: cardId, result: 'already_canceled' };
  if (change === 'freeze' && card.status === 'inactive') return { id: cardId, result: 'already_frozen' };
  const request = change === 'cancel' ? { id: cardId, status: 'canceled', cancellation_reason: 'fraud' } : { id: cardId, status: 'inactive' };
  const updated = await cardUpdate.handler(ctx, cardUpdateSchema.parse(request));
  // The card changed inside another command: the trail says so on the card itself.
  await appendAudit(ctx.db, ctx.ids, ctx.clock, ctx.actor, {
    action: 'card-update',
    objectId: cardId,
    outcome: 'ok',
    detail: { via: alert.id, input: request, before: { status: card.status }, after: { status: updated.status, cancellation_reason: updated.cancellation_reason } },
  });
  return { id: cardId, result: change === 'cancel' ? 'canceled' : 'frozen', status: updated.status };
}

async function markMerchant(ctx: Ctx, alert: AlertRow, merchantId: string): Promise<Record<string, unknown>> {
  const now = ctx.clock.now().toISOString();
  let list = await ctx.db.selectFrom('blocklists').select('id').where('name', '=', REVIEW_MERCHANT_LIST.name).where('source', '=', REVIEW_MERCHANT_LIST.source).executeTakeFirst();
  if (!list) {
    list = { id: ctx.ids.next('bl') };
    await ctx.db
      .insertInto('blocklists')
      .values({ id: list.id, ...REVIEW_MERCHANT_LIST, source_date: now.slice(0, 10), status: 'active', created_by: ctx.actor.id, created_at: now, updated_at: now })
      .execute();
  }
  const listed = await ctx.db.selectFrom('blocklist_entries').select('id').where('list_id', '=', list.id).where('kind', '=', 'merchant').where('value', '=', merchantId).where('removed_at', 'is', null).executeTakeFirst();
  if (listed) return { id: merchantId, list: list.id, entry: listed.id, result: 'already_listed' };
  const entry = ctx.ids.next('ble');
  await ctx.db
    .insertInto('blocklist_entries')
    .values({ id: entry, list_id: list.id, kind: 'merchant', value: merchantId, label: merchantId, note: `confirmed fraud in ${alert.id}`, created_at: now, removed_at: null, removed_by: null })
    .execute();
  return { id: merchantId, list: list.id, entry, result: 'listed' };
}

/** A false positive teaches the card's state: the signals that fired here weigh less on this card from now on. */
async function rememberDismissal(ctx: Ctx, alert: AlertRow): Promise<string[]> {
  const names = (fromJson<RiskSignal[]>(alert.signals) ?? []).filter((s) => s.weight > 0).map((s) => s.name);
  if (names.length === 0) return [];
  const state = await ctx.db.selectFrom('risk_card_state').select('dismissed').where('card_id', '=', alert.card_id as string).executeTakeFirst();
  if (!state) return [];
  const dismissed = fromJson<Record<string, number>>(state.dismissed) ?? {};
  for (const name of names) dismissed[name] = Math.min((dismissed[name] ?? 0) + 1, MAX_DISMISSALS_KEPT);
  await ctx.db.updateTable('risk_card_state').set({ dismissed: toJson(dismissed) }).where('card_id', '=', alert.card_id as string).execute();
  return names;
}
