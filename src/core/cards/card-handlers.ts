import { z } from 'zod';
import { command, query } from '../bus/define.js';
import type { Ctx } from '../bus/context.js';
import { toJson } from '../db/database.js';
import { forbidden, invalid, notFound } from '../kernel/errors.js';
import { listParams, pageById } from '../kernel/pagination.js';
import { normalizeControls } from '../controls/spending-controls.js';
import { getProgram } from '../programs/program-repo.js';
import { assertControlsWithinCaps } from '../programs/caps-check.js';
import { cardFromRow, cardSummary, type Card } from './card.js';
import { getCardWithNames, selectCards } from './card-queries.js';
import { assertFulfilmentMove, assertStatusMove, type CardStatus, type FulfilmentStatus } from './card-status.js';
import { cardCreateSchema, cardReplaceSchema, cardShipSchema, cardUpdateSchema } from './card-schema.js';
import { defaultExpiry } from './expiry.js';
import { insertCard } from './card-writer.js';
import { assertDesignOfProgram } from '../programs/design-handlers.js';
import { tellNetwork } from './card-network.js';
import { attachBalances } from '../ledger/card-balances.js';
import { findCardViewByNumber, loadCardView } from './card-view.js';
import { issueCards } from './card-issuer.js';

const read = { scope: 'cards:read', role: 'cashier' } as const;
const write = { scope: 'cards:write', role: 'cashier' } as const;
const manage = { scope: 'cards:write', role: 'manager' } as const;

const loadCard = (ctx: Ctx, id: string): Promise<Card> => loadCardView(ctx, id);

export const cardCreate = command({
  input: cardCreateSchema,
  permission: write,
  audit: true,
  async handler(ctx, input): Promise<Card> {
    const { program, ...request } = input;
    const [card] = await issueCards(ctx, program, [request], null);
    return card!;
  },
  // A new card (a number an authorization session may remember as unknown) and its issuance fee.
  changesCards: (_input, card) => [card.id],
});

/** Most cards one bulk issuance takes (its whole list is checked, then written, in one transaction). */
export const MAX_BULK_CARDS = 1_000;

/**
 * Many cards of one program in one command, for an import or a company roll-out: each card exactly
 * as card-create makes it (the same checks, in order; its own number, funds account, outbox message
 * and `card.created` event), all or none — the first refusal names the card (`cards.3.cardholder`)
 * and nothing is written. One audit entry records the command and its whole input.
 */
export const cardCreateBulk = command({
  input: z.strictObject({
    program: z.string().min(1).max(64),
    cards: z.array(cardCreateSchema.omit({ program: true })).min(1).max(MAX_BULK_CARDS),
  }),
  permission: write,
  audit: true,
  async handler(ctx, input): Promise<{ object: 'list'; data: Card[]; has_more: false }> {
    const data = await issueCards(ctx, input.program, input.cards, (index, param) => (param ? `cards.${index}.${param}` : `cards.${index}`));
    return { object: 'list', data, has_more: false };
  },
});

/** Cancels the card a replacement stands in for, once the replacement is in use. */
async function retireReplaced(ctx: Ctx, replacement: Card): Promise<void> {
  if (!replacement.replacement_for) return;
  const old = await getCardWithNames(ctx.db, replacement.replacement_for);
  if (old.status === 'canceled') return;
  const reason = replacement.replacement_reason ?? 'closed_by_request';
  const at = ctx.clock.now().toISOString();
  await ctx.db.updateTable('cards').set({ status: 'canceled', cancellation_reason: reason, canceled_at: at, updated_at: at }).where('id', '=', old.id).execute();
  const card = await loadCard(ctx, old.id);
  await tellNetwork(ctx, card, 'card.status');
  await ctx.emit('card.updated', card.id, { ...cardSummary(card), previous_attributes: { status: old.status } });
}

export const cardUpdate = command({
  input: cardUpdateSchema,
  permission: write,
  audit: true,
  async handler(ctx, input): Promise<Card> {
    const current = await loadCard(ctx, input.id);
    if (current.status === 'canceled') {
      throw invalid('card_canceled', 'This card is canceled and cannot be changed. Issue a replacement instead.', 'id');
    }
    const changingRules = input.spending_controls !== undefined || input.design !== undefined;
    if (changingRules && ctx.actor.type === 'staff' && ctx.actor.role === 'cashier') {
      throw forbidden('insufficient_permissions', 'A cashier cannot change a card\'s spending controls or design.');
    }
    const set: Record<string, unknown> = { updated_at: ctx.clock.now().toISOString() };
    const previous: Record<string, unknown> = {};
    if (input.spending_controls !== undefined) {
      const program = await getProgram(ctx.db, current.program, ctx.mode === 'live');
      const controls = normalizeControls(input.spending_controls, current.spending_controls);
      assertControlsWithinCaps(controls, program.caps, 'spending_controls');
      set.spending_controls = toJson(controls);
      previous.spending_controls = current.spending_controls;
    }
    if (input.design !== undefined) {
      if (input.design) await assertDesignOfProgram(ctx.db, input.design, current.program, 'design');
      set.design_id = input.design;
    }
    if (input.metadata !== undefined) set.metadata = toJson(input.metadata);
    if (input.cancellation_reason && input.status !== 'canceled') {
      throw invalid('parameter_invalid', 'cancellation_reason goes with status "canceled".', 'cancellation_reason');
    }
    const to = input.status as CardStatus | undefined;
    if (to && to !== current.status) {
      assertStatusMove(current.status, to, current.shipping?.status ?? null);
      set.status = to;
      previous.status = current.status;
      if (to === 'canceled') {
        set.cancellation_reason = input.cancellation_reason ?? 'closed_by_request';
        set.canceled_at = set.updated_at;
      }
      if (to === 'active' && !current.replaced_by) set.activated_at = set.updated_at;
    }
    await ctx.db.updateTable('cards').set(set).where('id', '=', current.id).execute();
    const card = await loadCard(ctx, current.id);
    if (previous.status) await tellNetwork(ctx, card, 'card.status');
    if (previous.spending_controls) await tellNetwork(ctx, card, 'card.controls');
    if (to === 'active' && previous.status) await retireReplaced(ctx, card);
    await ctx.emit('card.updated', card.id, { ...cardSummary(card), previous_attributes: previous });
    return card;
  },
  // Its status, controls or metadata: what a session remembers of this card (context, risk profile).
  changesCards: (input) => [input.id],
});

export const cardReplace = command({
  input: cardReplaceSchema,
  permission: write,
  audit: true,
  async handler(ctx, input): Promise<Card> {
    const old = await loadCard(ctx, input.id);
    if (old.status === 'canceled') throw invalid('card_canceled', 'A canceled card cannot be replaced.', 'id');
    if (old.replaced_by) throw invalid('already_replaced', `This card was already replaced by ${old.replaced_by}.`, 'id');
    const program = await getProgram(ctx.db, old.program, ctx.mode === 'live');
    const keepNumber = input.reason === 'damaged' || input.reason === 'expired';
    const oldRow = await ctx.db.selectFrom('cards').select('number_encrypted').where('id', '=', old.id).executeTakeFirstOrThrow();
    const type = input.type ?? old.type;
    const row = await insertCard(ctx, {
      program,
      cardholderId: old.cardholder,
      type,
      designId: old.design,
      controls: old.spending_controls,
      expiry: defaultExpiry(ctx.clock.now(), program.timezone, program.default_expiry_years),
      accountId: old.account,
      replacementFor: old.id,
      replacementReason: input.reason,
      ...(keepNumber ? { keepNumber: ctx.vault.decrypt(oldRow.number_encrypted) } : {}),
    });
    const at = ctx.clock.now().toISOString();
    await ctx.db.updateTable('cards').set({ replaced_by: row.id, updated_at: at }).where('id', '=', old.id).execute();
    const replacement = await loadCard(ctx, row.id);
    await tellNetwork(ctx, replacement, 'card.provision');
    await ctx.emit('card.created', replacement.id, cardSummary(replacement));
    // A lost or stolen card must stop at once; otherwise the old card works until the new one is in use.
    if (!keepNumber || replacement.status === 'active') await retireReplaced(ctx, replacement);
    return replacement;
  },
});

export const cardShip = command({
  input: cardShipSchema,
  permission: manage,
  async handler(ctx, input): Promise<Card> {
    const current = await loadCard(ctx, input.id);
    const from = (current.shipping?.status ?? null) as FulfilmentStatus | null;
    assertFulfilmentMove(from, input.status);
    const shipping = { ...(current.shipping ?? {}), ...(input.tracking_number ? { tracking_number: input.tracking_number } : {}) };
    delete (shipping as { status?: unknown }).status;
    await ctx.db
      .updateTable('cards')
      .set({ fulfilment_status: input.status, shipping: toJson(shipping), updated_at: ctx.clock.now().toISOString() })
      .where('id', '=', current.id)
      .execute();
    const card = await loadCard(ctx, current.id);
    await tellNetwork(ctx, card, 'card.shipping');
    await ctx.emit('card.shipping.updated', card.id, { ...cardSummary(card), previous_attributes: { shipping_status: from } });
    return card;
  },
});

export const cardReveal = command({
  input: z.strictObject({ id: z.string().min(1) }),
  permission: { scope: 'cards:reveal', role: 'manager' },
  audit: true,
  async handler(ctx, input) {
    const row = await ctx.db.selectFrom('cards').select(['id', 'status', 'number_encrypted', 'exp_month', 'exp_year']).where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('card', input.id, 'id');
    if (row.status === 'canceled') throw invalid('card_canceled', 'The number of a canceled card cannot be revealed.', 'id');
    const number = ctx.vault.decrypt(row.number_encrypted);
    return { id: row.id, object: 'card_details' as const, number, cvc: ctx.vault.securityCode(number, row.exp_month, row.exp_year), exp_month: row.exp_month, exp_year: row.exp_year };
  },
});

export const cardGet = query({
  input: z.strictObject({ id: z.string().min(1) }),
  permission: read,
  handler: (ctx, input) => loadCard(ctx, input.id),
});

export const cardFindByNumber = query({
  input: z.strictObject({ number: z.string().regex(/^\d{12,19}$/, 'must be 12 to 19 digits') }),
  permission: read,
  async handler(ctx, input) {
    const card = await findCardViewByNumber(ctx, input.number);
    if (!card) throw notFound('card', `•••• ${input.number.slice(-4)}`, 'number');
    return card;
  },
});

export const cardList = query({
  input: z.strictObject({
    ...listParams,
    program: z.string().optional(),
    cardholder: z.string().optional(),
    status: z.enum(['active', 'inactive', 'canceled']).optional(),
    type: z.enum(['virtual', 'physical']).optional(),
    last4: z.string().regex(/^\d{4}$/).optional(),
  }),
  permission: read,
  async handler(ctx, input) {
    let q = selectCards(ctx.db);
    if (input.program) q = q.where('cards.program_id', '=', input.program);
    if (input.cardholder) q = q.where('cards.cardholder_id', '=', input.cardholder);
    if (input.status) q = q.where('cards.status', '=', input.status);
    if (input.type) q = q.where('cards.type', '=', input.type);
    if (input.last4) q = q.where('cards.last4', '=', input.last4);
    const page = await pageById(q, 'cards.id', input, (row) => cardFromRow(row, ctx.mode === 'live'));
    await attachBalances(ctx.db, page.data);
    return page;
  },
});

export const cardHandlers = {
  'card-create': cardCreate,
  'card-create-bulk': cardCreateBulk,
  'card-update': cardUpdate,
  'card-replace': cardReplace,
  'card-ship': cardShip,
  'card-reveal': cardReveal,
  'card-get': cardGet,
  'card-find-by-number': cardFindByNumber,
  'card-list': cardList,
};
