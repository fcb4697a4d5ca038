import { z } from 'zod';
import { recordNewDecisions } from '../reports/record-decisions.js';
import { command, query } from '../bus/define.js';
import { toJson } from '../db/database.js';
import { invalid, notFound } from '../kernel/errors.js';
import { listParams, pageById } from '../kernel/pagination.js';
import { countrySchema, normalizeControls, spendingControlsSchema } from '../controls/spending-controls.js';
import { currencySchema } from '../programs/program-schema.js';
import { CLIENT_ID_MAX } from '../ledger/idempotency.js';
import { authorizationFromRow, type Authorization } from './authorization.js';
import type { Ctx } from '../bus/context.js';
import { AuthorizationSession, type AuthorizeInput } from './authorization-session.js';
import { capture, expireStale, increment, refund, reverse } from './settlement.js';
import { transactionFromRow } from './transaction.js';
import { replayRules } from './rules-replay.js';
import { HOLD_SECONDS_SETTING, holdSecondsOf } from './hold-time.js';

const id = z.string().min(1).max(64);
const positive = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const clientId = z.string().min(1).max(CLIENT_ID_MAX).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export const ENTRY_MODES = ['chip', 'contactless', 'magstripe', 'manual', 'ecommerce', 'qr', 'unknown'] as const;

export const authorizationCreateSchema = z.strictObject({
  card: id.optional(),
  number: z.string().regex(/^\d{12,19}$/, 'must be 12 to 19 digits').optional(),
  exp_month: z.number().int().min(1).max(12).optional(),
  exp_year: z.number().int().min(2000).max(2100).optional(),
  /** In the minor unit of `currency` (default: the card's). 0 is decided as 13 invalid_amount; negative is refused. */
  amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  currency: currencySchema.optional(),
  merchant: z
    .strictObject({
      id: z.string().trim().min(1).max(64).optional(),
      name: z.string().trim().min(1).max(100),
      mcc: z.string().regex(/^\d{4}$/, 'must be a 4-digit MCC'),
      country: countrySchema,
      city: z.string().trim().max(60).optional(),
    })
    .optional(),
  location: id.optional(),
  entry_mode: z.enum(ENTRY_MODES).optional(),
  partial_approval_supported: z.boolean().optional(),
  client_id: clientId.optional(),
});
// `stand_in` is not a caller's to set: only network-authorize marks a decision as stand-in, in the
// same write as the advice that tells the network (a caller's flag would have no advice behind it).

export function checkCardOrNumber(input: AuthorizeInput): void {
  if (input.card && input.number) throw invalid('parameter_invalid', 'Give the card id or its number, not both.', 'number');
  if (!input.card && !input.number) throw invalid('parameter_missing', 'Give the card (id) or its number.', 'card');
}

const write = { scope: 'authorizations:write', role: 'cashier' } as const;
const noCards = (): readonly string[] => [];
const read = { scope: 'authorizations:read', role: 'cashier' } as const;

/**
 * The decision. Stored whether approved or declined; an approval places its holds. The bus runs
 * it in one transaction (decision, holds, counters, event: one atomic write). Hosts that need
 * throughput send through the AuthorizationQueue, which shares one commit among many decisions.
 */
export const authorizationCreate = command({
  input: authorizationCreateSchema,
  permission: write,
  handler: (ctx, input) => decideOne(ctx, input),
  // The decision's card: its risk state; balances and counters are journaled.
  changesCards: (_input, authorization) => (authorization.card ? [authorization.card] : []),
});

/** One decision in the caller's transaction: the command's body, and network-authorize's. */
export async function decideOne(ctx: Ctx, input: AuthorizeInput): Promise<Authorization> {
  checkCardOrNumber(input);
  const session = new AuthorizationSession(ctx);
  const authorization = await session.authorize(input);
  // The reports (dashboard, spending, authorizations) see the decision in the same write.
  await recordNewDecisions(ctx, await session.flush());
  for (const event of session.events) await ctx.emit(event.type, event.objectId, event.data);
  return authorization;
}

export const authorizationIncrement = command({
  input: z.strictObject({ id, amount: positive }),
  permission: write,
  handler: (ctx, input) => increment(ctx, input),
});

export const authorizationCapture = command({
  input: z.strictObject({ id, amount: positive.optional(), final: z.boolean().optional(), client_id: clientId.optional() }),
  permission: { scope: 'authorizations:write', role: 'cashier' },
  audit: true,
  handler: (ctx, input) => capture(ctx, input),
  // Balances, counters, the authorization's rows, rewards and reports: no card's row or risk state.
  changesCards: noCards,
});

export const authorizationReverse = command({
  input: z.strictObject({ id, amount: positive.optional() }),
  permission: { scope: 'authorizations:write', role: 'cashier' },
  audit: true,
  handler: (ctx, input) => reverse(ctx, input),
  // Balances, counters, the authorization's rows, rewards and reports: no card's row or risk state.
  changesCards: noCards,
});

/** The scheduled job: releases holds past their hold time (authorization-hold-time-set). */
export const authorizationExpireStale = command({
  input: z.strictObject({ limit: z.number().int().min(1).max(5_000).default(500) }),
  permission: { scope: 'authorizations:write', role: 'manager' },
  handler: (ctx, input) => expireStale(ctx, input.limit),
  // Releases holds like a reversal: balances, counters, the authorizations' rows. Runs every minute.
  changesCards: noCards,
});

export const authorizationHoldTimeSet = command({
  input: z.strictObject({ seconds: z.number().int().min(60).max(31 * 86_400) }),
  permission: { scope: 'settings:write', role: 'owner' },
  audit: true,
  async handler(ctx, input) {
    await ctx.db
      .insertInto('settings')
      .values({ key: HOLD_SECONDS_SETTING, value: String(input.seconds) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(input.seconds) }))
      .execute();
    return { object: 'hold_time' as const, seconds: input.seconds };
  },
});

export const authorizationHoldTimeGet = query({
  input: z.strictObject({}),
  permission: read,
  handler: async (ctx) => ({ object: 'hold_time' as const, seconds: await holdSecondsOf(ctx.db) }),
});

export const authorizationGet = query({
  input: z.strictObject({ id }),
  permission: read,
  async handler(ctx, input) {
    const row = await ctx.db.selectFrom('authorizations').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('authorization', input.id, 'id');
    return authorizationFromRow(row, ctx.mode === 'live');
  },
});

export const authorizationList = query({
  input: z.strictObject({
    ...listParams,
    card: id.optional(),
    cardholder: id.optional(),
    program: id.optional(),
    status: z.enum(['pending', 'closed', 'reversed', 'expired']).optional(),
    approved: z.boolean().optional(),
  }),
  permission: read,
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('authorizations').selectAll();
    if (input.card) q = q.where('card_id', '=', input.card);
    if (input.cardholder) q = q.where('cardholder_id', '=', input.cardholder);
    if (input.program) q = q.where('program_id', '=', input.program);
    if (input.status) q = q.where('status', '=', input.status);
    if (input.approved !== undefined) q = q.where('approved', '=', input.approved ? 1 : 0);
    return pageById(q, 'id', input, (row) => authorizationFromRow(row, ctx.mode === 'live'));
  },
});

export const transactionRefund = command({
  input: z.strictObject({ id, amount: positive.optional(), client_id: clientId.optional() }),
  permission: { scope: 'transactions:write', role: 'cashier' },
  audit: true,
  handler: (ctx, input) => refund(ctx, input),
  // Balances, counters, the authorization's rows, rewards and reports: no card's row or risk state.
  changesCards: noCards,
});

export const transactionGet = query({
  input: z.strictObject({ id }),
  permission: { scope: 'transactions:read', role: 'cashier' },
  async handler(ctx, input) {
    const row = await ctx.db.selectFrom('transactions').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('transaction', input.id, 'id');
    return transactionFromRow(row, ctx.mode === 'live');
  },
});

export const transactionList = query({
  input: z.strictObject({ ...listParams, card: id.optional(), authorization: id.optional(), type: z.enum(['capture', 'refund']).optional() }),
  permission: { scope: 'transactions:read', role: 'cashier' },
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('transactions').selectAll();
    if (input.card) q = q.where('card_id', '=', input.card);
    if (input.authorization) q = q.where('authorization_id', '=', input.authorization);
    if (input.type) q = q.where('type', '=', input.type);
    return pageById(q, 'id', input, (row) => transactionFromRow(row, ctx.mode === 'live'));
  },
});

/** Which past decisions would change under proposed controls: try a rule before turning it on. */
export const rulesReplay = query({
  input: z.strictObject({
    card: id.optional(),
    program: id.optional(),
    spending_controls: spendingControlsSchema,
    since: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(10_000).default(1_000),
  }),
  permission: { scope: 'authorizations:read', role: 'manager' },
  handler: (ctx, input) => replayRules(ctx, { ...input, spending_controls: normalizeControls(input.spending_controls) }),
});

export const authorizationHandlers = {
  'authorization-create': authorizationCreate,
  'authorization-increment': authorizationIncrement,
  'authorization-capture': authorizationCapture,
  'authorization-reverse': authorizationReverse,
  'authorization-expire-stale': authorizationExpireStale,
  'authorization-hold-time-set': authorizationHoldTimeSet,
  'authorization-hold-time-get': authorizationHoldTimeGet,
  'authorization-get': authorizationGet,
  'authorization-list': authorizationList,
  'transaction-refund': transactionRefund,
  'transaction-get': transactionGet,
  'transaction-list': transactionList,
  'rules-replay': rulesReplay,
};

