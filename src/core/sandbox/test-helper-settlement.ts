import { z } from 'zod';
import { command } from '../bus/define.js';
import type { Ctx } from '../bus/context.js';
import { formatSettlementFile } from '../network/clearing/settlement-file.js';
import { generateSettlementFile, type SeenAuthorization } from '../network/sandbox/settlement-generator.js';
import { sandboxOnly } from './sandbox-handlers.js';

/**
 * The sandbox network's settlement file for a day, to try `settlement-import` with. It clears every
 * purchase of the sandbox that a merchant would submit for clearing:
 *  - the authorizations the network was told of (counter purchases through `network-authorize` and
 *    stand-in advices), as the network recorded them (its reference and RRN, the amount it saw);
 *  - every other approved purchase Kartu made in the sandbox (the counter screen's purchases, the
 *    test helper's authorize, purchases routed to the ISO 8583 port), from Kartu's own records:
 *    in a real deployment the acquirer clears through the network whatever path the decision took.
 * `mismatches` spoils a seeded choice of records so the exception queue has something in it.
 */
export const testHelperSettlementFile = command({
  input: z.strictObject({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').optional(),
    mismatches: z.number().int().min(0).max(1_000).optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    format: z.enum(['sandbox', 'csv']).default('sandbox'),
  }),
  permission: { scope: 'network:write', role: 'manager' },
  async handler(ctx, input) {
    const { network } = sandboxOnly(ctx);
    const seen: SeenAuthorization[] = [];
    const told = new Set<string>();
    for (const a of network.authorizations()) told.add(a.authorization_id);
    seen.push(...network.approvedAuthorizations());
    for (const purchase of await purchasesToClear(ctx, input.date)) {
      if (!told.has(purchase.authorizationId)) seen.push(purchase);
    }
    seen.sort((x, y) => (x.decidedAt < y.decidedAt ? -1 : x.decidedAt > y.decidedAt ? 1 : x.authorizationId < y.authorizationId ? -1 : 1));
    const file = generateSettlementFile(seen, { date: input.date, mismatches: input.mismatches, seed: input.seed });
    const content = input.format === 'csv' ? formatSettlementFile(file.records) : JSON.stringify(file, null, 1);
    return { object: 'settlement_file' as const, file_id: file.file_id, format: input.format, settlement_date: file.settlement_date, records: file.records.length, content };
  },
});

/**
 * Kartu's approved purchases of the day that a merchant clears: still held (the network clears the
 * hold; importing the file captures it) or captured (the file then says the same: already settled).
 * A purchase released without any capture (reversed, expired) is not cleared: the merchant never
 * took the money. The amount is what is still held, else what was captured; a purchase captured in
 * part and still holding the rest (a non-final capture) is cleared for the rest, what the merchant
 * has yet to claim. Refunds are not cleared here: Kartu already posted them when they were made.
 */
async function purchasesToClear(ctx: Ctx, date: string | undefined): Promise<SeenAuthorization[]> {
  let q = ctx.db
    .selectFrom('authorizations')
    .select(['id', 'card_last4', 'pending_amount', 'captured_amount', 'currency', 'merchant_id', 'created_at'])
    .where('approved', '=', 1)
    .where('card_id', 'is not', null)
    .where((eb) => eb.or([eb('pending_amount', '>', 0), eb('captured_amount', '>', 0)]))
    .orderBy('id');
  if (date) q = q.where('created_at', 'like', `${date}T%`);
  return (await q.execute()).map((a) => ({
    reference: a.id,
    authorizationId: a.id,
    rrn: null,
    cardLast4: a.card_last4,
    amount: a.pending_amount > 0 ? a.pending_amount : a.captured_amount,
    currency: a.currency,
    merchantId: a.merchant_id,
    decidedAt: a.created_at,
  }));
}
