import type { Ctx } from '../bus/context.js';
import { enqueueNetworkChange } from '../network/outbox/enqueue.js';
import { cardSummary, type Card } from './card.js';

/** What the network learns about a card change: first 6 and last 4 at most, never the number. */
export async function tellNetwork(
  ctx: Ctx,
  card: Card,
  kind: 'card.provision' | 'card.status' | 'card.controls' | 'card.shipping',
  /** A provision carries the BIN part; the caller that just wrote the row passes it (no read back). */
  first6?: string,
): Promise<void> {
  const payload: Record<string, unknown> = { ...cardSummary(card) };
  if (kind === 'card.provision') {
    payload.first6 = first6 ?? (await ctx.db.selectFrom('cards').select('first6').where('id', '=', card.id).executeTakeFirstOrThrow()).first6;
  }
  if (kind === 'card.controls') payload.spending_controls = card.spending_controls;
  await enqueueNetworkChange(ctx, card.id, kind, payload);
}
