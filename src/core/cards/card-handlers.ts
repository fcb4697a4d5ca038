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
import { runIssuanceChecks } from './issuance-checks.js';
import { insertCard } from './card-writer.js';
import { assertDesignOfProgram } from '../programs/design-handlers.js';
import { tellNetwork } from './card-network.js';
import { attachBalances } from '../ledger/card-balances.js';
import { balanceFrom, companyOf, fundingModel, type CardFunding } from '../ledger/funding.js';
import { cardholderRowById } from './card-statements.js';
import { issuingProgram } from './issuing-program.js';
import { cardWithBalance, findCardViewByNumber, loadCardView } from './card-view.js';
import type { CardholderRow, CardRow } from '../db/schema.js';
import type { Program } from '../programs/program.js';
import { postIssuanceFee, type FeeCharge } from '../fees/fee-charges.js';

const read = { scope: 'cards:read', role: 'cashier' } as const;
const write = { scope: 'cards:write', role: 'cashier' } as const;
const manage = { scope: 'cards:write', role: 'manager' } as const;

const loadCard = (ctx: Ctx, id: string): Promise<Card> => loadCardView(ctx, id);

/** getCardholderRow with a prepared statement (the same row, the same refusal). */
async function issuingCardholder(ctx: Ctx, id: string): Promise<CardholderRow> {
  const [row] = await cardholderRowById.execute(ctx.db, id);
  if (!row) throw notFound('cardholder', id, 'cardholder');
  return row;
}

/** What funds a card just written, from the program and cardholder in hand (loadCardFunding without the read). */
function fundingOf(row: CardRow, program: Program, cardholder: CardholderRow): CardFunding {
  return {
    card_id: row.id,
    account_id: row.account_id,
    kind: program.kind,
    currency: program.currency,
    caps: program.caps,
    fees: program.fees,
    company_id: companyOf(program.kind, cardholder.type, cardholder.id, cardholder.company_id),
  };
}

/**
 * The view of a card just issued, from the row this command wrote and the program and cardholder
 * it already read: the same as loadCard (card-handlers.test.ts compares them), without reading the
 * card back through the join. A card funded by its own account (every kind but corporate) has just
 * opened that account under a new id, so its balance is known without reading it: the credit line
 * granted on opening (credit), less the issuance fee collected. A corporate card shows its
 * company's account, which other cards move: that one is read.
 */
async function issuedCard(ctx: Ctx, row: CardRow, program: Program, cardholder: CardholderRow, funding: CardFunding, fee: FeeCharge | null): Promise<Card> {
  const withNames = { ...row, cardholder_name: cardholder.name, currency: program.currency, program_kind: program.kind };
  if (fundingModel(funding.kind) === 'company') return cardWithBalance(ctx, withNames, funding);
  const card = cardFromRow(withNames, ctx.mode === 'live');
  const opened = balanceFrom(funding, undefined);
  card.balance = { ...opened, available: opened.available - (fee?.collected_amount ?? 0) };
  return card;
}

export const cardCreate = command({
  input: cardCreateSchema,
  permission: write,
  audit: true,
  async handler(ctx, input): Promise<Card> {
    const program = await issuingProgram(ctx, input.program);
    const cardholder = await issuingCardholder(ctx, input.cardholder);
    if (input.currency !== undefined && input.currency !== program.currency) {
      throw invalid('currency_mismatch', `This program's cards are in ${program.currency}.`, 'currency');
    }
    if (input.design) await assertDesignOfProgram(ctx.db, input.design, program.id, 'design');
    if ((input.exp_month === undefined) !== (input.exp_year === undefined)) {
      throw invalid('parameter_missing', 'Give both exp_month and exp_year, or neither.', input.exp_month === undefined ? 'exp_month' : 'exp_year');
    }
    const now = ctx.clock.now();
    const requested = input.exp_month !== undefined && input.exp_year !== undefined ? { month: input.exp_month, year: input.exp_year } : null;
    const expiry = requested ?? defaultExpiry(now, program.timezone, program.default_expiry_years);
    const controls = normalizeControls(input.spending_controls, program.default_spending_controls);
    await runIssuanceChecks(ctx.db, { program, cardholder, type: input.type, controls, expiry, expiryRequested: requested !== null, now });
    const row = await insertCard(ctx, {
      program,
      cardholderId: cardholder.id,
      type: input.type,
      designId: input.design ?? null,
      controls,
      expiry,
      accountId: ctx.ids.next('acct'),
      shipping: input.shipping ?? null,
      metadata: input.metadata ?? {},
      ...(input.status ? { status: input.status } : {}),
    });
    // The issuance fee (and a credit card's line) in the same write as the card.
    const funding = fundingOf(row, program, cardholder);
    const fee = await postIssuanceFee(ctx, funding);
    const card = await issuedCard(ctx, row, program, cardholder, funding, fee);
    await tellNetwork(ctx, card, 'card.provision', row.first6);
    await ctx.emit('card.created', card.id, cardSummary(card));
    return card;
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
  'card-update': cardUpdate,
  'card-replace': cardReplace,
  'card-ship': cardShip,
  'card-reveal': cardReveal,
  'card-get': cardGet,
  'card-find-by-number': cardFindByNumber,
  'card-list': cardList,
};
