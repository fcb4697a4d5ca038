import { useQuery, type QueryState } from '../../hooks/use-command.js';
import type { Output } from '../../client/kartu-client.js';

export type Purchase = Output<'authorization-get'>;

/**
 * The purchase an exception or a difference is about, as Kartu has it now (what it still holds,
 * what was captured): the row shows both sides, and the resolve dialog offers only what can work.
 */
export function usePurchase(id: string | null, refresh: number): QueryState<Purchase> {
  return useQuery('authorization-get', id ? { id } : null, ['authorization', 'transaction'], refresh);
}

/** Whether the core's `capture` resolution can post `amount` against this purchase. */
export function canCapture(purchase: Purchase | undefined, type: string, amount: number): boolean {
  return type === 'capture' && purchase !== undefined && purchase.status === 'pending' && purchase.pending_amount > 0 && amount <= purchase.pending_amount;
}

/** Whether something is still held that a reversal would release. */
export function canReverse(purchase: Purchase | undefined): boolean {
  return purchase !== undefined && purchase.status === 'pending' && purchase.pending_amount > 0;
}
