import { z } from 'zod';
import { command } from '../bus/define.js';
import { formatSettlementFile } from '../network/clearing/settlement-file.js';
import { generateSettlementFile, type SeenAuthorization } from '../network/sandbox/settlement-generator.js';
import { sandboxOnly } from './sandbox-handlers.js';

/**
 * The sandbox network's settlement file for a day, to try `settlement-import` with. The network
 * saw the authorizations it was told of (counter purchases and stand-in advices) and those it
 * routed to Kartu's ISO 8583 port (client id `iso:...`). `mismatches` spoils a seeded choice of
 * records so the exception queue has something in it.
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
    for (const a of network.authorizations()) {
      told.add(a.authorization_id);
      if (a.approved !== 1) continue;
      seen.push({ reference: a.network_reference, authorizationId: a.authorization_id, rrn: a.rrn, cardLast4: a.card_last4, amount: a.amount, currency: a.currency, merchantId: a.merchant_id, decidedAt: a.decided_at });
    }
    let routed = ctx.db
      .selectFrom('authorizations')
      .select(['id', 'card_last4', 'amount', 'currency', 'merchant_id', 'created_at'])
      .where('approved', '=', 1)
      .where('client_id', 'like', 'iso:%')
      .orderBy('id');
    if (input.date) routed = routed.where('created_at', 'like', `${input.date}T%`);
    for (const a of await routed.execute()) {
      if (told.has(a.id)) continue;
      seen.push({ reference: a.id, authorizationId: a.id, rrn: null, cardLast4: a.card_last4, amount: a.amount, currency: a.currency, merchantId: a.merchant_id, decidedAt: a.created_at });
    }
    seen.sort((x, y) => (x.decidedAt < y.decidedAt ? -1 : x.decidedAt > y.decidedAt ? 1 : x.authorizationId < y.authorizationId ? -1 : 1));
    const file = generateSettlementFile(seen, { date: input.date, mismatches: input.mismatches, seed: input.seed });
    const content = input.format === 'csv' ? formatSettlementFile(file.records) : JSON.stringify(file, null, 1);
    return { object: 'settlement_file' as const, file_id: file.file_id, format: input.format, settlement_date: file.settlement_date, records: file.records.length, content };
  },
});
