import { useCallback, useEffect, useRef, useState } from 'react';
import type { Card } from '../../../core/cards/card.js';
import type { Cardholder } from '../../../core/cardholders/cardholder.js';
import { useClient } from '../../client/client-context.js';
import { toClientError, type ClientError, type Output } from '../../client/kartu-client.js';

export type RewardsAccount = Output<'rewards-account-get'>;

export interface Member {
  card: Card;
  holder: Cardholder;
  rewards: RewardsAccount | null;
}

export interface MemberState {
  member: Member | null;
  loading: boolean;
  error: ClientError | null;
  /** Reads the member again (after a purchase, a redemption); resolves with the fresh member. */
  refresh(): Promise<Member | null>;
}

/**
 * The member on the counter: their card, who they are, and their rewards account in the card's
 * program. A program without rewards is not an error: the points panel is simply empty.
 */
export function useMember(cardId: string | null): MemberState {
  const client = useClient();
  const [member, setMember] = useState<Member | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const latest = useRef(0);

  const load = useCallback(async (): Promise<Member | null> => {
    if (!cardId) return null;
    const request = ++latest.current;
    try {
      const card = await client.call('card-get', { id: cardId });
      const [holder, rewards] = await Promise.all([
        client.call('cardholder-get', { id: card.cardholder }),
        client.call('rewards-account-get', { cardholder: card.cardholder, program: card.program }).catch(() => null),
      ]);
      const next = { card, holder, rewards };
      if (request === latest.current) {
        setMember(next);
        setError(null);
      }
      return next;
    } catch (caught) {
      if (request === latest.current) setError(toClientError(caught));
      return null;
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }, [client, cardId]);

  useEffect(() => {
    setMember(null);
    setError(null);
    if (!cardId) return;
    setLoading(true);
    void load();
  }, [cardId, load]);

  return { member, loading, error, refresh: load };
}
