import type { Ctx } from '../bus/context.js';
import { invalid, notFound } from '../kernel/errors.js';
import { availableOf, companyFundsSpec, systemSpec } from './accounts.js';
import { LedgerBatch } from './ledger-batch.js';
import { balanceFrom, fundingModel, fundsSpecOf, hasBalanceCap, loadCardFunding, openFunds } from './funding.js';
import { assertSameRequest } from './idempotency.js';
import type { FundingMovementRow } from './tables.js';

export type MovementType = 'top_up' | 'credit_payment' | 'withdrawal' | 'company_funding';

export interface FundingMovement {
  id: string;
  object: 'top_up' | 'withdrawal' | 'company_funding';
  type: MovementType;
  card: string | null;
  company: string | null;
  amount: number;
  currency: string;
  client_id: string | null;
  ledger_transfer: string;
  /** The funds after the movement (for a card: what its balance shows). */
  balance: { available: number; pending: number; currency: string };
  created: number;
  livemode: boolean;
}

function objectOf(type: MovementType): FundingMovement['object'] {
  return type === 'withdrawal' ? 'withdrawal' : type === 'company_funding' ? 'company_funding' : 'top_up';
}

async function view(ctx: Ctx, row: FundingMovementRow): Promise<FundingMovement> {
  const account = await ctx.db.selectFrom('ledger_accounts').selectAll().where('id', '=', row.ledger_account_id).executeTakeFirst();
  return {
    id: row.id,
    object: objectOf(row.type as MovementType),
    type: row.type as MovementType,
    card: row.card_id,
    company: row.company_id,
    amount: row.amount,
    currency: row.currency,
    client_id: row.client_id,
    ledger_transfer: row.transfer_id,
    balance: { available: account ? availableOf(account) : 0, pending: account?.debits_pending ?? 0, currency: row.currency },
    created: Math.floor(Date.parse(row.created_at) / 1000),
    livemode: ctx.mode === 'live',
  };
}

async function replay(ctx: Ctx, family: 'in' | 'out', clientId: string | undefined, amount: number, target: string): Promise<FundingMovement | null> {
  if (!clientId) return null;
  const types = family === 'in' ? ['top_up', 'credit_payment', 'company_funding'] : ['withdrawal'];
  const first = await ctx.db.selectFrom('funding_movements').selectAll().where('type', 'in', types).where('client_id', '=', clientId).executeTakeFirst();
  if (!first) return null;
  assertSameRequest(clientId, { amount: first.amount, target: first.card_id ?? first.company_id }, { amount, target });
  return view(ctx, first);
}

async function record(ctx: Ctx, type: MovementType, input: { clientId?: string | undefined; cardId: string | null; companyId: string | null; accountId: string; amount: number; currency: string; transferId: string }): Promise<FundingMovement> {
  const prefix = type === 'withdrawal' ? 'wdl' : type === 'company_funding' ? 'fund' : 'topup';
  const row: FundingMovementRow = {
    id: ctx.ids.next(prefix),
    client_id: input.clientId ?? null,
    type,
    card_id: input.cardId,
    company_id: input.companyId,
    ledger_account_id: input.accountId,
    amount: input.amount,
    currency: input.currency,
    transfer_id: input.transferId,
    created_at: ctx.clock.now().toISOString(),
  };
  await ctx.db.insertInto('funding_movements').values(row).execute();
  const movement = await view(ctx, row);
  await ctx.emit(`${movement.object}.created`, movement.id, { ...movement });
  return movement;
}

async function assertCardUsable(ctx: Ctx, cardId: string): Promise<void> {
  const card = await ctx.db.selectFrom('cards').select('status').where('id', '=', cardId).executeTakeFirst();
  if (!card) throw notFound('card', cardId, 'card');
  if (card.status === 'canceled') throw invalid('card_canceled', 'This card is canceled; it cannot be topped up.', 'card');
}

/**
 * Money in: a top-up of a stored-value card (within the program's balance cap), a payment on a
 * credit card (no more than it owes), or, for a corporate card, funding of its company's account.
 */
export async function topUp(ctx: Ctx, input: { card: string; amount: number; client_id?: string | undefined }): Promise<FundingMovement> {
  const first = await replay(ctx, 'in', input.client_id, input.amount, input.card);
  if (first) return first;
  await assertCardUsable(ctx, input.card);
  const card = await loadCardFunding(ctx.db, input.card);
  const batch = new LedgerBatch(ctx.db, ctx.ids, ctx.clock);
  const model = fundingModel(card.kind);
  const funds = await openFunds(batch, card);
  const cash = systemSpec('issuer_cash', card.currency);
  await batch.open(cash);
  const balance = funds.credits_posted - funds.debits_posted;
  let type: MovementType = 'top_up';
  if (model === 'stored_value' && hasBalanceCap(card.kind) && card.caps.balance !== null && balance + input.amount > card.caps.balance) {
    throw invalid(
      'balance_cap_exceeded',
      `This top-up would take the balance to ${balance + input.amount}, above the program's cap of ${card.caps.balance}; at most ${Math.max(0, card.caps.balance - balance)} can be added.`,
      'amount',
      { cap: card.caps.balance, balance },
    );
  }
  if (model === 'credit_line') {
    type = 'credit_payment';
    const owed = (funds.credit_limit ?? 0) - balance;
    if (input.amount > owed) throw invalid('payment_exceeds_balance', `This credit card owes ${owed}; a payment cannot be larger.`, 'amount', { owed });
  }
  if (model === 'company') type = 'company_funding';
  const transfer = batch.transfer({ debit: cash.id, credit: funds.id, amount: input.amount, code: type === 'credit_payment' ? 'credit_payment' : type === 'company_funding' ? 'company_funding' : 'top_up' });
  await batch.flush();
  return record(ctx, type, { clientId: input.client_id, cardId: card.card_id, companyId: card.company_id, accountId: funds.id, amount: input.amount, currency: card.currency, transferId: transfer.id });
}

/** Money out of a stored-value card (cash back to the holder), never more than is available. */
export async function withdraw(ctx: Ctx, input: { card: string; amount: number; client_id?: string | undefined }): Promise<FundingMovement> {
  const first = await replay(ctx, 'out', input.client_id, input.amount, input.card);
  if (first) return first;
  const card = await loadCardFunding(ctx.db, input.card);
  if (fundingModel(card.kind) !== 'stored_value') {
    throw invalid('not_stored_value', 'Only stored-value and debit cards hold money that can be withdrawn.', 'card');
  }
  const batch = new LedgerBatch(ctx.db, ctx.ids, ctx.clock);
  const funds = await openFunds(batch, card);
  const available = availableOf(funds);
  if (input.amount > available) throw invalid('insufficient_funds', `The card has ${available} available; it cannot pay out ${input.amount}.`, 'amount', { available });
  const cash = systemSpec('issuer_cash', card.currency);
  await batch.open(cash);
  const transfer = batch.transfer({ debit: funds.id, credit: cash.id, amount: input.amount, code: 'withdrawal' });
  await batch.flush();
  return record(ctx, 'withdrawal', { clientId: input.client_id, cardId: card.card_id, companyId: null, accountId: funds.id, amount: input.amount, currency: card.currency, transferId: transfer.id });
}

/** Money into a company's account, which its employees' corporate cards spend from. */
export async function fundCompany(ctx: Ctx, input: { company: string; amount: number; currency: string; client_id?: string | undefined }): Promise<FundingMovement> {
  const first = await replay(ctx, 'in', input.client_id, input.amount, input.company);
  if (first) return first;
  const company = await ctx.db.selectFrom('cardholders').select(['id', 'type']).where('id', '=', input.company).executeTakeFirst();
  if (!company) throw notFound('cardholder', input.company, 'company');
  if (company.type !== 'company') throw invalid('not_a_company', 'Only a company cardholder has a funding account.', 'company');
  const batch = new LedgerBatch(ctx.db, ctx.ids, ctx.clock);
  const spec = companyFundsSpec(company.id, input.currency);
  await batch.open(spec);
  const cash = systemSpec('issuer_cash', input.currency);
  await batch.open(cash);
  const transfer = batch.transfer({ debit: cash.id, credit: spec.id, amount: input.amount, code: 'company_funding' });
  await batch.flush();
  return record(ctx, 'company_funding', { clientId: input.client_id, cardId: null, companyId: company.id, accountId: spec.id, amount: input.amount, currency: input.currency, transferId: transfer.id });
}

/** A card's balance (stored value, debit, credit: available credit; corporate: its company's). */
export async function cardBalance(ctx: Pick<Ctx, 'db'>, cardId: string, param = 'card') {
  const card = await loadCardFunding(ctx.db, cardId, param);
  const spec = fundsSpecOf(card);
  const row = await ctx.db.selectFrom('ledger_accounts').selectAll().where('id', '=', spec.id).executeTakeFirst();
  return { card: cardId, funding: fundingModel(card.kind), account: spec.id, credit_limit: row?.credit_limit ?? spec.credit_limit, ...balanceFrom(card, row) };
}
