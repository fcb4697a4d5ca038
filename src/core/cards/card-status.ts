import { invalid } from '../kernel/errors.js';

export const CARD_STATUSES = ['active', 'inactive', 'canceled'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

export const CANCELLATION_REASONS = ['lost', 'stolen', 'damaged', 'expired', 'fraud', 'closed_by_request'] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

export const FULFILMENT_STATUSES = ['pending', 'submitted', 'shipped', 'delivered', 'returned', 'failure', 'canceled'] as const;
export type FulfilmentStatus = (typeof FULFILMENT_STATUSES)[number];

/** Allowed moves; canceled is terminal. */
const STATUS_MOVES: Record<CardStatus, readonly CardStatus[]> = {
  active: ['inactive', 'canceled'],
  inactive: ['active', 'canceled'],
  canceled: [],
};

const FULFILMENT_MOVES: Record<FulfilmentStatus, readonly FulfilmentStatus[]> = {
  pending: ['submitted', 'canceled'],
  submitted: ['shipped', 'failure', 'canceled'],
  shipped: ['delivered', 'returned', 'failure'],
  delivered: [],
  returned: ['submitted', 'canceled'],
  failure: ['submitted', 'canceled'],
  canceled: [],
};

/** Fulfilment states from which a physical card may not be activated (it never reached anyone). */
const NOT_ACTIVATABLE: readonly FulfilmentStatus[] = ['returned', 'failure', 'canceled'];

export function assertStatusMove(from: CardStatus, to: CardStatus, fulfilment: FulfilmentStatus | null): void {
  if (from === to) return;
  if (!STATUS_MOVES[from].includes(to)) {
    throw invalid(
      from === 'canceled' ? 'card_canceled' : 'invalid_status_transition',
      from === 'canceled' ? 'This card is canceled; a canceled card cannot change status. Issue a replacement instead.' : `A card cannot go from ${from} to ${to}.`,
      'status',
    );
  }
  if (to === 'active' && fulfilment && NOT_ACTIVATABLE.includes(fulfilment)) {
    throw invalid('card_not_delivered', `A physical card whose shipping is ${fulfilment} cannot be activated.`, 'status');
  }
}

export function assertFulfilmentMove(from: FulfilmentStatus | null, to: FulfilmentStatus): void {
  if (from === null) throw invalid('not_physical', 'Only physical cards are shipped.', 'id');
  if (!FULFILMENT_MOVES[from].includes(to)) {
    throw invalid('invalid_shipping_transition', `Shipping cannot go from ${from} to ${to}.`, 'status');
  }
}

export function canMoveStatus(from: CardStatus, to: CardStatus): boolean {
  return from === to || STATUS_MOVES[from].includes(to);
}
