import { z } from 'zod';
import { command } from '../bus/define.js';
import { notFound } from '../kernel/errors.js';
import { sandboxOnly } from './sandbox-handlers.js';

const NETWORK_BLOCK_REASONS = ['lost', 'stolen', 'fraud', 'other'] as const;

/**
 * The card network's own block on a card (its fraud team, a scheme-wide block list), which Kartu
 * learns of only when the network answers an advice. With it a sandbox user can try what a real
 * network does to a stand-in purchase: the network disagrees, and a discrepancy waits for a person
 * (`network-discrepancy-list`). `reason: null` lifts the block. The simulated network keeps its
 * state in its own file, outside Kartu's transaction: it is changed once the command has committed.
 */
export const testHelperNetworkBlock = command({
  input: z.strictObject({ card: z.string().min(1).max(64), reason: z.enum(NETWORK_BLOCK_REASONS).nullable() }),
  permission: { scope: 'network:write', role: 'manager' },
  audit: true,
  async handler(ctx, input) {
    const { network } = sandboxOnly(ctx);
    const card = await ctx.db.selectFrom('cards').select(['id']).where('id', '=', input.card).executeTakeFirst();
    if (!card) throw notFound('card', input.card, 'card');
    ctx.afterCommit(() => {
      if (input.reason === null) network.unblockCard(card.id);
      else network.blockCard(card.id, input.reason);
    });
    const known = network.card(card.id);
    return { id: card.id, object: 'sandbox_network_card' as const, known_to_network: known !== undefined, network_status: known?.status ?? null, blocked_reason: input.reason };
  },
});
