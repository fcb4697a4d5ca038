import { z } from 'zod';
import { command, query } from '../bus/define.js';
import { invalid, notFound } from '../kernel/errors.js';
import { CURRENCY_NUMERIC } from '../kernel/money.js';
import { refund } from '../authorization/settlement.js';
import { cardContextByFingerprint } from '../authorization/card-context.js';
import { DECLINE_CODES } from '../authorization/decline-reasons.js';
import { isExpired } from '../cards/expiry.js';
import { cardBalance } from '../ledger/funding-movements.js';
import type { Transaction } from '../authorization/transaction.js';

const reference = z.string().min(1).max(64).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/**
 * A refund from the network (ISO 8583 0200 with processing code 20). The architecture names no
 * merchant credit (money to a card without a purchase), so a refund must name the purchase it
 * returns money for, by the acquirer's references of the original (field 90, kept as the
 * original's client id). The money comes back from the captures of that purchase, through the
 * engine's refund (the first capture that still has enough to refund). A purchase not yet captured
 * has nothing to refund: the acquirer reverses it instead (0400). The refund's own references are
 * its client id, so an acquirer's repeat (0201) refunds once.
 */
export const networkRefund = command({
  input: z.strictObject({
    original_client_id: reference,
    client_id: reference,
    amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  }),
  permission: { scope: 'transactions:write', role: 'manager' },
  async handler(ctx, input): Promise<Transaction> {
    const repeat = await ctx.db.selectFrom('transactions').select('capture_id').where('client_id', '=', input.client_id).executeTakeFirst();
    if (repeat?.capture_id) return refund(ctx, { id: repeat.capture_id, amount: input.amount, client_id: input.client_id });
    const auth = await ctx.db.selectFrom('authorizations').select(['id', 'approved', 'currency']).where('client_id', '=', input.original_client_id).executeTakeFirst();
    if (!auth) throw notFound('authorization with reference', input.original_client_id, 'original_client_id');
    if (auth.approved !== 1) throw invalid('authorization_declined', 'The original purchase was declined; there is nothing to refund.', 'original_client_id');
    const captures = await ctx.db
      .selectFrom('transactions')
      .select(['id', 'amount', 'refunded_amount'])
      .where('authorization_id', '=', auth.id)
      .where('type', '=', 'capture')
      .orderBy('id')
      .execute();
    if (captures.length === 0) throw invalid('not_captured', 'The original purchase is not captured yet: reverse it (0400) instead of refunding it.', 'original_client_id');
    const target = captures.find((c) => c.amount - c.refunded_amount >= input.amount);
    if (!target) throw invalid('amount_too_large', 'The refund is more than the purchase still has to refund.', 'amount');
    return refund(ctx, { id: target.id, amount: input.amount, client_id: input.client_id });
  },
});

export interface BalanceInquiryResult {
  object: 'balance_inquiry';
  response_code: string;
  card: string | null;
  currency: string | null;
  currency_numeric: string | null;
  /** What can be spent now (stored value less holds; credit: available credit). */
  available: number | null;
  /** Before pending holds (ISO 8583 "ledger balance"). */
  ledger: number | null;
}

const answer = (response_code: string, card: string | null = null): BalanceInquiryResult => ({
  object: 'balance_inquiry', response_code, card, currency: null, currency_numeric: null, available: null, ledger: null,
});

/**
 * A balance inquiry from the network (processing code 30/31). The same card checks as a purchase,
 * in the architecture's order, up to expiry: unknown 14, status (05, 41 lost, 43 stolen),
 * expired or wrong expiry 54. No rules, limits or funds apply: nothing is spent. Nothing is written.
 */
export const networkBalanceInquiry = query({
  input: z.strictObject({
    number: z.string().regex(/^\d{12,19}$/, 'must be 12 to 19 digits'),
    exp_month: z.number().int().min(1).max(12).optional(),
    exp_year: z.number().int().min(2000).max(2100).optional(),
  }),
  permission: { scope: 'cards:read', role: 'cashier' },
  async handler(ctx, input): Promise<BalanceInquiryResult> {
    const expiry = input.exp_month !== undefined && input.exp_year !== undefined ? { month: input.exp_month, year: input.exp_year } : undefined;
    const card = await cardContextByFingerprint(ctx.db, ctx.vault.fingerprint(input.number), expiry);
    if (!card) return answer(DECLINE_CODES.card_unknown);
    if (card.status === 'canceled') {
      const reason = card.cancellation_reason;
      return answer(reason === 'lost' ? DECLINE_CODES.card_lost : reason === 'stolen' ? DECLINE_CODES.card_stolen : DECLINE_CODES.card_canceled, card.id);
    }
    if (card.status !== 'active' || card.cardholder_status !== 'active') return answer(DECLINE_CODES.card_inactive, card.id);
    if (isExpired({ month: card.exp_month, year: card.exp_year }, ctx.clock.now(), card.timezone)) return answer(DECLINE_CODES.card_expired, card.id);
    if (expiry && (expiry.month !== card.exp_month || expiry.year !== card.exp_year)) return answer(DECLINE_CODES.expiry_mismatch, card.id);
    const balance = await cardBalance(ctx, card.id);
    return {
      object: 'balance_inquiry',
      response_code: '00',
      card: card.id,
      currency: balance.currency,
      currency_numeric: CURRENCY_NUMERIC[balance.currency as keyof typeof CURRENCY_NUMERIC] ?? null,
      available: balance.available,
      ledger: balance.available + balance.pending,
    };
  },
});

export const isoRequestHandlers = {
  'network-refund': networkRefund,
  'network-balance-inquiry': networkBalanceInquiry,
};
