import { KartuError } from '../kernel/errors.js';

/** Client ids: printable, bounded; the same value in a second request means "the same request". */
export const CLIENT_ID_MAX = 64;

/**
 * TigerBeetle's rule for ids as idempotency keys: a replay with the same client id and the same
 * request returns the first result; the same id with another amount (or another target) is refused,
 * never silently treated as new.
 */
export function assertSameRequest(
  clientId: string,
  first: { amount: number; target: string | null },
  again: { amount: number; target: string | null },
): void {
  if (first.target !== again.target) {
    throw new KartuError({
      type: 'idempotency_error',
      code: 'exists_with_different_parameters',
      message: `client_id '${clientId}' was already used for ${first.target ?? 'another request'}.`,
      param: 'client_id',
    });
  }
  if (first.amount !== again.amount) {
    throw new KartuError({
      type: 'idempotency_error',
      code: 'exists_with_different_amount',
      message: `client_id '${clientId}' was already used with amount ${first.amount}, not ${again.amount}.`,
      param: 'amount',
    });
  }
}
