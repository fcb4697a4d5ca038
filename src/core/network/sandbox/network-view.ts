/** What the sandbox network knows of a card: its status as Kartu told it, and its own blocks. */
export interface NetworkCardView {
  status: string;
  cancellationReason: string | null;
  blockedReason: string | null;
}

export interface NetworkOpinion {
  approved: boolean;
  responseCode: string;
  reason: string | null;
}

const BLOCK_CODES: Record<string, string> = { lost: '41', stolen: '43', fraud: '59' };

/**
 * The network's decision on a transaction Kartu already decided. The network screens the card
 * only (it does not hold balances or the merchant's rules): unknown card 14, its own block (41, 43,
 * 59, else 05), a card Kartu told it is canceled or inactive 05 (41/43 for lost/stolen). Otherwise
 * it defers to the issuer's decision.
 */
export function networkView(card: NetworkCardView | undefined, issuerApproved: boolean, issuerCode: string): NetworkOpinion {
  if (!card) return { approved: false, responseCode: '14', reason: 'card_unknown_to_network' };
  if (card.blockedReason) return { approved: false, responseCode: BLOCK_CODES[card.blockedReason] ?? '05', reason: `blocked_by_network_${card.blockedReason}` };
  if (card.status === 'canceled') {
    const code = BLOCK_CODES[card.cancellationReason ?? ''];
    return { approved: false, responseCode: code && code !== '59' ? code : '05', reason: 'card_canceled' };
  }
  if (card.status !== 'active') return { approved: false, responseCode: '05', reason: `card_${card.status}` };
  return { approved: issuerApproved, responseCode: issuerCode, reason: null };
}
