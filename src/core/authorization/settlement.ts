import type { Ctx } from '../bus/context.js';
import { fromJson, toJson } from '../db/database.js';
import { invalid, notFound } from '../kernel/errors.js';
import { systemSpec } from '../ledger/accounts.js';
import { fundsSpecOf } from '../ledger/funding.js';
import { assertSameRequest } from '../ledger/idempotency.js';
import type { AuthorizationRow, TransactionRow } from '../ledger/tables.js';
import { shareHalfUp } from '../fx/rate.js';
import { fxFee } from '../fees/fee-math.js';
import { authorizationFromRow, authorizationEventData, type Authorization, type CountedIn, type Holds } from './authorization.js';
import { AuthorizationSession, historyEntry } from './authorization-session.js';
import type { CardContext } from './card-context.js';
import { transactionFromRow, type Transaction } from './transaction.js';
import { earnForPurchase, reverseForPurchase } from '../rewards/purchase-hooks.js';
import { recordForReports } from '../reports/record.js';
import { Prepared } from '../ledger/prepared.js';

type Session = AuthorizationSession;

const authorizationById = new Prepared<[string], AuthorizationRow>(1, (db, id) => db.selectFrom('authorizations').selectAll().where('id', '=', id));

/** Each row as it was read, so `saveRow` writes only the columns that changed since. */
const asRead = new WeakMap<AuthorizationRow, AuthorizationRow>();

async function loadAuthorization(ctx: Ctx, id: string): Promise<AuthorizationRow> {
  const [row] = await authorizationById.execute(ctx.db, id);
  if (!row) throw notFound('authorization', id, 'id');
  asRead.set(row, { ...row });
  return row;
}

function assertOpen(row: AuthorizationRow, action: string): void {
  if (row.approved !== 1) throw invalid('authorization_declined', `A declined authorization cannot be ${action}.`, 'id');
  if (row.status !== 'pending' || row.pending_amount === 0) {
    throw invalid('authorization_not_pending', `This authorization is ${row.status}; only a pending one can be ${action}.`, 'id');
  }
}

function fxBpsOf(card: CardContext, row: AuthorizationRow): number {
  return row.merchant_currency !== row.currency ? card.fees.fx_bps ?? 0 : 0;
}

/**
 * Re-holds what stays pending after part of a hold was posted or released: each pending transfer
 * resolves exactly once, so "less remains held" is a void (or post) plus a new pending transfer.
 * The FX fee follows the money: total FX fee = fee on (captured + still pending), less what
 * captures already posted.
 */
async function rehold(s: Session, card: CardContext, row: AuthorizationRow, holds: Holds, pending: number, captured: number): Promise<void> {
  const funds = fundsSpecOf(card.funding).id;
  const cross = row.merchant_currency !== row.currency;
  const target = systemSpec(cross ? 'fx' : 'merchant_settlement', row.currency).id;
  const income = systemSpec('fees_income', row.currency);
  if (pending > 0) {
    const t = s.ledger.pending({ debit: funds, credit: target, amount: pending, code: 'purchase', authorizationId: row.id });
    holds.purchase = { id: t.id, amount: pending };
    const fx = fxFee(captured + pending, fxBpsOf(card, row)) - holds.posted_fees.fx;
    if (fx > 0) {
      await s.ledger.open(income);
      const f = s.ledger.pending({ debit: funds, credit: income.id, amount: fx, code: 'fee_fx', authorizationId: row.id });
      holds.fx_fee = { id: f.id, amount: fx };
    }
  } else if (holds.transaction_fee) {
    // Nothing captured and nothing left: the per-transaction fee goes too.
    if (captured === 0) {
      await s.ledger.void(holds.transaction_fee.id);
      holds.transaction_fee = null;
    }
  }
}

async function voidOpen(s: Session, holds: Holds, withTransactionFee: boolean): Promise<void> {
  if (holds.purchase) await s.ledger.void(holds.purchase.id);
  if (holds.fx_fee) await s.ledger.void(holds.fx_fee.id);
  holds.purchase = null;
  holds.fx_fee = null;
  if (withTransactionFee && holds.transaction_fee) {
    await s.ledger.void(holds.transaction_fee.id);
    holds.transaction_fee = null;
  }
}

/** Every change of an authorization ends here: its report facts follow in the same write. */
async function emitUpdated(ctx: Ctx, row: AuthorizationRow): Promise<Authorization> {
  await recordForReports(ctx, row.id);
  const view = authorizationFromRow(row, ctx.mode === 'live');
  await ctx.emit('authorization.updated', row.id, authorizationEventData(view));
  return view;
}

/** One compiled UPDATE per set of changed columns (a capture, a release, an increment: a handful). */
const updatesByColumns = new Map<string, Prepared<unknown[], unknown>>();

/**
 * Writes the columns that differ from `base` (the row as read, by default). SQLite rewrites an
 * index whenever the UPDATE names one of its columns, whatever the value: setting every column
 * rewrote all of the authorization's indexes and its 1 KB trace on each capture.
 */
async function saveRow(ctx: Ctx, row: AuthorizationRow, base: AuthorizationRow | undefined = asRead.get(row)): Promise<void> {
  const columns = (Object.keys(row) as Array<keyof AuthorizationRow>).filter((column) => column !== 'id' && (!base || base[column] !== row[column]));
  if (columns.length === 0) return;
  const key = columns.join(',');
  let update = updatesByColumns.get(key);
  if (!update) {
    update = new Prepared(columns.length + 1, (db, ...values) =>
      db.updateTable('authorizations').set(Object.fromEntries(columns.map((column, i) => [column, values[i]]))).where('id', '=', values[columns.length]),
    );
    updatesByColumns.set(key, update);
  }
  await update.execute(ctx.db, ...columns.map((column) => row[column]), row.id);
  asRead.set(row, { ...row });
}

/** Takes `amount` back out of the limit windows the authorization counted in (released holds). */
function uncount(s: Session, row: AuthorizationRow, amount: number, count: number): void {
  const counted = fromJson<CountedIn>(row.windows);
  if (row.account_id && counted.keys.length > 0 && (amount > 0 || count > 0)) s.count(row.account_id, counted.keys, counted.mcc, -amount, -count);
}

export interface CaptureInput {
  id: string;
  amount?: number | undefined;
  /** false: more captures may follow (split shipments); the rest stays held. Default true. */
  final?: boolean | undefined;
  client_id?: string | undefined;
}

/**
 * Posts a hold, fully or in part. A final capture releases what it does not post; a non-final one
 * keeps the rest held for later captures. The per-transaction fee posts with the first capture, the
 * FX fee with each capture on its share; a cross-currency capture also posts the merchant-currency
 * leg (FX position -> settlement in the merchant's currency, the share of merchant_amount half up).
 */
export async function capture(ctx: Ctx, input: CaptureInput, within?: AuthorizationSession): Promise<Transaction> {
  if (input.client_id) {
    const first = await ctx.db.selectFrom('transactions').selectAll().where('client_id', '=', input.client_id).executeTakeFirst();
    if (first) {
      assertSameRequest(input.client_id, { amount: first.amount, target: first.authorization_id }, { amount: input.amount ?? first.amount, target: input.id });
      return transactionFromRow(first, ctx.mode === 'live');
    }
  }
  const row = await loadAuthorization(ctx, input.id);
  assertOpen(row, 'captured');
  const amount = input.amount ?? row.pending_amount;
  if (amount > row.pending_amount) throw invalid('amount_too_large', `At most ${row.pending_amount} is held and can be captured.`, 'amount');
  const final = input.final ?? true;
  // A caller's session (decide-many's, which just decided this purchase) already holds the card,
  // its funds and the hold: every write below goes through it, so it stays what the database holds.
  const s = within ?? new AuthorizationSession(ctx);
  const card = await s.card(row.card_id!, 'id');
  const holds = fromJson<Holds>(row.holds);
  const txnId = ctx.ids.next('txn');
  const cross = row.merchant_currency !== row.currency;
  const capturedBefore = row.captured_amount;
  const capturedAfter = capturedBefore + amount;

  await s.ledger.post(holds.purchase!.id, amount, txnId);
  holds.purchase = null;
  let merchantAmount = amount;
  if (cross) {
    merchantAmount = shareHalfUp(row.merchant_amount, capturedAfter, row.amount) - shareHalfUp(row.merchant_amount, capturedBefore, row.amount);
    if (merchantAmount > 0) {
      const fxM = systemSpec('fx', row.merchant_currency);
      const settlement = systemSpec('merchant_settlement', row.merchant_currency);
      await s.ledger.open(fxM);
      await s.ledger.open(settlement);
      s.ledger.transfer({ debit: fxM.id, credit: settlement.id, amount: merchantAmount, code: 'fx_leg', authorizationId: row.id, referenceId: txnId });
    }
  }
  const fees = { transaction: 0, fx: 0 };
  if (holds.transaction_fee) {
    await s.ledger.post(holds.transaction_fee.id, undefined, txnId);
    fees.transaction = holds.transaction_fee.amount;
    holds.posted_fees.transaction += fees.transaction;
    holds.transaction_fee = null;
  }
  if (holds.fx_fee) {
    const due = Math.min(holds.fx_fee.amount, fxFee(capturedAfter, fxBpsOf(card, row)) - holds.posted_fees.fx);
    await s.ledger.post(holds.fx_fee.id, Math.max(0, due), txnId);
    fees.fx = Math.max(0, due);
    holds.posted_fees.fx += fees.fx;
    holds.fx_fee = null;
  }
  const remainder = row.pending_amount - amount;
  if (!final && remainder > 0) {
    await rehold(s, card, row, holds, remainder, capturedAfter);
  } else if (remainder > 0) {
    uncount(s, row, remainder, 0);
  }
  // The session's ledger batch stays open until earning has staged its cashback in it (below).

  const now = ctx.clock.now().toISOString();
  row.captured_amount = capturedAfter;
  row.pending_amount = !final ? remainder : 0;
  row.reversed_amount += final ? remainder : 0;
  row.status = row.pending_amount > 0 ? 'pending' : 'closed';
  row.holds = toJson(holds);
  row.updated_at = now;
  await saveRow(ctx, row);
  const txn: TransactionRow = {
    id: txnId,
    client_id: input.client_id ?? null,
    type: 'capture',
    authorization_id: row.id,
    capture_id: null,
    card_id: row.card_id!,
    cardholder_id: row.cardholder_id!,
    amount,
    currency: row.currency,
    merchant_amount: merchantAmount,
    merchant_currency: row.merchant_currency,
    refunded_amount: 0,
    fees: toJson(fees),
    created_at: now,
  };
  await ctx.db.insertInto('transactions').values(txn).execute();
  // Points and cashback in the same write (the rewards hook earns once per authorization). Cashback
  // is staged in the capture's own ledger batch: the card's funds, already loaded for the purchase,
  // take the purchase and its cashback in one balance update.
  await earnForPurchase(ctx, {
    authorizationId: row.id,
    cardId: row.card_id!,
    accountId: row.account_id!,
    cardholderId: row.cardholder_id!,
    programId: row.program_id!,
    amountMinor: amount,
    currency: row.currency,
    merchant: { id: row.merchant_id, mcc: row.merchant_mcc, name: row.merchant_name, country: row.merchant_country },
    locationId: row.location_id,
    at: ctx.clock.now(),
    ledger: s.ledger,
    funding: card.funding,
  });
  await s.flush();
  const view = transactionFromRow(txn, ctx.mode === 'live');
  await ctx.emit('transaction.created', txn.id, { ...view });
  await emitUpdated(ctx, row);
  return view;
}

/**
 * Releases `amount` (default: all) of a pending hold. What is released no longer counts toward
 * limits; an authorization with nothing captured and nothing left held ends `reversed` and no
 * longer counts toward velocity either.
 */
export async function reverse(ctx: Ctx, input: { id: string; amount?: number | undefined }, ending: 'reversed' | 'expired' = 'reversed'): Promise<Authorization> {
  const row = await loadAuthorization(ctx, input.id);
  assertOpen(row, ending === 'expired' ? 'expired' : 'reversed');
  const s = new AuthorizationSession(ctx);
  const updated = await release(s, row, input.amount, ending);
  await s.flush();
  await saveRow(ctx, updated, row);
  return emitUpdated(ctx, updated);
}

async function release(s: Session, row: AuthorizationRow, requested: number | undefined, ending: 'reversed' | 'expired'): Promise<AuthorizationRow> {
  const amount = requested ?? row.pending_amount;
  if (amount > row.pending_amount) throw invalid('amount_too_large', `At most ${row.pending_amount} is held and can be released.`, 'amount');
  const card = await s.card(row.card_id!, 'id');
  const holds = fromJson<Holds>(row.holds);
  const remaining = row.pending_amount - amount;
  await voidOpen(s, holds, remaining === 0 && row.captured_amount === 0);
  await rehold(s, card, row, holds, remaining, row.captured_amount);
  const ended = remaining === 0 && row.captured_amount === 0;
  uncount(s, row, amount, ended ? 1 : 0);
  return {
    ...row,
    pending_amount: remaining,
    reversed_amount: row.reversed_amount + amount,
    status: remaining > 0 ? 'pending' : row.captured_amount > 0 ? 'closed' : ending,
    holds: toJson(holds),
    updated_at: s.now().toISOString(),
  };
}

/** Releases holds older than the hold time (see hold-time.ts), at most `limit` per run. */
export async function expireStale(ctx: Ctx, limit: number): Promise<{ object: 'expiry_run'; expired: number; more: boolean }> {
  const now = ctx.clock.now().toISOString();
  const rows = await ctx.db
    .selectFrom('authorizations')
    .selectAll()
    .where('status', '=', 'pending')
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit + 1)
    .execute();
  const due = rows.slice(0, limit);
  const s = new AuthorizationSession(ctx);
  const updated: AuthorizationRow[] = [];
  for (const row of due) updated.push(await release(s, row, undefined, 'expired'));
  await s.flush();
  for (const [i, row] of updated.entries()) {
    await saveRow(ctx, row, due[i]);
    await emitUpdated(ctx, row);
  }
  return { object: 'expiry_run', expired: updated.length, more: rows.length > limit };
}

/**
 * Refunds (part of) a capture: money back from settlement to the card's funds, in the capture's
 * currencies (a cross-currency refund returns the merchant-currency share through the FX position).
 * Fees are not refunded. Refunds do not restore spending limits (spend is what was authorized).
 */
export async function refund(ctx: Ctx, input: { id: string; amount?: number | undefined; client_id?: string | undefined }): Promise<Transaction> {
  if (input.client_id) {
    const first = await ctx.db.selectFrom('transactions').selectAll().where('client_id', '=', input.client_id).executeTakeFirst();
    if (first) {
      assertSameRequest(input.client_id, { amount: first.amount, target: first.capture_id }, { amount: input.amount ?? first.amount, target: input.id });
      return transactionFromRow(first, ctx.mode === 'live');
    }
  }
  const captureRow = await ctx.db.selectFrom('transactions').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!captureRow) throw notFound('transaction', input.id, 'id');
  if (captureRow.type !== 'capture') throw invalid('not_a_capture', 'Only a capture can be refunded.', 'id');
  const refundable = captureRow.amount - captureRow.refunded_amount;
  const amount = input.amount ?? refundable;
  if (refundable === 0) throw invalid('already_refunded', 'This capture was already refunded in full.', 'id');
  if (amount > refundable) throw invalid('amount_too_large', `At most ${refundable} of this capture can still be refunded.`, 'amount');
  const auth = await loadAuthorization(ctx, captureRow.authorization_id);
  const s = new AuthorizationSession(ctx);
  const card = await s.card(captureRow.card_id, 'id');
  const funds = fundsSpecOf(card.funding);
  await s.ledger.open(funds);
  const txnId = ctx.ids.next('txn');
  let merchantAmount = amount;
  if (captureRow.merchant_currency !== captureRow.currency) {
    merchantAmount =
      shareHalfUp(captureRow.merchant_amount, captureRow.refunded_amount + amount, captureRow.amount) -
      shareHalfUp(captureRow.merchant_amount, captureRow.refunded_amount, captureRow.amount);
    const settlementM = systemSpec('merchant_settlement', captureRow.merchant_currency);
    const fxM = systemSpec('fx', captureRow.merchant_currency);
    const fxC = systemSpec('fx', captureRow.currency);
    for (const spec of [settlementM, fxM, fxC]) await s.ledger.open(spec);
    if (merchantAmount > 0) s.ledger.transfer({ debit: settlementM.id, credit: fxM.id, amount: merchantAmount, code: 'fx_leg', authorizationId: auth.id, referenceId: txnId });
    s.ledger.transfer({ debit: fxC.id, credit: funds.id, amount, code: 'refund', authorizationId: auth.id, referenceId: txnId });
  } else {
    const settlement = systemSpec('merchant_settlement', captureRow.currency);
    await s.ledger.open(settlement);
    s.ledger.transfer({ debit: settlement.id, credit: funds.id, amount, code: 'refund', authorizationId: auth.id, referenceId: txnId });
  }
  await s.flush();
  const now = ctx.clock.now().toISOString();
  await ctx.db.updateTable('transactions').set({ refunded_amount: captureRow.refunded_amount + amount }).where('id', '=', captureRow.id).execute();
  auth.refunded_amount += amount;
  auth.updated_at = now;
  await saveRow(ctx, auth);
  const txn: TransactionRow = {
    id: txnId,
    client_id: input.client_id ?? null,
    type: 'refund',
    authorization_id: auth.id,
    capture_id: captureRow.id,
    card_id: captureRow.card_id,
    cardholder_id: captureRow.cardholder_id,
    amount,
    currency: captureRow.currency,
    merchant_amount: merchantAmount,
    merchant_currency: captureRow.merchant_currency,
    refunded_amount: 0,
    fees: toJson({ transaction: 0, fx: 0 }),
    created_at: now,
  };
  await ctx.db.insertInto('transactions').values(txn).execute();
  await reverseForPurchase(ctx, { authorizationId: auth.id, amountMinor: amount });
  const view = transactionFromRow(txn, ctx.mode === 'live');
  await ctx.emit('transaction.created', txn.id, { ...view });
  await emitUpdated(ctx, auth);
  return view;
}

/**
 * Incremental authorization (a hotel's extra night, a tip): the increment is decided by the same
 * rules as a new authorization (status, expiry, merchant rules, limits with the current hold
 * counted, funds for the increment and its fees, risk). Approved: the hold grows (void + new
 * pending for the total). Declined: the authorization stays as it was; request_history records it.
 */
export async function increment(ctx: Ctx, input: { id: string; amount: number }): Promise<Authorization> {
  const row = await loadAuthorization(ctx, input.id);
  assertOpen(row, 'incremented');
  const s = new AuthorizationSession(ctx);
  const card = await s.card(row.card_id!, 'id');
  const now = ctx.clock.now();
  const cross = row.merchant_currency !== row.currency;
  const merchant = { id: row.merchant_id, name: row.merchant_name, mcc: row.merchant_mcc, country: row.merchant_country, city: row.merchant_city, location: row.location_id };
  const { outcome } = await s.evaluate(card, merchant, input.amount, cross, now, { partialSupported: false, expiryMismatch: false, entryMode: row.entry_mode ?? undefined });
  const history = fromJson<ReturnType<typeof historyEntry>[]>(row.request_history);
  history.push(historyEntry('increment', input.amount, outcome.approved, outcome.approved ? input.amount : 0, outcome.responseCode, outcome.reason, now));
  row.request_history = toJson(history);
  row.updated_at = now.toISOString();
  if (outcome.approved) {
    const holds = fromJson<Holds>(row.holds);
    const pending = row.pending_amount + input.amount;
    const fees = fromJson<{ transaction: number; fx: number }>(row.fees);
    await voidOpen(s, holds, false);
    await rehold(s, card, row, holds, pending, row.captured_amount);
    s.count(row.account_id!, fromJson<CountedIn>(row.windows).keys, row.merchant_mcc, input.amount, 0);
    row.amount += input.amount;
    row.pending_amount = pending;
    if (cross) row.merchant_amount += shareHalfUp(row.merchant_amount, input.amount, row.amount - input.amount);
    row.fees = toJson({ transaction: fees.transaction, fx: holds.posted_fees.fx + (holds.fx_fee?.amount ?? 0) });
    row.holds = toJson(holds);
  }
  await s.flush();
  await saveRow(ctx, row);
  return emitUpdated(ctx, row);
}
