import { useQuery } from '../hooks/use-command.js';
import { hrefOf } from '../state/route.js';
import { maskedNumber } from '../screens/cards/card-labels.js';

/**
 * A cardholder named where a record only carries the id (a redemption, a linked record): staff
 * read a name, not `ch_01m…`. The id shows until the name arrives, and stays if it cannot be read.
 */
export function CardholderLink({ id }: { id: string }) {
  const holder = useQuery('cardholder-get', { id });
  return (
    <a href={hrefOf('cardholders', id)} className={holder.data ? undefined : 'mono'}>
      {holder.data?.name ?? id}
    </a>
  );
}

/** A card named by its masked number (•••• 1234) rather than its id. */
export function CardLink({ id, text }: { id: string; text?: (number: string) => string }) {
  const card = useQuery('card-get', { id });
  const number = card.data ? maskedNumber(card.data.last4) : id;
  return <a href={hrefOf('cards', id)}>{text ? text(number) : number}</a>;
}
