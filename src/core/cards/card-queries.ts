import type { Db } from '../db/database.js';
import { notFound } from '../kernel/errors.js';
import type { CardRowWithNames } from './card.js';

/** Cards with the cardholder's name and the program's currency and kind joined in. */
export function selectCards(db: Db) {
  return db
    .selectFrom('cards')
    .innerJoin('cardholders', 'cardholders.id', 'cards.cardholder_id')
    .innerJoin('programs', 'programs.id', 'cards.program_id')
    .selectAll('cards')
    .select(['cardholders.name as cardholder_name', 'programs.currency as currency', 'programs.kind as program_kind']);
}

export async function getCardWithNames(db: Db, id: string, param = 'id'): Promise<CardRowWithNames> {
  const row = await selectCards(db).where('cards.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('card', id, param);
  return row;
}
